-- The credential lifecycle and single sign-on (issue 20).
--
-- An API token records when it was last used (to a minute), so that an
-- administrator can tell a live token from a forgotten one before revoking
-- it. A session may hold a second-factor secret offered for setting up: it
-- is made on the server and only a code from it turns the factor on.
-- A user may be tied to an OpenID Connect identity (issuer and subject: the
-- email address at a provider can change, the subject cannot), may be a
-- contributor for a named department, and may be a break-glass
-- administrator, who keeps a password when password sign-in is off.
ALTER TABLE tokens ADD COLUMN last_used_at TEXT;
ALTER TABLE sessions ADD COLUMN totp_offer TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN department TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN break_glass INTEGER NOT NULL DEFAULT 0 CHECK (break_glass IN (0, 1));
ALTER TABLE users ADD COLUMN sso_subject TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX users_sso_subject ON users (sso_subject) WHERE sso_subject <> '';
