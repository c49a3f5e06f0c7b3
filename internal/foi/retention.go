// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"context"
	"time"
)

// EventAnonymised records that retention removed a requester's personal
// data from a case. A case with this event is never a candidate again.
const EventAnonymised = "anonymised"

// RetentionCandidate is a finished case whose requester's personal data is
// still held: retention decides from LastActivity whether it is due.
type RetentionCandidate struct {
	RequestID    int64
	Reference    Reference
	Status       Status
	LastActivity time.Time // the latest date an event took effect (Event.On): its closure, in practice
	Escalated    bool      // internally reviewed or taken to the regulator: kept longer
}

// RetentionReader finds what retention may act on.
type RetentionReader interface {
	// FindRetentionCandidates lists finished cases (not open, not in
	// review) not yet anonymised, oldest activity first.
	FindRetentionCandidates(ctx context.Context) ([]RetentionCandidate, error)
}

// RetentionWriter removes personal data from what the ordinary writers
// keep as it was: a received message's raw bytes, a sent email, a file.
// Only retention uses it, inside the transaction that records the removal.
type RetentionWriter interface {
	// RedactInbound replaces a stored message's raw bytes, envelope
	// sender and parsed fields (sender, subject, text, attachment list,
	// note) with m's; the row, its status and its request stay.
	RedactInbound(ctx context.Context, m *InboundMessage) error
	// RedactMessage replaces an outbox message's recipient, subject and
	// bodies with m's; its status and history stay.
	RedactMessage(ctx context.Context, m *OutboxMessage) error
	// DeleteAttachment removes a case attachment, and its content when no
	// other attachment shares it.
	DeleteAttachment(ctx context.Context, id int64) error
}
