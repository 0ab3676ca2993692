-- A stage may run as several activities in one run: the fine-tune stage trains the candidate and, beside it, one
-- comparison per training.compareAdapters. Each is its own activity with its own attempts, so an attempt is
-- identified by (run, stage, part, attempt): part is '' for the stage's main activity (every step recorded
-- before this column) and e.g. 'comparison lora' for a comparison.
alter table step add column part text not null default '';
alter table step drop constraint step_run_stage_attempt_key;
alter table step add constraint step_run_stage_part_attempt_key unique (run_id, stage, part, attempt);
