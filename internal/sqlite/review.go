package sqlite

import (
	"context"
	"encoding/json"

	"disclose/internal/foi"
)

const reviewColumns = `id, request_id, requested_on, late, grounds, due_on, extended, reviewer_id,
	outcome, decisions, note, completed_on, completed_by, created_at`

// FindReviews returns a request's internal reviews, oldest first.
func (r reader) FindReviews(ctx context.Context, requestID int64) ([]*foi.Review, error) {
	rows, err := r.q().QueryContext(ctx, `SELECT `+reviewColumns+` FROM reviews WHERE request_id = ? ORDER BY id`, requestID)
	if err != nil {
		return nil, wrap("find reviews", err)
	}
	defer rows.Close()
	var out []*foi.Review
	for rows.Next() {
		var (
			rv        foi.Review
			decisions string
		)
		if err := rows.Scan(&rv.ID, &rv.RequestID, scanDate(&rv.RequestedOn), &rv.Late, &rv.Grounds, scanDate(&rv.DueOn),
			&rv.Extended, scanID(&rv.ReviewerID), &rv.Outcome, &decisions, &rv.Note, scanDate(&rv.CompletedOn),
			scanID(&rv.CompletedBy), scanInstant(&rv.CreatedAt)); err != nil {
			return nil, wrap("find reviews", err)
		}
		if err := json.Unmarshal([]byte(decisions), &rv.Decisions); err != nil {
			return nil, wrap("find reviews: decisions", err)
		}
		out = append(out, &rv)
	}
	return out, wrap("find reviews", rows.Err())
}

func decisionsJSON(d []foi.PartDecision) (string, error) {
	if d == nil {
		d = []foi.PartDecision{}
	}
	b, err := json.Marshal(d)
	return string(b), err
}

// CreateReview stores a new review.
func (t *tx) CreateReview(ctx context.Context, rv *foi.Review) error {
	decisions, err := decisionsJSON(rv.Decisions)
	if err != nil {
		return err
	}
	res, err := t.tx.ExecContext(ctx, `INSERT INTO reviews (request_id, requested_on, late, grounds, due_on, extended,
		reviewer_id, outcome, decisions, note, completed_on, completed_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		rv.RequestID, date(rv.RequestedOn), rv.Late, rv.Grounds, date(rv.DueOn), rv.Extended, nullID(rv.ReviewerID),
		string(rv.Outcome), decisions, rv.Note, date(rv.CompletedOn), nullID(rv.CompletedBy), instant(t.now))
	if isForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "request %d not found", rv.RequestID)
	}
	if err != nil {
		return wrap("create review", err)
	}
	if rv.ID, err = res.LastInsertId(); err != nil {
		return wrap("create review", err)
	}
	rv.CreatedAt = t.now
	return nil
}

// UpdateReview saves a review's progress and outcome.
func (t *tx) UpdateReview(ctx context.Context, rv *foi.Review) error {
	decisions, err := decisionsJSON(rv.Decisions)
	if err != nil {
		return err
	}
	res, err := t.tx.ExecContext(ctx, `UPDATE reviews SET requested_on = ?, late = ?, grounds = ?, due_on = ?, extended = ?,
		reviewer_id = ?, outcome = ?, decisions = ?, note = ?, completed_on = ?, completed_by = ? WHERE id = ?`,
		date(rv.RequestedOn), rv.Late, rv.Grounds, date(rv.DueOn), rv.Extended, nullID(rv.ReviewerID),
		string(rv.Outcome), decisions, rv.Note, date(rv.CompletedOn), nullID(rv.CompletedBy), rv.ID)
	if err != nil {
		return wrap("update review", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return foi.Errorf(foi.ENOTFOUND, "review %d not found", rv.ID)
	}
	return nil
}

const regulatorColumns = `id, request_id, regulator, case_reference, complaint_on, decision_on, decision_outcome,
	compliance_due_on, appeal_due_on, appealed_on, appeal_outcome, closed_on, note, created_at, decision_number, steps`

// FindRegulatorCases returns a request's complaints to the regulator, oldest first.
func (r reader) FindRegulatorCases(ctx context.Context, requestID int64) ([]*foi.RegulatorCase, error) {
	rows, err := r.q().QueryContext(ctx, `SELECT `+regulatorColumns+` FROM regulator_cases WHERE request_id = ? ORDER BY id`, requestID)
	if err != nil {
		return nil, wrap("find regulator cases", err)
	}
	defer rows.Close()
	var out []*foi.RegulatorCase
	for rows.Next() {
		var c foi.RegulatorCase
		if err := rows.Scan(&c.ID, &c.RequestID, &c.Regulator, &c.CaseReference, scanDate(&c.ComplaintOn),
			scanDate(&c.DecisionOn), &c.DecisionOutcome, scanDate(&c.ComplianceDueOn), scanDate(&c.AppealDueOn),
			scanDate(&c.AppealedOn), &c.AppealOutcome, scanDate(&c.ClosedOn), &c.Note, scanInstant(&c.CreatedAt),
			&c.DecisionNumber, &c.Steps); err != nil {
			return nil, wrap("find regulator cases", err)
		}
		out = append(out, &c)
	}
	return out, wrap("find regulator cases", rows.Err())
}

// CreateRegulatorCase stores a new complaint to the regulator.
func (t *tx) CreateRegulatorCase(ctx context.Context, c *foi.RegulatorCase) error {
	res, err := t.tx.ExecContext(ctx, `INSERT INTO regulator_cases (request_id, regulator, case_reference, complaint_on,
		decision_on, decision_outcome, compliance_due_on, appeal_due_on, appealed_on, appeal_outcome, closed_on, note, created_at,
		decision_number, steps)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.RequestID, c.Regulator, c.CaseReference, date(c.ComplaintOn), date(c.DecisionOn), c.DecisionOutcome,
		date(c.ComplianceDueOn), date(c.AppealDueOn), date(c.AppealedOn), c.AppealOutcome, date(c.ClosedOn), c.Note, instant(t.now),
		c.DecisionNumber, c.Steps)
	if isForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "request %d not found", c.RequestID)
	}
	if err != nil {
		return wrap("create regulator case", err)
	}
	if c.ID, err = res.LastInsertId(); err != nil {
		return wrap("create regulator case", err)
	}
	c.CreatedAt = t.now
	return nil
}

// UpdateRegulatorCase saves a regulator case's progress.
func (t *tx) UpdateRegulatorCase(ctx context.Context, c *foi.RegulatorCase) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE regulator_cases SET regulator = ?, case_reference = ?, complaint_on = ?,
		decision_on = ?, decision_outcome = ?, compliance_due_on = ?, appeal_due_on = ?, appealed_on = ?, appeal_outcome = ?,
		closed_on = ?, note = ?, decision_number = ?, steps = ? WHERE id = ?`,
		c.Regulator, c.CaseReference, date(c.ComplaintOn), date(c.DecisionOn), c.DecisionOutcome, date(c.ComplianceDueOn),
		date(c.AppealDueOn), date(c.AppealedOn), c.AppealOutcome, date(c.ClosedOn), c.Note, c.DecisionNumber, c.Steps, c.ID)
	if err != nil {
		return wrap("update regulator case", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return foi.Errorf(foi.ENOTFOUND, "regulator case %d not found", c.ID)
	}
	return nil
}
