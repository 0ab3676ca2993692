-- recflow lineage and model registry (docs/architecture.md). W3C-PROV-like: artifacts (entities), steps
-- (activities) and the used/generated edges between them, plus the registry tables.
-- Schema changes only through new migrations in this folder; never edit an applied one.

-- A content-addressed object in S3: uri = s3://<bucket>/artifacts/<kind>/<sha256>.
create table artifact (
    id          bigserial   primary key,
    kind        text        not null check (kind ~ '^[a-z0-9][a-z0-9-]*$'),
    uri         text        not null unique,
    sha256      text        not null check (sha256 ~ '^[0-9a-f]{64}$'),
    size        bigint      not null check (size >= 0),
    metadata    jsonb       not null default '{}'::jsonb,
    created_at  timestamptz not null default now()
);
create index artifact_sha256_idx on artifact (sha256);
create index artifact_kind_created_idx on artifact (kind, created_at desc);

-- One pipeline execution; id is the Temporal workflow id.
create table pipeline_run (
    id               text        primary key,
    temporal_run_id  text,
    model            text,
    spec             jsonb       not null default '{}'::jsonb,
    seed             bigint,
    status           text        not null,
    message          text,
    idempotency_key  text        unique,
    started_at       timestamptz not null default now(),
    ended_at         timestamptz,
    updated_at       timestamptz not null default now()
);
create index pipeline_run_started_idx on pipeline_run (started_at desc);
create index pipeline_run_status_started_idx on pipeline_run (status, started_at desc);
create index pipeline_run_model_idx on pipeline_run (model, started_at desc);

-- One attempt of one stage of a run (an activity execution).
create table step (
    id          bigserial   primary key,
    run_id      text        not null references pipeline_run (id) on delete cascade,
    stage       text        not null,
    attempt     integer     not null default 1 check (attempt >= 1),
    status      text        not null,
    started_at  timestamptz not null default now(),
    ended_at    timestamptz,
    worker      text,
    device      text,
    message     text,
    constraint step_run_stage_attempt_key unique (run_id, stage, attempt)
);

-- step used artifact (input). Primary key (step_id, artifact_id) serves step -> artifacts;
-- the artifact index serves artifact -> steps (downstream traversal).
create table used (
    step_id      bigint      not null references step (id) on delete cascade,
    artifact_id  bigint      not null references artifact (id) on delete restrict,
    created_at   timestamptz not null default now(),
    primary key (step_id, artifact_id)
);
create index used_artifact_idx on used (artifact_id, step_id);

-- step generated artifact (output); the artifact index serves upstream traversal.
create table generated (
    step_id      bigint      not null references step (id) on delete cascade,
    artifact_id  bigint      not null references artifact (id) on delete restrict,
    created_at   timestamptz not null default now(),
    primary key (step_id, artifact_id)
);
create index generated_artifact_idx on generated (artifact_id, step_id);

-- A registered model version: one artifact of kind model per (model, version).
create table model_version (
    id           bigserial   primary key,
    model        text        not null check (length(model) between 1 and 200),
    version      integer     not null check (version >= 1),
    artifact_id  bigint      not null references artifact (id) on delete restrict,
    run_id       text        references pipeline_run (id) on delete set null,
    metrics      jsonb       not null default '{}'::jsonb,
    created_at   timestamptz not null default now(),
    constraint model_version_model_version_key unique (model, version),
    constraint model_version_model_artifact_key unique (model, artifact_id)
);
create index model_version_run_idx on model_version (run_id);
create index model_version_artifact_idx on model_version (artifact_id);

-- A movable name (e.g. champion) for one version of a model.
create table alias (
    model       text        not null,
    name        text        not null check (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'),
    version     integer     not null,
    updated_at  timestamptz not null default now(),
    primary key (model, name),
    foreign key (model, version) references model_version (model, version) on delete restrict
);

-- Append-only audit history of alias moves (promotion and rollback).
create table alias_event (
    id            bigserial   primary key,
    model         text        not null,
    alias         text        not null,
    from_version  integer,
    to_version    integer     not null,
    actor         text        not null,
    reason        text,
    at            timestamptz not null default now()
);
create index alias_event_model_alias_idx on alias_event (model, alias, id desc);

create function alias_event_append_only() returns trigger
    language plpgsql as
$$
begin
    raise exception 'alias_event is append-only (% refused)', tg_op;
end;
$$;

create trigger alias_event_no_update_delete
    before update or delete on alias_event
    for each row execute function alias_event_append_only();

create trigger alias_event_no_truncate
    before truncate on alias_event
    for each statement execute function alias_event_append_only();
