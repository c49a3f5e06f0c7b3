-- The disclosure log. A publication is a frozen copy of a response as it
-- was published (see foi.Publication): nothing public reads the requests
-- or requesters tables.
--
-- key is the entry's place in the log: published_on as YYYYMMDD times
-- 10^10 plus the reference number, so newest first is descending key and a
-- month is a key range (the same key the SQLite store uses).
CREATE TABLE publications (
    key            bigint PRIMARY KEY,
    request_id     bigint NOT NULL REFERENCES requests (id),
    ref_prefix     text NOT NULL,
    ref_number     bigint NOT NULL,
    regime         text NOT NULL,
    category       text NOT NULL,
    published_on   date NOT NULL,
    received_on    date NOT NULL,
    responded_on   date,
    outcome        text NOT NULL DEFAULT '',
    published_at   timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    unpublished_at timestamptz,
    title          text NOT NULL,
    summary        text NOT NULL DEFAULT '',
    request        text NOT NULL DEFAULT '',
    response       text NOT NULL DEFAULT '',
    -- [{"number", "label", "text", "answer", "outcome", "exemptions"}]
    parts          jsonb NOT NULL DEFAULT '[]',
    -- English-stemmed search document: title (A), summary (B), request and
    -- answers (C). Written with the row by the store.
    search         tsvector NOT NULL,
    CONSTRAINT publications_request_key UNIQUE (request_id),
    CONSTRAINT publications_ref_number_key UNIQUE (ref_number)
);
CREATE INDEX publications_public ON publications (key DESC) WHERE unpublished_at IS NULL;
CREATE INDEX publications_public_category ON publications (category, key DESC) WHERE unpublished_at IS NULL;
CREATE INDEX publications_search ON publications USING gin (search) WHERE unpublished_at IS NULL;

-- Public entries per category and month, kept in the same transaction as
-- each publish and unpublish, so totals and page positions never count rows.
CREATE TABLE publication_counts (
    category text NOT NULL,
    month    text NOT NULL,
    n        bigint NOT NULL CHECK (n >= 0),
    PRIMARY KEY (category, month)
);
