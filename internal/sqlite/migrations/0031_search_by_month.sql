-- 0031: nothing to change here. PostgreSQL's migration 0031 puts each
-- entry's month and year in its search index, so a search reads its
-- newest matches a few months or years at a time; SQLite's FTS5 index
-- already walks matches newest first. The file keeps the two engines'
-- migrations numbered alike.
SELECT 1;
