// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"errors"
	"time"

	"disclose/internal/foi"
)

// Staff credentials beyond the user row (foi.CredentialReader and
// foi.CredentialWriter): API tokens, OpenID Connect identities, second
// factors offered to a session, and requesters' tracking links.

const tokenColumns = `id, user_id, hash, label, created_at, revoked_at, last_used_at`

func scanToken(row Row) (*foi.Token, error) {
	t := &foi.Token{}
	err := row.Scan(&t.ID, &t.UserID, &t.Hash, &t.Label, ScanInstant(&t.CreatedAt), ScanInstant(&t.RevokedAt),
		ScanInstant(&t.LastUsedAt))
	return t, err
}

// FindTokens lists a user's tokens (everyone's for 0), newest first.
func (r *Reader) FindTokens(ctx context.Context, userID int64) ([]*foi.Token, error) {
	rows, err := r.Q.Query(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE ? = 0 OR user_id = ? ORDER BY id DESC`,
		userID, userID)
	if err != nil {
		return nil, r.D.Wrap("find tokens", err)
	}
	defer rows.Close()
	var out []*foi.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, r.D.Wrap("find tokens", err)
		}
		out = append(out, t)
	}
	return out, r.D.Wrap("find tokens", rows.Err())
}

// FindToken finds a token by the hash of its secret.
func (r *Reader) FindToken(ctx context.Context, hash string) (*foi.Token, error) {
	t, err := scanToken(r.Q.QueryRow(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE hash = ?`, hash))
	if errors.Is(err, ErrNoRows) {
		return nil, foi.Errorf(foi.ENOTFOUND, "token not recognised")
	}
	if err != nil {
		return nil, r.D.Wrap("find token", err)
	}
	return t, nil
}

// FindUserBySubject finds the user tied to an OpenID Connect identity.
func (r *Reader) FindUserBySubject(ctx context.Context, subject string) (*foi.User, error) {
	if subject == "" {
		return nil, foi.Errorf(foi.ENOTFOUND, "no user has that single sign-on identity")
	}
	return r.findUser(ctx, "no user has that single sign-on identity",
		`SELECT `+userColumns+` FROM users u WHERE u.sso_subject = ?`, subject)
}

// FindTrackingTokens lists a request's tracking links, newest first.
func (r *Reader) FindTrackingTokens(ctx context.Context, requestID int64) ([]*foi.TrackingToken, error) {
	rows, err := r.Q.Query(ctx, `SELECT id, request_id, hash, created_at, revoked_at
		FROM tracking_tokens WHERE request_id = ? ORDER BY id DESC`, requestID)
	if err != nil {
		return nil, r.D.Wrap("find tracking tokens", err)
	}
	defer rows.Close()
	var out []*foi.TrackingToken
	for rows.Next() {
		t := &foi.TrackingToken{}
		if err := rows.Scan(&t.ID, &t.RequestID, &t.Hash, ScanInstant(&t.CreatedAt), ScanInstant(&t.RevokedAt)); err != nil {
			return nil, r.D.Wrap("find tracking tokens", err)
		}
		out = append(out, t)
	}
	return out, r.D.Wrap("find tracking tokens", rows.Err())
}

// RevokeToken revokes a token; a revoked one keeps its first revocation.
func (t *Tx) RevokeToken(ctx context.Context, id int64, at time.Time) error {
	if at.IsZero() {
		at = t.Now
	}
	if _, err := t.Q.Exec(ctx, `UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`,
		t.D.Instant(at), id); err != nil {
		return t.D.Wrap("revoke token", err)
	}
	var n int
	if err := t.Q.QueryRow(ctx, `SELECT count(*) FROM tokens WHERE id = ?`, id).Scan(&n); err != nil {
		return t.D.Wrap("revoke token", err)
	}
	if n == 0 {
		return foi.Errorf(foi.ENOTFOUND, "token %d not found", id)
	}
	return nil
}

// TouchToken moves a token's last-used time forward (never back).
func (t *Tx) TouchToken(ctx context.Context, id int64, at time.Time) error {
	_, err := t.Q.Exec(ctx, `UPDATE tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)`,
		t.D.Instant(at), id, t.D.Instant(at))
	return t.D.Wrap("touch token", err)
}

// SetSessionTOTPOffer keeps (or with "" forgets) a session's offered
// second-factor secret.
func (t *Tx) SetSessionTOTPOffer(ctx context.Context, hash, secret string) error {
	n, err := t.Q.Exec(ctx, `UPDATE sessions SET totp_offer = ? WHERE hash = ?`, secret, hash)
	if err != nil {
		return t.D.Wrap("set session totp offer", err)
	}
	if n == 0 {
		return foi.Errorf(foi.ENOTFOUND, "no such session")
	}
	return nil
}
