-- 0022 (assigned 0025; the lead renumbers at merge): Welsh.
-- 0022: the language the requester chose for correspondence (Welsh
-- Language Standards, standard 2: "keep a record of P's wish"): '' not
-- known (English), 'en' or 'cy'; and where the choice came from: 'page'
-- (the web form's language), 'email' (the language they wrote in), 'staff'.
ALTER TABLE requests ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN language_source TEXT NOT NULL DEFAULT '';

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
