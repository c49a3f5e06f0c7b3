package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"disclose/internal/foi"
)

// RedactInbound overwrites a message's raw bytes and parsed fields.
func (tx *Tx) RedactInbound(ctx context.Context, m *foi.InboundMessage) error {
	raw := m.Raw
	if raw == nil {
		raw = []byte{}
	}
	tag, err := tx.q.Exec(ctx, `UPDATE inbound SET raw = $1, envelope_from = $2, from_name = $3, from_email = $4,
			subject = $5, text = $6, attachments = $7, note = $8 WHERE id = $9`,
		raw, m.EnvelopeFrom, m.FromName, m.FromEmail, m.Subject, m.Text, jsonAttachments(m.Attachments), m.Note, m.ID)
	if err != nil {
		return mapError(err, "redact inbound")
	}
	if tag.RowsAffected() == 0 {
		return foi.Errorf(foi.ENOTFOUND, "there is no inbound message %d", m.ID)
	}
	return nil
}

// RedactMessage overwrites an outbox message's recipient, subject and bodies.
func (tx *Tx) RedactMessage(ctx context.Context, m *foi.OutboxMessage) error {
	tag, err := tx.q.Exec(ctx, `UPDATE outbox SET to_addr = $1, subject = $2, text_body = $3, html_body = $4 WHERE id = $5`,
		m.To, m.Subject, m.Text, m.HTML, m.ID)
	if err != nil {
		return mapError(err, "redact message")
	}
	if tag.RowsAffected() == 0 {
		return foi.Errorf(foi.ENOTFOUND, "there is no outbox message %d", m.ID)
	}
	return nil
}

// DeleteAttachment removes the attachment, then its blob if now unused.
func (tx *Tx) DeleteAttachment(ctx context.Context, id int64) error {
	var hash string
	err := tx.q.QueryRow(ctx, `DELETE FROM attachments WHERE id = $1 RETURNING hash`, id).Scan(&hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return foi.Errorf(foi.ENOTFOUND, "there is no attachment %d", id)
	} else if err != nil {
		return mapError(err, "delete attachment")
	}
	_, err = tx.q.Exec(ctx, `DELETE FROM blobs WHERE hash = $1 AND NOT EXISTS (SELECT 1 FROM attachments WHERE hash = $1)`, hash)
	return mapError(err, "delete blob")
}
