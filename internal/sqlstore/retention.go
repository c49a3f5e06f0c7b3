// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"encoding/json"
	"errors"

	"disclose/internal/foi"
)

// FindRetentionCandidates lists finished cases whose requester has not been
// anonymised, with the date of their last dated event (a response, a
// review's end, a regulator case closing; views do not count).
func (r *Reader) FindRetentionCandidates(ctx context.Context) ([]foi.RetentionCandidate, error) {
	out, err := List(ctx, r.Q, func(row Row) (c foi.RetentionCandidate, err error) {
		return c, row.Scan(&c.RequestID, &c.Reference.Prefix, &c.Reference.Number, &c.Status, ScanDate(&c.LastActivity), &c.Escalated)
	}, `SELECT r.id, r.ref_prefix, r.ref_number, r.status,
		COALESCE((SELECT max(e.on_date) FROM events e WHERE e.request_id = r.id), r.received_on) AS last_activity,
		EXISTS (SELECT 1 FROM reviews rv WHERE rv.request_id = r.id) OR EXISTS (SELECT 1 FROM regulator_cases c WHERE c.request_id = r.id)
	FROM requests r
	WHERE r.status IN ('responded', 'closed', 'withdrawn', 'lapsed')
	  AND NOT EXISTS (SELECT 1 FROM events e WHERE e.request_id = r.id AND e.type = 'anonymised')
	ORDER BY last_activity, r.id`)
	return out, r.D.Wrap("find retention candidates", err)
}

// RedactInbound overwrites a message's raw bytes and parsed fields.
func (t *Tx) RedactInbound(ctx context.Context, m *foi.InboundMessage) error {
	raw := m.Raw
	if raw == nil {
		raw = []byte{}
	}
	n, err := t.Q.Exec(ctx, `UPDATE inbound SET raw = ?, envelope_from = ?, from_name = ?, from_email = ?,
			subject = ?, text = ?, attachments = ?, note = ? WHERE id = ?`,
		raw, m.EnvelopeFrom, m.FromName, m.FromEmail, m.Subject, m.Text, JSONAttachments(m.Attachments), m.Note, m.ID)
	return changed(t.D, "redact inbound", n, err, foi.ENOTFOUND, "there is no inbound message %d", m.ID)
}

// RedactMessage overwrites an outbox message's recipient, subject and bodies.
func (t *Tx) RedactMessage(ctx context.Context, m *foi.OutboxMessage) error {
	n, err := t.Q.Exec(ctx, `UPDATE outbox SET to_addr = ?, subject = ?, text_body = ?, html_body = ? WHERE id = ?`,
		m.To, m.Subject, m.Text, m.HTML, m.ID)
	return changed(t.D, "redact message", n, err, foi.ENOTFOUND, "there is no outbox message %d", m.ID)
}

// DeleteAttachment removes the attachment, then its blob if now unused.
func (t *Tx) DeleteAttachment(ctx context.Context, id int64) error {
	var hash string
	err := t.Q.QueryRow(ctx, `DELETE FROM attachments WHERE id = ? RETURNING hash`, id).Scan(&hash)
	if errors.Is(err, ErrNoRows) {
		return foi.Errorf(foi.ENOTFOUND, "there is no attachment %d", id)
	} else if err != nil {
		return t.D.Wrap("delete attachment", err)
	}
	_, err = t.Q.Exec(ctx, `DELETE FROM blobs WHERE hash = ? AND NOT EXISTS (SELECT 1 FROM attachments WHERE hash = ?)`, hash, hash)
	return t.D.Wrap("delete blob", err)
}

// JSONAttachments is the stored form of a message's attachment list.
func JSONAttachments(list []foi.AttachmentInfo) string {
	if len(list) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(list) // plain fields always marshal
	return string(b)
}
