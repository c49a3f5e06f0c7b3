-- 0016: imported entries are indexed for search after the import, not
-- batch by batch.
--
-- FTS5 writes each transaction's index data as a new segment and merges
-- segments as they pile up; an import of 1,000,000 entries in batches of
-- 5,000 made 200 segments and spent over half its time merging them. Now
-- an import stores the keys of the public entries it adds here, in the
-- same transaction as the entries, and the store indexes them when the
-- import ends (and when it opens, should an import have been stopped
-- part-way) in a few large transactions. Until then an imported entry is
-- in the log and its listings but not yet found by a search.
CREATE TABLE publication_search_backlog (
    key INTEGER PRIMARY KEY
) STRICT;

-- A transaction indexing a large share of the backlog holds its index
-- data in memory up to this many bytes (256 MiB) and then writes it as
-- one segment, instead of a segment every 64 MiB to be merged later.
-- Ordinary publishing indexes one entry at a time and never comes near it.
INSERT INTO publication_search (publication_search, rank) VALUES ('hashsize', 268435456);

-- requests_stats (received_on first) serves every lookup by date this
-- index served, and each index is another B-tree every new case writes.
DROP INDEX requests_received_on;
