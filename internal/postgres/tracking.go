package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"disclose/internal/foi"
)

// FindTrackingToken finds a requester's tracking link by its hash.
func (s *Store) FindTrackingToken(ctx context.Context, hash string) (t *foi.TrackingToken, err error) {
	err = s.view(ctx, func(rd *reader) error { t, err = rd.FindTrackingToken(ctx, hash); return err })
	return t, err
}

func (rd *reader) FindTrackingToken(ctx context.Context, hash string) (*foi.TrackingToken, error) {
	var (
		t                foi.TrackingToken
		created, revoked pgtype.Timestamptz
	)
	err := rd.q.QueryRow(ctx, `SELECT id, request_id, hash, created_at, revoked_at
		FROM tracking_tokens WHERE hash = $1`, hash).Scan(&t.ID, &t.RequestID, &t.Hash, &created, &revoked)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, foi.Errorf(foi.ENOTFOUND, "no tracking link matches")
	}
	if err != nil {
		return nil, mapError(err, "find tracking token")
	}
	t.CreatedAt, t.RevokedAt = fromTimestamp(created), fromTimestamp(revoked)
	return &t, nil
}

// CreateTrackingToken stores a tracking link's hash for a request.
func (tx *Tx) CreateTrackingToken(ctx context.Context, t *foi.TrackingToken) error {
	created := t.CreatedAt
	if created.IsZero() {
		created = tx.now
	}
	var id int64
	err := tx.savepoint(ctx, func(q querier) error {
		err := q.QueryRow(ctx, `INSERT INTO tracking_tokens (request_id, hash, created_at, revoked_at)
			VALUES ($1, $2, $3, $4) RETURNING id`, t.RequestID, t.Hash, pgTime(created), pgTime(t.RevokedAt)).Scan(&id)
		switch {
		case isConstraint(err, codeUniqueViolation, "tracking_tokens_hash_key"):
			return foi.Errorf(foi.ECONFLICT, "that tracking link already exists")
		case pgError(err) != nil && pgError(err).Code == codeForeignKeyViolation:
			return foi.Errorf(foi.ENOTFOUND, "there is no request with id %d", t.RequestID)
		}
		return mapError(err, "create tracking token")
	})
	if err != nil {
		return err
	}
	t.ID, t.CreatedAt = id, created.UTC().Truncate(time.Microsecond)
	return nil
}

// RevokeTrackingTokens revokes a request's working tracking links.
func (tx *Tx) RevokeTrackingTokens(ctx context.Context, requestID int64) (int, error) {
	tag, err := tx.q.Exec(ctx, `UPDATE tracking_tokens SET revoked_at = $2
		WHERE request_id = $1 AND revoked_at IS NULL`, requestID, pgTime(tx.now))
	if err != nil {
		return 0, mapError(err, "revoke tracking tokens")
	}
	return int(tag.RowsAffected()), nil
}

// CountAttempt counts one attempt in a rate-limit window. The upsert is
// atomic, so processes counting the same key at once each see their own
// number.
func (tx *Tx) CountAttempt(ctx context.Context, key string, window time.Time) (int, error) {
	if _, err := tx.q.Exec(ctx, `DELETE FROM rate_limits WHERE window_start < $1`,
		pgTime(window.Add(-24*time.Hour))); err != nil {
		return 0, mapError(err, "count attempt")
	}
	var n int
	err := tx.q.QueryRow(ctx, `INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1)
		ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1
		RETURNING count`, key, pgTime(window)).Scan(&n)
	return n, mapError(err, "count attempt")
}
