package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"disclose/internal/foi"
	"disclose/internal/sqlstore"
)

// The outbox and inbound email. Several processes share the outbox: a
// claim takes due rows with FOR UPDATE SKIP LOCKED, so two workers never
// wait on or take the same message, and the lease it writes tells every
// other process the message is being sent.

const outboxColumns = `id, key, request_id, kind, from_addr, reply_to, to_addr, subject, text_body, html_body,
	status, attempts, next_attempt_at, last_error, sent_at, claimed_by, claimed_until, created_at, handed_at, in_doubt`

func scanOutbox(row pgx.Row) (*foi.OutboxMessage, error) {
	m := &foi.OutboxMessage{}
	var (
		request                           pgtype.Int8
		status                            string
		next, sent, claimedUntil, created pgtype.Timestamptz
		handed                            pgtype.Timestamptz
	)
	err := row.Scan(&m.ID, &m.Key, &request, &m.Kind, &m.From, &m.ReplyTo, &m.To, &m.Subject, &m.Text, &m.HTML,
		&status, &m.Attempts, &next, &m.LastError, &sent, &m.ClaimedBy, &claimedUntil, &created, &handed, &m.InDoubt)
	if err != nil {
		return nil, err
	}
	m.RequestID, m.Status = fromID(request), foi.OutboxStatus(status)
	m.NextAttemptAt, m.SentAt = fromTimestamp(next), fromTimestamp(sent)
	m.ClaimedUntil, m.CreatedAt = fromTimestamp(claimedUntil), fromTimestamp(created)
	m.HandedAt = fromTimestamp(handed)
	return m, nil
}

func (s *Store) FindMessages(ctx context.Context, f foi.OutboxFilter) (ms []*foi.OutboxMessage, err error) {
	err = s.view(ctx, func(rd *reader) error { ms, err = rd.FindMessages(ctx, f); return err })
	return ms, err
}

func (s *Store) FindInbound(ctx context.Context, id int64) (m *foi.InboundMessage, err error) {
	err = s.view(ctx, func(rd *reader) error { m, err = rd.FindInbound(ctx, id); return err })
	return m, err
}

func (s *Store) FindInboundMessages(ctx context.Context, f foi.InboundFilter) (ms []*foi.InboundMessage, err error) {
	err = s.view(ctx, func(rd *reader) error { ms, err = rd.FindInboundMessages(ctx, f); return err })
	return ms, err
}

func limitOr100(n int) int {
	if n <= 0 {
		return 100
	}
	return n
}

// FindMessages lists outbox messages, oldest first, with their attachments.
func (rd *reader) FindMessages(ctx context.Context, f foi.OutboxFilter) ([]*foi.OutboxMessage, error) {
	var where []string
	var args []any
	if f.RequestID != 0 {
		args = append(args, f.RequestID)
		where = append(where, "request_id = $"+strconv.Itoa(len(args)))
	}
	if f.Status != "" {
		args = append(args, string(f.Status))
		where = append(where, "status = $"+strconv.Itoa(len(args)))
	}
	q := "SELECT " + outboxColumns + " FROM outbox"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	args = append(args, limitOr100(f.Limit))
	q += " ORDER BY id LIMIT $" + strconv.Itoa(len(args))
	return rd.queryOutbox(ctx, q, args...)
}

// queryOutbox runs an outbox query and loads each message's attachments.
func (rd *reader) queryOutbox(ctx context.Context, q string, args ...any) ([]*foi.OutboxMessage, error) {
	rows, err := rd.q.Query(ctx, q, args...)
	if err != nil {
		return nil, mapError(err, "find messages")
	}
	var list []*foi.OutboxMessage
	for rows.Next() {
		m, err := scanOutbox(rows)
		if err != nil {
			rows.Close()
			return nil, mapError(err, "find messages")
		}
		list = append(list, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapError(err, "find messages")
	}
	for _, m := range list {
		rows, err := rd.q.Query(ctx, `SELECT filename, content_type, data FROM outbox_attachments
			WHERE message_id = $1 ORDER BY id`, m.ID)
		if err != nil {
			return nil, mapError(err, "find attachments")
		}
		for rows.Next() {
			var a foi.Attachment
			if err := rows.Scan(&a.Filename, &a.ContentType, &a.Data); err != nil {
				rows.Close()
				return nil, mapError(err, "find attachments")
			}
			m.Attachments = append(m.Attachments, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, mapError(err, "find attachments")
		}
	}
	return list, nil
}

// QueueMessage stores a message to send, once per key.
func (tx *Tx) QueueMessage(ctx context.Context, m *foi.OutboxMessage) error {
	next := m.NextAttemptAt
	if next.IsZero() {
		next = tx.now
	}
	var id int64
	err := tx.q.QueryRow(ctx, `INSERT INTO outbox (key, request_id, kind, from_addr, reply_to, to_addr,
			subject, text_body, html_body, status, attempts, next_attempt_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'queued', 0, $10, $11)
		ON CONFLICT (key) DO NOTHING RETURNING id`,
		m.Key, pgID(m.RequestID), m.Kind, m.From, m.ReplyTo, m.To, m.Subject, m.Text, m.HTML,
		pgTime(next), pgTime(tx.now)).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) { // the key was used: already queued
		var status string
		err := tx.q.QueryRow(ctx, `SELECT id, status FROM outbox WHERE key = $1`, m.Key).Scan(&m.ID, &status)
		m.Status = foi.OutboxStatus(status)
		return mapError(err, "queue message")
	}
	if isConstraint(err, codeForeignKeyViolation, "outbox_request_id_fkey") {
		return foi.Errorf(foi.ENOTFOUND, "cannot queue %s: request %d not found", m.Kind, m.RequestID)
	}
	if err != nil {
		return mapError(err, "queue message")
	}
	for _, a := range m.Attachments {
		data := a.Data
		if data == nil {
			data = []byte{}
		}
		if _, err := tx.q.Exec(ctx, `INSERT INTO outbox_attachments (message_id, filename, content_type, data)
			VALUES ($1, $2, $3, $4)`, id, a.Filename, a.ContentType, data); err != nil {
			return mapError(err, "queue attachment")
		}
	}
	m.ID, m.Status, m.Attempts, m.NextAttemptAt, m.CreatedAt = id, foi.OutboxQueued, 0, next, tx.now
	return nil
}

// ClaimMessages leases due messages to worker, skipping rows another
// transaction is claiming at this moment.
func (tx *Tx) ClaimMessages(ctx context.Context, worker string, lease time.Duration, limit int) ([]*foi.OutboxMessage, error) {
	rows, err := tx.q.Query(ctx, `UPDATE outbox SET status = 'sending', claimed_by = $1, claimed_until = $2,
			attempts = attempts + 1, handed_at = NULL
		WHERE id IN (SELECT id FROM outbox
			WHERE status IN ('queued', 'sending') AND next_attempt_at <= $3
				AND (status = 'queued' OR (claimed_until <= $3 AND handed_at IS NULL))
			ORDER BY next_attempt_at, id LIMIT $4
			FOR UPDATE SKIP LOCKED)
		RETURNING id`, worker, pgTime(tx.now.Add(lease)), pgTime(tx.now), limit)
	if err != nil {
		return nil, mapError(err, "claim messages")
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(ids) == 0 {
		return nil, mapError(err, "claim messages")
	}
	return tx.queryOutbox(ctx, "SELECT "+outboxColumns+" FROM outbox WHERE id = ANY($1) ORDER BY next_attempt_at, id", ids)
}

// HandOver records that worker is about to send m's content to the server.
func (tx *Tx) HandOver(ctx context.Context, m *foi.OutboxMessage, worker string) error {
	tag, err := tx.q.Exec(ctx, `UPDATE outbox SET handed_at = $1
		WHERE id = $2 AND status = 'sending' AND claimed_by = $3`, pgTime(tx.now), m.ID, worker)
	if err != nil {
		return mapError(err, "hand over")
	}
	if tag.RowsAffected() == 0 {
		return foi.Errorf(foi.ECONFLICT, "message %d is not claimed by %s (its lease lapsed)", m.ID, worker)
	}
	m.HandedAt = tx.now
	return nil
}

// HoldInDoubt fails, in doubt, the handed-over messages whose lease lapsed.
// SKIP LOCKED leaves a message another transaction is recording alone.
func (tx *Tx) HoldInDoubt(ctx context.Context) ([]*foi.OutboxMessage, error) {
	rows, err := tx.q.Query(ctx, `UPDATE outbox SET status = 'failed', in_doubt = true,
			last_error = 'the mail server was sent the whole message but its answer was never recorded'
		WHERE id IN (SELECT id FROM outbox
			WHERE status = 'sending' AND handed_at IS NOT NULL AND claimed_until <= $1
			FOR UPDATE SKIP LOCKED)
		RETURNING id`, pgTime(tx.now))
	if err != nil {
		return nil, mapError(err, "hold in doubt")
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(ids) == 0 {
		return nil, mapError(err, "hold in doubt")
	}
	return tx.queryOutbox(ctx, "SELECT "+outboxColumns+" FROM outbox WHERE id = ANY($1) ORDER BY id", ids)
}

// RecordDelivery saves an attempt's outcome, if worker still holds the lease.
func (tx *Tx) RecordDelivery(ctx context.Context, m *foi.OutboxMessage, worker string) error {
	next := m.NextAttemptAt
	if next.IsZero() {
		next = tx.now
	}
	tag, err := tx.q.Exec(ctx, `UPDATE outbox SET status = $1, next_attempt_at = $2, last_error = $3, sent_at = $4,
			claimed_by = '', claimed_until = NULL, handed_at = NULL, in_doubt = $7
		WHERE id = $5 AND claimed_by = $6 AND (status = 'sending' OR (status = 'failed' AND in_doubt))`,
		string(m.Status), pgTime(next), m.LastError, pgTime(m.SentAt), m.ID, worker, m.InDoubt)
	if err != nil {
		return mapError(err, "record delivery")
	}
	if tag.RowsAffected() == 0 {
		return foi.Errorf(foi.ECONFLICT, "message %d is not claimed by %s (its lease lapsed)", m.ID, worker)
	}
	m.ClaimedBy, m.ClaimedUntil, m.HandedAt = "", time.Time{}, time.Time{}
	return nil
}

// ResolveMessage sends a failed message again or records that it arrived.
func (tx *Tx) ResolveMessage(ctx context.Context, id int64, to foi.OutboxStatus) (*foi.OutboxMessage, error) {
	var sent pgtype.Timestamptz
	if to == foi.OutboxSent {
		sent = pgTime(tx.now)
	}
	tag, err := tx.q.Exec(ctx, `UPDATE outbox SET status = $1, attempts = 0, next_attempt_at = $2, sent_at = $3,
			claimed_by = '', claimed_until = NULL, handed_at = NULL, in_doubt = false
		WHERE id = $4 AND status = 'failed'`, string(to), pgTime(tx.now), sent, id)
	if err != nil {
		return nil, mapError(err, "resolve message")
	}
	if tag.RowsAffected() == 0 {
		var status string
		err := tx.q.QueryRow(ctx, `SELECT status FROM outbox WHERE id = $1`, id).Scan(&status)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, foi.Errorf(foi.ENOTFOUND, "there is no outgoing message %d", id)
		}
		if err != nil {
			return nil, mapError(err, "resolve message")
		}
		return nil, foi.Errorf(foi.ECONFLICT, "message %d is %s, not failed", id, status)
	}
	list, err := tx.queryOutbox(ctx, "SELECT "+outboxColumns+" FROM outbox WHERE id = $1", id)
	if err != nil {
		return nil, err
	}
	return list[0], nil
}

const inboundColumns = `id, source_key, received_at, envelope_from, envelope_to, message_id, from_name, from_email,
	subject, text, attachments, status, request_id, note, suggestion`

func scanInbound(row pgx.Row, extra ...any) (*foi.InboundMessage, error) {
	m := &foi.InboundMessage{}
	var (
		source   pgtype.Text
		received pgtype.Timestamptz
		atts     []byte
		status   string
		request  pgtype.Int8
	)
	dest := []any{&m.ID, &source, &received, &m.EnvelopeFrom, &m.EnvelopeTo, &m.MessageID, &m.FromName,
		&m.FromEmail, &m.Subject, &m.Text, &atts, &status, &request, &m.Note, &m.Suggestion}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	m.SourceKey, m.ReceivedAt, m.Status, m.RequestID = source.String, fromTimestamp(received), foi.InboundStatus(status), fromID(request)
	if err := json.Unmarshal(atts, &m.Attachments); err != nil {
		return nil, fmt.Errorf("postgres: inbound %d: attachments: %w", m.ID, err)
	}
	return m, nil
}

// FindInbound returns one inbound message with its raw bytes; inside Update
// it locks the row, so two processes never sort the same message.
func (rd *reader) FindInbound(ctx context.Context, id int64) (*foi.InboundMessage, error) {
	q := "SELECT " + inboundColumns + ", raw FROM inbound WHERE id = $1"
	if rd.lock {
		q += " FOR UPDATE"
	}
	var raw []byte
	m, err := scanInbound(rd.q.QueryRow(ctx, q, id), &raw)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, foi.Errorf(foi.ENOTFOUND, "there is no inbound message %d", id)
	}
	if err != nil {
		return nil, mapError(err, "find inbound")
	}
	m.Raw = raw
	return m, nil
}

// FindInboundMessages lists inbound messages, oldest first, without raw.
func (rd *reader) FindInboundMessages(ctx context.Context, f foi.InboundFilter) ([]*foi.InboundMessage, error) {
	var where []string
	var args []any
	if f.Status != "" {
		args = append(args, string(f.Status))
		where = append(where, "status = $"+strconv.Itoa(len(args)))
	}
	if f.RequestID != 0 {
		args = append(args, f.RequestID)
		where = append(where, "request_id = $"+strconv.Itoa(len(args)))
	}
	q := "SELECT " + inboundColumns + " FROM inbound"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	args = append(args, limitOr100(f.Limit))
	q += " ORDER BY id LIMIT $" + strconv.Itoa(len(args))
	rows, err := rd.q.Query(ctx, q, args...)
	if err != nil {
		return nil, mapError(err, "find inbound")
	}
	defer rows.Close()
	var list []*foi.InboundMessage
	for rows.Next() {
		m, err := scanInbound(rows)
		if err != nil {
			return nil, mapError(err, "find inbound")
		}
		list = append(list, m)
	}
	return list, mapError(rows.Err(), "find inbound")
}

// CreateInbound stores a received message, once per source key.
func (tx *Tx) CreateInbound(ctx context.Context, m *foi.InboundMessage) error {
	received := m.ReceivedAt.UTC().Truncate(time.Microsecond)
	if m.ReceivedAt.IsZero() {
		received = tx.now
	}
	status := m.Status
	if status == "" {
		status = foi.InboundNew
	}
	to := m.EnvelopeTo
	if to == nil {
		to = []string{}
	}
	source := pgtype.Text{String: m.SourceKey, Valid: m.SourceKey != ""}
	var id int64
	err := tx.q.QueryRow(ctx, `INSERT INTO inbound (source_key, raw, received_at, envelope_from, envelope_to,
			message_id, from_name, from_email, subject, text, attachments, status, request_id, note, suggestion)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		ON CONFLICT (source_key) DO NOTHING RETURNING id`,
		source, m.Raw, pgTime(received), m.EnvelopeFrom, to, m.MessageID, m.FromName, m.FromEmail, m.Subject,
		m.Text, sqlstore.JSONAttachments(m.Attachments), string(status), pgID(m.RequestID), m.Note, m.Suggestion).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		var st string
		err := tx.q.QueryRow(ctx, `SELECT id, status FROM inbound WHERE source_key = $1`, m.SourceKey).Scan(&m.ID, &st)
		m.Status = foi.InboundStatus(st)
		return mapError(err, "create inbound")
	}
	if err != nil {
		return mapError(err, "create inbound")
	}
	m.ID, m.ReceivedAt, m.Status = id, received, status
	return nil
}

// UpdateInbound saves what parsing and sorting found.
func (tx *Tx) UpdateInbound(ctx context.Context, m *foi.InboundMessage) error {
	tag, err := tx.q.Exec(ctx, `UPDATE inbound SET message_id = $1, from_name = $2, from_email = $3, subject = $4,
			text = $5, attachments = $6, status = $7, request_id = $8, note = $9, suggestion = $10
		WHERE id = $11`,
		m.MessageID, m.FromName, m.FromEmail, m.Subject, m.Text, sqlstore.JSONAttachments(m.Attachments), string(m.Status),
		pgID(m.RequestID), m.Note, m.Suggestion, m.ID)
	if isConstraint(err, codeForeignKeyViolation, "inbound_request_id_fkey") {
		return foi.Errorf(foi.ENOTFOUND, "inbound %d: request %d not found", m.ID, m.RequestID)
	}
	if e := pgError(err); e != nil && e.Code == codeCheckViolation {
		return foi.Errorf(foi.EINVALID, "inbound %d: unknown status %q", m.ID, m.Status)
	}
	if err != nil {
		return mapError(err, "update inbound")
	}
	if tag.RowsAffected() == 0 {
		return foi.Errorf(foi.ENOTFOUND, "there is no inbound message %d", m.ID)
	}
	return nil
}

// InitSetting sets key only when it is unset and returns the stored value.
// ON CONFLICT DO NOTHING waits for a concurrent insert of the same key, so
// every process reads the one value that won.
func (tx *Tx) InitSetting(ctx context.Context, key, value string) (string, error) {
	if _, err := tx.q.Exec(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
		key, value); err != nil {
		return "", mapError(err, "init setting")
	}
	return tx.FindSetting(ctx, key)
}
