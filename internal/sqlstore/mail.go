// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"disclose/internal/foi"
)

// The outbox and inbound email. Two workers never claim the same message:
// SQLite's write transactions take the one writer in turn, and PostgreSQL
// claims with FOR UPDATE SKIP LOCKED (Dialect.SkipLocked), so neither
// waits on nor takes a message another transaction is claiming.

const outboxColumns = `id, key, request_id, kind, from_addr, reply_to, to_addr, subject, text_body, html_body,
	status, attempts, next_attempt_at, last_error, sent_at, claimed_by, claimed_until, created_at, handed_at, in_doubt`

func scanOutbox(row Row) (*foi.OutboxMessage, error) {
	m := &foi.OutboxMessage{}
	err := row.Scan(&m.ID, &m.Key, ScanID(&m.RequestID), &m.Kind, &m.From, &m.ReplyTo, &m.To, &m.Subject, &m.Text,
		&m.HTML, &m.Status, &m.Attempts, ScanInstant(&m.NextAttemptAt), &m.LastError, ScanInstant(&m.SentAt),
		&m.ClaimedBy, ScanInstant(&m.ClaimedUntil), ScanInstant(&m.CreatedAt), ScanInstant(&m.HandedAt), &m.InDoubt)
	return m, err
}

// FindMessages lists outbox messages, oldest first, with their attachments.
func (r *Reader) FindMessages(ctx context.Context, f foi.OutboxFilter) ([]*foi.OutboxMessage, error) {
	var where []string
	var args []any
	if f.RequestID != 0 {
		where, args = append(where, "request_id = ?"), append(args, f.RequestID)
	}
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, string(f.Status))
	}
	q := "SELECT " + outboxColumns + " FROM outbox"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	return r.queryOutbox(ctx, q+" ORDER BY id LIMIT ?", append(args, limitOr100(f.Limit))...)
}

func limitOr100(n int) int {
	if n <= 0 {
		return 100
	}
	return n
}

// queryOutbox runs an outbox query and loads each message's attachments.
func (r *Reader) queryOutbox(ctx context.Context, q string, args ...any) ([]*foi.OutboxMessage, error) {
	list, err := List(ctx, r.Q, scanOutbox, q, args...)
	if err != nil {
		return nil, r.D.Wrap("find messages", err)
	}
	for _, m := range list {
		if err := r.loadAttachments(ctx, m); err != nil {
			return nil, err
		}
	}
	return list, nil
}

func (r *Reader) loadAttachments(ctx context.Context, m *foi.OutboxMessage) (err error) {
	m.Attachments, err = List(ctx, r.Q, func(row Row) (a foi.Attachment, err error) {
		return a, row.Scan(&a.Filename, &a.ContentType, &a.Data)
	}, `SELECT filename, content_type, data FROM outbox_attachments WHERE message_id = ? ORDER BY id`, m.ID)
	return r.D.Wrap("find attachments", err)
}

// QueueMessage stores a message to send, once per key.
func (t *Tx) QueueMessage(ctx context.Context, m *foi.OutboxMessage) error {
	next := orNow(m.NextAttemptAt, t.Now)
	err := t.D.Savepoint(ctx, t.Q, func(q Querier) error {
		return q.QueryRow(ctx, `INSERT INTO outbox (key, request_id, kind, from_addr, reply_to, to_addr,
				subject, text_body, html_body, status, attempts, next_attempt_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)
			ON CONFLICT (key) DO NOTHING RETURNING id`,
			m.Key, ID(m.RequestID), m.Kind, m.From, m.ReplyTo, m.To, m.Subject, m.Text, m.HTML,
			t.D.Instant(next), t.D.Instant(t.Now)).Scan(&m.ID)
	})
	if t.D.IsForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "cannot queue %s: request %d not found", m.Kind, m.RequestID)
	}
	if errors.Is(err, ErrNoRows) { // the key was used: already queued
		err := t.Q.QueryRow(ctx, `SELECT id, status FROM outbox WHERE key = ?`, m.Key).Scan(&m.ID, &m.Status)
		return t.D.Wrap("queue message", err)
	}
	if err != nil {
		return t.D.Wrap("queue message", err)
	}
	for _, a := range m.Attachments {
		data := a.Data
		if data == nil {
			data = []byte{}
		}
		if _, err := t.Q.Exec(ctx, `INSERT INTO outbox_attachments (message_id, filename, content_type, data)
			VALUES (?, ?, ?, ?)`, m.ID, a.Filename, a.ContentType, data); err != nil {
			return t.D.Wrap("queue attachment", err)
		}
	}
	m.Status, m.Attempts, m.NextAttemptAt, m.CreatedAt = foi.OutboxQueued, 0, next, t.Now
	return nil
}

// claimed returns the messages whose ids the UPDATE ... RETURNING id rows
// name, in order.
func (t *Tx) claimed(ctx context.Context, op, order, query string, args ...any) ([]*foi.OutboxMessage, error) {
	found, err := Keys(ctx, t.Q, query, args...)
	if err != nil || len(found) == 0 {
		return nil, t.D.Wrap(op, err)
	}
	ids := make([]any, len(found))
	for i, id := range found {
		ids[i] = id
	}
	q := "SELECT " + outboxColumns + " FROM outbox WHERE id IN (?" + strings.Repeat(", ?", len(ids)-1) + ") ORDER BY " + order
	return t.queryOutbox(ctx, q, ids...)
}

// ClaimMessages leases due messages to worker.
func (t *Tx) ClaimMessages(ctx context.Context, worker string, lease time.Duration, limit int) ([]*foi.OutboxMessage, error) {
	now := t.D.Instant(t.Now)
	return t.claimed(ctx, "claim messages", "next_attempt_at, id", `UPDATE outbox SET status = 'sending', claimed_by = ?, claimed_until = ?,
			attempts = attempts + 1, handed_at = NULL
		WHERE id IN (SELECT id FROM outbox
			WHERE status IN ('queued', 'sending') AND next_attempt_at <= ?
				AND (status = 'queued' OR (claimed_until <= ? AND handed_at IS NULL))
			ORDER BY next_attempt_at, id LIMIT ?`+t.D.SkipLocked()+`)
		RETURNING id`, worker, t.D.Instant(t.Now.Add(lease)), now, now, limit)
}

// HandOver records that worker is about to send m's content to the server.
func (t *Tx) HandOver(ctx context.Context, m *foi.OutboxMessage, worker string) error {
	n, err := t.Q.Exec(ctx, `UPDATE outbox SET handed_at = ?
		WHERE id = ? AND status = 'sending' AND claimed_by = ?`, t.D.Instant(t.Now), m.ID, worker)
	if err := changed(t.D, "hand over", n, err, foi.ECONFLICT, "message %d is not claimed by %s (its lease lapsed)", m.ID, worker); err != nil {
		return err
	}
	m.HandedAt = t.Now
	return nil
}

// HoldInDoubt fails, in doubt, the handed-over messages whose lease lapsed,
// leaving alone (SkipLocked) one that another transaction is recording.
func (t *Tx) HoldInDoubt(ctx context.Context) ([]*foi.OutboxMessage, error) {
	return t.claimed(ctx, "hold in doubt", "id", `UPDATE outbox SET status = 'failed', in_doubt = ?,
			last_error = 'the mail server was sent the whole message but its answer was never recorded'
		WHERE id IN (SELECT id FROM outbox
			WHERE status = 'sending' AND handed_at IS NOT NULL AND claimed_until <= ?`+t.D.SkipLocked()+`)
		RETURNING id`, true, t.D.Instant(t.Now))
}

// RecordDelivery saves an attempt's outcome, if worker still holds the lease.
func (t *Tx) RecordDelivery(ctx context.Context, m *foi.OutboxMessage, worker string) error {
	n, err := t.Q.Exec(ctx, `UPDATE outbox SET status = ?, next_attempt_at = ?, last_error = ?, sent_at = ?,
			claimed_by = '', claimed_until = NULL, handed_at = NULL, in_doubt = ?
		WHERE id = ? AND claimed_by = ? AND (status = 'sending' OR (status = 'failed' AND in_doubt = ?))`,
		string(m.Status), t.D.Instant(orNow(m.NextAttemptAt, t.Now)), m.LastError, t.D.Instant(m.SentAt), m.InDoubt,
		m.ID, worker, true)
	if err := changed(t.D, "record delivery", n, err, foi.ECONFLICT, "message %d is not claimed by %s (its lease lapsed)", m.ID, worker); err != nil {
		return err
	}
	m.ClaimedBy, m.ClaimedUntil, m.HandedAt = "", time.Time{}, time.Time{}
	return nil
}

// ResolveMessage sends a failed message again or records that it arrived.
func (t *Tx) ResolveMessage(ctx context.Context, id int64, to foi.OutboxStatus) (*foi.OutboxMessage, error) {
	var sent time.Time
	if to == foi.OutboxSent {
		sent = t.Now
	}
	n, err := t.Q.Exec(ctx, `UPDATE outbox SET status = ?, attempts = 0, next_attempt_at = ?, sent_at = ?,
			claimed_by = '', claimed_until = NULL, handed_at = NULL, in_doubt = ?
		WHERE id = ? AND status = 'failed'`, string(to), t.D.Instant(t.Now), t.D.Instant(sent), false, id)
	if err != nil {
		return nil, t.D.Wrap("resolve message", err)
	}
	if n == 0 {
		var status string
		err := t.Q.QueryRow(ctx, `SELECT status FROM outbox WHERE id = ?`, id).Scan(&status)
		if errors.Is(err, ErrNoRows) {
			return nil, foi.Errorf(foi.ENOTFOUND, "there is no outgoing message %d", id)
		}
		if err != nil {
			return nil, t.D.Wrap("resolve message", err)
		}
		return nil, foi.Errorf(foi.ECONFLICT, "message %d is %s, not failed", id, status)
	}
	list, err := t.queryOutbox(ctx, "SELECT "+outboxColumns+" FROM outbox WHERE id = ?", id)
	if err != nil {
		return nil, err
	}
	return list[0], nil
}

func orNow(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return t
}

const inboundColumns = `id, source_key, received_at, envelope_from, envelope_to, message_id, from_name, from_email,
	subject, text, attachments, status, request_id, note, suggestion`

func (r *Reader) scanInbound(row Row, extra ...any) (*foi.InboundMessage, error) {
	m := &foi.InboundMessage{}
	var source *string
	var atts string
	dest := []any{&m.ID, &source, ScanInstant(&m.ReceivedAt), &m.EnvelopeFrom, r.D.ScanStrings(&m.EnvelopeTo), &m.MessageID,
		&m.FromName, &m.FromEmail, &m.Subject, &m.Text, &atts, &m.Status, ScanID(&m.RequestID), &m.Note, &m.Suggestion}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	if source != nil {
		m.SourceKey = *source
	}
	if err := json.Unmarshal([]byte(atts), &m.Attachments); err != nil {
		return nil, fmt.Errorf("inbound %d: attachments: %w", m.ID, err)
	}
	return m, nil
}

// FirstInboundWithMessageID finds an earlier sorted copy of a message.
// Inside a transaction it first waits for any other transaction sorting a
// copy with the same Message-ID (Dialect.LockKey), so that of two copies
// sorted at once the second sees the first as sorted instead of both
// becoming requests.
func (r *Reader) FirstInboundWithMessageID(ctx context.Context, messageID string, except int64) (int64, error) {
	if r.Locking {
		if err := r.D.LockKey(ctx, r.Q, "message-id:"+messageID); err != nil {
			return 0, r.D.Wrap("lock message id", err)
		}
	}
	var id int64
	err := r.Q.QueryRow(ctx, `SELECT id FROM inbound WHERE message_id = ? AND id <> ? AND status <> ?
		ORDER BY id LIMIT 1`, messageID, except, string(foi.InboundNew)).Scan(&id)
	if errors.Is(err, ErrNoRows) {
		return 0, nil
	}
	return id, r.D.Wrap("find inbound by message id", err)
}

// FindInbound returns one inbound message with its raw bytes; inside a
// transaction it is locked until the transaction ends (Dialect.ForUpdate),
// so two processes never sort the same message.
func (r *Reader) FindInbound(ctx context.Context, id int64) (*foi.InboundMessage, error) {
	q := "SELECT " + inboundColumns + ", raw FROM inbound WHERE id = ?"
	if r.Locking {
		q += r.D.ForUpdate()
	}
	var raw []byte
	m, err := r.scanInbound(r.Q.QueryRow(ctx, q, id), &raw)
	if m != nil {
		m.Raw = raw
	}
	return found(r.D, "find inbound", m, err, "there is no inbound message %d", id)
}

// FindInboundMessages lists inbound messages, oldest first, without raw.
func (r *Reader) FindInboundMessages(ctx context.Context, f foi.InboundFilter) ([]*foi.InboundMessage, error) {
	var where []string
	var args []any
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, string(f.Status))
	}
	if f.RequestID != 0 {
		where, args = append(where, "request_id = ?"), append(args, f.RequestID)
	}
	q := "SELECT " + inboundColumns + " FROM inbound"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	list, err := List(ctx, r.Q, func(row Row) (*foi.InboundMessage, error) { return r.scanInbound(row) }, q+" ORDER BY id LIMIT ?", append(args, limitOr100(f.Limit))...)
	return list, r.D.Wrap("find inbound", err)
}

// CreateInbound stores a received message, once per source key.
func (t *Tx) CreateInbound(ctx context.Context, m *foi.InboundMessage) error {
	received := orNow(m.ReceivedAt, t.Now).UTC().Truncate(time.Microsecond)
	var source any
	if m.SourceKey != "" {
		source = m.SourceKey
	}
	status := m.Status
	if status == "" {
		status = foi.InboundNew
	}
	err := t.Q.QueryRow(ctx, `INSERT INTO inbound (source_key, raw, received_at, envelope_from, envelope_to,
			message_id, from_name, from_email, subject, text, attachments, status, request_id, note, suggestion)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (source_key) DO NOTHING RETURNING id`,
		source, m.Raw, t.D.Instant(received), m.EnvelopeFrom, t.D.Strings(m.EnvelopeTo), m.MessageID, m.FromName,
		m.FromEmail, m.Subject, m.Text, JSONAttachments(m.Attachments), string(status), ID(m.RequestID), m.Note,
		m.Suggestion).Scan(&m.ID)
	if errors.Is(err, ErrNoRows) { // that mailbox message is stored already
		err := t.Q.QueryRow(ctx, `SELECT id, status FROM inbound WHERE source_key = ?`, m.SourceKey).Scan(&m.ID, &m.Status)
		return t.D.Wrap("create inbound", err)
	}
	if err != nil {
		return t.D.Wrap("create inbound", err)
	}
	m.ReceivedAt, m.Status = received, status
	return nil
}

// UpdateInbound saves what parsing and sorting found.
func (t *Tx) UpdateInbound(ctx context.Context, m *foi.InboundMessage) error {
	var n int64
	err := t.D.Savepoint(ctx, t.Q, func(q Querier) error {
		var err error
		n, err = q.Exec(ctx, `UPDATE inbound SET message_id = ?, from_name = ?, from_email = ?, subject = ?,
				text = ?, attachments = ?, status = ?, request_id = ?, note = ?, suggestion = ?
			WHERE id = ?`,
			m.MessageID, m.FromName, m.FromEmail, m.Subject, m.Text, JSONAttachments(m.Attachments), string(m.Status),
			ID(m.RequestID), m.Note, m.Suggestion, m.ID)
		return err
	})
	switch {
	case t.D.IsForeignKey(err):
		return foi.Errorf(foi.ENOTFOUND, "inbound %d: request %d not found", m.ID, m.RequestID)
	case t.D.IsCheck(err):
		return foi.Errorf(foi.EINVALID, "inbound %d: unknown status %q", m.ID, m.Status)
	case err != nil:
		return t.D.Wrap("update inbound", err)
	case n == 0:
		return foi.Errorf(foi.ENOTFOUND, "there is no inbound message %d", m.ID)
	}
	return nil
}
