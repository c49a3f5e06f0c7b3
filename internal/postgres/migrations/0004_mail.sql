-- Email. The outbox holds every message the authority sends, rendered and
-- queued in the same transaction as the change that caused it, until a
-- worker delivers it; inbound holds every message the FOI mailbox received,
-- raw, stored before the sender was told it was accepted.

-- key is the idempotency key (and the Message-ID's local part): queueing the
-- same message twice stores it once. Workers in any process claim due
-- messages with FOR UPDATE SKIP LOCKED, setting status 'sending' with
-- claimed_by and a lease until claimed_until; a lease that lapses (the
-- worker died) makes the message due again.
CREATE TABLE outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key             text NOT NULL,
    request_id      bigint REFERENCES requests (id),
    kind            text NOT NULL,
    from_addr       text NOT NULL,
    reply_to        text NOT NULL DEFAULT '',
    to_addr         text NOT NULL,
    subject         text NOT NULL,
    text_body       text NOT NULL,
    html_body       text NOT NULL DEFAULT '',
    status          text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL,
    last_error      text NOT NULL DEFAULT '',
    sent_at         timestamptz,
    claimed_by      text NOT NULL DEFAULT '',
    claimed_until   timestamptz,
    created_at      timestamptz NOT NULL,
    CONSTRAINT outbox_key_key UNIQUE (key)
);
-- Only unfinished messages are ever looked for by the worker.
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE status IN ('queued', 'sending');
CREATE INDEX outbox_request ON outbox (request_id, id);

-- Files sent with a message, in order.
CREATE TABLE outbox_attachments (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id   bigint NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    filename     text NOT NULL,
    content_type text NOT NULL,
    data         bytea NOT NULL
);
CREATE INDEX outbox_attachments_message ON outbox_attachments (message_id, id);

-- source_key is set for messages fetched from a mailbox (IMAP UIDVALIDITY
-- and UID) so that a second fetch stores nothing new; NULL for messages
-- delivered to our own SMTP listener. The attachments stay in raw; the
-- attachments column lists them (JSON).
CREATE TABLE inbound (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_key    text,
    raw           bytea NOT NULL,
    received_at   timestamptz NOT NULL,
    envelope_from text NOT NULL DEFAULT '',
    envelope_to   text[] NOT NULL DEFAULT '{}',
    message_id    text NOT NULL DEFAULT '',
    from_name     text NOT NULL DEFAULT '',
    from_email    text NOT NULL DEFAULT '',
    subject       text NOT NULL DEFAULT '',
    text          text NOT NULL DEFAULT '',
    attachments   jsonb NOT NULL DEFAULT '[]',
    status        text NOT NULL CHECK (status IN ('new', 'request-created', 'threaded', 'holding-pen', 'ignored')),
    request_id    bigint REFERENCES requests (id),
    note          text NOT NULL DEFAULT '',
    suggestion    text NOT NULL DEFAULT '',
    CONSTRAINT inbound_source_key_key UNIQUE (source_key)
);
CREATE INDEX inbound_status ON inbound (status, id);
CREATE INDEX inbound_request ON inbound (request_id, id);
