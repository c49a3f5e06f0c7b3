-- 0016: a second-factor code works once (see the SQLite migration 0018):
-- the newest 30-second step used to sign in is kept, and a code of that
-- step or an earlier one is refused.
ALTER TABLE totp_secrets ADD COLUMN last_step BIGINT NOT NULL DEFAULT 0;
