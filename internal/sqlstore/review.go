// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"encoding/json"

	"disclose/internal/foi"
)

const reviewColumns = `id, request_id, requested_on, late, grounds, due_on, extended, reviewer_id,
	outcome, decisions, note, completed_on, completed_by, created_at`

// FindReviews returns a request's internal reviews, oldest first.
func (r *Reader) FindReviews(ctx context.Context, requestID int64) ([]*foi.Review, error) {
	out, err := List(ctx, r.Q, func(row Row) (*foi.Review, error) {
		var (
			rv        foi.Review
			decisions string
		)
		if err := row.Scan(&rv.ID, &rv.RequestID, ScanDate(&rv.RequestedOn), &rv.Late, &rv.Grounds, ScanDate(&rv.DueOn),
			&rv.Extended, ScanID(&rv.ReviewerID), &rv.Outcome, &decisions, &rv.Note, ScanDate(&rv.CompletedOn),
			ScanID(&rv.CompletedBy), ScanInstant(&rv.CreatedAt)); err != nil {
			return nil, err
		}
		return &rv, json.Unmarshal([]byte(decisions), &rv.Decisions)
	}, `SELECT `+reviewColumns+` FROM reviews WHERE request_id = ? ORDER BY id`, requestID)
	return out, r.D.Wrap("find reviews", err)
}

func decisionsJSON(d []foi.PartDecision) string {
	if d == nil {
		d = []foi.PartDecision{}
	}
	b, _ := json.Marshal(d) // plain fields always marshal
	return string(b)
}

// CreateReview stores a new review.
func (t *Tx) CreateReview(ctx context.Context, rv *foi.Review) error {
	err := t.D.Savepoint(ctx, t.Q, func(q Querier) error {
		return q.QueryRow(ctx, `INSERT INTO reviews (request_id, requested_on, late, grounds, due_on, extended,
			reviewer_id, outcome, decisions, note, completed_on, completed_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			rv.RequestID, t.D.Date(rv.RequestedOn), rv.Late, rv.Grounds, t.D.Date(rv.DueOn), rv.Extended, ID(rv.ReviewerID),
			string(rv.Outcome), decisionsJSON(rv.Decisions), rv.Note, t.D.Date(rv.CompletedOn), ID(rv.CompletedBy),
			t.D.Instant(t.Now)).Scan(&rv.ID)
	})
	if t.D.IsForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "request %d not found", rv.RequestID)
	}
	if err != nil {
		return t.D.Wrap("create review", err)
	}
	rv.CreatedAt = t.Now
	return nil
}

// UpdateReview saves a review's progress and outcome.
func (t *Tx) UpdateReview(ctx context.Context, rv *foi.Review) error {
	n, err := t.Q.Exec(ctx, `UPDATE reviews SET requested_on = ?, late = ?, grounds = ?, due_on = ?, extended = ?,
		reviewer_id = ?, outcome = ?, decisions = ?, note = ?, completed_on = ?, completed_by = ? WHERE id = ?`,
		t.D.Date(rv.RequestedOn), rv.Late, rv.Grounds, t.D.Date(rv.DueOn), rv.Extended, ID(rv.ReviewerID),
		string(rv.Outcome), decisionsJSON(rv.Decisions), rv.Note, t.D.Date(rv.CompletedOn), ID(rv.CompletedBy), rv.ID)
	return changed(t.D, "update review", n, err, foi.ENOTFOUND, "review %d not found", rv.ID)
}

const regulatorColumns = `id, request_id, regulator, case_reference, complaint_on, decision_on, decision_outcome,
	compliance_due_on, appeal_due_on, appealed_on, appeal_outcome, closed_on, note, created_at, decision_number, steps`

// FindRegulatorCases returns a request's complaints to the regulator, oldest first.
func (r *Reader) FindRegulatorCases(ctx context.Context, requestID int64) ([]*foi.RegulatorCase, error) {
	out, err := List(ctx, r.Q, func(row Row) (*foi.RegulatorCase, error) {
		var c foi.RegulatorCase
		return &c, row.Scan(&c.ID, &c.RequestID, &c.Regulator, &c.CaseReference, ScanDate(&c.ComplaintOn),
			ScanDate(&c.DecisionOn), &c.DecisionOutcome, ScanDate(&c.ComplianceDueOn), ScanDate(&c.AppealDueOn),
			ScanDate(&c.AppealedOn), &c.AppealOutcome, ScanDate(&c.ClosedOn), &c.Note, ScanInstant(&c.CreatedAt),
			&c.DecisionNumber, &c.Steps)
	}, `SELECT `+regulatorColumns+` FROM regulator_cases WHERE request_id = ? ORDER BY id`, requestID)
	return out, r.D.Wrap("find regulator cases", err)
}

// CreateRegulatorCase stores a new complaint to the regulator.
func (t *Tx) CreateRegulatorCase(ctx context.Context, c *foi.RegulatorCase) error {
	err := t.D.Savepoint(ctx, t.Q, func(q Querier) error {
		return q.QueryRow(ctx, `INSERT INTO regulator_cases (request_id, regulator, case_reference, complaint_on,
			decision_on, decision_outcome, compliance_due_on, appeal_due_on, appealed_on, appeal_outcome, closed_on, note, created_at,
			decision_number, steps)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			c.RequestID, c.Regulator, c.CaseReference, t.D.Date(c.ComplaintOn), t.D.Date(c.DecisionOn), c.DecisionOutcome,
			t.D.Date(c.ComplianceDueOn), t.D.Date(c.AppealDueOn), t.D.Date(c.AppealedOn), c.AppealOutcome,
			t.D.Date(c.ClosedOn), c.Note, t.D.Instant(t.Now), c.DecisionNumber, c.Steps).Scan(&c.ID)
	})
	if t.D.IsForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "request %d not found", c.RequestID)
	}
	if err != nil {
		return t.D.Wrap("create regulator case", err)
	}
	c.CreatedAt = t.Now
	return nil
}

// UpdateRegulatorCase saves a regulator case's progress.
func (t *Tx) UpdateRegulatorCase(ctx context.Context, c *foi.RegulatorCase) error {
	n, err := t.Q.Exec(ctx, `UPDATE regulator_cases SET regulator = ?, case_reference = ?, complaint_on = ?,
		decision_on = ?, decision_outcome = ?, compliance_due_on = ?, appeal_due_on = ?, appealed_on = ?, appeal_outcome = ?,
		closed_on = ?, note = ?, decision_number = ?, steps = ? WHERE id = ?`,
		c.Regulator, c.CaseReference, t.D.Date(c.ComplaintOn), t.D.Date(c.DecisionOn), c.DecisionOutcome,
		t.D.Date(c.ComplianceDueOn), t.D.Date(c.AppealDueOn), t.D.Date(c.AppealedOn), c.AppealOutcome,
		t.D.Date(c.ClosedOn), c.Note, c.DecisionNumber, c.Steps, c.ID)
	return changed(t.D, "update regulator case", n, err, foi.ENOTFOUND, "regulator case %d not found", c.ID)
}
