-- 0029: the published question index, for suggestions to someone about to
-- ask what the disclosure log already answers (see the SQLite migration 0029).
CREATE TABLE published_question_keys (
    hash       bigint  NOT NULL,
    request_id bigint  NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    number     integer NOT NULL,
    PRIMARY KEY (hash, request_id, number)
);
CREATE INDEX published_question_keys_request ON published_question_keys (request_id);
