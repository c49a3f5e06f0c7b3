-- 0017: a small second search index of titles and summaries, to rank by.
--
-- A search ranks its most recent matches by where the words are: a phrase
-- in the title scores 8, in the summary 4 (search.go). That was asked of
-- the full index as "the search AND the phrase in the title" over the
-- matches' key range, and FTS5 checks a range's upper end only once it has
-- found a match: when no title in the range had the phrase, it read every
-- older entry's position lists to the end of the log, 250 ms for "how
-- many" on a 1,000,000-entry log. Titles and summaries alone make doclists
-- a fraction of the size, so the same question costs little even when it
-- reads to the end.
--
-- It holds the public entries, as publication_search does, and is written
-- with it (publication.go, import.go). Its content is the publications
-- table's own title and summary columns.
CREATE VIRTUAL TABLE publication_titles USING fts5(
    title, summary,
    content = 'publications', content_rowid = 'key',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
-- As for publication_search (0013, 0016): an import's indexing writes one
-- segment per transaction rather than one per megabyte.
INSERT INTO publication_titles (publication_titles, rank) VALUES ('hashsize', 268435456);
INSERT INTO publication_titles (publication_titles, rank) VALUES ('automerge', 8);

INSERT INTO publication_titles (rowid, title, summary)
SELECT key, title, summary FROM publications
WHERE unpublished_at IS NULL AND key NOT IN (SELECT key FROM publication_search_backlog)
ORDER BY key;

INSERT INTO counters (name, next) VALUES ('publications', 1)
    ON CONFLICT (name) DO UPDATE SET next = next + 1;
