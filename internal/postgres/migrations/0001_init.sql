-- The first schema: requests and their requesters and parts, the audit
-- trail, staff users and their API tokens, bank-holiday calendars, settings
-- and counters. Every timestamp is timestamptz (stored as UTC instants);
-- every calendar date is a date. Optional dates and ids are NULL when unset.

-- Requesters are personal data, held apart from the requests so that
-- nothing published or exported by request can carry them by accident, and
-- so that retention can erase them without touching the case.
CREATE TABLE requesters (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name    text NOT NULL DEFAULT '',
    email   text NOT NULL DEFAULT '',
    address text NOT NULL DEFAULT '',
    phone   text NOT NULL DEFAULT ''
);

CREATE TABLE requests (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ref_prefix       text NOT NULL,
    -- One sequence across prefixes: FOI 12748 and EIR 12748 cannot both exist.
    ref_number       bigint NOT NULL CHECK (ref_number > 0),
    requester_id     bigint NOT NULL REFERENCES requesters (id),
    regime           text NOT NULL,
    channel          text NOT NULL,
    received_at      timestamptz NOT NULL,
    received_on      date NOT NULL,
    text             text NOT NULL,
    preamble         text NOT NULL DEFAULT '',
    status           text NOT NULL,
    due_on           date,
    calendar_version text NOT NULL DEFAULT '',
    -- No foreign key: assignment is checked by the service layer, and a
    -- user is disabled, never deleted.
    assignee_id      bigint,
    responded_on     date,
    outcome          text NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    version          integer NOT NULL CHECK (version > 0),
    CONSTRAINT requests_ref_number_key UNIQUE (ref_number)
);
-- The list filters: the default order (due date, then number), newest
-- received first, and the status, regime and assignee filters with it.
CREATE INDEX requests_due ON requests (due_on, ref_number);
CREATE INDEX requests_received ON requests (received_at DESC, ref_number DESC);
CREATE INDEX requests_status_due ON requests (status, due_on);
CREATE INDEX requests_regime_due ON requests (regime, due_on);
CREATE INDEX requests_assignee_due ON requests (assignee_id, due_on) WHERE assignee_id IS NOT NULL;
CREATE INDEX requests_requester ON requests (requester_id);

CREATE TABLE parts (
    request_id      bigint NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    number          integer NOT NULL CHECK (number > 0),
    label           text NOT NULL DEFAULT '',
    text            text NOT NULL DEFAULT '',
    answer          text NOT NULL DEFAULT '',
    outcome         text NOT NULL DEFAULT '',
    exemptions      text[] NOT NULL DEFAULT '{}',
    public_interest text NOT NULL DEFAULT '',
    CONSTRAINT parts_pkey PRIMARY KEY (request_id, number)
);

-- The audit trail. before and after are JSON documents kept as text,
-- byte for byte as written (jsonb would reformat them).
CREATE TABLE events (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id bigint REFERENCES requests (id),
    type       text NOT NULL,
    on_date    date,
    at         timestamptz NOT NULL,
    actor_id   bigint,
    actor      text NOT NULL DEFAULT '',
    note       text NOT NULL DEFAULT '',
    before     text NOT NULL DEFAULT '',
    after      text NOT NULL DEFAULT ''
);
CREATE INDEX events_request ON events (request_id, id);

-- The audit trail is append-only: the database itself refuses to change or
-- remove an entry, whoever asks.
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();

CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text NOT NULL,
    name          text NOT NULL,
    role          text NOT NULL,
    password_hash text NOT NULL DEFAULT '',
    disabled      boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE tokens (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id),
    hash       text NOT NULL,
    label      text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL,
    revoked_at timestamptz,
    CONSTRAINT tokens_hash_key UNIQUE (hash)
);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE calendars (
    version     text PRIMARY KEY,
    data        bytea NOT NULL,
    source      text NOT NULL DEFAULT '',
    imported_at timestamptz NOT NULL
);
CREATE INDEX calendars_imported ON calendars (imported_at DESC);

CREATE TABLE settings (
    key   text PRIMARY KEY,
    value text NOT NULL
);

-- Counters shared by every process; a row lock on one serialises its users.
CREATE TABLE counters (
    name text PRIMARY KEY,
    next bigint NOT NULL
);
