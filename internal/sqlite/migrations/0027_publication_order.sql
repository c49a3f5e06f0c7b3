-- 0027: nothing to change here. PostgreSQL's migration 0027 gives its
-- disclosure-log keys the order SQLite's have had since 0013 (newest first
-- is ascending key), so the log's SQL is written once. The file keeps the
-- two engines' migrations numbered alike.
SELECT 1;
