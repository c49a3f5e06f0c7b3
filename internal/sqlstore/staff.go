// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"time"

	"disclose/internal/foi"
)

// The staff application's tables: sessions, login failures, second
// factors, part assignments, letters, attachments and blobs.

// FindSession finds a session by the hash of its id.
func (r *Reader) FindSession(ctx context.Context, hash string) (*foi.Session, error) {
	s := &foi.Session{}
	err := r.Q.QueryRow(ctx, `SELECT hash, user_id, created_at, last_seen_at, pending, totp_offer FROM sessions WHERE hash = ?`, hash).
		Scan(&s.Hash, &s.UserID, ScanInstant(&s.CreatedAt), ScanInstant(&s.LastSeenAt), &s.Pending, &s.TOTPOffer)
	return found(r.D, "find session", s, err, "no such session")
}

// CreateSession stores a new session.
func (t *Tx) CreateSession(ctx context.Context, s *foi.Session) error {
	if s.CreatedAt.IsZero() {
		s.CreatedAt = t.Now
	}
	if s.LastSeenAt.IsZero() {
		s.LastSeenAt = s.CreatedAt
	}
	_, err := t.exec(ctx, `INSERT INTO sessions (hash, user_id, created_at, last_seen_at, pending, totp_offer) VALUES (?, ?, ?, ?, ?, ?)`,
		s.Hash, s.UserID, t.D.Instant(s.CreatedAt), t.D.Instant(s.LastSeenAt), s.Pending, s.TOTPOffer)
	switch {
	case t.D.IsUnique(err):
		return foi.Errorf(foi.ECONFLICT, "that session already exists")
	case t.D.IsForeignKey(err):
		return foi.Errorf(foi.ENOTFOUND, "there is no user with id %d", s.UserID)
	}
	return t.D.Wrap("create session", err)
}

// TouchSession moves a session's last-seen time forward (never back).
func (t *Tx) TouchSession(ctx context.Context, hash string, at time.Time) error {
	_, err := t.Q.Exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE hash = ? AND last_seen_at < ?`,
		t.D.Instant(at), hash, t.D.Instant(at))
	return t.D.Wrap("touch session", err)
}

// DeleteSession removes a session.
func (t *Tx) DeleteSession(ctx context.Context, hash string) error {
	_, err := t.Q.Exec(ctx, `DELETE FROM sessions WHERE hash = ?`, hash)
	return t.D.Wrap("delete session", err)
}

// DeleteUserSessions removes all of a user's sessions.
func (t *Tx) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := t.Q.Exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	return t.D.Wrap("delete sessions", err)
}

// CountLoginFailures counts failures against key since a time.
func (r *Reader) CountLoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := r.Q.QueryRow(ctx, `SELECT count(*) FROM login_failures WHERE key = ? AND at >= ?`, key, r.D.Instant(since)).Scan(&n)
	return n, r.D.Wrap("count login failures", err)
}

// AddLoginFailure records one failed sign-in against key.
func (t *Tx) AddLoginFailure(ctx context.Context, key string, at time.Time) error {
	if at.IsZero() {
		at = t.Now
	}
	_, err := t.Q.Exec(ctx, `INSERT INTO login_failures (key, at) VALUES (?, ?)`, key, t.D.Instant(at))
	return t.D.Wrap("add login failure", err)
}

// ClaimLoginAttempt counts and records one attempt against key. Claims on
// one key are serialised (Dialect.LockKey: SQLite's one writer already
// does it; under READ COMMITTED two transactions would not see each
// other's new rows).
func (t *Tx) ClaimLoginAttempt(ctx context.Context, key string, at, since time.Time) (foi.LoginClaim, error) {
	var c foi.LoginClaim
	err := t.D.LockKey(ctx, t.Q, "login:"+key)
	if err == nil {
		err = t.Q.QueryRow(ctx, `SELECT count(*), max(at) FROM login_failures WHERE key = ? AND at >= ?`,
			key, t.D.Instant(since)).Scan(&c.Earlier, ScanInstant(&c.Latest))
	}
	if err == nil {
		err = t.Q.QueryRow(ctx, `INSERT INTO login_failures (key, at) VALUES (?, ?) RETURNING id`, key, t.D.Instant(at)).Scan(&c.ID)
	}
	if err == nil { // this key's records out of the window count for nothing: keep it short
		_, err = t.Q.Exec(ctx, `DELETE FROM login_failures WHERE key = ? AND at < ?`, key, t.D.Instant(since))
	}
	return c, t.D.Wrap("claim login attempt", err)
}

// WithdrawLoginAttempt removes one claimed attempt.
func (t *Tx) WithdrawLoginAttempt(ctx context.Context, id int64) error {
	_, err := t.Q.Exec(ctx, `DELETE FROM login_failures WHERE id = ?`, id)
	return t.D.Wrap("withdraw login attempt", err)
}

// PruneLoginFailures forgets every failure recorded before a time.
func (t *Tx) PruneLoginFailures(ctx context.Context, before time.Time) (int64, error) {
	n, err := t.Q.Exec(ctx, `DELETE FROM login_failures WHERE at < ?`, t.D.Instant(before))
	return n, t.D.Wrap("prune login failures", err)
}

// ClearLoginFailures forgets the failures against key.
func (t *Tx) ClearLoginFailures(ctx context.Context, key string) error {
	_, err := t.Q.Exec(ctx, `DELETE FROM login_failures WHERE key = ?`, key)
	return t.D.Wrap("clear login failures", err)
}

// FindTOTPSecret returns a user's second-factor secret.
func (r *Reader) FindTOTPSecret(ctx context.Context, userID int64) (string, error) {
	var s string
	err := r.Q.QueryRow(ctx, `SELECT secret FROM totp_secrets WHERE user_id = ?`, userID).Scan(&s)
	return found(r.D, "find totp secret", s, err, "user %d has no second factor", userID)
}

// SetTOTPSecret sets or, with "", removes a user's second factor.
func (t *Tx) SetTOTPSecret(ctx context.Context, userID int64, secret string) error {
	var err error
	if secret == "" {
		_, err = t.Q.Exec(ctx, `DELETE FROM totp_secrets WHERE user_id = ?`, userID)
	} else {
		_, err = t.exec(ctx, `INSERT INTO totp_secrets (user_id, secret) VALUES (?, ?)
			ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, last_step = 0`, userID, secret)
	}
	if t.D.IsForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "there is no user with id %d", userID)
	}
	return t.D.Wrap("set totp secret", err)
}

// UseTOTPStep records a used code's step, if it is newer than the last.
func (t *Tx) UseTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	n, err := t.Q.Exec(ctx, `UPDATE totp_secrets SET last_step = ? WHERE user_id = ? AND last_step < ?`,
		step, userID, step)
	return n == 1, t.D.Wrap("use totp step", err)
}

// FindPartAssignments lists a request's part assignments.
func (r *Reader) FindPartAssignments(ctx context.Context, requestID int64) ([]*foi.PartAssignment, error) {
	out, err := List(ctx, r.Q, func(row Row) (*foi.PartAssignment, error) {
		a := &foi.PartAssignment{}
		return a, row.Scan(&a.RequestID, &a.Part, &a.UserID, ScanDate(&a.DueOn), &a.Note, ScanInstant(&a.CreatedAt))
	}, `SELECT request_id, part, user_id, due_on, note, created_at
		FROM part_assignments WHERE request_id = ? ORDER BY part, user_id`, requestID)
	return out, r.D.Wrap("find part assignments", err)
}

// SetPartAssignment adds or replaces one assignment.
func (t *Tx) SetPartAssignment(ctx context.Context, a *foi.PartAssignment) error {
	if a.CreatedAt.IsZero() {
		a.CreatedAt = t.Now
	}
	_, err := t.exec(ctx, `INSERT INTO part_assignments (request_id, part, user_id, due_on, note, created_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (request_id, part, user_id) DO UPDATE SET due_on = excluded.due_on, note = excluded.note`,
		a.RequestID, a.Part, a.UserID, t.D.Date(a.DueOn), a.Note, t.D.Instant(a.CreatedAt))
	if t.D.IsForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "cannot assign: request %d or user %d not found", a.RequestID, a.UserID)
	}
	return t.D.Wrap("set part assignment", err)
}

// DeletePartAssignments removes the assignments of one part.
func (t *Tx) DeletePartAssignments(ctx context.Context, requestID int64, part int) error {
	_, err := t.Q.Exec(ctx, `DELETE FROM part_assignments WHERE request_id = ? AND part = ?`, requestID, part)
	return t.D.Wrap("delete part assignments", err)
}

const letterColumns = `id, request_id, kind, body, created_at, created_by, approved_at, approved_by, sent_at, sent_by, delivery, posted_on`

func scanLetter(row Row) (*foi.Letter, error) {
	l := &foi.Letter{}
	err := row.Scan(&l.ID, &l.RequestID, &l.Kind, &l.Body, ScanInstant(&l.CreatedAt), &l.CreatedBy,
		ScanInstant(&l.ApprovedAt), &l.ApprovedBy, ScanInstant(&l.SentAt), &l.SentBy, &l.Delivery, ScanDate(&l.PostedOn))
	return l, err
}

// FindLetters lists a request's letters, oldest first.
func (r *Reader) FindLetters(ctx context.Context, requestID int64) ([]*foi.Letter, error) {
	out, err := List(ctx, r.Q, scanLetter, `SELECT `+letterColumns+` FROM letters WHERE request_id = ? ORDER BY id`, requestID)
	return out, r.D.Wrap("find letters", err)
}

// FindLetter finds one letter.
func (r *Reader) FindLetter(ctx context.Context, id int64) (*foi.Letter, error) {
	l, err := scanLetter(r.Q.QueryRow(ctx, `SELECT `+letterColumns+` FROM letters WHERE id = ?`, id))
	return found(r.D, "find letter", l, err, "letter %d not found", id)
}

// CreateLetter stores a new letter.
func (t *Tx) CreateLetter(ctx context.Context, l *foi.Letter) error {
	if l.CreatedAt.IsZero() {
		l.CreatedAt = t.Now
	}
	var err error
	l.ID, err = t.insertID(ctx, `INSERT INTO letters (request_id, kind, body, created_at, created_by, approved_at,
			approved_by, sent_at, sent_by, delivery, posted_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		l.RequestID, l.Kind, l.Body, t.D.Instant(l.CreatedAt), l.CreatedBy, t.D.Instant(l.ApprovedAt), l.ApprovedBy,
		t.D.Instant(l.SentAt), l.SentBy, l.Delivery, t.D.Date(l.PostedOn))
	if t.D.IsForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "request %d not found", l.RequestID)
	}
	return t.D.Wrap("create letter", err)
}

// UpdateLetter saves a letter's body, approval and sending.
func (t *Tx) UpdateLetter(ctx context.Context, l *foi.Letter) error {
	n, err := t.Q.Exec(ctx, `UPDATE letters SET body = ?, approved_at = ?, approved_by = ?, sent_at = ?, sent_by = ?,
		delivery = ?, posted_on = ? WHERE id = ?`, l.Body, t.D.Instant(l.ApprovedAt), l.ApprovedBy, t.D.Instant(l.SentAt),
		l.SentBy, l.Delivery, t.D.Date(l.PostedOn), l.ID)
	return changed(t.D, "update letter", n, err, foi.ENOTFOUND, "letter %d not found", l.ID)
}

// FindBlob returns stored content by hash.
func (r *Reader) FindBlob(ctx context.Context, hash string) ([]byte, error) {
	var b []byte
	err := r.Q.QueryRow(ctx, `SELECT data FROM blobs WHERE hash = ?`, hash).Scan(&b)
	return found(r.D, "find blob", b, err, "no content with hash %s", hash)
}

// PutBlob stores content once per hash.
func (t *Tx) PutBlob(ctx context.Context, hash string, data []byte) error {
	if data == nil {
		data = []byte{}
	}
	_, err := t.Q.Exec(ctx, `INSERT INTO blobs (hash, data) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING`, hash, data)
	return t.D.Wrap("put blob", err)
}

const attachmentColumns = `id, request_id, name, content_type, hash, size, release, uploaded_at, uploaded_by, inbound_id, clean_of`

func scanAttachment(row Row) (*foi.CaseAttachment, error) {
	a := &foi.CaseAttachment{}
	err := row.Scan(&a.ID, &a.RequestID, &a.Name, &a.ContentType, &a.Hash, &a.Size, &a.Release,
		ScanInstant(&a.UploadedAt), &a.UploadedBy, ScanID(&a.InboundID), ScanID(&a.CleanOf))
	return a, err
}

// FindAttachments lists a request's attachments, oldest first.
func (r *Reader) FindAttachments(ctx context.Context, requestID int64) ([]*foi.CaseAttachment, error) {
	out, err := List(ctx, r.Q, scanAttachment, `SELECT `+attachmentColumns+` FROM attachments WHERE request_id = ? ORDER BY id`, requestID)
	return out, r.D.Wrap("find attachments", err)
}

// FindAttachment finds one attachment.
func (r *Reader) FindAttachment(ctx context.Context, id int64) (*foi.CaseAttachment, error) {
	a, err := scanAttachment(r.Q.QueryRow(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE id = ?`, id))
	return found(r.D, "find attachment", a, err, "attachment %d not found", id)
}

// CreateAttachment stores an attachment whose blob is already stored.
func (t *Tx) CreateAttachment(ctx context.Context, a *foi.CaseAttachment) error {
	if a.UploadedAt.IsZero() {
		a.UploadedAt = t.Now
	}
	var err error
	a.ID, err = t.insertID(ctx, `INSERT INTO attachments (request_id, name, content_type, hash, size, release,
			uploaded_at, uploaded_by, inbound_id, clean_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.RequestID, a.Name, a.ContentType, a.Hash, a.Size, a.Release, t.D.Instant(a.UploadedAt), a.UploadedBy, ID(a.InboundID), ID(a.CleanOf))
	if t.D.IsForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "request %d, content %s or inbound message %d not found", a.RequestID, a.Hash, a.InboundID)
	}
	return t.D.Wrap("create attachment", err)
}

// UpdateAttachment saves the release mark.
func (t *Tx) UpdateAttachment(ctx context.Context, a *foi.CaseAttachment) error {
	n, err := t.Q.Exec(ctx, `UPDATE attachments SET release = ? WHERE id = ?`, a.Release, a.ID)
	return changed(t.D, "update attachment", n, err, foi.ENOTFOUND, "attachment %d not found", a.ID)
}

// exec runs one statement whose failure the caller maps, in a savepoint.
func (t *Tx) exec(ctx context.Context, query string, args ...any) (n int64, err error) {
	err = t.D.Savepoint(ctx, t.Q, func(q Querier) error { n, err = q.Exec(ctx, query, args...); return err })
	return n, err
}

// insertID runs an INSERT ... RETURNING id whose failure the caller maps, in
// a savepoint.
func (t *Tx) insertID(ctx context.Context, query string, args ...any) (id int64, err error) {
	err = t.D.Savepoint(ctx, t.Q, func(q Querier) error { return q.QueryRow(ctx, query, args...).Scan(&id) })
	return id, err
}
