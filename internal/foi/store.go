// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// Reader is what can be read from a store, inside or outside a transaction.
// Every Find method returns an *Error with code ENOTFOUND when nothing
// matches, never (nil, nil).
type Reader interface {
	StaffReader
	// FindRequest finds a request by reference (the prefix is ignored: the
	// number is unique). Inside a transaction it also locks the request
	// until the transaction ends.
	FindRequest(ctx context.Context, ref Reference) (*Request, error)
	FindRequestByID(ctx context.Context, id int64) (*Request, error)
	// FindRequests returns one page of requests matching the filter and the
	// number of requests that match in all.
	FindRequests(ctx context.Context, f RequestFilter) ([]*Request, int, error)
	// FindEvents returns a request's audit trail, oldest first.
	FindEvents(ctx context.Context, requestID int64) ([]*Event, error)
	// FindAwaitingInput lists the ids of requests with an unanswered part
	// asked of a department contact who has not given input on it yet.
	FindAwaitingInput(ctx context.Context) ([]int64, error)
	// FindWithRegulator maps each request with an open complaint to the
	// regulator (not closed) to its assignee's id (0: nobody).
	FindWithRegulator(ctx context.Context) (map[int64]int64, error)

	FindUser(ctx context.Context, id int64) (*User, error)
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	FindUsers(ctx context.Context) ([]*User, error)
	// FindUserByToken finds the enabled user owning a valid token with this hash.
	FindUserByToken(ctx context.Context, hash string) (*User, error)

	// FindCalendar returns the most recently imported calendar.
	FindCalendar(ctx context.Context) (*Calendar, error)
	// FindSetting returns an authority setting, or ENOTFOUND when unset.
	FindSetting(ctx context.Context, key string) (string, error)

	PublicationReader       // the disclosure log (publication.go)
	ReviewReader            // internal reviews and the regulator (review_store.go)
	StatsReader             // what statistics are built from (stats.go)
	MailReader              // the outbox and inbound email (mail.go)
	RetentionReader         // finished cases still holding personal data (retention.go)
	TrackingReader          // requesters' tracking links (tracking.go)
	SafetyReader            // findings and redactions (safety.go)
	AuditReader             // the audit trail's hash chain and checkpoints (audit.go)
	CredentialReader        // API tokens, OpenID Connect identities, tracking links (credential.go)
	QuestionReader          // the question index, for asked-before matches (questions.go)
	EffortReader            // searches and time per part (effort.go)
	AggregationReader       // requests aggregated for the cost limit (aggregation.go)
	LanguageReader          // the requester's language (language.go)
	WelshPublicationReader  // Welsh versions of entries (language.go)
	PublicationFacetReader  // the log's outcome and exemption filters (publication_facet.go)
	PublishedQuestionReader // the published question index, for suggestions (published_questions.go)
}

// Tx is one transaction: every write and the audit events that record it
// commit together or not at all.
type Tx interface {
	Reader
	StaffTx

	// CreateRequest stores a new request with its requester and parts. It
	// sets ID, CreatedAt, UpdatedAt and Version. A zero Reference is
	// assigned the next number of the single reference sequence (which
	// starts at the SettingReferenceStart setting, default 1); a given
	// Reference (a historical case) must be unused, and moves the sequence
	// past it.
	CreateRequest(ctx context.Context, r *Request) error
	// UpdateRequest saves a request's fields, requester and parts. It fails
	// with ECONFLICT when r.Version is not the stored version (someone else
	// changed it), and bumps r.Version on success.
	UpdateRequest(ctx context.Context, r *Request) error
	// AddEvent appends to the audit trail and sets e.ID (and e.At when zero).
	AddEvent(ctx context.Context, e *Event) error

	// CreateUser fails with ECONFLICT when the email is taken.
	CreateUser(ctx context.Context, u *User) error
	UpdateUser(ctx context.Context, u *User) error
	CreateToken(ctx context.Context, t *Token) error

	// CreateCalendar stores a calendar version; storing a version that is
	// already there only makes it the most recent again.
	CreateCalendar(ctx context.Context, c *Calendar) error
	SetSetting(ctx context.Context, key, value string) error
	// MergeCategory files every disclosure-log entry of category from
	// (public or taken down) under into, and returns how many moved; the
	// name from then lists no entries (sqlstore/categories.go).
	MergeCategory(ctx context.Context, from, into string) (int, error)

	PublicationWriter       // the disclosure log (publication.go)
	ReviewWriter            // internal reviews and the regulator (review_store.go)
	MailWriter              // the outbox and inbound email (mail.go)
	TrackingWriter          // tracking links and rate limits (tracking.go)
	JobWriter               // daily runs of scheduled jobs (jobs.go)
	RetentionWriter         // removing personal data under the retention schedule (retention.go)
	SafetyWriter            // findings and redactions (safety.go)
	AuditWriter             // the audit trail's hash chain and checkpoints (audit.go)
	CredentialWriter        // revoking and touching tokens, second-factor offers (credential.go)
	QuestionWriter          // the question index (questions.go)
	EffortWriter            // searches and time per part (effort.go)
	AggregationWriter       // requests aggregated for the cost limit (aggregation.go)
	LanguageWriter          // the requester's language (language.go)
	WelshPublicationWriter  // Welsh versions of entries (language.go)
	PublishedQuestionWriter // the published question index (published_questions.go)
}

// Store is a Disclose database. It is safe for concurrent use, and several
// processes may share one PostgreSQL store.
type Store interface {
	Reader
	// Update runs fn in one transaction, committing when fn returns nil and
	// rolling back otherwise. A commit is durable before Update returns.
	Update(ctx context.Context, fn func(tx Tx) error) error
	// IndexImported makes the entries CreateImported stored findable by
	// search and returns how many it indexed. An engine may defer indexing
	// an import to this call, made when the import ends, because indexing
	// many entries at once costs far less than batch by batch; until then
	// they are in the log but not found by a search.
	IndexImported(ctx context.Context) (int, error)
	Close() error
}

// Settings kept in the store, shared by every process.
const (
	SettingReferenceStart = "reference_start" // first reference number, default 1
)

// RequestFilter selects and orders requests for lists.
type RequestFilter struct {
	Statuses   []Status // any of these; empty means all
	Regime     Regime   // "" means all
	AssigneeID int64    // 0 means anyone
	Unassigned bool     // only requests assigned to nobody (AssigneeID must be 0)
	// ContributorID keeps requests with a part assigned to this
	// contributor (a department); 0 means any.
	ContributorID int64
	// RequesterEmail keeps requests from this email address, in any case.
	RequesterEmail string
	DueBy          time.Time // due on or before this date; zero means no bound
	Text           string    // matches the reference or words of the request text
	Order          Order
	Limit          int // 0 means 50
	Offset         int

	// Requester keeps requests whose requester's name or email address
	// holds it, in any case: for staff who may see requesters, and audited
	// (casework.ListCases).
	Requester string
}

// TextMatch says what Text asks for, the same on every engine: the request
// whose reference it names ("FOI 12748", "foi-12748", or the bare number
// 12748), or else, for anything but a full reference, the requests whose
// text holds every one of words, in any case. number is 0 when Text names
// no reference; words is empty for a full reference.
func (f RequestFilter) TextMatch() (number int, words []string) {
	text := strings.TrimSpace(f.Text)
	if ref, err := ParseReference(text); err == nil {
		return ref.Number, nil
	}
	if n, err := strconv.Atoi(text); err == nil && n > 0 {
		number = n
	}
	return number, strings.Fields(text)
}

// Order is the sort order of a request list.
type Order string

const (
	OrderDue      Order = "due"      // soonest deadline first (the default)
	OrderReceived Order = "received" // newest first
	OrderStatus   Order = "status"   // by status, then soonest deadline
	OrderAssignee Order = "assignee" // by the assignee's name (unassigned last), then soonest deadline
)
