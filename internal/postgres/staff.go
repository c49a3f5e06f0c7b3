package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"disclose/internal/foi"
)

// The staff application's tables: sessions, login failures, second
// factors, part assignments, letters, attachments and blobs.

func isForeignKey(err error) bool {
	e := pgError(err)
	return e != nil && e.Code == codeForeignKeyViolation
}

// FindSession finds a session by the hash of its id.
func (rd *reader) FindSession(ctx context.Context, hash string) (*foi.Session, error) {
	var (
		s             foi.Session
		created, seen pgtype.Timestamptz
	)
	err := rd.q.QueryRow(ctx, `SELECT hash, user_id, created_at, last_seen_at, pending FROM sessions WHERE hash = $1`, hash).
		Scan(&s.Hash, &s.UserID, &created, &seen, &s.Pending)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, foi.Errorf(foi.ENOTFOUND, "no such session")
	}
	if err != nil {
		return nil, mapError(err, "find session")
	}
	s.CreatedAt, s.LastSeenAt = fromTimestamp(created), fromTimestamp(seen)
	return &s, nil
}

// CreateSession stores a new session.
func (tx *Tx) CreateSession(ctx context.Context, s *foi.Session) error {
	if s.CreatedAt.IsZero() {
		s.CreatedAt = tx.now
	}
	if s.LastSeenAt.IsZero() {
		s.LastSeenAt = s.CreatedAt
	}
	return tx.savepoint(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `INSERT INTO sessions (hash, user_id, created_at, last_seen_at, pending) VALUES ($1, $2, $3, $4, $5)`,
			s.Hash, s.UserID, pgTime(s.CreatedAt), pgTime(s.LastSeenAt), s.Pending)
		switch {
		case isConstraint(err, codeUniqueViolation, "sessions_pkey"):
			return foi.Errorf(foi.ECONFLICT, "that session already exists")
		case isForeignKey(err):
			return foi.Errorf(foi.ENOTFOUND, "there is no user with id %d", s.UserID)
		}
		return mapError(err, "create session")
	})
}

// TouchSession moves a session's last-seen time forward (never back).
func (tx *Tx) TouchSession(ctx context.Context, hash string, at time.Time) error {
	_, err := tx.q.Exec(ctx, `UPDATE sessions SET last_seen_at = greatest(last_seen_at, $1) WHERE hash = $2`, pgTime(at), hash)
	return mapError(err, "touch session")
}

// DeleteSession removes a session.
func (tx *Tx) DeleteSession(ctx context.Context, hash string) error {
	_, err := tx.q.Exec(ctx, `DELETE FROM sessions WHERE hash = $1`, hash)
	return mapError(err, "delete session")
}

// DeleteUserSessions removes all of a user's sessions.
func (tx *Tx) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := tx.q.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	return mapError(err, "delete sessions")
}

// CountLoginFailures counts failures against key since a time.
func (rd *reader) CountLoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := rd.q.QueryRow(ctx, `SELECT count(*) FROM login_failures WHERE key = $1 AND at >= $2`, key, pgTime(since)).Scan(&n)
	return n, mapError(err, "count login failures")
}

// AddLoginFailure records one failed sign-in against key.
func (tx *Tx) AddLoginFailure(ctx context.Context, key string, at time.Time) error {
	if at.IsZero() {
		at = tx.now
	}
	_, err := tx.q.Exec(ctx, `INSERT INTO login_failures (key, at) VALUES ($1, $2)`, key, pgTime(at))
	return mapError(err, "add login failure")
}

// ClaimLoginAttempt counts and records one attempt against key. Under READ
// COMMITTED two transactions would not see each other's new rows, so a
// transaction-scoped advisory lock on the key serialises the claims.
func (tx *Tx) ClaimLoginAttempt(ctx context.Context, key string, at, since time.Time) (foi.LoginClaim, error) {
	var (
		c      foi.LoginClaim
		latest pgtype.Timestamptz
	)
	_, err := tx.q.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('login:' || $1, 0))`, key)
	if err == nil {
		err = tx.q.QueryRow(ctx, `SELECT count(*), max(at) FROM login_failures WHERE key = $1 AND at >= $2`,
			key, pgTime(since)).Scan(&c.Earlier, &latest)
	}
	if err == nil {
		err = tx.q.QueryRow(ctx, `INSERT INTO login_failures (key, at) VALUES ($1, $2) RETURNING id`, key, pgTime(at)).Scan(&c.ID)
	}
	c.Latest = fromTimestamp(latest)
	return c, mapError(err, "claim login attempt")
}

// WithdrawLoginAttempt removes one claimed attempt.
func (tx *Tx) WithdrawLoginAttempt(ctx context.Context, id int64) error {
	_, err := tx.q.Exec(ctx, `DELETE FROM login_failures WHERE id = $1`, id)
	return mapError(err, "withdraw login attempt")
}

// ClearLoginFailures forgets the failures against key.
func (tx *Tx) ClearLoginFailures(ctx context.Context, key string) error {
	_, err := tx.q.Exec(ctx, `DELETE FROM login_failures WHERE key = $1`, key)
	return mapError(err, "clear login failures")
}

// FindTOTPSecret returns a user's second-factor secret.
func (rd *reader) FindTOTPSecret(ctx context.Context, userID int64) (string, error) {
	var s string
	err := rd.q.QueryRow(ctx, `SELECT secret FROM totp_secrets WHERE user_id = $1`, userID).Scan(&s)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", foi.Errorf(foi.ENOTFOUND, "user %d has no second factor", userID)
	}
	return s, mapError(err, "find totp secret")
}

// SetTOTPSecret sets or, with "", removes a user's second factor.
func (tx *Tx) SetTOTPSecret(ctx context.Context, userID int64, secret string) error {
	return tx.savepoint(ctx, func(q querier) error {
		var err error
		if secret == "" {
			_, err = q.Exec(ctx, `DELETE FROM totp_secrets WHERE user_id = $1`, userID)
		} else {
			_, err = q.Exec(ctx, `INSERT INTO totp_secrets (user_id, secret) VALUES ($1, $2)
				ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, last_step = 0`, userID, secret)
		}
		if isForeignKey(err) {
			return foi.Errorf(foi.ENOTFOUND, "there is no user with id %d", userID)
		}
		return mapError(err, "set totp secret")
	})
}

// UseTOTPStep records a used code's step, if it is newer than the last.
func (tx *Tx) UseTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	tag, err := tx.q.Exec(ctx, `UPDATE totp_secrets SET last_step = $1 WHERE user_id = $2 AND last_step < $1`, step, userID)
	if err != nil {
		return false, mapError(err, "use totp step")
	}
	return tag.RowsAffected() == 1, nil
}

// FindPartAssignments lists a request's part assignments.
func (rd *reader) FindPartAssignments(ctx context.Context, requestID int64) ([]*foi.PartAssignment, error) {
	rows, err := rd.q.Query(ctx, `SELECT request_id, part, user_id, due_on, note, created_at
		FROM part_assignments WHERE request_id = $1 ORDER BY part, user_id`, requestID)
	if err != nil {
		return nil, mapError(err, "find part assignments")
	}
	defer rows.Close()
	var out []*foi.PartAssignment
	for rows.Next() {
		var (
			a       foi.PartAssignment
			due     pgtype.Date
			created pgtype.Timestamptz
		)
		if err := rows.Scan(&a.RequestID, &a.Part, &a.UserID, &due, &a.Note, &created); err != nil {
			return nil, mapError(err, "find part assignments")
		}
		a.DueOn, a.CreatedAt = fromDate(due), fromTimestamp(created)
		out = append(out, &a)
	}
	return out, mapError(rows.Err(), "find part assignments")
}

// SetPartAssignment adds or replaces one assignment.
func (tx *Tx) SetPartAssignment(ctx context.Context, a *foi.PartAssignment) error {
	if a.CreatedAt.IsZero() {
		a.CreatedAt = tx.now
	}
	return tx.savepoint(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `INSERT INTO part_assignments (request_id, part, user_id, due_on, note, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (request_id, part, user_id) DO UPDATE SET due_on = excluded.due_on, note = excluded.note`,
			a.RequestID, a.Part, a.UserID, pgDate(a.DueOn), a.Note, pgTime(a.CreatedAt))
		if isForeignKey(err) {
			return foi.Errorf(foi.ENOTFOUND, "cannot assign: request %d or user %d not found", a.RequestID, a.UserID)
		}
		return mapError(err, "set part assignment")
	})
}

// DeletePartAssignments removes the assignments of one part.
func (tx *Tx) DeletePartAssignments(ctx context.Context, requestID int64, part int) error {
	_, err := tx.q.Exec(ctx, `DELETE FROM part_assignments WHERE request_id = $1 AND part = $2`, requestID, part)
	return mapError(err, "delete part assignments")
}

const letterColumns = `id, request_id, kind, body, created_at, created_by, approved_at, approved_by, sent_at, sent_by`

func scanLetter(row pgx.Row) (*foi.Letter, error) {
	var (
		l                       foi.Letter
		created, approved, sent pgtype.Timestamptz
	)
	if err := row.Scan(&l.ID, &l.RequestID, &l.Kind, &l.Body, &created, &l.CreatedBy, &approved, &l.ApprovedBy, &sent, &l.SentBy); err != nil {
		return nil, err
	}
	l.CreatedAt, l.ApprovedAt, l.SentAt = fromTimestamp(created), fromTimestamp(approved), fromTimestamp(sent)
	return &l, nil
}

// FindLetters lists a request's letters, oldest first.
func (rd *reader) FindLetters(ctx context.Context, requestID int64) ([]*foi.Letter, error) {
	rows, err := rd.q.Query(ctx, `SELECT `+letterColumns+` FROM letters WHERE request_id = $1 ORDER BY id`, requestID)
	if err != nil {
		return nil, mapError(err, "find letters")
	}
	defer rows.Close()
	var out []*foi.Letter
	for rows.Next() {
		l, err := scanLetter(rows)
		if err != nil {
			return nil, mapError(err, "find letters")
		}
		out = append(out, l)
	}
	return out, mapError(rows.Err(), "find letters")
}

// FindLetter finds one letter.
func (rd *reader) FindLetter(ctx context.Context, id int64) (*foi.Letter, error) {
	l, err := scanLetter(rd.q.QueryRow(ctx, `SELECT `+letterColumns+` FROM letters WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, foi.Errorf(foi.ENOTFOUND, "letter %d not found", id)
	}
	if err != nil {
		return nil, mapError(err, "find letter")
	}
	return l, nil
}

// CreateLetter stores a new letter.
func (tx *Tx) CreateLetter(ctx context.Context, l *foi.Letter) error {
	if l.CreatedAt.IsZero() {
		l.CreatedAt = tx.now
	}
	return tx.savepoint(ctx, func(q querier) error {
		err := q.QueryRow(ctx, `INSERT INTO letters (request_id, kind, body, created_at, created_by, approved_at,
				approved_by, sent_at, sent_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			l.RequestID, l.Kind, l.Body, pgTime(l.CreatedAt), l.CreatedBy, pgTime(l.ApprovedAt), l.ApprovedBy,
			pgTime(l.SentAt), l.SentBy).Scan(&l.ID)
		if isForeignKey(err) {
			return foi.Errorf(foi.ENOTFOUND, "request %d not found", l.RequestID)
		}
		return mapError(err, "create letter")
	})
}

// UpdateLetter saves a letter's body, approval and sending.
func (tx *Tx) UpdateLetter(ctx context.Context, l *foi.Letter) error {
	tag, err := tx.q.Exec(ctx, `UPDATE letters SET body = $1, approved_at = $2, approved_by = $3, sent_at = $4, sent_by = $5
		WHERE id = $6`, l.Body, pgTime(l.ApprovedAt), l.ApprovedBy, pgTime(l.SentAt), l.SentBy, l.ID)
	if err != nil {
		return mapError(err, "update letter")
	}
	if tag.RowsAffected() == 0 {
		return foi.Errorf(foi.ENOTFOUND, "letter %d not found", l.ID)
	}
	return nil
}

// FindBlob returns stored content by hash.
func (rd *reader) FindBlob(ctx context.Context, hash string) ([]byte, error) {
	var b []byte
	err := rd.q.QueryRow(ctx, `SELECT data FROM blobs WHERE hash = $1`, hash).Scan(&b)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, foi.Errorf(foi.ENOTFOUND, "no content with hash %s", hash)
	}
	return b, mapError(err, "find blob")
}

// PutBlob stores content once per hash.
func (tx *Tx) PutBlob(ctx context.Context, hash string, data []byte) error {
	if data == nil {
		data = []byte{}
	}
	_, err := tx.q.Exec(ctx, `INSERT INTO blobs (hash, data) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING`, hash, data)
	return mapError(err, "put blob")
}

const attachmentColumns = `id, request_id, name, content_type, hash, size, release, uploaded_at, uploaded_by, inbound_id, clean_of`

func scanAttachment(row pgx.Row) (*foi.CaseAttachment, error) {
	var (
		a       foi.CaseAttachment
		at      pgtype.Timestamptz
		inbound pgtype.Int8
		cleanOf pgtype.Int8
	)
	if err := row.Scan(&a.ID, &a.RequestID, &a.Name, &a.ContentType, &a.Hash, &a.Size, &a.Release, &at, &a.UploadedBy, &inbound, &cleanOf); err != nil {
		return nil, err
	}
	a.UploadedAt, a.InboundID, a.CleanOf = fromTimestamp(at), fromID(inbound), fromID(cleanOf)
	return &a, nil
}

// FindAttachments lists a request's attachments, oldest first.
func (rd *reader) FindAttachments(ctx context.Context, requestID int64) ([]*foi.CaseAttachment, error) {
	rows, err := rd.q.Query(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE request_id = $1 ORDER BY id`, requestID)
	if err != nil {
		return nil, mapError(err, "find attachments")
	}
	defer rows.Close()
	var out []*foi.CaseAttachment
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return nil, mapError(err, "find attachments")
		}
		out = append(out, a)
	}
	return out, mapError(rows.Err(), "find attachments")
}

// FindAttachment finds one attachment.
func (rd *reader) FindAttachment(ctx context.Context, id int64) (*foi.CaseAttachment, error) {
	a, err := scanAttachment(rd.q.QueryRow(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, foi.Errorf(foi.ENOTFOUND, "attachment %d not found", id)
	}
	if err != nil {
		return nil, mapError(err, "find attachment")
	}
	return a, nil
}

// CreateAttachment stores an attachment whose blob is already stored.
func (tx *Tx) CreateAttachment(ctx context.Context, a *foi.CaseAttachment) error {
	if a.UploadedAt.IsZero() {
		a.UploadedAt = tx.now
	}
	return tx.savepoint(ctx, func(q querier) error {
		err := q.QueryRow(ctx, `INSERT INTO attachments (request_id, name, content_type, hash, size, release,
				uploaded_at, uploaded_by, inbound_id, clean_of) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			a.RequestID, a.Name, a.ContentType, a.Hash, a.Size, a.Release, pgTime(a.UploadedAt), a.UploadedBy,
			pgID(a.InboundID), pgID(a.CleanOf)).Scan(&a.ID)
		if isForeignKey(err) {
			return foi.Errorf(foi.ENOTFOUND, "request %d, content %s or inbound message %d not found", a.RequestID, a.Hash, a.InboundID)
		}
		return mapError(err, "create attachment")
	})
}

// UpdateAttachment saves the release mark.
func (tx *Tx) UpdateAttachment(ctx context.Context, a *foi.CaseAttachment) error {
	tag, err := tx.q.Exec(ctx, `UPDATE attachments SET release = $1 WHERE id = $2`, a.Release, a.ID)
	if err != nil {
		return mapError(err, "update attachment")
	}
	if tag.RowsAffected() == 0 {
		return foi.Errorf(foi.ENOTFOUND, "attachment %d not found", a.ID)
	}
	return nil
}

// Reader methods of the Store for the staff tables, each in its own
// read-only transaction.

func (s *Store) FindSession(ctx context.Context, hash string) (v *foi.Session, err error) {
	err = s.view(ctx, func(rd *reader) error { v, err = rd.FindSession(ctx, hash); return err })
	return v, err
}

func (s *Store) CountLoginFailures(ctx context.Context, key string, since time.Time) (n int, err error) {
	err = s.view(ctx, func(rd *reader) error { n, err = rd.CountLoginFailures(ctx, key, since); return err })
	return n, err
}

func (s *Store) FindTOTPSecret(ctx context.Context, userID int64) (v string, err error) {
	err = s.view(ctx, func(rd *reader) error { v, err = rd.FindTOTPSecret(ctx, userID); return err })
	return v, err
}

func (s *Store) FindPartAssignments(ctx context.Context, requestID int64) (v []*foi.PartAssignment, err error) {
	err = s.view(ctx, func(rd *reader) error { v, err = rd.FindPartAssignments(ctx, requestID); return err })
	return v, err
}

func (s *Store) FindLetters(ctx context.Context, requestID int64) (v []*foi.Letter, err error) {
	err = s.view(ctx, func(rd *reader) error { v, err = rd.FindLetters(ctx, requestID); return err })
	return v, err
}

func (s *Store) FindLetter(ctx context.Context, id int64) (v *foi.Letter, err error) {
	err = s.view(ctx, func(rd *reader) error { v, err = rd.FindLetter(ctx, id); return err })
	return v, err
}

func (s *Store) FindAttachments(ctx context.Context, requestID int64) (v []*foi.CaseAttachment, err error) {
	err = s.view(ctx, func(rd *reader) error { v, err = rd.FindAttachments(ctx, requestID); return err })
	return v, err
}

func (s *Store) FindAttachment(ctx context.Context, id int64) (v *foi.CaseAttachment, err error) {
	err = s.view(ctx, func(rd *reader) error { v, err = rd.FindAttachment(ctx, id); return err })
	return v, err
}

func (s *Store) FindBlob(ctx context.Context, hash string) (v []byte, err error) {
	err = s.view(ctx, func(rd *reader) error { v, err = rd.FindBlob(ctx, hash); return err })
	return v, err
}
