-- Files that came with an email are copied to the case with the inbound
-- message they came from.
ALTER TABLE attachments ADD COLUMN inbound_id bigint REFERENCES inbound (id);
