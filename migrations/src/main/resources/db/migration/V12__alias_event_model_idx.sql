-- A model's page lists the moves of all its aliases, newest first, a page at a time: an index in that order
-- (the one of V1 serves the moves of one alias).
create index alias_event_model_id_idx on alias_event (model, id desc);
