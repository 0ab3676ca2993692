-- Which request moved an alias, for moves that must happen once: a promotion's activity, retried after its first
-- attempt moved the alias but could not report back, finds its move here instead of moving the alias again (over a
-- rollback made in between). Null for moves without one (people's, and those recorded before this column).
alter table alias_event add column request_id text;
create unique index alias_event_request_idx on alias_event (request_id) where request_id is not null;
