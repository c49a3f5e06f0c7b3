-- 0031: the search index holds each entry's month of publication beside
-- its words (btree_gin gives a GIN index its integer column), so a search
-- asks the index for a word's matches in its newest months and reads only
-- those rows, a few months at a time (internal/postgres/publication.go),
-- instead of every match to keep the newest. The month is YYYYMM worked
-- out from the key (10^18 minus YYYYMMDD times 10^10 plus the reference).
-- btree_gin comes with PostgreSQL (contrib) and is trusted: a database
-- owner may create it.
CREATE EXTENSION IF NOT EXISTS btree_gin;
DROP INDEX IF EXISTS publications_search;
-- An import stopped part-way kept the old definition to build at its end.
DELETE FROM bulk_import_indexes WHERE name = 'publications_search';
CREATE INDEX publications_search ON publications
    USING gin (search, ((1000000000000000000 - key) / 1000000000000)) WHERE unpublished_at IS NULL;
