package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"disclose/internal/foi"
	"disclose/internal/sqlstore"
)

// The outbox and inbound email. Claims need no row locks here: every write
// transaction is BEGIN IMMEDIATE on the one writer connection, so a claim
// reads and marks its messages before any other process can.

const outboxColumns = `id, key, request_id, kind, from_addr, reply_to, to_addr, subject, text_body, html_body,
	status, attempts, next_attempt_at, last_error, sent_at, claimed_by, claimed_until, created_at, handed_at, in_doubt`

func scanOutbox(row interface{ Scan(...any) error }) (*foi.OutboxMessage, error) {
	m := &foi.OutboxMessage{}
	err := row.Scan(&m.ID, &m.Key, scanID(&m.RequestID), &m.Kind, &m.From, &m.ReplyTo, &m.To, &m.Subject, &m.Text,
		&m.HTML, &m.Status, &m.Attempts, scanInstant(&m.NextAttemptAt), &m.LastError, scanInstant(&m.SentAt),
		&m.ClaimedBy, scanInstant(&m.ClaimedUntil), scanInstant(&m.CreatedAt), scanInstant(&m.HandedAt), &m.InDoubt)
	return m, err
}

// FindMessages lists outbox messages, oldest first, with their attachments.
func (r reader) FindMessages(ctx context.Context, f foi.OutboxFilter) ([]*foi.OutboxMessage, error) {
	var where []string
	var args []any
	if f.RequestID != 0 {
		where, args = append(where, "request_id = ?"), append(args, f.RequestID)
	}
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, f.Status)
	}
	q := "SELECT " + outboxColumns + " FROM outbox"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id LIMIT ?"
	args = append(args, limitOr100(f.Limit))
	var list []*foi.OutboxMessage
	err := r.view(ctx, func(db querier) error {
		var err error
		list, err = queryOutbox(ctx, db, q, args...)
		return err
	})
	return list, err
}

func limitOr100(n int) int {
	if n <= 0 {
		return 100
	}
	return n
}

// queryOutbox runs an outbox query and loads each message's attachments.
func queryOutbox(ctx context.Context, db querier, q string, args ...any) ([]*foi.OutboxMessage, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrap("find messages", err)
	}
	var list []*foi.OutboxMessage
	for rows.Next() {
		m, err := scanOutbox(rows)
		if err != nil {
			rows.Close()
			return nil, wrap("find messages", err)
		}
		list = append(list, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap("find messages", err)
	}
	for _, m := range list {
		if err := loadAttachments(ctx, db, m); err != nil {
			return nil, err
		}
	}
	return list, nil
}

func loadAttachments(ctx context.Context, db querier, m *foi.OutboxMessage) error {
	rows, err := db.QueryContext(ctx, `SELECT filename, content_type, data FROM outbox_attachments
		WHERE message_id = ? ORDER BY id`, m.ID)
	if err != nil {
		return wrap("find attachments", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a foi.Attachment
		if err := rows.Scan(&a.Filename, &a.ContentType, &a.Data); err != nil {
			return wrap("find attachments", err)
		}
		m.Attachments = append(m.Attachments, a)
	}
	return wrap("find attachments", rows.Err())
}

// QueueMessage stores a message to send, once per key.
func (t *tx) QueueMessage(ctx context.Context, m *foi.OutboxMessage) error {
	next := m.NextAttemptAt
	if next.IsZero() {
		next = t.now
	}
	res, err := t.tx.ExecContext(ctx, `INSERT INTO outbox (key, request_id, kind, from_addr, reply_to, to_addr,
			subject, text_body, html_body, status, attempts, next_attempt_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)
		ON CONFLICT (key) DO NOTHING`,
		m.Key, nullID(m.RequestID), m.Kind, m.From, m.ReplyTo, m.To, m.Subject, m.Text, m.HTML,
		instant(next), instant(t.now))
	if isForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "cannot queue %s: request %d not found", m.Kind, m.RequestID)
	}
	if err != nil {
		return wrap("queue message", err)
	}
	if n, _ := res.RowsAffected(); n == 0 { // the key was used: already queued
		err := t.tx.QueryRowContext(ctx, `SELECT id, status FROM outbox WHERE key = ?`, m.Key).Scan(&m.ID, &m.Status)
		return wrap("queue message", err)
	}
	if m.ID, err = res.LastInsertId(); err != nil {
		return wrap("queue message", err)
	}
	for _, a := range m.Attachments {
		data := a.Data
		if data == nil {
			data = []byte{}
		}
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO outbox_attachments (message_id, filename, content_type, data)
			VALUES (?, ?, ?, ?)`, m.ID, a.Filename, a.ContentType, data); err != nil {
			return wrap("queue attachment", err)
		}
	}
	m.Status, m.Attempts, m.NextAttemptAt, m.CreatedAt = foi.OutboxQueued, 0, next, t.now
	return nil
}

// ClaimMessages leases due messages to worker. The transaction is already
// exclusive (BEGIN IMMEDIATE), so no other worker can claim the same rows.
func (t *tx) ClaimMessages(ctx context.Context, worker string, lease time.Duration, limit int) ([]*foi.OutboxMessage, error) {
	now := instant(t.now)
	rows, err := t.tx.QueryContext(ctx, `UPDATE outbox SET status = 'sending', claimed_by = ?, claimed_until = ?,
			attempts = attempts + 1, handed_at = NULL
		WHERE id IN (SELECT id FROM outbox
			WHERE status IN ('queued', 'sending') AND next_attempt_at <= ?
				AND (status = 'queued' OR (claimed_until <= ? AND handed_at IS NULL))
			ORDER BY next_attempt_at, id LIMIT ?)
		RETURNING id`, worker, instant(t.now.Add(lease)), now, now, limit)
	if err != nil {
		return nil, wrap("claim messages", err)
	}
	var ids []any
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, wrap("claim messages", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return nil, wrap("claim messages", err)
	}
	q := "SELECT " + outboxColumns + " FROM outbox WHERE id IN (?" + strings.Repeat(", ?", len(ids)-1) + ") ORDER BY next_attempt_at, id"
	return queryOutbox(ctx, t.tx, q, ids...)
}

// HandOver records that worker is about to send m's content to the server.
func (t *tx) HandOver(ctx context.Context, m *foi.OutboxMessage, worker string) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE outbox SET handed_at = ?
		WHERE id = ? AND status = 'sending' AND claimed_by = ?`, instant(t.now), m.ID, worker)
	if err != nil {
		return wrap("hand over", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return foi.Errorf(foi.ECONFLICT, "message %d is not claimed by %s (its lease lapsed)", m.ID, worker)
	}
	m.HandedAt = t.now
	return nil
}

// HoldInDoubt fails, in doubt, the handed-over messages whose lease lapsed.
func (t *tx) HoldInDoubt(ctx context.Context) ([]*foi.OutboxMessage, error) {
	rows, err := t.tx.QueryContext(ctx, `UPDATE outbox SET status = 'failed', in_doubt = 1,
			last_error = 'the mail server was sent the whole message but its answer was never recorded'
		WHERE status = 'sending' AND handed_at IS NOT NULL AND claimed_until <= ?
		RETURNING id`, instant(t.now))
	if err != nil {
		return nil, wrap("hold in doubt", err)
	}
	var ids []any
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, wrap("hold in doubt", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return nil, wrap("hold in doubt", err)
	}
	q := "SELECT " + outboxColumns + " FROM outbox WHERE id IN (?" + strings.Repeat(", ?", len(ids)-1) + ") ORDER BY id"
	return queryOutbox(ctx, t.tx, q, ids...)
}

// RecordDelivery saves an attempt's outcome, if worker still holds the lease.
func (t *tx) RecordDelivery(ctx context.Context, m *foi.OutboxMessage, worker string) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE outbox SET status = ?, next_attempt_at = ?, last_error = ?, sent_at = ?,
			claimed_by = '', claimed_until = NULL, handed_at = NULL, in_doubt = ?
		WHERE id = ? AND claimed_by = ? AND (status = 'sending' OR (status = 'failed' AND in_doubt = 1))`,
		m.Status, instant(orNow(m.NextAttemptAt, t.now)), m.LastError, instant(m.SentAt), m.InDoubt, m.ID, worker)
	if err != nil {
		return wrap("record delivery", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return foi.Errorf(foi.ECONFLICT, "message %d is not claimed by %s (its lease lapsed)", m.ID, worker)
	}
	m.ClaimedBy, m.ClaimedUntil, m.HandedAt = "", time.Time{}, time.Time{}
	return nil
}

// ResolveMessage sends a failed message again or records that it arrived.
func (t *tx) ResolveMessage(ctx context.Context, id int64, to foi.OutboxStatus) (*foi.OutboxMessage, error) {
	var sent any
	if to == foi.OutboxSent {
		sent = instant(t.now)
	}
	res, err := t.tx.ExecContext(ctx, `UPDATE outbox SET status = ?, attempts = 0, next_attempt_at = ?, sent_at = ?,
			claimed_by = '', claimed_until = NULL, handed_at = NULL, in_doubt = 0
		WHERE id = ? AND status = 'failed'`, to, instant(t.now), sent, id)
	if err != nil {
		return nil, wrap("resolve message", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, resolveConflict(ctx, t, id)
	}
	list, err := queryOutbox(ctx, t.tx, "SELECT "+outboxColumns+" FROM outbox WHERE id = ?", id)
	if err != nil {
		return nil, err
	}
	return list[0], nil
}

// resolveConflict explains why a message could not be resolved.
func resolveConflict(ctx context.Context, t *tx, id int64) error {
	var status string
	err := t.tx.QueryRowContext(ctx, `SELECT status FROM outbox WHERE id = ?`, id).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return foi.Errorf(foi.ENOTFOUND, "there is no outgoing message %d", id)
	}
	if err != nil {
		return wrap("resolve message", err)
	}
	return foi.Errorf(foi.ECONFLICT, "message %d is %s, not failed", id, status)
}

func orNow(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return t
}

const inboundColumns = `id, source_key, received_at, envelope_from, envelope_to, message_id, from_name, from_email,
	subject, text, attachments, status, request_id, note, suggestion`

func scanInbound(row interface{ Scan(...any) error }, extra ...any) (*foi.InboundMessage, error) {
	m := &foi.InboundMessage{}
	var source sql.NullString
	var to, atts string
	dest := []any{&m.ID, &source, scanInstant(&m.ReceivedAt), &m.EnvelopeFrom, &to, &m.MessageID, &m.FromName,
		&m.FromEmail, &m.Subject, &m.Text, &atts, &m.Status, scanID(&m.RequestID), &m.Note, &m.Suggestion}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	m.SourceKey = source.String
	if err := json.Unmarshal([]byte(to), &m.EnvelopeTo); err != nil {
		return nil, fmt.Errorf("inbound %d: envelope_to: %w", m.ID, err)
	}
	if err := json.Unmarshal([]byte(atts), &m.Attachments); err != nil {
		return nil, fmt.Errorf("inbound %d: attachments: %w", m.ID, err)
	}
	return m, nil
}

// FindInbound returns one inbound message with its raw bytes. The write
// transaction is exclusive, so inside one the message is as good as locked.
func (r reader) FindInbound(ctx context.Context, id int64) (*foi.InboundMessage, error) {
	var raw []byte
	m, err := scanInbound(r.q().QueryRowContext(ctx, "SELECT "+inboundColumns+", raw FROM inbound WHERE id = ?", id), &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, foi.Errorf(foi.ENOTFOUND, "there is no inbound message %d", id)
	}
	if err != nil {
		return nil, wrap("find inbound", err)
	}
	m.Raw = raw
	return m, nil
}

// FindInboundMessages lists inbound messages, oldest first, without raw.
func (r reader) FindInboundMessages(ctx context.Context, f foi.InboundFilter) ([]*foi.InboundMessage, error) {
	var where []string
	var args []any
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, f.Status)
	}
	if f.RequestID != 0 {
		where, args = append(where, "request_id = ?"), append(args, f.RequestID)
	}
	q := "SELECT " + inboundColumns + " FROM inbound"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id LIMIT ?"
	args = append(args, limitOr100(f.Limit))
	rows, err := r.q().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrap("find inbound", err)
	}
	defer rows.Close()
	var list []*foi.InboundMessage
	for rows.Next() {
		m, err := scanInbound(rows)
		if err != nil {
			return nil, wrap("find inbound", err)
		}
		list = append(list, m)
	}
	return list, wrap("find inbound", rows.Err())
}

// CreateInbound stores a received message, once per source key.
func (t *tx) CreateInbound(ctx context.Context, m *foi.InboundMessage) error {
	received := orNow(m.ReceivedAt, t.now).UTC().Truncate(time.Microsecond)
	var source any
	if m.SourceKey != "" {
		source = m.SourceKey
	}
	status := m.Status
	if status == "" {
		status = foi.InboundNew
	}
	res, err := t.tx.ExecContext(ctx, `INSERT INTO inbound (source_key, raw, received_at, envelope_from, envelope_to,
			message_id, from_name, from_email, subject, text, attachments, status, request_id, note, suggestion)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (source_key) DO NOTHING`,
		source, m.Raw, instant(received), m.EnvelopeFrom, jsonStrings(m.EnvelopeTo), m.MessageID, m.FromName,
		m.FromEmail, m.Subject, m.Text, sqlstore.JSONAttachments(m.Attachments), status, nullID(m.RequestID), m.Note, m.Suggestion)
	if err != nil {
		return wrap("create inbound", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		err := t.tx.QueryRowContext(ctx, `SELECT id, status FROM inbound WHERE source_key = ?`, m.SourceKey).Scan(&m.ID, &m.Status)
		return wrap("create inbound", err)
	}
	if m.ID, err = res.LastInsertId(); err != nil {
		return wrap("create inbound", err)
	}
	m.ReceivedAt, m.Status = received, status
	return nil
}

// UpdateInbound saves what parsing and sorting found.
func (t *tx) UpdateInbound(ctx context.Context, m *foi.InboundMessage) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE inbound SET message_id = ?, from_name = ?, from_email = ?, subject = ?,
			text = ?, attachments = ?, status = ?, request_id = ?, note = ?, suggestion = ?
		WHERE id = ?`,
		m.MessageID, m.FromName, m.FromEmail, m.Subject, m.Text, sqlstore.JSONAttachments(m.Attachments), m.Status,
		nullID(m.RequestID), m.Note, m.Suggestion, m.ID)
	if isForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "inbound %d: request %d not found", m.ID, m.RequestID)
	}
	if sqliteCode(err) != 0 && strings.Contains(err.Error(), "CHECK") {
		return foi.Errorf(foi.EINVALID, "inbound %d: unknown status %q", m.ID, m.Status)
	}
	if err != nil {
		return wrap("update inbound", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return foi.Errorf(foi.ENOTFOUND, "there is no inbound message %d", m.ID)
	}
	return nil
}

// InitSetting sets key only when it is unset and returns the stored value.
func (t *tx) InitSetting(ctx context.Context, key, value string) (string, error) {
	if _, err := t.tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`,
		key, value); err != nil {
		return "", wrap("init setting", err)
	}
	return t.FindSetting(ctx, key)
}
