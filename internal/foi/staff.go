// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"context"
	"time"
)

// StaffReader is what the staff application reads beyond the core
// Reader: sessions, login throttling, second factors, part assignments,
// letters and attachments. Every Find method returns ENOTFOUND when
// nothing matches.
type StaffReader interface {
	// FindSession finds a session by the SHA-256 hash of its id.
	FindSession(ctx context.Context, hash string) (*Session, error)
	// CountLoginFailures counts failed sign-ins recorded against key
	// ("account:EMAIL" or "address:IP") at or after since.
	CountLoginFailures(ctx context.Context, key string, since time.Time) (int, error)
	// FindTOTPSecret returns a user's second-factor secret (base32), or
	// ENOTFOUND when they have none.
	FindTOTPSecret(ctx context.Context, userID int64) (string, error)

	// FindPartAssignments lists the contributors asked for input on a
	// request's parts, by part then user.
	FindPartAssignments(ctx context.Context, requestID int64) ([]*PartAssignment, error)
	// FindLetters lists a request's letters, oldest first.
	FindLetters(ctx context.Context, requestID int64) ([]*Letter, error)
	FindLetter(ctx context.Context, id int64) (*Letter, error)
	// FindAttachments lists a request's attachments, oldest first.
	FindAttachments(ctx context.Context, requestID int64) ([]*CaseAttachment, error)
	FindAttachment(ctx context.Context, id int64) (*CaseAttachment, error)
	// FindBlob returns the content stored under a SHA-256 hex hash.
	FindBlob(ctx context.Context, hash string) ([]byte, error)
}

// StaffTx is the staff application's writes, inside one transaction.
type StaffTx interface {
	// CreateSession stores s; s.Hash must be new.
	CreateSession(ctx context.Context, s *Session) error
	// TouchSession moves a session's last-seen time forward.
	TouchSession(ctx context.Context, hash string, at time.Time) error
	// DeleteSession removes a session (sign out); a missing one is no error.
	DeleteSession(ctx context.Context, hash string) error
	// DeleteUserSessions removes every session of a user.
	DeleteUserSessions(ctx context.Context, userID int64) error

	AddLoginFailure(ctx context.Context, key string, at time.Time) error
	// ClaimLoginAttempt records a sign-in attempt against key at at, before
	// its password is checked, so that attempts made in parallel count each
	// other: it waits for any other transaction claiming key, and returns
	// the id of the new record, how many were recorded against key since
	// since before it, and the latest of their times. The record is a
	// failure unless the sign-in succeeds and clears or withdraws it.
	ClaimLoginAttempt(ctx context.Context, key string, at, since time.Time) (LoginClaim, error)
	// WithdrawLoginAttempt removes one claimed attempt (a sign-in that
	// succeeded, or one that was not made).
	WithdrawLoginAttempt(ctx context.Context, id int64) error
	// ClearLoginFailures forgets the failures recorded against key.
	ClearLoginFailures(ctx context.Context, key string) error
	// PruneLoginFailures forgets every failure recorded before a time
	// (they hold email and IP addresses, and count for nothing once out
	// of the throttle's window), and returns how many it removed.
	PruneLoginFailures(ctx context.Context, before time.Time) (int64, error)
	// SetTOTPSecret sets (or, with "", removes) a user's second factor.
	SetTOTPSecret(ctx context.Context, userID int64, secret string) error
	// UseTOTPStep records that a code of this 30-second step was used, and
	// reports false when a code of this step or a later one was used
	// already: each code works once.
	UseTOTPStep(ctx context.Context, userID, step int64) (bool, error)

	// SetPartAssignment adds or replaces the assignment of a part to a
	// contributor (keyed by request, part number and user).
	SetPartAssignment(ctx context.Context, a *PartAssignment) error
	// DeletePartAssignments removes every assignment of a request's part.
	DeletePartAssignments(ctx context.Context, requestID int64, part int) error

	CreateLetter(ctx context.Context, l *Letter) error
	// UpdateLetter saves a letter's body and approval and sending state.
	UpdateLetter(ctx context.Context, l *Letter) error

	// PutBlob stores content under its SHA-256 hex hash; storing the same
	// content again is no error.
	PutBlob(ctx context.Context, hash string, data []byte) error
	CreateAttachment(ctx context.Context, a *CaseAttachment) error
	// UpdateAttachment saves whether an attachment is marked for release.
	// CleanOf is set when the attachment is created and never changes.
	UpdateAttachment(ctx context.Context, a *CaseAttachment) error
}

// Session is a signed-in member of staff. Only a hash of the session id
// (the cookie's value) is stored, so a copy of the database signs no one in.
type Session struct {
	Hash       string // hex SHA-256 of the id in the cookie
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	// Pending is set between a correct password and a correct second
	// factor: a pending session may only complete the second factor.
	Pending bool
	// TOTPOffer is a second-factor secret made on the server for this
	// session's user to set up; only a code from it turns the factor on.
	TOTPOffer string
}

// PartAssignment asks a contributor (a department contact) for input on
// one part of a request by an internal due date.
type PartAssignment struct {
	RequestID int64
	Part      int
	UserID    int64
	DueOn     time.Time // internal date, not statutory; zero when none
	Note      string
	CreatedAt time.Time
}

// Letter kinds.
const (
	LetterAcknowledgement = "acknowledgement"
	LetterClarification   = "clarification"
	LetterFeesNotice      = "fees-notice"
	LetterRefusal         = "refusal"
	LetterResponse        = "response"
	LetterReviewOutcome   = "review-outcome" // the decision of an internal review, part by part
	// More time: FOIA s.10(3) with the s.17(2) notice (qualified
	// exemptions only), and EIR/EISR reg 7 (complex and voluminous).
	LetterPITExtension = "pit-extension"
	LetterEIRExtension = "eir-extension"
	// Responses of their own: nothing held (FOIA s.1(1)(a); EIR reg
	// 12(4)(a)), and already reasonably accessible (FOIA s.21; EIR reg 6(1)(b)).
	LetterNotHeld    = "not-held"
	LetterAccessible = "reasonably-accessible"
)

// LetterKinds lists every kind of letter in the order a case meets them.
var LetterKinds = []string{LetterAcknowledgement, LetterClarification, LetterFeesNotice, LetterPITExtension, LetterEIRExtension,
	LetterRefusal, LetterResponse, LetterNotHeld, LetterAccessible, LetterReviewOutcome}

// DecidesRequest reports whether a kind of letter answers the request: it
// carries the parts' answers, sets the response date when sent, and waits
// for sign-off when the authority asks for it.
func DecidesRequest(kind string) bool {
	switch kind {
	case LetterResponse, LetterRefusal, LetterNotHeld, LetterAccessible:
		return true
	}
	return false
}

// Letter is a letter to a requester: drafted from a template, approved
// when the authority requires it, then sent. A sent letter is kept as sent.
type Letter struct {
	ID         int64
	RequestID  int64
	Kind       string
	Body       string
	CreatedAt  time.Time
	CreatedBy  string
	ApprovedAt time.Time // zero until approved
	ApprovedBy string
	SentAt     time.Time // zero until sent
	SentBy     string
	// Delivery is how it went: LetterByEmail or LetterByPost; "" when
	// unsent, or sent before this was kept.
	Delivery string
	PostedOn time.Time // the day it was posted, for LetterByPost
}

// LoginClaim is what ClaimLoginAttempt found before its own record.
type LoginClaim struct {
	ID      int64     // the attempt's record
	Earlier int       // attempts recorded against the key since the time asked
	Latest  time.Time // the latest of them; zero when none
}

// How a sent letter went to the requester.
const (
	LetterByEmail = "email"
	LetterByPost  = "post"
)

// CaseAttachment is a file on a case, stored by the hash of its content.
type CaseAttachment struct {
	ID          int64
	RequestID   int64
	Name        string
	ContentType string
	Hash        string // hex SHA-256 of the content, the blob's key
	Size        int64
	Release     bool // marked for release to the requester
	UploadedAt  time.Time
	UploadedBy  string
	// InboundID is the received email the file came with; 0 for an upload.
	InboundID int64
	// CleanOf is the attachment this is a clean copy of (0 for an upload).
	CleanOf int64
}
