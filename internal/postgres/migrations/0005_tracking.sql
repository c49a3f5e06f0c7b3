-- Requesters' private tracking links, and rate-limit counters.

-- Only the SHA-256 of a link's secret is kept. A link is revoked, never
-- deleted, so the audit trail can still say which link was used.
CREATE TABLE tracking_tokens (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id bigint NOT NULL REFERENCES requests (id),
    hash       text NOT NULL,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz,
    CONSTRAINT tracking_tokens_hash_key UNIQUE (hash)
);
CREATE INDEX tracking_tokens_request ON tracking_tokens (request_id);

-- Attempts per key (a client address and an action) per time window, shared
-- by every process behind the load balancer. Old windows are deleted as new
-- ones are counted.
CREATE TABLE rate_limits (
    key          text NOT NULL,
    window_start timestamptz NOT NULL,
    count        integer NOT NULL CHECK (count > 0),
    PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_limits_window ON rate_limits (window_start);
