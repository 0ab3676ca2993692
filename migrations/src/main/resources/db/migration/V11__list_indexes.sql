-- The lists the API and the CLI page through, newest first, get an index per filter they offer, in the list's
-- order: sweeps apart from pipelines, and the audit log by target or by principal (it is ordered by id).
create index pipeline_run_kind_started_idx on pipeline_run (kind, started_at desc);
create index audit_event_target_id_idx on audit_event (target, id desc);
create index audit_event_principal_id_idx on audit_event (principal, id desc);
drop index audit_event_target_idx;
drop index audit_event_at_idx;

-- Nothing looks artifacts up by digest, nor lists them by kind and age: every artifact's insert paid for these.
drop index artifact_sha256_idx;
drop index artifact_kind_created_idx;
