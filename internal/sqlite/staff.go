package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"disclose/internal/foi"
)

// The staff application's tables: sessions, login failures, second
// factors, part assignments, letters, attachments and blobs.

// FindSession finds a session by the hash of its id.
func (r reader) FindSession(ctx context.Context, hash string) (*foi.Session, error) {
	s := &foi.Session{}
	err := r.q().QueryRowContext(ctx, `SELECT hash, user_id, created_at, last_seen_at, pending FROM sessions WHERE hash = ?`, hash).
		Scan(&s.Hash, &s.UserID, scanInstant(&s.CreatedAt), scanInstant(&s.LastSeenAt), &s.Pending)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, foi.Errorf(foi.ENOTFOUND, "no such session")
	}
	if err != nil {
		return nil, wrap("find session", err)
	}
	return s, nil
}

// CreateSession stores a new session.
func (t *tx) CreateSession(ctx context.Context, s *foi.Session) error {
	if s.CreatedAt.IsZero() {
		s.CreatedAt = t.now
	}
	if s.LastSeenAt.IsZero() {
		s.LastSeenAt = s.CreatedAt
	}
	_, err := t.tx.ExecContext(ctx, `INSERT INTO sessions (hash, user_id, created_at, last_seen_at, pending) VALUES (?, ?, ?, ?, ?)`,
		s.Hash, s.UserID, instant(s.CreatedAt), instant(s.LastSeenAt), s.Pending)
	switch {
	case isUnique(err):
		return foi.Errorf(foi.ECONFLICT, "that session already exists")
	case isForeignKey(err):
		return foi.Errorf(foi.ENOTFOUND, "there is no user with id %d", s.UserID)
	}
	return wrap("create session", err)
}

// TouchSession moves a session's last-seen time forward (never back).
func (t *tx) TouchSession(ctx context.Context, hash string, at time.Time) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at = max(last_seen_at, ?) WHERE hash = ?`, instant(at), hash)
	return wrap("touch session", err)
}

// DeleteSession removes a session.
func (t *tx) DeleteSession(ctx context.Context, hash string) error {
	_, err := t.tx.ExecContext(ctx, `DELETE FROM sessions WHERE hash = ?`, hash)
	return wrap("delete session", err)
}

// DeleteUserSessions removes all of a user's sessions.
func (t *tx) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := t.tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	return wrap("delete sessions", err)
}

// CountLoginFailures counts failures against key since a time.
func (r reader) CountLoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := r.q().QueryRowContext(ctx, `SELECT count(*) FROM login_failures WHERE key = ? AND at >= ?`, key, instant(since)).Scan(&n)
	return n, wrap("count login failures", err)
}

// AddLoginFailure records one failed sign-in against key.
func (t *tx) AddLoginFailure(ctx context.Context, key string, at time.Time) error {
	if at.IsZero() {
		at = t.now
	}
	_, err := t.tx.ExecContext(ctx, `INSERT INTO login_failures (key, at) VALUES (?, ?)`, key, instant(at))
	return wrap("add login failure", err)
}

// ClaimLoginAttempt counts and records one attempt against key. SQLite has
// one writer, so the transaction (BEGIN IMMEDIATE) already serialises it.
func (t *tx) ClaimLoginAttempt(ctx context.Context, key string, at, since time.Time) (foi.LoginClaim, error) {
	var c foi.LoginClaim
	err := t.tx.QueryRowContext(ctx, `SELECT count(*), max(at) FROM login_failures WHERE key = ? AND at >= ?`,
		key, instant(since)).Scan(&c.Earlier, scanInstant(&c.Latest))
	if err == nil {
		err = t.tx.QueryRowContext(ctx, `INSERT INTO login_failures (key, at) VALUES (?, ?) RETURNING id`, key, instant(at)).Scan(&c.ID)
	}
	return c, wrap("claim login attempt", err)
}

// WithdrawLoginAttempt removes one claimed attempt.
func (t *tx) WithdrawLoginAttempt(ctx context.Context, id int64) error {
	_, err := t.tx.ExecContext(ctx, `DELETE FROM login_failures WHERE id = ?`, id)
	return wrap("withdraw login attempt", err)
}

// ClearLoginFailures forgets the failures against key.
func (t *tx) ClearLoginFailures(ctx context.Context, key string) error {
	_, err := t.tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = ?`, key)
	return wrap("clear login failures", err)
}

// FindTOTPSecret returns a user's second-factor secret.
func (r reader) FindTOTPSecret(ctx context.Context, userID int64) (string, error) {
	var s string
	err := r.q().QueryRowContext(ctx, `SELECT secret FROM totp_secrets WHERE user_id = ?`, userID).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return "", foi.Errorf(foi.ENOTFOUND, "user %d has no second factor", userID)
	}
	return s, wrap("find totp secret", err)
}

// SetTOTPSecret sets or, with "", removes a user's second factor.
func (t *tx) SetTOTPSecret(ctx context.Context, userID int64, secret string) error {
	var err error
	if secret == "" {
		_, err = t.tx.ExecContext(ctx, `DELETE FROM totp_secrets WHERE user_id = ?`, userID)
	} else {
		_, err = t.tx.ExecContext(ctx, `INSERT INTO totp_secrets (user_id, secret) VALUES (?, ?)
			ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, last_step = 0`, userID, secret)
	}
	if isForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "there is no user with id %d", userID)
	}
	return wrap("set totp secret", err)
}

// UseTOTPStep records a used code's step, if it is newer than the last.
func (t *tx) UseTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE totp_secrets SET last_step = ? WHERE user_id = ? AND last_step < ?`,
		step, userID, step)
	if err != nil {
		return false, wrap("use totp step", err)
	}
	n, err := res.RowsAffected()
	return n == 1, wrap("use totp step", err)
}

// FindPartAssignments lists a request's part assignments.
func (r reader) FindPartAssignments(ctx context.Context, requestID int64) ([]*foi.PartAssignment, error) {
	rows, err := r.q().QueryContext(ctx, `SELECT request_id, part, user_id, due_on, note, created_at
		FROM part_assignments WHERE request_id = ? ORDER BY part, user_id`, requestID)
	if err != nil {
		return nil, wrap("find part assignments", err)
	}
	defer rows.Close()
	var out []*foi.PartAssignment
	for rows.Next() {
		a := &foi.PartAssignment{}
		if err := rows.Scan(&a.RequestID, &a.Part, &a.UserID, scanDate(&a.DueOn), &a.Note, scanInstant(&a.CreatedAt)); err != nil {
			return nil, wrap("find part assignments", err)
		}
		out = append(out, a)
	}
	return out, wrap("find part assignments", rows.Err())
}

// SetPartAssignment adds or replaces one assignment.
func (t *tx) SetPartAssignment(ctx context.Context, a *foi.PartAssignment) error {
	if a.CreatedAt.IsZero() {
		a.CreatedAt = t.now
	}
	_, err := t.tx.ExecContext(ctx, `INSERT INTO part_assignments (request_id, part, user_id, due_on, note, created_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (request_id, part, user_id) DO UPDATE SET due_on = excluded.due_on, note = excluded.note`,
		a.RequestID, a.Part, a.UserID, date(a.DueOn), a.Note, instant(a.CreatedAt))
	if isForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "cannot assign: request %d or user %d not found", a.RequestID, a.UserID)
	}
	return wrap("set part assignment", err)
}

// DeletePartAssignments removes the assignments of one part.
func (t *tx) DeletePartAssignments(ctx context.Context, requestID int64, part int) error {
	_, err := t.tx.ExecContext(ctx, `DELETE FROM part_assignments WHERE request_id = ? AND part = ?`, requestID, part)
	return wrap("delete part assignments", err)
}

const letterColumns = `id, request_id, kind, body, created_at, created_by, approved_at, approved_by, sent_at, sent_by`

func scanLetter(row interface{ Scan(...any) error }) (*foi.Letter, error) {
	l := &foi.Letter{}
	err := row.Scan(&l.ID, &l.RequestID, &l.Kind, &l.Body, scanInstant(&l.CreatedAt), &l.CreatedBy,
		scanInstant(&l.ApprovedAt), &l.ApprovedBy, scanInstant(&l.SentAt), &l.SentBy)
	return l, err
}

// FindLetters lists a request's letters, oldest first.
func (r reader) FindLetters(ctx context.Context, requestID int64) ([]*foi.Letter, error) {
	rows, err := r.q().QueryContext(ctx, `SELECT `+letterColumns+` FROM letters WHERE request_id = ? ORDER BY id`, requestID)
	if err != nil {
		return nil, wrap("find letters", err)
	}
	defer rows.Close()
	var out []*foi.Letter
	for rows.Next() {
		l, err := scanLetter(rows)
		if err != nil {
			return nil, wrap("find letters", err)
		}
		out = append(out, l)
	}
	return out, wrap("find letters", rows.Err())
}

// FindLetter finds one letter.
func (r reader) FindLetter(ctx context.Context, id int64) (*foi.Letter, error) {
	l, err := scanLetter(r.q().QueryRowContext(ctx, `SELECT `+letterColumns+` FROM letters WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, foi.Errorf(foi.ENOTFOUND, "letter %d not found", id)
	}
	if err != nil {
		return nil, wrap("find letter", err)
	}
	return l, nil
}

// CreateLetter stores a new letter.
func (t *tx) CreateLetter(ctx context.Context, l *foi.Letter) error {
	if l.CreatedAt.IsZero() {
		l.CreatedAt = t.now
	}
	res, err := t.tx.ExecContext(ctx, `INSERT INTO letters (request_id, kind, body, created_at, created_by, approved_at,
			approved_by, sent_at, sent_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		l.RequestID, l.Kind, l.Body, instant(l.CreatedAt), l.CreatedBy, instant(l.ApprovedAt), l.ApprovedBy,
		instant(l.SentAt), l.SentBy)
	if isForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "request %d not found", l.RequestID)
	}
	if err != nil {
		return wrap("create letter", err)
	}
	l.ID, err = res.LastInsertId()
	return wrap("create letter", err)
}

// UpdateLetter saves a letter's body, approval and sending.
func (t *tx) UpdateLetter(ctx context.Context, l *foi.Letter) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE letters SET body = ?, approved_at = ?, approved_by = ?, sent_at = ?, sent_by = ?
		WHERE id = ?`, l.Body, instant(l.ApprovedAt), l.ApprovedBy, instant(l.SentAt), l.SentBy, l.ID)
	if err != nil {
		return wrap("update letter", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return foi.Errorf(foi.ENOTFOUND, "letter %d not found", l.ID)
	}
	return nil
}

// FindBlob returns stored content by hash.
func (r reader) FindBlob(ctx context.Context, hash string) ([]byte, error) {
	var b []byte
	err := r.q().QueryRowContext(ctx, `SELECT data FROM blobs WHERE hash = ?`, hash).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, foi.Errorf(foi.ENOTFOUND, "no content with hash %s", hash)
	}
	return b, wrap("find blob", err)
}

// PutBlob stores content once per hash.
func (t *tx) PutBlob(ctx context.Context, hash string, data []byte) error {
	if data == nil {
		data = []byte{}
	}
	_, err := t.tx.ExecContext(ctx, `INSERT INTO blobs (hash, data) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING`, hash, data)
	return wrap("put blob", err)
}

const attachmentColumns = `id, request_id, name, content_type, hash, size, release, uploaded_at, uploaded_by, inbound_id, clean_of`

func scanAttachment(row interface{ Scan(...any) error }) (*foi.CaseAttachment, error) {
	a := &foi.CaseAttachment{}
	err := row.Scan(&a.ID, &a.RequestID, &a.Name, &a.ContentType, &a.Hash, &a.Size, &a.Release,
		scanInstant(&a.UploadedAt), &a.UploadedBy, scanID(&a.InboundID), scanID(&a.CleanOf))
	return a, err
}

// FindAttachments lists a request's attachments, oldest first.
func (r reader) FindAttachments(ctx context.Context, requestID int64) ([]*foi.CaseAttachment, error) {
	rows, err := r.q().QueryContext(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE request_id = ? ORDER BY id`, requestID)
	if err != nil {
		return nil, wrap("find attachments", err)
	}
	defer rows.Close()
	var out []*foi.CaseAttachment
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return nil, wrap("find attachments", err)
		}
		out = append(out, a)
	}
	return out, wrap("find attachments", rows.Err())
}

// FindAttachment finds one attachment.
func (r reader) FindAttachment(ctx context.Context, id int64) (*foi.CaseAttachment, error) {
	a, err := scanAttachment(r.q().QueryRowContext(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, foi.Errorf(foi.ENOTFOUND, "attachment %d not found", id)
	}
	if err != nil {
		return nil, wrap("find attachment", err)
	}
	return a, nil
}

// CreateAttachment stores an attachment whose blob is already stored.
func (t *tx) CreateAttachment(ctx context.Context, a *foi.CaseAttachment) error {
	if a.UploadedAt.IsZero() {
		a.UploadedAt = t.now
	}
	res, err := t.tx.ExecContext(ctx, `INSERT INTO attachments (request_id, name, content_type, hash, size, release,
			uploaded_at, uploaded_by, inbound_id, clean_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.RequestID, a.Name, a.ContentType, a.Hash, a.Size, a.Release, instant(a.UploadedAt), a.UploadedBy, nullID(a.InboundID), nullID(a.CleanOf))
	if isForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "request %d, content %s or inbound message %d not found", a.RequestID, a.Hash, a.InboundID)
	}
	if err != nil {
		return wrap("create attachment", err)
	}
	a.ID, err = res.LastInsertId()
	return wrap("create attachment", err)
}

// UpdateAttachment saves the release mark.
func (t *tx) UpdateAttachment(ctx context.Context, a *foi.CaseAttachment) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE attachments SET release = ? WHERE id = ?`, a.Release, a.ID)
	if err != nil {
		return wrap("update attachment", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return foi.Errorf(foi.ENOTFOUND, "attachment %d not found", a.ID)
	}
	return nil
}
