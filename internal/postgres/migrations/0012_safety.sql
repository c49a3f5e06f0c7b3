-- Disclosure safety (issue 7): what inspection found in each file and text
-- of a case, the last inspection of each, redactions, and clean copies.

-- A clean copy points at the attachment it was made from.
-- Deleting an original (retention) leaves its clean copy standing.
ALTER TABLE attachments ADD COLUMN clean_of bigint REFERENCES attachments (id) ON DELETE SET NULL;

CREATE TABLE findings (
    id         bigserial   PRIMARY KEY,
    request_id bigint      NOT NULL REFERENCES requests (id),
    subject    text        NOT NULL,
    hash       text        NOT NULL,
    kind       text        NOT NULL,
    location   text        NOT NULL,
    why        text        NOT NULL,
    excerpt    text        NOT NULL DEFAULT '',
    fixable    boolean     NOT NULL DEFAULT false,
    status     text        NOT NULL CHECK (status IN ('open', 'resolved', 'overridden')),
    note       text        NOT NULL DEFAULT '',
    found_at   timestamptz NOT NULL,
    closed_at  timestamptz,
    closed_by  text        NOT NULL DEFAULT ''
);
CREATE INDEX findings_request ON findings (request_id, id);

-- The latest inspection of each subject: unchanged content is not
-- inspected again, changed content is.
CREATE TABLE inspections (
    request_id   bigint      NOT NULL REFERENCES requests (id),
    subject      text        NOT NULL,
    hash         text        NOT NULL,
    inspected_at timestamptz NOT NULL,
    PRIMARY KEY (request_id, subject)
);

-- The redaction log. original is shown to staff only.
CREATE TABLE redactions (
    id          bigserial   PRIMARY KEY,
    request_id  bigint      NOT NULL REFERENCES requests (id),
    subject     text        NOT NULL,
    original    text        NOT NULL,
    masked      text        NOT NULL,
    reason      text        NOT NULL,
    count       integer     NOT NULL,
    redacted_at timestamptz NOT NULL,
    redacted_by text        NOT NULL
);
CREATE INDEX redactions_request ON redactions (request_id, id);
