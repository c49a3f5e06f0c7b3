-- 0018: a second-factor code works once.
--
-- A code is valid for its 30-second step and one either side (a phone's
-- clock drifts), so someone who saw it typed could sign in with it again
-- within that minute. The newest step used to sign in is kept, and a code
-- of that step or an earlier one is refused.
ALTER TABLE totp_secrets ADD COLUMN last_step INTEGER NOT NULL DEFAULT 0;
