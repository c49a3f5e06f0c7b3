// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"context"
	"time"
)

// TokenTouchEvery limits writes of a token's last-used time to one a
// minute: an API client making many calls costs one write a minute.
const TokenTouchEvery = time.Minute

// CredentialReader reads staff credentials beyond the user row: API
// tokens, OpenID Connect identities and requesters' tracking links.
type CredentialReader interface {
	// FindTokens lists a user's API tokens (every user's when userID is
	// 0), revoked ones too, newest first.
	FindTokens(ctx context.Context, userID int64) ([]*Token, error)
	// FindToken finds a token by the hash of its secret, revoked or not.
	FindToken(ctx context.Context, hash string) (*Token, error)
	// FindUserBySubject finds the user tied to an OpenID Connect identity
	// (User.Subject).
	FindUserBySubject(ctx context.Context, subject string) (*User, error)
	// FindTrackingTokens lists a request's tracking links, revoked ones
	// too, newest first.
	FindTrackingTokens(ctx context.Context, requestID int64) ([]*TrackingToken, error)
}

// CredentialWriter changes staff credentials inside a transaction.
type CredentialWriter interface {
	// RevokeToken revokes a token at at; revoking a revoked token changes
	// nothing. ENOTFOUND when there is no such token.
	RevokeToken(ctx context.Context, id int64, at time.Time) error
	// TouchToken moves a token's last-used time forward (never back).
	TouchToken(ctx context.Context, id int64, at time.Time) error
	// SetSessionTOTPOffer keeps a second-factor secret offered to a
	// session ("" removes it).
	SetSessionTOTPOffer(ctx context.Context, hash, secret string) error
}
