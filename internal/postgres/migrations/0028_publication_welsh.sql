-- 0028: the Welsh version of a published entry (issue 19; after 0025_request_language).
-- The Welsh version of a published entry (see the SQLite migration of the
-- same name); search_text is lower-cased and matched word by word, with no
-- English stemming ('simple', not 'english').
CREATE TABLE publication_welsh (
    request_id  BIGINT PRIMARY KEY REFERENCES requests(id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    request     TEXT NOT NULL DEFAULT '',
    parts       TEXT NOT NULL DEFAULT '[]',
    search_text TEXT NOT NULL DEFAULT ''
);
