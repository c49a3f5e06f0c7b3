-- 0013: newest entries get the smallest keys, and the search index is
-- written in larger pieces.
--
-- FTS5 reads a term's entries forwards (ascending rowid) a page at a time
-- and can stop early, but reads them backwards only after loading the
-- term's whole list from every index segment. Searches walk the log newest
-- first, so with the newest entry at the highest key a common word cost
-- time in proportion to all its matches. A key is now 10^18 minus the old
-- one (published_on as YYYYMMDD times 10^10 plus the reference number):
-- newest first is ascending key order, a month is still a key range, and
-- the key is still the index's rowid.
--
-- hashsize: FTS5 writes what it has pending as a new index segment when it
-- passes this many bytes (1 MiB by default), and merges segments as they
-- pile up. 64 MiB holds an import batch, so each batch is one segment and
-- the import merges a tenth as much; automerge 8 (from 4) merges segments
-- in larger groups, so each entry is rewritten fewer times as the index
-- grows, for a few more segments to read per search.
--
-- The index no longer has a bm25 rank setting: bm25 counts every entry that
-- has each searched word, across the whole log, on every search; search.go
-- scores the recent matches itself.

DROP TABLE publication_search;

UPDATE publications SET key = 1000000000000000000 - key;

CREATE VIRTUAL TABLE publication_search USING fts5(
    title, summary, request, answers, facets,
    content = 'publication_text', content_rowid = 'key',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO publication_search (publication_search, rank) VALUES ('hashsize', 67108864);
INSERT INTO publication_search (publication_search, rank) VALUES ('automerge', 8);

INSERT INTO publication_search (rowid, title, summary, request, answers, facets)
SELECT key, title, summary, request, answers, facets FROM publication_text
WHERE key IN (SELECT key FROM publications WHERE unpublished_at IS NULL)
ORDER BY key;

INSERT INTO counters (name, next) VALUES ('publications', 1)
    ON CONFLICT (name) DO UPDATE SET next = next + 1;
