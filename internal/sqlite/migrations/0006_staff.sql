-- 0006: the staff application: sessions, login throttling, second factors,
-- part assignments to contributors, letters, attachments and their blobs.

-- Signed-in staff. The id in the cookie is never stored, only its SHA-256,
-- so reading the database signs no one in. Several processes share this.
CREATE TABLE sessions (
    hash         TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    created_at   TEXT    NOT NULL,
    last_seen_at TEXT    NOT NULL,
    pending      INTEGER NOT NULL DEFAULT 0 CHECK (pending IN (0, 1))
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed sign-ins, by account and by client address, counted over a window.
CREATE TABLE login_failures (
    id  INTEGER PRIMARY KEY,
    key TEXT    NOT NULL,
    at  TEXT    NOT NULL
) STRICT;
CREATE INDEX login_failures_key ON login_failures (key, at);

-- TOTP (RFC 6238) secrets of the staff who turned on a second factor.
CREATE TABLE totp_secrets (
    user_id INTEGER PRIMARY KEY REFERENCES users (id),
    secret  TEXT    NOT NULL
) STRICT;

-- Parts of a request a contributor (department) is asked to give input on.
CREATE TABLE part_assignments (
    request_id INTEGER NOT NULL REFERENCES requests (id),
    part       INTEGER NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    due_on     TEXT,
    note       TEXT    NOT NULL DEFAULT '',
    created_at TEXT    NOT NULL,
    PRIMARY KEY (request_id, part, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX part_assignments_user ON part_assignments (user_id, request_id);

-- Letters to requesters: drafted, approved (when the authority asks for
-- sign-off) and sent. A sent letter is the record of what was sent.
CREATE TABLE letters (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests (id),
    kind        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    created_by  TEXT    NOT NULL DEFAULT '',
    approved_at TEXT,
    approved_by TEXT    NOT NULL DEFAULT '',
    sent_at     TEXT,
    sent_by     TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX letters_request ON letters (request_id, id);

-- File contents by SHA-256. Kept in the database for now so that several
-- processes share them; object storage is the path at scale.
CREATE TABLE blobs (
    hash TEXT PRIMARY KEY,
    data BLOB NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    request_id   INTEGER NOT NULL REFERENCES requests (id),
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    hash         TEXT    NOT NULL REFERENCES blobs (hash),
    size         INTEGER NOT NULL,
    release      INTEGER NOT NULL DEFAULT 0 CHECK (release IN (0, 1)),
    uploaded_at  TEXT    NOT NULL,
    uploaded_by  TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX attachments_request ON attachments (request_id, id);

-- The aggregation hint looks for earlier requests from the same address.
CREATE INDEX requesters_email ON requesters (lower(email));
