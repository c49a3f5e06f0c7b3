-- 0026: searches made and time spent (or estimated) per part of a request,
-- the record behind an s.12 estimate and a "not held" answer.
CREATE TABLE searches (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests (id),
    part       INTEGER NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    by_name    TEXT    NOT NULL,
    place      TEXT    NOT NULL,
    terms      TEXT    NOT NULL DEFAULT '',
    activity   TEXT    NOT NULL,
    minutes    INTEGER NOT NULL CHECK (minutes > 0),
    estimated  INTEGER NOT NULL DEFAULT 0 CHECK (estimated IN (0, 1)),
    searched_on TEXT    NOT NULL,
    created_at TEXT    NOT NULL
) STRICT;
CREATE INDEX searches_request ON searches (request_id, part, id);
