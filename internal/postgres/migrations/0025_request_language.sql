-- 0025: the requester's language for correspondence and where the choice
-- came from (see the SQLite migration of the same name).
ALTER TABLE requests ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN language_source TEXT NOT NULL DEFAULT '';
