// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"

	"disclose/internal/foi"
)

// Requests aggregated for the cost limit (foi.AggregationReader,
// foi.AggregationWriter). Withdrawing one deletes its row: the case's
// audit trail keeps both the choice and its withdrawal.

// FindAggregations lists the requests aggregated with requestID, in the
// order chosen.
func (r *Reader) FindAggregations(ctx context.Context, requestID int64) ([]*foi.Aggregation, error) {
	rows, err := r.Q.Query(ctx, `SELECT request_id, related_id, basis, reason, user_id, by_name, created_at
		FROM cost_aggregations WHERE request_id = ? ORDER BY created_at, related_id`, requestID)
	if err != nil {
		return nil, r.D.Wrap("find aggregations", err)
	}
	defer rows.Close()
	var out []*foi.Aggregation
	for rows.Next() {
		a := &foi.Aggregation{}
		var basis string
		if err := rows.Scan(&a.RequestID, &a.RelatedID, &basis, &a.Reason, &a.UserID, &a.By, ScanInstant(&a.CreatedAt)); err != nil {
			return nil, r.D.Wrap("find aggregations", err)
		}
		a.Basis = foi.AggregationBasis(basis)
		out = append(out, a)
	}
	return out, r.D.Wrap("find aggregations", rows.Err())
}

// AddAggregation stores a new aggregation.
func (t *Tx) AddAggregation(ctx context.Context, a *foi.Aggregation) error {
	if a.CreatedAt.IsZero() {
		a.CreatedAt = t.Now
	}
	_, err := t.Q.Exec(ctx, `INSERT INTO cost_aggregations (request_id, related_id, basis, reason, user_id, by_name, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, a.RequestID, a.RelatedID, string(a.Basis), a.Reason, a.UserID, a.By, t.D.Instant(a.CreatedAt))
	switch {
	case t.D.IsUnique(err):
		return foi.Errorf(foi.ECONFLICT, "request %d is already aggregated with request %d", a.RelatedID, a.RequestID)
	case t.D.IsForeignKey(err):
		return foi.Errorf(foi.ENOTFOUND, "cannot aggregate: request %d or %d, or user %d, not found", a.RequestID, a.RelatedID, a.UserID)
	}
	return t.D.Wrap("add aggregation", err)
}

// RemoveAggregation withdraws an aggregation.
func (t *Tx) RemoveAggregation(ctx context.Context, requestID, relatedID int64) error {
	n, err := t.Q.Exec(ctx, `DELETE FROM cost_aggregations WHERE request_id = ? AND related_id = ?`, requestID, relatedID)
	if err != nil {
		return t.D.Wrap("remove aggregation", err)
	}
	if n == 0 {
		return foi.Errorf(foi.ENOTFOUND, "request %d is not aggregated with request %d", relatedID, requestID)
	}
	return nil
}
