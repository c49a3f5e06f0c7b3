-- 0002: the disclosure log.
--
-- A publication is a frozen copy of a response as it was published (see
-- foi.Publication): title, category, dates, the request text and each
-- part's question and answer, kept as JSON in the row so that an entry page
-- is one row read and nothing public ever joins the requests or
-- requesters tables.
--
-- The row's key is its place in the log: published_on as YYYYMMDD times
-- 10^10 plus the reference number. Newest first is descending key order, a
-- month is a key range, and the key doubles as the full-text index's rowid,
-- which FTS5 walks in order and can stop early: searches rank a bounded,
-- recent set of matches instead of every match (see publication.go).
-- Republishing with another date changes the key, and the code moves the
-- row and its index entry together.

CREATE TABLE publication_categories (
    id   INTEGER PRIMARY KEY,
    name TEXT    NOT NULL UNIQUE
) STRICT;

-- The small columns come first so that filters read them without
-- touching the overflow pages of long texts.
CREATE TABLE publications (
    key            INTEGER PRIMARY KEY,
    request_id     INTEGER NOT NULL UNIQUE REFERENCES requests (id),
    ref_prefix     TEXT    NOT NULL,
    ref_number     INTEGER NOT NULL UNIQUE,
    regime         TEXT    NOT NULL,
    category_id    INTEGER NOT NULL REFERENCES publication_categories (id),
    published_on   TEXT    NOT NULL,
    received_on    TEXT    NOT NULL,
    responded_on   TEXT,
    outcome        TEXT    NOT NULL DEFAULT '',
    published_at   TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    unpublished_at TEXT,
    title          TEXT    NOT NULL,
    summary        TEXT    NOT NULL DEFAULT '',
    request        TEXT    NOT NULL DEFAULT '',
    response       TEXT    NOT NULL DEFAULT '',
    -- [{"number", "label", "text", "answer", "outcome", "exemptions"}]
    parts          TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(parts) AND json_type(parts) = 'array')
) STRICT;
-- The public log in order, and by category: page offsets are walked in
-- these small indexes, never in the table.
CREATE INDEX publications_public ON publications (key) WHERE unpublished_at IS NULL;
CREATE INDEX publications_public_category ON publications (category_id, key) WHERE unpublished_at IS NULL;

-- Public entries per category and month, kept by the code that publishes
-- and unpublishes, so that totals, facets and page positions never count
-- rows.
CREATE TABLE publication_counts (
    category_id INTEGER NOT NULL,
    month       TEXT    NOT NULL,
    n           INTEGER NOT NULL CHECK (n >= 0),
    PRIMARY KEY (category_id, month)
) STRICT, WITHOUT ROWID;

-- What the search index holds for each entry, read by FTS5 when it needs a
-- document's text (snippets): the answers column is built from the parts,
-- so no text is stored twice. facets carries a made-up token per category
-- so that a category filter is one more term of the full-text query.
CREATE VIEW publication_text AS
SELECT key, title, summary, request,
       coalesce((SELECT group_concat(json_extract(value, '$.text') || char(10) || json_extract(value, '$.answer'), char(10))
                 FROM json_each(parts)), '') || char(10) || response AS answers,
       'zzcategory' || category_id AS facets
FROM publications;

CREATE VIRTUAL TABLE publication_search USING fts5(
    title, summary, request, answers, facets,
    content = 'publication_text', content_rowid = 'key',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
-- A word in the title counts most, then the summary; the facets column is
-- a filter and never adds to relevance.
INSERT INTO publication_search (publication_search, rank) VALUES ('rank', 'bm25(8.0, 4.0, 1.0, 1.0, 0.0)');
