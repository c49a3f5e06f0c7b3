-- 0029: the published question index, for suggestions to someone about to
-- ask what the disclosure log already answers (internal/askedbefore.Suggest).
--
-- Each question of each public entry, as published (redacted), is stored
-- under the keys askedbefore.Keys gives its text; never the case's own
-- text, so that a word redacted from an entry can never find it.
-- SavePublication, UnpublishPublication and CreateImported keep an entry's
-- keys; entries published before this index are indexed by a catch-up
-- past the request id the counter published_question_index holds
-- (IndexPublishedQuestionBatch).
CREATE TABLE published_question_keys (
    hash       INTEGER NOT NULL,
    request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    PRIMARY KEY (hash, request_id, number)
) STRICT, WITHOUT ROWID;
CREATE INDEX published_question_keys_request ON published_question_keys (request_id);
