-- Garbage collection of artifacts: an artifact whose object was deleted from the store keeps its row (lineage
-- still says what it was and who made or used it) with when it was deleted and by which collection. Written
-- again (the same content computed anew), it is live again.
alter table artifact add column deleted_at timestamptz;
alter table artifact add column deleted_by text;
create index artifact_live_created_idx on artifact (created_at) where deleted_at is null;
