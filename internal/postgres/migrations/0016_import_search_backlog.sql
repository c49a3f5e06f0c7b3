-- 0016: nothing to change here. SQLite's migration 0016 defers indexing an
-- import's entries for search to its end; an entry's tsvector here is a
-- column of its row, indexed in the transaction that stores it. The file
-- keeps the two engines' migrations numbered alike.
SELECT 1;
