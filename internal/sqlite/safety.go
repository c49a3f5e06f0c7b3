package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"disclose/internal/foi"
)

// Findings, inspections and redactions (foi.SafetyReader, foi.SafetyWriter).

const findingColumns = `id, request_id, subject, hash, kind, location, why, excerpt, fixable, status, note, found_at, closed_at, closed_by`

func scanFinding(row interface{ Scan(...any) error }) (*foi.Finding, error) {
	f := &foi.Finding{}
	err := row.Scan(&f.ID, &f.RequestID, &f.Subject, &f.Hash, &f.Kind, &f.Where, &f.Why, &f.Excerpt, &f.Fixable,
		&f.Status, &f.Note, scanInstant(&f.FoundAt), scanInstant(&f.ClosedAt), &f.ClosedBy)
	return f, err
}

// FindFindings lists a request's findings, oldest first.
func (r reader) FindFindings(ctx context.Context, requestID int64) ([]*foi.Finding, error) {
	rows, err := r.q().QueryContext(ctx, `SELECT `+findingColumns+` FROM findings WHERE request_id = ? ORDER BY id`, requestID)
	if err != nil {
		return nil, wrap("find findings", err)
	}
	defer rows.Close()
	var out []*foi.Finding
	for rows.Next() {
		f, err := scanFinding(rows)
		if err != nil {
			return nil, wrap("find findings", err)
		}
		out = append(out, f)
	}
	return out, wrap("find findings", rows.Err())
}

// FindFinding finds one finding.
func (r reader) FindFinding(ctx context.Context, id int64) (*foi.Finding, error) {
	f, err := scanFinding(r.q().QueryRowContext(ctx, `SELECT `+findingColumns+` FROM findings WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, foi.Errorf(foi.ENOTFOUND, "finding %d not found", id)
	}
	if err != nil {
		return nil, wrap("find finding", err)
	}
	return f, nil
}

// FindInspections lists the latest inspection of each subject of a request.
func (r reader) FindInspections(ctx context.Context, requestID int64) ([]*foi.Inspection, error) {
	rows, err := r.q().QueryContext(ctx, `SELECT request_id, subject, hash, inspected_at FROM inspections
		WHERE request_id = ? ORDER BY subject`, requestID)
	if err != nil {
		return nil, wrap("find inspections", err)
	}
	defer rows.Close()
	var out []*foi.Inspection
	for rows.Next() {
		in := &foi.Inspection{}
		if err := rows.Scan(&in.RequestID, &in.Subject, &in.Hash, scanInstant(&in.At)); err != nil {
			return nil, wrap("find inspections", err)
		}
		out = append(out, in)
	}
	return out, wrap("find inspections", rows.Err())
}

// FindRedactions lists a request's redactions, oldest first.
func (r reader) FindRedactions(ctx context.Context, requestID int64) ([]*foi.Redaction, error) {
	rows, err := r.q().QueryContext(ctx, `SELECT id, request_id, subject, original, masked, reason, count, redacted_at, redacted_by
		FROM redactions WHERE request_id = ? ORDER BY id`, requestID)
	if err != nil {
		return nil, wrap("find redactions", err)
	}
	defer rows.Close()
	var out []*foi.Redaction
	for rows.Next() {
		x := &foi.Redaction{}
		if err := rows.Scan(&x.ID, &x.RequestID, &x.Subject, &x.Original, &x.Masked, &x.Reason, &x.Count,
			scanInstant(&x.At), &x.By); err != nil {
			return nil, wrap("find redactions", err)
		}
		out = append(out, x)
	}
	return out, wrap("find redactions", rows.Err())
}

// CreateFinding stores a new finding.
func (t *tx) CreateFinding(ctx context.Context, f *foi.Finding) error {
	if f.FoundAt.IsZero() {
		f.FoundAt = t.now
	}
	if f.Status == "" {
		f.Status = foi.FindingOpen
	}
	res, err := t.tx.ExecContext(ctx, `INSERT INTO findings (request_id, subject, hash, kind, location, why, excerpt, fixable,
			status, note, found_at, closed_at, closed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		f.RequestID, f.Subject, f.Hash, f.Kind, f.Where, f.Why, f.Excerpt, f.Fixable, f.Status, f.Note,
		instant(f.FoundAt), instant(f.ClosedAt), f.ClosedBy)
	if isForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "request %d not found", f.RequestID)
	}
	if err != nil {
		return wrap("create finding", err)
	}
	f.ID, err = res.LastInsertId()
	return wrap("create finding", err)
}

// UpdateFinding saves a finding's status and who closed it.
func (t *tx) UpdateFinding(ctx context.Context, f *foi.Finding) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE findings SET status = ?, note = ?, closed_at = ?, closed_by = ? WHERE id = ?`,
		f.Status, f.Note, instant(f.ClosedAt), f.ClosedBy, f.ID)
	if err != nil {
		return wrap("update finding", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return foi.Errorf(foi.ENOTFOUND, "finding %d not found", f.ID)
	}
	return nil
}

// SaveInspection records the latest inspection of a subject.
func (t *tx) SaveInspection(ctx context.Context, in *foi.Inspection) error {
	if in.At.IsZero() {
		in.At = t.now
	}
	_, err := t.tx.ExecContext(ctx, `INSERT INTO inspections (request_id, subject, hash, inspected_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (request_id, subject) DO UPDATE SET hash = excluded.hash, inspected_at = excluded.inspected_at`,
		in.RequestID, in.Subject, in.Hash, instant(in.At))
	if isForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "request %d not found", in.RequestID)
	}
	return wrap("save inspection", err)
}

// UpdateRedaction saves a redaction's words and mask.
func (t *tx) UpdateRedaction(ctx context.Context, x *foi.Redaction) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE redactions SET original = ?, masked = ? WHERE id = ?`, x.Original, x.Masked, x.ID)
	if err != nil {
		return wrap("update redaction", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return foi.Errorf(foi.ENOTFOUND, "redaction %d not found", x.ID)
	}
	return nil
}

// CreateRedaction stores a redaction.
func (t *tx) CreateRedaction(ctx context.Context, x *foi.Redaction) error {
	if x.At.IsZero() {
		x.At = t.now
	}
	res, err := t.tx.ExecContext(ctx, `INSERT INTO redactions (request_id, subject, original, masked, reason, count,
			redacted_at, redacted_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		x.RequestID, x.Subject, x.Original, x.Masked, x.Reason, x.Count, instant(x.At), x.By)
	if isForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "request %d not found", x.RequestID)
	}
	if err != nil {
		return wrap("create redaction", err)
	}
	x.ID, err = res.LastInsertId()
	return wrap("create redaction", err)
}
