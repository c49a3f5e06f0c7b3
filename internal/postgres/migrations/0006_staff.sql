-- 0006: the staff application: sessions, login throttling, second factors,
-- part assignments to contributors, letters, attachments and their blobs.

-- Signed-in staff. The id in the cookie is never stored, only its SHA-256,
-- so reading the database signs no one in. Every process shares this.
CREATE TABLE sessions (
    hash         text        PRIMARY KEY,
    user_id      bigint      NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    pending      boolean     NOT NULL DEFAULT false
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed sign-ins, by account and by client address, counted over a window.
CREATE TABLE login_failures (
    id  bigserial   PRIMARY KEY,
    key text        NOT NULL,
    at  timestamptz NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

-- TOTP (RFC 6238) secrets of the staff who turned on a second factor.
CREATE TABLE totp_secrets (
    user_id bigint PRIMARY KEY REFERENCES users (id),
    secret  text   NOT NULL
);

-- Parts of a request a contributor (department) is asked to give input on.
CREATE TABLE part_assignments (
    request_id bigint      NOT NULL REFERENCES requests (id),
    part       integer     NOT NULL,
    user_id    bigint      NOT NULL REFERENCES users (id),
    due_on     date,
    note       text        NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL,
    PRIMARY KEY (request_id, part, user_id)
);
CREATE INDEX part_assignments_user ON part_assignments (user_id, request_id);

-- Letters to requesters: drafted, approved (when the authority asks for
-- sign-off) and sent. A sent letter is the record of what was sent.
CREATE TABLE letters (
    id          bigserial   PRIMARY KEY,
    request_id  bigint      NOT NULL REFERENCES requests (id),
    kind        text        NOT NULL,
    body        text        NOT NULL,
    created_at  timestamptz NOT NULL,
    created_by  text        NOT NULL DEFAULT '',
    approved_at timestamptz,
    approved_by text        NOT NULL DEFAULT '',
    sent_at     timestamptz,
    sent_by     text        NOT NULL DEFAULT ''
);
CREATE INDEX letters_request ON letters (request_id, id);

-- File contents by SHA-256. Kept in the database for now so that several
-- processes share them; object storage is the path at scale.
CREATE TABLE blobs (
    hash text  PRIMARY KEY,
    data bytea NOT NULL
);

CREATE TABLE attachments (
    id           bigserial   PRIMARY KEY,
    request_id   bigint      NOT NULL REFERENCES requests (id),
    name         text        NOT NULL,
    content_type text        NOT NULL,
    hash         text        NOT NULL REFERENCES blobs (hash),
    size         bigint      NOT NULL,
    release      boolean     NOT NULL DEFAULT false,
    uploaded_at  timestamptz NOT NULL,
    uploaded_by  text        NOT NULL DEFAULT ''
);
CREATE INDEX attachments_request ON attachments (request_id, id);

-- The aggregation hint looks for earlier requests from the same address.
CREATE INDEX requesters_email ON requesters (lower(email));
