-- 0033: requests aggregated for the cost limit (FOIA s.12(4); SI 2004/3244 reg 5):
-- the officer's choice, its basis and reason; the estimate adds the related
-- request's recorded searches to the request's own.
CREATE TABLE cost_aggregations (
    request_id INTEGER NOT NULL REFERENCES requests (id),
    related_id INTEGER NOT NULL REFERENCES requests (id),
    basis      TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    by_name    TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    PRIMARY KEY (request_id, related_id),
    CHECK (request_id <> related_id)
) STRICT;
