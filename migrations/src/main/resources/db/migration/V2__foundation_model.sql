-- Foundation models: pretrained language models imported from a GGUF, by the name users give them.
-- The model itself is an artifact of kind foundation-model whose metadata holds its architecture,
-- parameter count, source and licence; an import is recorded like a stage (a run with one 'import'
-- step that generated the artifact), so lineage shows where the model came from.
create table foundation_model (
    name         text        primary key check (name ~ '^[a-z0-9][a-z0-9.-]{0,62}$'),
    artifact_id  bigint      not null references artifact (id) on delete restrict,
    gguf_sha256  text        not null check (gguf_sha256 ~ '^[0-9a-f]{64}$'),
    imported_at  timestamptz not null default now()
);
create index foundation_model_artifact_idx on foundation_model (artifact_id);

-- What a run is: a 'pipeline' (the default, every run before this migration) or a 'foundation-import'.
-- The pipeline list shows pipelines only.
alter table pipeline_run add column kind text not null default 'pipeline';
