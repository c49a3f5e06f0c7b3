// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"context"
	"time"
)

// TrackingToken is a requester's private link to their own request: no
// account, just an unguessable secret in a URL. Only the SHA-256 of the
// secret is stored, so a copy of the database does not hand out links; a
// token is revoked (never deleted) when staff cut a leaked link off.
type TrackingToken struct {
	ID        int64
	RequestID int64
	Hash      string // hex SHA-256 of the secret
	CreatedAt time.Time
	RevokedAt time.Time // zero while the link works
}

// Revoked reports whether the link has been cut off.
func (t *TrackingToken) Revoked() bool { return !t.RevokedAt.IsZero() }

// TrackingReader finds requesters' tracking links; foi.Reader embeds it.
type TrackingReader interface {
	// FindTrackingToken finds a token by the hash of its secret, revoked or
	// not (check Revoked); ENOTFOUND when there is none.
	FindTrackingToken(ctx context.Context, hash string) (*TrackingToken, error)
}

// TrackingWriter issues and revokes tracking links, and counts attempts
// for rate limits; foi.Tx embeds it.
type TrackingWriter interface {
	// CreateTrackingToken stores a token for an existing request and sets
	// ID and CreatedAt (when zero). A hash already stored is ECONFLICT.
	CreateTrackingToken(ctx context.Context, t *TrackingToken) error
	// RevokeTrackingTokens revokes every working token of a request and
	// returns how many it revoked.
	RevokeTrackingTokens(ctx context.Context, requestID int64) (int, error)

	// CountAttempt adds one to the counter for key in the window that
	// starts at window, and returns the count including this attempt.
	// Counters live in the database so that every process serving the
	// site shares them. Counters of windows that started more than a day
	// before window are forgotten.
	CountAttempt(ctx context.Context, key string, window time.Time) (int, error)
}
