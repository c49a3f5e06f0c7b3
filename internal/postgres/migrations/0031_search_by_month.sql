-- 0031: the search index holds each entry's month and year of publication
-- beside its words: "m#YYYYMM" and "y#YYYY", worked out from the key (10^18
-- minus YYYYMMDD times 10^10 plus the reference), words no reader's search
-- can ask for since the parser splits at '#'. So a search asks the index
-- for a word's matches in its newest months, then years, and reads only
-- those rows (internal/postgres/publication.go), instead of reading every
-- match to keep the newest. The expression is repeated exactly in the
-- store's searches.
DROP INDEX IF EXISTS publications_search;
-- An import stopped part-way kept the old definition to build at its end.
DELETE FROM bulk_import_indexes WHERE name = 'publications_search';
CREATE INDEX publications_search ON publications USING gin ((search || array_to_tsvector(ARRAY[
    'm#' || ((1000000000000000000 - key) / 1000000000000)::text,
    'y#' || ((1000000000000000000 - key) / 100000000000000)::text])))
    WHERE unpublished_at IS NULL;
