package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"disclose/internal/foi"
)

// FindTrackingToken finds a requester's tracking link by its hash.
func (r reader) FindTrackingToken(ctx context.Context, hash string) (*foi.TrackingToken, error) {
	t := &foi.TrackingToken{}
	err := r.q().QueryRowContext(ctx, `SELECT id, request_id, hash, created_at, revoked_at
		FROM tracking_tokens WHERE hash = ?`, hash).
		Scan(&t.ID, &t.RequestID, &t.Hash, scanInstant(&t.CreatedAt), scanInstant(&t.RevokedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, foi.Errorf(foi.ENOTFOUND, "no tracking link matches")
	}
	if err != nil {
		return nil, wrap("find tracking token", err)
	}
	return t, nil
}

// CreateTrackingToken stores a tracking link's hash for a request.
func (t *tx) CreateTrackingToken(ctx context.Context, tok *foi.TrackingToken) error {
	created := tok.CreatedAt
	if created.IsZero() {
		created = t.now
	}
	res, err := t.tx.ExecContext(ctx, `INSERT INTO tracking_tokens (request_id, hash, created_at, revoked_at)
		VALUES (?, ?, ?, ?)`, tok.RequestID, tok.Hash, instant(created), instant(tok.RevokedAt))
	switch {
	case isUnique(err):
		return foi.Errorf(foi.ECONFLICT, "that tracking link already exists")
	case isForeignKey(err):
		return foi.Errorf(foi.ENOTFOUND, "there is no request with id %d", tok.RequestID)
	case err != nil:
		return wrap("create tracking token", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return wrap("create tracking token", err)
	}
	tok.ID, tok.CreatedAt = id, created.UTC().Truncate(time.Microsecond)
	return nil
}

// RevokeTrackingTokens revokes a request's working tracking links.
func (t *tx) RevokeTrackingTokens(ctx context.Context, requestID int64) (int, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE tracking_tokens SET revoked_at = ?
		WHERE request_id = ? AND revoked_at IS NULL`, instant(t.now), requestID)
	if err != nil {
		return 0, wrap("revoke tracking tokens", err)
	}
	n, err := res.RowsAffected()
	return int(n), wrap("revoke tracking tokens", err)
}

// CountAttempt counts one attempt in a rate-limit window.
func (t *tx) CountAttempt(ctx context.Context, key string, window time.Time) (int, error) {
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM rate_limits WHERE window_start < ?`,
		instant(window.Add(-24*time.Hour))); err != nil {
		return 0, wrap("count attempt", err)
	}
	var n int
	err := t.tx.QueryRowContext(ctx, `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
		ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1
		RETURNING count`, key, instant(window)).Scan(&n)
	return n, wrap("count attempt", err)
}
