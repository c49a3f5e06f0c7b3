// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"

	"disclose/internal/foi"
)

// Findings, inspections and redactions (foi.SafetyReader, foi.SafetyWriter).

const findingColumns = `id, request_id, subject, hash, kind, location, why, excerpt, fixable, status, note, found_at, closed_at, closed_by`

func scanFinding(row Row) (*foi.Finding, error) {
	f := &foi.Finding{}
	err := row.Scan(&f.ID, &f.RequestID, &f.Subject, &f.Hash, &f.Kind, &f.Where, &f.Why, &f.Excerpt, &f.Fixable,
		&f.Status, &f.Note, ScanInstant(&f.FoundAt), ScanInstant(&f.ClosedAt), &f.ClosedBy)
	return f, err
}

// FindFindings lists a request's findings, oldest first.
func (r *Reader) FindFindings(ctx context.Context, requestID int64) ([]*foi.Finding, error) {
	out, err := List(ctx, r.Q, scanFinding, `SELECT `+findingColumns+` FROM findings WHERE request_id = ? ORDER BY id`, requestID)
	return out, r.D.Wrap("find findings", err)
}

// FindFinding finds one finding.
func (r *Reader) FindFinding(ctx context.Context, id int64) (*foi.Finding, error) {
	f, err := scanFinding(r.Q.QueryRow(ctx, `SELECT `+findingColumns+` FROM findings WHERE id = ?`, id))
	return found(r.D, "find finding", f, err, "finding %d not found", id)
}

// FindInspections lists the latest inspection of each subject of a request.
func (r *Reader) FindInspections(ctx context.Context, requestID int64) ([]*foi.Inspection, error) {
	out, err := List(ctx, r.Q, func(row Row) (*foi.Inspection, error) {
		in := &foi.Inspection{}
		return in, row.Scan(&in.RequestID, &in.Subject, &in.Hash, ScanInstant(&in.At))
	}, `SELECT request_id, subject, hash, inspected_at FROM inspections
		WHERE request_id = ? ORDER BY subject`, requestID)
	return out, r.D.Wrap("find inspections", err)
}

// FindRedactions lists a request's redactions, oldest first.
func (r *Reader) FindRedactions(ctx context.Context, requestID int64) ([]*foi.Redaction, error) {
	out, err := List(ctx, r.Q, func(row Row) (*foi.Redaction, error) {
		x := &foi.Redaction{}
		return x, row.Scan(&x.ID, &x.RequestID, &x.Subject, &x.Original, &x.Masked, &x.Reason, &x.Count,
			ScanInstant(&x.At), &x.By)
	}, `SELECT id, request_id, subject, original, masked, reason, count, redacted_at, redacted_by
		FROM redactions WHERE request_id = ? ORDER BY id`, requestID)
	return out, r.D.Wrap("find redactions", err)
}

// CreateFinding stores a new finding.
func (t *Tx) CreateFinding(ctx context.Context, f *foi.Finding) error {
	if f.FoundAt.IsZero() {
		f.FoundAt = t.Now
	}
	if f.Status == "" {
		f.Status = foi.FindingOpen
	}
	err := t.D.Savepoint(ctx, t.Q, func(q Querier) error {
		return q.QueryRow(ctx, `INSERT INTO findings (request_id, subject, hash, kind, location, why, excerpt, fixable,
				status, note, found_at, closed_at, closed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			f.RequestID, f.Subject, f.Hash, f.Kind, f.Where, f.Why, f.Excerpt, f.Fixable, f.Status, f.Note,
			t.D.Instant(f.FoundAt), t.D.Instant(f.ClosedAt), f.ClosedBy).Scan(&f.ID)
	})
	if t.D.IsForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "request %d not found", f.RequestID)
	}
	return t.D.Wrap("create finding", err)
}

// UpdateFinding saves a finding's status and who closed it.
func (t *Tx) UpdateFinding(ctx context.Context, f *foi.Finding) error {
	n, err := t.Q.Exec(ctx, `UPDATE findings SET status = ?, note = ?, closed_at = ?, closed_by = ? WHERE id = ?`,
		f.Status, f.Note, t.D.Instant(f.ClosedAt), f.ClosedBy, f.ID)
	return changed(t.D, "update finding", n, err, foi.ENOTFOUND, "finding %d not found", f.ID)
}

// SaveInspection records the latest inspection of a subject.
func (t *Tx) SaveInspection(ctx context.Context, in *foi.Inspection) error {
	if in.At.IsZero() {
		in.At = t.Now
	}
	err := t.D.Savepoint(ctx, t.Q, func(q Querier) error {
		_, err := q.Exec(ctx, `INSERT INTO inspections (request_id, subject, hash, inspected_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (request_id, subject) DO UPDATE SET hash = excluded.hash, inspected_at = excluded.inspected_at`,
			in.RequestID, in.Subject, in.Hash, t.D.Instant(in.At))
		return err
	})
	if t.D.IsForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "request %d not found", in.RequestID)
	}
	return t.D.Wrap("save inspection", err)
}

// UpdateRedaction saves a redaction's words and mask.
func (t *Tx) UpdateRedaction(ctx context.Context, x *foi.Redaction) error {
	n, err := t.Q.Exec(ctx, `UPDATE redactions SET original = ?, masked = ? WHERE id = ?`, x.Original, x.Masked, x.ID)
	return changed(t.D, "update redaction", n, err, foi.ENOTFOUND, "redaction %d not found", x.ID)
}

// CreateRedaction stores a redaction.
func (t *Tx) CreateRedaction(ctx context.Context, x *foi.Redaction) error {
	if x.At.IsZero() {
		x.At = t.Now
	}
	err := t.D.Savepoint(ctx, t.Q, func(q Querier) error {
		return q.QueryRow(ctx, `INSERT INTO redactions (request_id, subject, original, masked, reason, count,
				redacted_at, redacted_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			x.RequestID, x.Subject, x.Original, x.Masked, x.Reason, x.Count, t.D.Instant(x.At), x.By).Scan(&x.ID)
	})
	if t.D.IsForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "request %d not found", x.RequestID)
	}
	return t.D.Wrap("create redaction", err)
}
