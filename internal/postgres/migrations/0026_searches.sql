-- 0026: searches made and time spent (or estimated) per part of a request
-- (see the SQLite migration 0022).
CREATE TABLE searches (
    id          bigserial   PRIMARY KEY,
    request_id  bigint      NOT NULL REFERENCES requests (id),
    part        integer     NOT NULL,
    user_id     bigint      NOT NULL REFERENCES users (id),
    by_name     text        NOT NULL,
    place       text        NOT NULL,
    terms       text        NOT NULL DEFAULT '',
    activity    text        NOT NULL,
    minutes     integer     NOT NULL CHECK (minutes > 0),
    estimated   boolean     NOT NULL DEFAULT false,
    searched_on date        NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX searches_request ON searches (request_id, part, id);
