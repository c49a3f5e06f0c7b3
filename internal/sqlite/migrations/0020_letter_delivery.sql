-- 0020: how a sent letter went. "email" when it was queued to the
-- requester's address, "post" when staff recorded it as posted (email not
-- set up, or no address), with the day it was posted; '' for letters sent
-- before this was kept.
ALTER TABLE letters ADD COLUMN delivery TEXT NOT NULL DEFAULT '';
ALTER TABLE letters ADD COLUMN posted_on TEXT;
