-- 0004: email. The outbox holds every message the authority sends, rendered
-- and queued in the same transaction as the change that caused it, until a
-- worker delivers it; the inbound table holds every message the FOI mailbox
-- received, raw, stored before the sender was told it was accepted.

-- key is the idempotency key (and the Message-ID's local part): queueing the
-- same message twice stores it once. A worker claims a message by setting
-- status 'sending' with claimed_by and a lease until claimed_until; a lease
-- that lapses (the worker died) makes the message due again.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    key             TEXT    NOT NULL UNIQUE,
    request_id      INTEGER REFERENCES requests (id),
    kind            TEXT    NOT NULL,
    from_addr       TEXT    NOT NULL,
    reply_to        TEXT    NOT NULL DEFAULT '',
    to_addr         TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    text_body       TEXT    NOT NULL,
    html_body       TEXT    NOT NULL DEFAULT '',
    status          TEXT    NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TEXT    NOT NULL,
    last_error      TEXT    NOT NULL DEFAULT '',
    sent_at         TEXT,
    claimed_by      TEXT    NOT NULL DEFAULT '',
    claimed_until   TEXT,
    created_at      TEXT    NOT NULL
) STRICT;
-- Only unfinished messages are ever looked for by the worker.
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE status IN ('queued', 'sending');
CREATE INDEX outbox_request ON outbox (request_id, id);

-- Files sent with a message, in order.
CREATE TABLE outbox_attachments (
    id           INTEGER PRIMARY KEY,
    message_id   INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    filename     TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    data         BLOB    NOT NULL
) STRICT;
CREATE INDEX outbox_attachments_message ON outbox_attachments (message_id, id);

-- source_key is set for messages fetched from a mailbox (IMAP UIDVALIDITY
-- and UID) so that a second fetch stores nothing new; NULL for messages
-- delivered to our own SMTP listener. envelope_to and attachments are JSON
-- arrays. The attachments themselves stay in raw.
CREATE TABLE inbound (
    id            INTEGER PRIMARY KEY,
    source_key    TEXT UNIQUE,
    raw           BLOB    NOT NULL,
    received_at   TEXT    NOT NULL,
    envelope_from TEXT    NOT NULL DEFAULT '',
    envelope_to   TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(envelope_to)),
    message_id    TEXT    NOT NULL DEFAULT '',
    from_name     TEXT    NOT NULL DEFAULT '',
    from_email    TEXT    NOT NULL DEFAULT '',
    subject       TEXT    NOT NULL DEFAULT '',
    text          TEXT    NOT NULL DEFAULT '',
    attachments   TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(attachments)),
    status        TEXT    NOT NULL CHECK (status IN ('new', 'request-created', 'threaded', 'holding-pen', 'ignored')),
    request_id    INTEGER REFERENCES requests (id),
    note          TEXT    NOT NULL DEFAULT '',
    suggestion    TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX inbound_status ON inbound (status, id);
CREATE INDEX inbound_request ON inbound (request_id, id);
