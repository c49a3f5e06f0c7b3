// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"context"
	"time"
)

// The audit trail is one hash chain per authority (per database): every
// event has one link, numbered from 1, holding the hash of the link before
// it (internal/audit, docs/audit.md).

// AuditHead is the end of the chain: its identifier, the last sequence
// number and that link's hash ("" before the first event).
type AuditHead struct {
	Chain string
	Seq   int64
	Hash  string
	// BackfillUntil is the last event id an upgrade found unchained: they
	// are chained, in id order, before any newer event. 0 when done.
	BackfillUntil int64
}

// AuditLink is one event's place in the chain.
type AuditLink struct {
	Seq     int64
	EventID int64
	Prev    string // the hash of the link before
	Hash    string
	Content string // the digest of the event's personal fields when it was written
	// Event is the event the link names as it is stored now; nil when the
	// event row is gone.
	Event *Event
	// RedactedBy is the event (of type anonymised) that recorded removing
	// personal data from this one; 0 when none did.
	RedactedBy int64
}

// AuditRedaction is a record that retention rewrote an event's personal
// fields, with what the verifier needs to check it: the redacted event's
// link and the redacting event and its link.
type AuditRedaction struct {
	Event *AuditLink // the redacted event's link; Event.Event is the event
	By    *AuditLink // the redacting event's link; nil when it has none
}

// AuditCheckpoint is a signed statement of the chain's head at a time.
type AuditCheckpoint struct {
	ID        int64
	Chain     string
	Seq       int64
	Hash      string
	At        time.Time
	PublicKey []byte // ed25519
	Signature []byte
}

// AuditWalker receives the chain from AuditReader.WalkAudit, in this order:
// the head, every stored checkpoint (sequence order), every event that has
// no link (id order), every link (sequence order), every redaction (by the
// redacted event's sequence). An error from a method stops the walk and is
// returned by WalkAudit.
type AuditWalker interface {
	Head(h AuditHead) error
	Unchained(e *Event) error
	Link(l *AuditLink) error
	Redaction(r *AuditRedaction) error
	Checkpoint(c *AuditCheckpoint) error
}

// AuditReader reads the chain.
type AuditReader interface {
	// AuditHead returns the head of the chain.
	AuditHead(ctx context.Context) (AuditHead, error)
	// WalkAudit streams the whole chain to w from one snapshot, so that it
	// runs beside writers and holds one row at a time.
	WalkAudit(ctx context.Context, w AuditWalker) error
	// FindAuditCheckpoints lists the stored checkpoints, newest first, at
	// most limit of them (0: all).
	FindAuditCheckpoints(ctx context.Context, limit int) ([]*AuditCheckpoint, error)
}

// AuditWriter writes what the chain needs besides AddEvent.
type AuditWriter interface {
	// ChainEvent links an event a bulk path stored itself (with its id set)
	// when the transaction commits, as AddEvent does.
	ChainEvent(e *Event)
	// ChainBackfill links up to limit of the events an upgrade left
	// unchained and returns how many; 0 when none are left.
	ChainBackfill(ctx context.Context, limit int) (int, error)
	// RedactEvent replaces a stored event's note, before and after with
	// e's, recording that event byID (an anonymised event of the same
	// transaction, which lists e.ID) did it. Nothing else of it changes.
	RedactEvent(ctx context.Context, e *Event, byID int64) error
	// AddAuditCheckpoint stores a signed checkpoint and sets its ID.
	AddAuditCheckpoint(ctx context.Context, c *AuditCheckpoint) error
}
