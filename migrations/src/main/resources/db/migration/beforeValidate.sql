-- Flyway runs this before it validates. V1__lineage.sql's first comment line was changed after its release (it
-- cited a design file outside the project; it now cites docs/architecture.md), which changes V1's checksum:
-- databases migrated before record the old one. Exactly that pair is rewritten, nothing else: any other change to
-- an applied migration still fails validation.
do $$
begin
    if to_regclass('flyway_schema_history') is not null then
        update flyway_schema_history set checksum = -1194503265 where version = '1' and checksum = 901184976;
    end if;
end
$$;
