-- Run once by the postgres image on an empty volume (docker-entrypoint-initdb.d).
-- recflow (the application) is the image's POSTGRES_USER and owns database recflow;
-- Temporal gets its own role, which creates its databases temporal and temporal_visibility itself.
CREATE ROLE temporal LOGIN CREATEDB PASSWORD 'temporal';
