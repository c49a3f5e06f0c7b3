package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"disclose/internal/foi"
)

// RedactInbound overwrites a message's raw bytes and parsed fields.
func (t *tx) RedactInbound(ctx context.Context, m *foi.InboundMessage) error {
	raw := m.Raw
	if raw == nil {
		raw = []byte{}
	}
	res, err := t.tx.ExecContext(ctx, `UPDATE inbound SET raw = ?, envelope_from = ?, from_name = ?, from_email = ?,
			subject = ?, text = ?, attachments = ?, note = ? WHERE id = ?`,
		raw, m.EnvelopeFrom, m.FromName, m.FromEmail, m.Subject, m.Text, jsonAttachments(m.Attachments), m.Note, m.ID)
	if err != nil {
		return wrap("redact inbound", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return foi.Errorf(foi.ENOTFOUND, "there is no inbound message %d", m.ID)
	}
	return nil
}

// RedactMessage overwrites an outbox message's recipient, subject and bodies.
func (t *tx) RedactMessage(ctx context.Context, m *foi.OutboxMessage) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE outbox SET to_addr = ?, subject = ?, text_body = ?, html_body = ? WHERE id = ?`,
		m.To, m.Subject, m.Text, m.HTML, m.ID)
	if err != nil {
		return wrap("redact message", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return foi.Errorf(foi.ENOTFOUND, "there is no outbox message %d", m.ID)
	}
	return nil
}

// DeleteAttachment removes the attachment, then its blob if now unused.
func (t *tx) DeleteAttachment(ctx context.Context, id int64) error {
	var hash string
	err := t.tx.QueryRowContext(ctx, `DELETE FROM attachments WHERE id = ? RETURNING hash`, id).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return foi.Errorf(foi.ENOTFOUND, "there is no attachment %d", id)
	} else if err != nil {
		return wrap("delete attachment", err)
	}
	_, err = t.tx.ExecContext(ctx, `DELETE FROM blobs WHERE hash = ? AND NOT EXISTS (SELECT 1 FROM attachments WHERE hash = ?)`, hash, hash)
	return wrap("delete blob", err)
}
