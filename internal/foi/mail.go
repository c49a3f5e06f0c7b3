// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"context"
	"time"
)

// The store's part in email: the outbox that outgoing messages wait in
// until a worker delivers them, and the inbound messages received by the
// FOI mailbox. Reader includes MailReader and Tx includes MailWriter, so a
// message is queued in the same transaction as the change that causes it.
// The outbox is claimed by leases so that several processes can share it.

// OutboxStatus is where an outgoing message stands.
type OutboxStatus string

const (
	OutboxQueued  OutboxStatus = "queued"  // waiting for its next attempt
	OutboxSending OutboxStatus = "sending" // claimed by a worker until ClaimedUntil
	OutboxSent    OutboxStatus = "sent"    // the SMTP server accepted it
	OutboxFailed  OutboxStatus = "failed"  // refused for good, out of attempts, or in doubt: staff must act
)

// Email kinds: one per message the authority sends.
const (
	EmailAcknowledgement       = "acknowledgement"
	EmailClarificationRequest  = "clarification-request"
	EmailFeesNotice            = "fees-notice"
	EmailResponse              = "response"
	EmailReviewAcknowledgement = "review-acknowledgement"
	EmailReviewOutcome         = "review-outcome"
	EmailStaffNotification     = "staff-notification"
	EmailDigest                = "digest" // the daily reminder digest to a member of staff
)

// OutboxMessage is one email waiting to be sent, or sent. It is queued in
// the same transaction as the change that causes it, fully rendered, so
// what is delivered is exactly what was decided.
type OutboxMessage struct {
	ID int64
	// Key is unique: queueing a message with a key already used stores
	// nothing new. It is also the local part of the Message-ID, so a
	// message that reaches someone twice (staff sent one held in doubt
	// again, and the first had arrived after all) is recognisably the same.
	Key         string
	RequestID   int64 // 0 when it concerns no request
	Kind        string
	From        string // RFC 5322 addresses: "Name <addr>" or "addr"
	ReplyTo     string
	To          string
	Subject     string
	Text        string
	HTML        string
	Attachments []Attachment

	Status        OutboxStatus
	Attempts      int
	NextAttemptAt time.Time
	LastError     string
	SentAt        time.Time
	ClaimedBy     string    // the worker holding the lease while sending
	ClaimedUntil  time.Time // after this the lease lapses and any worker may retry
	CreatedAt     time.Time
	// HandedAt is set while an attempt is handing the message's content
	// to the server: from then on the server may have it, so a lapsed
	// lease no longer means it is safe to send again.
	HandedAt time.Time
	// InDoubt marks a failed message that may have been delivered: the
	// server was sent all of it but its answer was never recorded (a
	// crash, a lost connection). It is never sent again by itself; staff
	// check and either send it again or confirm it was sent.
	InDoubt bool
}

// Attachment is a file sent with a message.
type Attachment struct {
	Filename    string
	ContentType string
	Data        []byte
}

// OutboxFilter selects outbox messages; zero fields match everything.
type OutboxFilter struct {
	RequestID int64
	Status    OutboxStatus
	Limit     int // 0 means 100
}

// InboundStatus is what became of a received message.
type InboundStatus string

const (
	InboundNew            InboundStatus = "new"             // stored, not yet sorted
	InboundRequestCreated InboundStatus = "request-created" // became a new request
	InboundThreaded       InboundStatus = "threaded"        // a reply, attached to its case
	InboundHoldingPen     InboundStatus = "holding-pen"     // could not be sorted: staff decide
	InboundIgnored        InboundStatus = "ignored"         // an auto-reply or a bounce
)

// InboundMessage is one email received by the FOI mailbox. The raw bytes
// are stored before the sender is told the message was accepted, so
// nothing acknowledged is lost; everything else is parsed from them.
type InboundMessage struct {
	ID int64
	// SourceKey identifies a message fetched from a mailbox (IMAP
	// UIDVALIDITY and UID) so that fetching it again stores nothing new;
	// "" for messages delivered to our own SMTP listener.
	SourceKey    string
	Raw          []byte // the message as received; FindInboundMessages leaves it nil
	ReceivedAt   time.Time
	EnvelopeFrom string
	EnvelopeTo   []string

	// Parsed from Raw.
	MessageID   string
	FromName    string
	FromEmail   string
	Subject     string
	Text        string
	Attachments []AttachmentInfo

	Status    InboundStatus
	RequestID int64  // the request it created or was threaded to
	Note      string // why it went where it did (for the holding pen, the reason)
	// Suggestion is what a reply to a case probably is, for staff to
	// confirm with the clock-event API: EventClarificationReceived or
	// EventReviewRequested, or "" when there is no suggestion.
	Suggestion string
}

// AttachmentInfo describes a file in a received message. The file itself
// stays in the stored raw message, from which it can always be extracted.
type AttachmentInfo struct {
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
	Inline      bool   `json:"inline,omitempty"` // an inline image of an HTML body
	// Contents lists the files inside a container such as winmail.dat.
	Contents []string `json:"contents,omitempty"`
}

// InboundFilter selects inbound messages; zero fields match everything.
type InboundFilter struct {
	Status    InboundStatus
	RequestID int64
	Limit     int // 0 means 100
}

// MailReader reads the outbox and the inbound messages.
type MailReader interface {
	FindMessages(ctx context.Context, f OutboxFilter) ([]*OutboxMessage, error)
	// FindInbound returns one inbound message with its raw bytes. Inside a
	// transaction it locks the message until the transaction ends, so two
	// processes never sort the same message.
	FindInbound(ctx context.Context, id int64) (*InboundMessage, error)
	// FirstInboundWithMessageID returns the id of the earliest message other
	// than except that was stored with this Message-ID and has been sorted;
	// 0 when there is none. Inside a transaction it waits for another
	// transaction that asked the same until that one ends.
	FirstInboundWithMessageID(ctx context.Context, messageID string, except int64) (int64, error)
	// FindInboundMessages lists inbound messages, oldest first, without
	// their raw bytes.
	FindInboundMessages(ctx context.Context, f InboundFilter) ([]*InboundMessage, error)
}

// MailWriter writes the outbox and the inbound messages inside a transaction.
type MailWriter interface {
	// QueueMessage stores a queued message and sets its ID, Status and
	// CreatedAt. When a message with the same Key exists it stores nothing
	// and sets m.ID and m.Status from the stored one.
	QueueMessage(ctx context.Context, m *OutboxMessage) error
	// ClaimMessages leases up to limit messages that are due (queued with
	// NextAttemptAt passed, or sending with a lapsed lease and never handed
	// over) to worker until now+lease, marks them sending and counts the
	// attempt. Messages claimed by another live lease are skipped, never
	// waited for.
	ClaimMessages(ctx context.Context, worker string, lease time.Duration, limit int) ([]*OutboxMessage, error)
	// HandOver records, before the content goes to the server, that
	// worker's attempt at m may deliver it (sets HandedAt). It fails with
	// ECONFLICT when worker no longer holds the lease.
	HandOver(ctx context.Context, m *OutboxMessage, worker string) error
	// HoldInDoubt marks failed and in doubt every message whose lease lapsed
	// after it was handed over (its worker died waiting for the server's
	// answer), and returns them. The worker keeps the claim, so a late
	// answer from it can still be recorded.
	HoldInDoubt(ctx context.Context) ([]*OutboxMessage, error)
	// RecordDelivery saves the outcome of an attempt (Status, NextAttemptAt,
	// LastError, SentAt, InDoubt), clears HandedAt and releases the lease.
	// It fails with ECONFLICT when worker no longer holds the lease (a
	// message held in doubt is still worker's).
	RecordDelivery(ctx context.Context, m *OutboxMessage, worker string) error
	// ResolveMessage is staff deciding about a failed message: OutboxQueued
	// sends it again now (attempts start afresh), OutboxSent records that
	// it did arrive. It fails with ECONFLICT unless the message is failed.
	ResolveMessage(ctx context.Context, id int64, to OutboxStatus) (*OutboxMessage, error)

	// CreateInbound stores a received message and sets ID and Status (new).
	// A message whose SourceKey is already stored is not stored again:
	// m.ID and m.Status are set from the stored one.
	CreateInbound(ctx context.Context, m *InboundMessage) error
	// UpdateInbound saves what parsing and sorting found: the parsed
	// fields, Status, RequestID, Note and Suggestion. Raw never changes.
	UpdateInbound(ctx context.Context, m *InboundMessage) error

	// InitSetting sets a setting only if it is unset, and returns the
	// value stored afterwards: the first process to ask decides.
	InitSetting(ctx context.Context, key, value string) (string, error)
}

// Email events on a request's timeline.
const (
	EventEmailQueued   = "email-queued"   // a message to the requester was queued
	EventEmailSent     = "email-sent"     // the SMTP server accepted it
	EventEmailFailed   = "email-failed"   // it could not be delivered: staff must act
	EventEmailReceived = "email-received" // a reply arrived at the case address
)
