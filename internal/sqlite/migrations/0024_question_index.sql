-- 0024: the question index, for "asked before" matches (internal/askedbefore),
-- and the links between the cases of one round robin.
--
-- Each part of each request is stored under a few keys: the smallest
-- hashes of its terms and pairs of terms (askedbefore.Keys). Parts that ask
-- the same thing share keys, so a new part's earlier matches are a few
-- index reads, newest first (request_id descending), however large the log.
-- CreateRequest and UpdateRequest keep a request's keys; cases an import
-- stores in bulk are indexed afterwards, past the request id the counter
-- question_index holds (IndexQuestionBatch).
CREATE TABLE question_keys (
    hash       INTEGER NOT NULL,
    request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    PRIMARY KEY (hash, request_id, number)
) STRICT, WITHOUT ROWID;
CREATE INDEX question_keys_request ON question_keys (request_id);

-- Two cases an officer linked as one round robin (the same questions from
-- different requesters): the lower request id first, so a pair is stored
-- once.
CREATE TABLE round_robin_links (
    request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    other_id   INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    linked_at  TEXT    NOT NULL,
    PRIMARY KEY (request_id, other_id),
    CHECK (request_id < other_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX round_robin_links_other ON round_robin_links (other_id);

-- A draft answer copied from an earlier published answer ("Answer like"):
-- where it came from, until an officer reviews it and records the outcome.
ALTER TABLE parts ADD COLUMN copied_from TEXT NOT NULL DEFAULT '';

-- The subject line a request arrived with by email, kept for the replies
-- (WhatDoTheyKnow files them under it).
ALTER TABLE requests ADD COLUMN subject TEXT NOT NULL DEFAULT '';
