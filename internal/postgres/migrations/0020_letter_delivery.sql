-- 0020: how a sent letter went (as in SQLite): "email" or
-- "post", with the day it was posted; '' for letters sent before.
ALTER TABLE letters ADD COLUMN delivery TEXT NOT NULL DEFAULT '';
ALTER TABLE letters ADD COLUMN posted_on DATE;
