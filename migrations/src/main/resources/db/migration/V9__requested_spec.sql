-- The spec as the request gave it, before defaults were filled in (spec holds the complete one the run ran with).
-- A re-run applies its changes to this and fills the defaults again, so a change that other defaults depend on
-- (the adapter, which sets the experts' default; ready-made codes, which leave levels out) takes them along.
-- Null for runs recorded before this column, and for runs a schedule or a sweep started.
alter table pipeline_run add column requested_spec jsonb;
