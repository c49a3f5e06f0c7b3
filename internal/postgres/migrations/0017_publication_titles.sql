-- 0017: nothing to change here. SQLite's migration 0017 adds a small index
-- of titles and summaries to rank by; PostgreSQL ranks with the weights of
-- the tsvector column. The file keeps the migrations numbered alike.
SELECT 1;
