-- 0013: nothing to change here. SQLite's migration 0013 reverses its
-- disclosure-log keys so that FTS5 reads newest entries first going
-- forwards; PostgreSQL's GIN index and key order need no such change. The
-- file keeps the two engines' migrations numbered alike.
SELECT 1;
