-- Disclosure safety (issue 7): what inspection found in each file and text
-- of a case, the last inspection of each, redactions, and clean copies.

-- A clean copy points at the attachment it was made from.
-- Deleting an original (retention) leaves its clean copy standing.
ALTER TABLE attachments ADD COLUMN clean_of INTEGER REFERENCES attachments (id) ON DELETE SET NULL;

CREATE TABLE findings (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests (id),
    subject    TEXT    NOT NULL,
    hash       TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    location   TEXT    NOT NULL,
    why        TEXT    NOT NULL,
    excerpt    TEXT    NOT NULL DEFAULT '',
    fixable    INTEGER NOT NULL DEFAULT 0 CHECK (fixable IN (0, 1)),
    status     TEXT    NOT NULL CHECK (status IN ('open', 'resolved', 'overridden')),
    note       TEXT    NOT NULL DEFAULT '',
    found_at   TEXT    NOT NULL,
    closed_at  TEXT,
    closed_by  TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX findings_request ON findings (request_id, id);

-- The latest inspection of each subject: unchanged content is not
-- inspected again, changed content is.
CREATE TABLE inspections (
    request_id   INTEGER NOT NULL REFERENCES requests (id),
    subject      TEXT    NOT NULL,
    hash         TEXT    NOT NULL,
    inspected_at TEXT    NOT NULL,
    PRIMARY KEY (request_id, subject)
) STRICT, WITHOUT ROWID;

-- The redaction log. original is shown to staff only.
CREATE TABLE redactions (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests (id),
    subject     TEXT    NOT NULL,
    original    TEXT    NOT NULL,
    masked      TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    count       INTEGER NOT NULL,
    redacted_at TEXT    NOT NULL,
    redacted_by TEXT    NOT NULL
) STRICT;
CREATE INDEX redactions_request ON redactions (request_id, id);
