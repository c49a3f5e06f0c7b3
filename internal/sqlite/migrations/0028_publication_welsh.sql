-- 0028: the Welsh version of a published entry (issue 19; after 0025_request_language).
-- The Welsh version of a published entry, beside the English one in
-- publications: its title, summary, request text and each part's question
-- and answer (JSON: [{"number":1,"text":"…","answer":"…"}]). search_text is
-- all of it lower-cased, for the Welsh search: words are matched as
-- written, with no English stemming applied to Welsh.
CREATE TABLE publication_welsh (
    request_id  INTEGER PRIMARY KEY REFERENCES requests(id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    request     TEXT NOT NULL DEFAULT '',
    parts       TEXT NOT NULL DEFAULT '[]',
    search_text TEXT NOT NULL DEFAULT ''
);
