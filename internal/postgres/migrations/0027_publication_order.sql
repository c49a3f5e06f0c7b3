-- 0027: the disclosure log's keys as SQLite has had them since its 0013,
-- so that the log is written once for both engines (internal/sqlstore):
-- newest first is ascending key, 10^18 minus (published_on as YYYYMMDD
-- times 10^10 plus the reference number). The old keys (about 2 x 10^17)
-- and the new (about 8 x 10^17) never meet, so no row collides on the way.
UPDATE publications SET key = 1000000000000000000 - key;
DROP INDEX publications_public;
DROP INDEX publications_public_category;
CREATE INDEX publications_public ON publications (key) WHERE unpublished_at IS NULL;
CREATE INDEX publications_public_category ON publications (category, key) WHERE unpublished_at IS NULL;

-- The indexes a bulk import into an empty database set aside, to build
-- once at its end (internal/postgres/import.go): their definitions, so a
-- process that stopped part-way has them built when the store next opens.
CREATE TABLE bulk_import_indexes (
    name       text PRIMARY KEY,
    definition text NOT NULL
);
