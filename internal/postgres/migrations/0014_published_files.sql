-- 0014: files published with a disclosure-log entry, as
-- [{"id", "name", "type", "size", "sha256"}]: chosen at publish time among
-- the files released with the response, and frozen with the rest of the
-- entry (the content is the blob with that hash).
ALTER TABLE publications ADD COLUMN files jsonb NOT NULL DEFAULT '[]'
    CHECK (jsonb_typeof(files) = 'array');
