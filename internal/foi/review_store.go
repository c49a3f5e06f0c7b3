// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import "context"

// ReviewReader reads internal reviews and regulator cases.
type ReviewReader interface {
	// FindReviews returns a request's reviews, oldest first (none is not an error).
	FindReviews(ctx context.Context, requestID int64) ([]*Review, error)
	// FindRegulatorCases returns a request's regulator cases, oldest first.
	FindRegulatorCases(ctx context.Context, requestID int64) ([]*RegulatorCase, error)
}

// ReviewWriter stores internal reviews and regulator cases.
type ReviewWriter interface {
	// CreateReview sets ID and CreatedAt.
	CreateReview(ctx context.Context, r *Review) error
	// UpdateReview saves everything but RequestID and CreatedAt.
	UpdateReview(ctx context.Context, r *Review) error
	CreateRegulatorCase(ctx context.Context, c *RegulatorCase) error
	UpdateRegulatorCase(ctx context.Context, c *RegulatorCase) error
}
