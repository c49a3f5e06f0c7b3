package postgres

import (
	"context"
	"encoding/json"

	"github.com/jackc/pgx/v5/pgtype"

	"disclose/internal/foi"
)

const reviewColumns = `id, request_id, requested_on, late, grounds, due_on, extended, reviewer_id,
	outcome, decisions, note, completed_on, completed_by, created_at`

func (s *Store) FindReviews(ctx context.Context, requestID int64) (rs []*foi.Review, err error) {
	err = s.view(ctx, func(rd *reader) error { rs, err = rd.FindReviews(ctx, requestID); return err })
	return rs, err
}

func (s *Store) FindRegulatorCases(ctx context.Context, requestID int64) (cs []*foi.RegulatorCase, err error) {
	err = s.view(ctx, func(rd *reader) error { cs, err = rd.FindRegulatorCases(ctx, requestID); return err })
	return cs, err
}

// FindReviews returns a request's internal reviews, oldest first.
func (rd *reader) FindReviews(ctx context.Context, requestID int64) ([]*foi.Review, error) {
	rows, err := rd.q.Query(ctx, `SELECT `+reviewColumns+` FROM reviews WHERE request_id = $1 ORDER BY id`, requestID)
	if err != nil {
		return nil, mapError(err, "find reviews")
	}
	defer rows.Close()
	var out []*foi.Review
	for rows.Next() {
		var (
			rv                        foi.Review
			requested, due, completed pgtype.Date
			reviewer, completedBy     pgtype.Int8
			outcome, decisions        string
			created                   pgtype.Timestamptz
		)
		if err := rows.Scan(&rv.ID, &rv.RequestID, &requested, &rv.Late, &rv.Grounds, &due, &rv.Extended, &reviewer,
			&outcome, &decisions, &rv.Note, &completed, &completedBy, &created); err != nil {
			return nil, mapError(err, "find reviews")
		}
		if err := json.Unmarshal([]byte(decisions), &rv.Decisions); err != nil {
			return nil, mapError(err, "find reviews: decisions")
		}
		rv.RequestedOn, rv.DueOn, rv.CompletedOn = fromDate(requested), fromDate(due), fromDate(completed)
		rv.ReviewerID, rv.CompletedBy = fromID(reviewer), fromID(completedBy)
		rv.Outcome, rv.CreatedAt = foi.ReviewOutcome(outcome), fromTimestamp(created)
		out = append(out, &rv)
	}
	return out, mapError(rows.Err(), "find reviews")
}

func decisionsJSON(d []foi.PartDecision) (string, error) {
	if d == nil {
		d = []foi.PartDecision{}
	}
	b, err := json.Marshal(d)
	return string(b), err
}

// CreateReview stores a new review.
func (tx *Tx) CreateReview(ctx context.Context, rv *foi.Review) error {
	decisions, err := decisionsJSON(rv.Decisions)
	if err != nil {
		return err
	}
	err = tx.savepoint(ctx, func(q querier) error {
		return q.QueryRow(ctx, `INSERT INTO reviews (request_id, requested_on, late, grounds, due_on, extended,
			reviewer_id, outcome, decisions, note, completed_on, completed_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
			rv.RequestID, pgDate(rv.RequestedOn), rv.Late, rv.Grounds, pgDate(rv.DueOn), rv.Extended, pgID(rv.ReviewerID),
			string(rv.Outcome), decisions, rv.Note, pgDate(rv.CompletedOn), pgID(rv.CompletedBy), pgTime(tx.now)).Scan(&rv.ID)
	})
	if isConstraint(err, codeForeignKeyViolation, "reviews_request_id_fkey") {
		return foi.Errorf(foi.ENOTFOUND, "request %d not found", rv.RequestID)
	}
	if err != nil {
		return mapError(err, "create review")
	}
	rv.CreatedAt = tx.now
	return nil
}

// UpdateReview saves a review's progress and outcome.
func (tx *Tx) UpdateReview(ctx context.Context, rv *foi.Review) error {
	decisions, err := decisionsJSON(rv.Decisions)
	if err != nil {
		return err
	}
	tag, err := tx.q.Exec(ctx, `UPDATE reviews SET requested_on = $1, late = $2, grounds = $3, due_on = $4, extended = $5,
		reviewer_id = $6, outcome = $7, decisions = $8, note = $9, completed_on = $10, completed_by = $11 WHERE id = $12`,
		pgDate(rv.RequestedOn), rv.Late, rv.Grounds, pgDate(rv.DueOn), rv.Extended, pgID(rv.ReviewerID),
		string(rv.Outcome), decisions, rv.Note, pgDate(rv.CompletedOn), pgID(rv.CompletedBy), rv.ID)
	if err != nil {
		return mapError(err, "update review")
	}
	if tag.RowsAffected() == 0 {
		return foi.Errorf(foi.ENOTFOUND, "review %d not found", rv.ID)
	}
	return nil
}

const regulatorColumns = `id, request_id, regulator, case_reference, complaint_on, decision_on, decision_outcome,
	compliance_due_on, appeal_due_on, appealed_on, appeal_outcome, closed_on, note, created_at, decision_number, steps`

// FindRegulatorCases returns a request's complaints to the regulator, oldest first.
func (rd *reader) FindRegulatorCases(ctx context.Context, requestID int64) ([]*foi.RegulatorCase, error) {
	rows, err := rd.q.Query(ctx, `SELECT `+regulatorColumns+` FROM regulator_cases WHERE request_id = $1 ORDER BY id`, requestID)
	if err != nil {
		return nil, mapError(err, "find regulator cases")
	}
	defer rows.Close()
	var out []*foi.RegulatorCase
	for rows.Next() {
		var (
			c                                                    foi.RegulatorCase
			complaint, decision, compliance, appealDue, appealed pgtype.Date
			closed                                               pgtype.Date
			created                                              pgtype.Timestamptz
		)
		if err := rows.Scan(&c.ID, &c.RequestID, &c.Regulator, &c.CaseReference, &complaint, &decision, &c.DecisionOutcome,
			&compliance, &appealDue, &appealed, &c.AppealOutcome, &closed, &c.Note, &created, &c.DecisionNumber, &c.Steps); err != nil {
			return nil, mapError(err, "find regulator cases")
		}
		c.ComplaintOn, c.DecisionOn, c.ComplianceDueOn = fromDate(complaint), fromDate(decision), fromDate(compliance)
		c.AppealDueOn, c.AppealedOn, c.ClosedOn = fromDate(appealDue), fromDate(appealed), fromDate(closed)
		c.CreatedAt = fromTimestamp(created)
		out = append(out, &c)
	}
	return out, mapError(rows.Err(), "find regulator cases")
}

// CreateRegulatorCase stores a new complaint to the regulator.
func (tx *Tx) CreateRegulatorCase(ctx context.Context, c *foi.RegulatorCase) error {
	err := tx.savepoint(ctx, func(q querier) error {
		return q.QueryRow(ctx, `INSERT INTO regulator_cases (request_id, regulator, case_reference, complaint_on,
			decision_on, decision_outcome, compliance_due_on, appeal_due_on, appealed_on, appeal_outcome, closed_on, note, created_at,
			decision_number, steps)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
			c.RequestID, c.Regulator, c.CaseReference, pgDate(c.ComplaintOn), pgDate(c.DecisionOn), c.DecisionOutcome,
			pgDate(c.ComplianceDueOn), pgDate(c.AppealDueOn), pgDate(c.AppealedOn), c.AppealOutcome, pgDate(c.ClosedOn),
			c.Note, pgTime(tx.now), c.DecisionNumber, c.Steps).Scan(&c.ID)
	})
	if isConstraint(err, codeForeignKeyViolation, "regulator_cases_request_id_fkey") {
		return foi.Errorf(foi.ENOTFOUND, "request %d not found", c.RequestID)
	}
	if err != nil {
		return mapError(err, "create regulator case")
	}
	c.CreatedAt = tx.now
	return nil
}

// UpdateRegulatorCase saves a regulator case's progress.
func (tx *Tx) UpdateRegulatorCase(ctx context.Context, c *foi.RegulatorCase) error {
	tag, err := tx.q.Exec(ctx, `UPDATE regulator_cases SET regulator = $1, case_reference = $2, complaint_on = $3,
		decision_on = $4, decision_outcome = $5, compliance_due_on = $6, appeal_due_on = $7, appealed_on = $8,
		appeal_outcome = $9, closed_on = $10, note = $11, decision_number = $12, steps = $13 WHERE id = $14`,
		c.Regulator, c.CaseReference, pgDate(c.ComplaintOn), pgDate(c.DecisionOn), c.DecisionOutcome,
		pgDate(c.ComplianceDueOn), pgDate(c.AppealDueOn), pgDate(c.AppealedOn), c.AppealOutcome, pgDate(c.ClosedOn), c.Note,
		c.DecisionNumber, c.Steps, c.ID)
	if err != nil {
		return mapError(err, "update regulator case")
	}
	if tag.RowsAffected() == 0 {
		return foi.Errorf(foi.ENOTFOUND, "regulator case %d not found", c.ID)
	}
	return nil
}
