package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"disclose/internal/foi"
)

// Findings, inspections and redactions (foi.SafetyReader, foi.SafetyWriter).

const findingColumns = `id, request_id, subject, hash, kind, location, why, excerpt, fixable, status, note, found_at, closed_at, closed_by`

func scanFinding(row pgx.Row) (*foi.Finding, error) {
	var (
		f             foi.Finding
		found, closed pgtype.Timestamptz
	)
	if err := row.Scan(&f.ID, &f.RequestID, &f.Subject, &f.Hash, &f.Kind, &f.Where, &f.Why, &f.Excerpt, &f.Fixable,
		&f.Status, &f.Note, &found, &closed, &f.ClosedBy); err != nil {
		return nil, err
	}
	f.FoundAt, f.ClosedAt = fromTimestamp(found), fromTimestamp(closed)
	return &f, nil
}

// FindFindings lists a request's findings, oldest first.
func (rd *reader) FindFindings(ctx context.Context, requestID int64) ([]*foi.Finding, error) {
	rows, err := rd.q.Query(ctx, `SELECT `+findingColumns+` FROM findings WHERE request_id = $1 ORDER BY id`, requestID)
	if err != nil {
		return nil, mapError(err, "find findings")
	}
	defer rows.Close()
	var out []*foi.Finding
	for rows.Next() {
		f, err := scanFinding(rows)
		if err != nil {
			return nil, mapError(err, "find findings")
		}
		out = append(out, f)
	}
	return out, mapError(rows.Err(), "find findings")
}

// FindFinding finds one finding.
func (rd *reader) FindFinding(ctx context.Context, id int64) (*foi.Finding, error) {
	f, err := scanFinding(rd.q.QueryRow(ctx, `SELECT `+findingColumns+` FROM findings WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, foi.Errorf(foi.ENOTFOUND, "finding %d not found", id)
	}
	if err != nil {
		return nil, mapError(err, "find finding")
	}
	return f, nil
}

// FindInspections lists the latest inspection of each subject of a request.
func (rd *reader) FindInspections(ctx context.Context, requestID int64) ([]*foi.Inspection, error) {
	rows, err := rd.q.Query(ctx, `SELECT request_id, subject, hash, inspected_at FROM inspections
		WHERE request_id = $1 ORDER BY subject`, requestID)
	if err != nil {
		return nil, mapError(err, "find inspections")
	}
	defer rows.Close()
	var out []*foi.Inspection
	for rows.Next() {
		var (
			in foi.Inspection
			at pgtype.Timestamptz
		)
		if err := rows.Scan(&in.RequestID, &in.Subject, &in.Hash, &at); err != nil {
			return nil, mapError(err, "find inspections")
		}
		in.At = fromTimestamp(at)
		out = append(out, &in)
	}
	return out, mapError(rows.Err(), "find inspections")
}

// FindRedactions lists a request's redactions, oldest first.
func (rd *reader) FindRedactions(ctx context.Context, requestID int64) ([]*foi.Redaction, error) {
	rows, err := rd.q.Query(ctx, `SELECT id, request_id, subject, original, masked, reason, count, redacted_at, redacted_by
		FROM redactions WHERE request_id = $1 ORDER BY id`, requestID)
	if err != nil {
		return nil, mapError(err, "find redactions")
	}
	defer rows.Close()
	var out []*foi.Redaction
	for rows.Next() {
		var (
			x  foi.Redaction
			at pgtype.Timestamptz
		)
		if err := rows.Scan(&x.ID, &x.RequestID, &x.Subject, &x.Original, &x.Masked, &x.Reason, &x.Count, &at, &x.By); err != nil {
			return nil, mapError(err, "find redactions")
		}
		x.At = fromTimestamp(at)
		out = append(out, &x)
	}
	return out, mapError(rows.Err(), "find redactions")
}

// CreateFinding stores a new finding.
func (tx *Tx) CreateFinding(ctx context.Context, f *foi.Finding) error {
	if f.FoundAt.IsZero() {
		f.FoundAt = tx.now
	}
	if f.Status == "" {
		f.Status = foi.FindingOpen
	}
	return tx.savepoint(ctx, func(q querier) error {
		err := q.QueryRow(ctx, `INSERT INTO findings (request_id, subject, hash, kind, location, why, excerpt, fixable,
				status, note, found_at, closed_at, closed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
				RETURNING id`,
			f.RequestID, f.Subject, f.Hash, f.Kind, f.Where, f.Why, f.Excerpt, f.Fixable, f.Status, f.Note,
			pgTime(f.FoundAt), pgTime(f.ClosedAt), f.ClosedBy).Scan(&f.ID)
		if isForeignKey(err) {
			return foi.Errorf(foi.ENOTFOUND, "request %d not found", f.RequestID)
		}
		return mapError(err, "create finding")
	})
}

// UpdateFinding saves a finding's status and who closed it.
func (tx *Tx) UpdateFinding(ctx context.Context, f *foi.Finding) error {
	tag, err := tx.q.Exec(ctx, `UPDATE findings SET status = $1, note = $2, closed_at = $3, closed_by = $4 WHERE id = $5`,
		f.Status, f.Note, pgTime(f.ClosedAt), f.ClosedBy, f.ID)
	if err != nil {
		return mapError(err, "update finding")
	}
	if tag.RowsAffected() == 0 {
		return foi.Errorf(foi.ENOTFOUND, "finding %d not found", f.ID)
	}
	return nil
}

// SaveInspection records the latest inspection of a subject.
func (tx *Tx) SaveInspection(ctx context.Context, in *foi.Inspection) error {
	if in.At.IsZero() {
		in.At = tx.now
	}
	return tx.savepoint(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `INSERT INTO inspections (request_id, subject, hash, inspected_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (request_id, subject) DO UPDATE SET hash = excluded.hash, inspected_at = excluded.inspected_at`,
			in.RequestID, in.Subject, in.Hash, pgTime(in.At))
		if isForeignKey(err) {
			return foi.Errorf(foi.ENOTFOUND, "request %d not found", in.RequestID)
		}
		return mapError(err, "save inspection")
	})
}

// UpdateRedaction saves a redaction's words and mask.
func (tx *Tx) UpdateRedaction(ctx context.Context, x *foi.Redaction) error {
	tag, err := tx.q.Exec(ctx, `UPDATE redactions SET original = $1, masked = $2 WHERE id = $3`, x.Original, x.Masked, x.ID)
	if err != nil {
		return mapError(err, "update redaction")
	}
	if tag.RowsAffected() == 0 {
		return foi.Errorf(foi.ENOTFOUND, "redaction %d not found", x.ID)
	}
	return nil
}

// CreateRedaction stores a redaction.
func (tx *Tx) CreateRedaction(ctx context.Context, x *foi.Redaction) error {
	if x.At.IsZero() {
		x.At = tx.now
	}
	return tx.savepoint(ctx, func(q querier) error {
		err := q.QueryRow(ctx, `INSERT INTO redactions (request_id, subject, original, masked, reason, count,
				redacted_at, redacted_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			x.RequestID, x.Subject, x.Original, x.Masked, x.Reason, x.Count, pgTime(x.At), x.By).Scan(&x.ID)
		if isForeignKey(err) {
			return foi.Errorf(foi.ENOTFOUND, "request %d not found", x.RequestID)
		}
		return mapError(err, "create redaction")
	})
}

func (s *Store) FindFindings(ctx context.Context, requestID int64) (v []*foi.Finding, err error) {
	err = s.view(ctx, func(rd *reader) error { v, err = rd.FindFindings(ctx, requestID); return err })
	return v, err
}

func (s *Store) FindFinding(ctx context.Context, id int64) (v *foi.Finding, err error) {
	err = s.view(ctx, func(rd *reader) error { v, err = rd.FindFinding(ctx, id); return err })
	return v, err
}

func (s *Store) FindInspections(ctx context.Context, requestID int64) (v []*foi.Inspection, err error) {
	err = s.view(ctx, func(rd *reader) error { v, err = rd.FindInspections(ctx, requestID); return err })
	return v, err
}

func (s *Store) FindRedactions(ctx context.Context, requestID int64) (v []*foi.Redaction, err error) {
	err = s.view(ctx, func(rd *reader) error { v, err = rd.FindRedactions(ctx, requestID); return err })
	return v, err
}
