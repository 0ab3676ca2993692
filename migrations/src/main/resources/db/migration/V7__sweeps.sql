-- Sweeps: a sweep is a run of kind 'sweep' (its spec is the sweep's request and its children's overrides); each
-- child is an ordinary pipeline run that names the sweep that started it.
alter table pipeline_run add column sweep_id text references pipeline_run (id);
create index pipeline_run_sweep_idx on pipeline_run (sweep_id) where sweep_id is not null;
