-- 0024: the question index for "asked before" matches, and the links
-- between the cases of one round robin (see the SQLite migration 0022).
CREATE TABLE question_keys (
    hash       bigint  NOT NULL,
    request_id bigint  NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    number     integer NOT NULL,
    PRIMARY KEY (hash, request_id, number)
);
CREATE INDEX question_keys_request ON question_keys (request_id);

CREATE TABLE round_robin_links (
    request_id bigint      NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    other_id   bigint      NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    linked_at  timestamptz NOT NULL,
    PRIMARY KEY (request_id, other_id),
    CHECK (request_id < other_id)
);
CREATE INDEX round_robin_links_other ON round_robin_links (other_id);

-- A draft answer copied from an earlier published answer ("Answer like"):
-- where it came from, until an officer reviews it and records the outcome.
ALTER TABLE parts ADD COLUMN copied_from TEXT NOT NULL DEFAULT '';

-- The subject line a request arrived with by email, kept for the replies
-- (WhatDoTheyKnow files them under it).
ALTER TABLE requests ADD COLUMN subject TEXT NOT NULL DEFAULT '';
