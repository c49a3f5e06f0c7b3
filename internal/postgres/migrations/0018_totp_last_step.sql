-- 0018: a second-factor code works once: the newest 30-second step used to
-- sign in is kept, and a code of that step or an earlier one is refused.
--
-- Until 7 December 2026 this was migration 0016 here (the engines' numbers
-- had drifted); Migrate moves that record to 0018 before it runs anything.
ALTER TABLE totp_secrets ADD COLUMN last_step BIGINT NOT NULL DEFAULT 0;
