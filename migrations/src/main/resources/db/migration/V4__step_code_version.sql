-- Which code ran each step: the platform's version and the git commit it was built from, e.g.
-- 0.1.0-SNAPSHOT+3f2a9c1d0b7e (+ "-dirty" for a build of uncommitted changes). Null on steps recorded
-- before this column existed.
alter table step add column code_version text;
