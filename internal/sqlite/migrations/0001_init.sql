-- 0001: the first schema.
--
-- Conventions, so that every column reads back exactly what was written:
--   * Calendar dates are TEXT 'YYYY-MM-DD'; NULL when unset.
--   * Instants are TEXT in UTC with exactly six fractional digits
--     ('2024-01-08T09:30:00.000000Z'): fixed width, so they sort as text, stay
--     readable in the sqlite3 shell, and keep the microseconds PostgreSQL keeps.
--   * "No value" for optional references (assignee, actor) is NULL, never 0.
-- Tables are STRICT: SQLite rejects a value of the wrong type instead of
-- storing it anyway.

-- Staff accounts. Emails are stored normalised (trimmed, lower-cased) and the
-- NOCASE collation makes the uniqueness rule and lookups case-insensitive even
-- for a row written by hand.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    name          TEXT    NOT NULL,
    role          TEXT    NOT NULL,
    password_hash TEXT    NOT NULL DEFAULT '',
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    TEXT    NOT NULL
) STRICT;

-- API bearer tokens: only the SHA-256 of the secret is kept.
CREATE TABLE tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    hash       TEXT    NOT NULL UNIQUE,
    label      TEXT    NOT NULL DEFAULT '',
    created_at TEXT    NOT NULL,
    revoked_at TEXT
) STRICT;
CREATE INDEX tokens_user ON tokens (user_id);

-- The people who asked. Personal data is held apart from the request so that
-- it can be erased at the end of the retention period, and left out of every
-- export and publication, without touching the case record.
CREATE TABLE requesters (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL,
    email   TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    phone   TEXT NOT NULL DEFAULT ''
) STRICT;

-- Requests. ref_number is unique on its own: one sequence serves every
-- prefix, so "FOI 12748" and "EIR 12748" cannot both exist.
--
-- assignee_id has no foreign key on purpose: the service layer checks the
-- user, and the store conformance suite assigns bare user ids.
CREATE TABLE requests (
    id               INTEGER PRIMARY KEY,
    ref_prefix       TEXT    NOT NULL,
    ref_number       INTEGER NOT NULL UNIQUE CHECK (ref_number > 0),
    regime           TEXT    NOT NULL,
    channel          TEXT    NOT NULL DEFAULT '',
    requester_id     INTEGER NOT NULL UNIQUE REFERENCES requesters (id),
    received_at      TEXT,
    received_on      TEXT    NOT NULL,
    text             TEXT    NOT NULL DEFAULT '',
    preamble         TEXT    NOT NULL DEFAULT '',
    status           TEXT    NOT NULL,
    due_on           TEXT,
    calendar_version TEXT    NOT NULL DEFAULT '',
    assignee_id      INTEGER,
    responded_on     TEXT,
    outcome          TEXT    NOT NULL DEFAULT '',
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1 CHECK (version > 0)
) STRICT;
-- The list filters and orders (see FindRequests). The due-date order puts
-- requests with no deadline last ("due_on IS NULL" first in the key), and
-- each index carries the whole order with its tie-breaker, so a page is read
-- in index order instead of sorting every match.
CREATE INDEX requests_due ON requests (due_on IS NULL, due_on, ref_number);
CREATE INDEX requests_status_due ON requests (status, due_on IS NULL, due_on, ref_number);
CREATE INDEX requests_assignee_due ON requests (assignee_id, due_on IS NULL, due_on, ref_number);
CREATE INDEX requests_received_at ON requests (received_at, ref_number);
CREATE INDEX requests_received_on ON requests (received_on);

-- The numbered questions of a request with their answers, clustered by
-- request. exemptions is a JSON array of exemption codes ('["s40(2)"]').
CREATE TABLE parts (
    request_id      INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    number          INTEGER NOT NULL,
    label           TEXT    NOT NULL DEFAULT '',
    text            TEXT    NOT NULL DEFAULT '',
    answer          TEXT    NOT NULL DEFAULT '',
    outcome         TEXT    NOT NULL DEFAULT '',
    exemptions      TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(exemptions) AND json_type(exemptions) = 'array'),
    public_interest TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (request_id, number)
) STRICT, WITHOUT ROWID;

-- The audit trail. request_id is NULL for events about no request (a login,
-- a user change). actor_id has no foreign key: the trail must outlive the
-- accounts it names. before/after hold JSON of the changed fields.
CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER REFERENCES requests (id),
    type       TEXT    NOT NULL,
    on_date    TEXT,
    at         TEXT    NOT NULL,
    actor_id   INTEGER,
    actor      TEXT    NOT NULL DEFAULT '',
    note       TEXT    NOT NULL DEFAULT '',
    before     TEXT    NOT NULL DEFAULT '',
    after      TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX events_request ON events (request_id, id);

-- The audit trail is append-only: an entry, once written, is evidence, so
-- the database itself refuses to change or remove one.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: an audit entry cannot be changed');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: an audit entry cannot be deleted');
END;

-- Imported bank-holiday calendars; the current one is the latest imported.
CREATE TABLE calendars (
    version     TEXT PRIMARY KEY,
    data        BLOB NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL
) STRICT;
CREATE INDEX calendars_imported_at ON calendars (imported_at);

-- Authority settings shared by every process.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Named sequences; 'reference' holds the next case reference number.
CREATE TABLE counters (
    name TEXT    PRIMARY KEY,
    next INTEGER NOT NULL CHECK (next > 0)
) STRICT, WITHOUT ROWID;
