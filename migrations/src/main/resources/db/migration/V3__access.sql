-- Who may do what. API tokens: only a slow hash of each token's secret is stored; a token is shown once
-- when it is created. Its role is one of the platform's five (see the api's access package).
create table api_token (
    id           text        primary key check (id ~ '^[0-9a-f]{16}$'),
    name         text        not null check (length(name) between 1 and 100),
    role         text        not null check (role in ('viewer', 'runner', 'approver', 'admin', 'client')),
    secret_hash  text        not null,
    created_by   text        not null,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz,
    revoked_at   timestamptz,
    revoked_by   text
);
-- A name names one live token, so `token revoke` and the audit log can use it.
create unique index api_token_live_name_idx on api_token (name) where revoked_at is null;

-- The authenticated principal who started a run (null for runs before this migration and for runs a
-- schedule started, which say so in the audit log).
alter table pipeline_run add column started_by text;

-- Append-only: every start, cancel, approval, rejection, alias move, schedule change and token change,
-- with the principal that did it.
create table audit_event (
    id         bigserial   primary key,
    at         timestamptz not null default now(),
    principal  text        not null,
    role       text        not null,
    action     text        not null,
    target     text        not null,
    detail     text        not null default ''
);
create index audit_event_at_idx on audit_event (at desc);
create index audit_event_target_idx on audit_event (target, at desc);
