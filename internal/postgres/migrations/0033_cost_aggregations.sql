-- 0033: requests aggregated for the cost limit (FOIA s.12(4); SI 2004/3244 reg 5)
-- (see the SQLite migration 0033).
CREATE TABLE cost_aggregations (
    request_id bigint      NOT NULL REFERENCES requests (id),
    related_id bigint      NOT NULL REFERENCES requests (id),
    basis      text        NOT NULL,
    reason     text        NOT NULL,
    user_id    bigint      NOT NULL REFERENCES users (id),
    by_name    text        NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (request_id, related_id),
    CHECK (request_id <> related_id)
);
