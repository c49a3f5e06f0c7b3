-- The credential lifecycle and single sign-on (issue 20): a token's
-- last use, a second-factor secret offered to a session, and a user's
-- OpenID Connect identity (issuer and subject), department and break-glass
-- mark. See the SQLite twin for why.
ALTER TABLE tokens ADD COLUMN last_used_at timestamptz;
ALTER TABLE sessions ADD COLUMN totp_offer text NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN department text NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN break_glass boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN sso_subject text NOT NULL DEFAULT '';
CREATE UNIQUE INDEX users_sso_subject ON users (sso_subject) WHERE sso_subject <> '';
