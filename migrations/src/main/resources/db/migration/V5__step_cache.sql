-- The step cache: a completed step's result, under the hash of everything that determines it (the stage, the
-- version of its semantics, its request with the input artifacts' sha256, the spec section it reads, the seed,
-- and what it resolves outside the request, e.g. a foundation model's artifact). A later step with the same
-- key reuses the result: it is recorded with status CACHED, used-edges to the reused artifacts, and
-- cached_from_step naming the step (and so the run) that computed them. Only completed steps are entered;
-- two runs computing the same key at once both compute, and the first entry stays.
alter table step add column cached_from_step bigint references step (id);

create table step_cache (
    cache_key    text        primary key,
    stage        text        not null,
    step_id      bigint      not null references step (id) on delete cascade,
    result       jsonb       not null,
    created_at   timestamptz not null default now(),
    last_used_at timestamptz not null default now()
);
create index step_cache_step on step_cache (step_id);
