-- 0010: exactly-once delivery. handed_at is set, in its own commit, just
-- before an attempt sends a message's content to the mail server; a lapsed
-- lease on a message that was handed over means the server may have it, so
-- it is held for staff (in_doubt) instead of being sent again.
ALTER TABLE outbox ADD COLUMN handed_at TEXT;
ALTER TABLE outbox ADD COLUMN in_doubt INTEGER NOT NULL DEFAULT 0 CHECK (in_doubt IN (0, 1));
-- Failed messages are what staff must act on.
CREATE INDEX outbox_failed ON outbox (request_id, id) WHERE status = 'failed';
