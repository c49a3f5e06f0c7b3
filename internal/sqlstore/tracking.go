// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"time"

	"disclose/internal/foi"
)

// FindTrackingToken finds a requester's tracking link by its hash.
func (r *Reader) FindTrackingToken(ctx context.Context, hash string) (*foi.TrackingToken, error) {
	t := &foi.TrackingToken{}
	err := r.Q.QueryRow(ctx, `SELECT id, request_id, hash, created_at, revoked_at
		FROM tracking_tokens WHERE hash = ?`, hash).
		Scan(&t.ID, &t.RequestID, &t.Hash, ScanInstant(&t.CreatedAt), ScanInstant(&t.RevokedAt))
	return found(r.D, "find tracking token", t, err, "no tracking link matches")
}

// CreateTrackingToken stores a tracking link's hash for a request.
func (t *Tx) CreateTrackingToken(ctx context.Context, tok *foi.TrackingToken) error {
	created := tok.CreatedAt
	if created.IsZero() {
		created = t.Now
	}
	var id int64
	err := t.D.Savepoint(ctx, t.Q, func(q Querier) error {
		err := q.QueryRow(ctx, `INSERT INTO tracking_tokens (request_id, hash, created_at, revoked_at)
			VALUES (?, ?, ?, ?) RETURNING id`, tok.RequestID, tok.Hash, t.D.Instant(created), t.D.Instant(tok.RevokedAt)).Scan(&id)
		switch {
		case t.D.IsUnique(err):
			return foi.Errorf(foi.ECONFLICT, "that tracking link already exists")
		case t.D.IsForeignKey(err):
			return foi.Errorf(foi.ENOTFOUND, "there is no request with id %d", tok.RequestID)
		}
		return t.D.Wrap("create tracking token", err)
	})
	if err != nil {
		return err
	}
	tok.ID, tok.CreatedAt = id, created.UTC().Truncate(time.Microsecond)
	return nil
}

// RevokeTrackingTokens revokes a request's working tracking links.
func (t *Tx) RevokeTrackingTokens(ctx context.Context, requestID int64) (int, error) {
	n, err := t.Q.Exec(ctx, `UPDATE tracking_tokens SET revoked_at = ?
		WHERE request_id = ? AND revoked_at IS NULL`, t.D.Instant(t.Now), requestID)
	return int(n), t.D.Wrap("revoke tracking tokens", err)
}

// CountAttempt counts one attempt in a rate-limit window. The upsert is
// atomic, so processes counting the same key at once each see their own
// number.
func (t *Tx) CountAttempt(ctx context.Context, key string, window time.Time) (int, error) {
	if _, err := t.Q.Exec(ctx, `DELETE FROM rate_limits WHERE window_start < ?`,
		t.D.Instant(window.Add(-24*time.Hour))); err != nil {
		return 0, t.D.Wrap("count attempt", err)
	}
	var n int
	err := t.Q.QueryRow(ctx, `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
		ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1
		RETURNING count`, key, t.D.Instant(window)).Scan(&n)
	return n, t.D.Wrap("count attempt", err)
}
