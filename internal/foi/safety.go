// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"context"
	"fmt"
	"time"
)

// Disclosure safety (issue 7): every file marked for release and every
// text that leaves the authority or is published is inspected for hidden
// and personal data; what is found is kept on the case as findings, and
// nothing is sent or published while a finding on it is open.

// FindingStatus says whether a finding still stops a release.
type FindingStatus string

const (
	// FindingOpen blocks sending and publishing what it was found in.
	FindingOpen FindingStatus = "open"
	// FindingResolved: the content changed (an edit, a redaction) or was
	// replaced by a clean copy, so the finding no longer applies.
	FindingResolved FindingStatus = "resolved"
	// FindingOverridden: someone allowed to approve responses decided it
	// may be released as it is, and said why.
	FindingOverridden FindingStatus = "overridden"
)

// SubjectRequest names the request text as the disclosure log publishes it.
const SubjectRequest = "request"

// What else the disclosure log publishes, each a subject of findings: the
// response of an imported entry kept as one text, the title, summary and
// category the publisher gives.
const (
	SubjectResponse = "response"
	SubjectTitle    = "title"
	SubjectSummary  = "summary"
	SubjectCategory = "category"
)

// SubjectQuestion names a part's question as the disclosure log publishes
// it (SubjectPart is its answer).
func SubjectQuestion(n int) string { return fmt.Sprintf("question:%d", n) }

// SubjectFileName names the name of a file published with an entry.
func SubjectFileName(id int64) string { return fmt.Sprintf("file-name:%d", id) }

// SubjectAttachment names an attachment as the subject of findings.
func SubjectAttachment(id int64) string { return fmt.Sprintf("attachment:%d", id) }

// SubjectPart names the answer to a part.
func SubjectPart(n int) string { return fmt.Sprintf("part:%d", n) }

// SubjectLetter names a letter's text.
func SubjectLetter(id int64) string { return fmt.Sprintf("letter:%d", id) }

// Finding is one thing an inspection found in a file or text of a case.
// Excerpt is masked: raw personal data is never stored in a finding.
type Finding struct {
	ID        int64
	RequestID int64
	Subject   string // SubjectAttachment, SubjectPart, SubjectLetter or SubjectRequest
	Hash      string // SHA-256 of the content it was found in
	Kind      string // "hidden-sheet", "personal-data:requester", ...
	Where     string
	Why       string
	Excerpt   string
	Fixable   bool // a clean copy can remove it
	Status    FindingStatus
	Note      string // why it was resolved, or the reason given for the override
	FoundAt   time.Time
	ClosedAt  time.Time // zero while open
	ClosedBy  string
}

// Inspection records that a subject's content (by hash) was inspected, so
// that unchanged content is not inspected twice and changed content is.
type Inspection struct {
	RequestID int64
	Subject   string
	Hash      string
	At        time.Time
}

// Redaction is one phrase taken out of a text before release, replaced by
// "[redacted: Reason]". Original is for staff only; the public sees only
// the marker.
type Redaction struct {
	ID        int64
	RequestID int64
	Subject   string // SubjectPart, SubjectLetter or SubjectRequest
	Original  string // the phrase as it was (staff only)
	Masked    string // the phrase masked, for lists
	Reason    string // the exemption relied on: "s40(2)"
	Count     int    // how many times it was replaced
	At        time.Time
	By        string
}

// SafetyReader reads a case's findings, inspections and redactions.
type SafetyReader interface {
	// FindFindings lists a request's findings, oldest first.
	FindFindings(ctx context.Context, requestID int64) ([]*Finding, error)
	FindFinding(ctx context.Context, id int64) (*Finding, error)
	// FindInspections lists the latest inspection of each subject of a request.
	FindInspections(ctx context.Context, requestID int64) ([]*Inspection, error)
	// FindRedactions lists a request's redactions, oldest first.
	FindRedactions(ctx context.Context, requestID int64) ([]*Redaction, error)
}

// SafetyWriter records findings, inspections and redactions.
type SafetyWriter interface {
	// CreateFinding stores a new finding and sets ID (and FoundAt when zero).
	CreateFinding(ctx context.Context, f *Finding) error
	// UpdateFinding saves a finding's status, note, and who closed it when.
	UpdateFinding(ctx context.Context, f *Finding) error
	// SaveInspection records the latest inspection of a subject, replacing
	// the one before (At is set when zero).
	SaveInspection(ctx context.Context, in *Inspection) error
	// CreateRedaction stores a redaction and sets ID (and At when zero).
	CreateRedaction(ctx context.Context, r *Redaction) error
	// UpdateRedaction saves a redaction's words and mask (retention
	// removes the requester's details from them).
	UpdateRedaction(ctx context.Context, r *Redaction) error
}
