-- 0005: requesters' private tracking links, and rate-limit counters.

-- Only the SHA-256 of a link's secret is kept. A link is revoked, never
-- deleted, so the audit trail can still say which link was used.
CREATE TABLE tracking_tokens (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests (id),
    hash       TEXT    NOT NULL UNIQUE,
    created_at TEXT    NOT NULL,
    revoked_at TEXT
) STRICT;
CREATE INDEX tracking_tokens_request ON tracking_tokens (request_id);

-- Attempts per key (a client address and an action) per time window, shared
-- by every process. Old windows are deleted as new ones are counted.
CREATE TABLE rate_limits (
    key          TEXT    NOT NULL,
    window_start TEXT    NOT NULL,
    count        INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (key, window_start)
) STRICT, WITHOUT ROWID;
CREATE INDEX rate_limits_window ON rate_limits (window_start);
