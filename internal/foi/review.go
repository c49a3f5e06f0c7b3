// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import "time"

// ReviewOutcome is how an internal review ended.
type ReviewOutcome string

const (
	ReviewUpheld       ReviewOutcome = "upheld"        // the original response stands
	ReviewPartlyUpheld ReviewOutcome = "partly-upheld" // some of it changed
	ReviewOverturned   ReviewOutcome = "overturned"    // the original decision was wrong
	ReviewNotRecorded  ReviewOutcome = ""              // completed through the bare clock event
)

// ParseReviewOutcome accepts a review outcome code.
func ParseReviewOutcome(s string) (ReviewOutcome, error) {
	switch o := ReviewOutcome(s); o {
	case ReviewUpheld, ReviewPartlyUpheld, ReviewOverturned:
		return o, nil
	}
	return "", Errorf(EINVALID, "unknown review outcome %q (want upheld, partly-upheld or overturned)", s)
}

// Title is the outcome as a letter or report writes it.
func (o ReviewOutcome) Title() string {
	switch o {
	case ReviewUpheld:
		return "Original decision upheld"
	case ReviewPartlyUpheld:
		return "Original decision partly upheld"
	case ReviewOverturned:
		return "Original decision overturned"
	}
	return "Outcome not recorded"
}

// Review is an internal review of a response (FOIA: s.45 Code of Practice;
// EIR reg 11; FOISA s.20-21; EISR reg 16). The requester's window to ask is
// 40 working days after the response; a late request is recorded, flagged,
// and left to staff to accept.
type Review struct {
	ID          int64
	RequestID   int64
	RequestedOn time.Time // the day the review was asked for: day 0 of its count
	Late        bool      // asked for after the 40-working-day window
	Grounds     string    // why the requester is unhappy, in their words
	DueOn       time.Time
	Extended    bool  // FOIA only: 40 working days in exceptional cases
	ReviewerID  int64 // 0 until assigned; never someone who decided the original response
	Outcome     ReviewOutcome
	Decisions   []PartDecision
	Note        string // the reviewer's reasons, for the letter
	CompletedOn time.Time
	CompletedBy int64
	CreatedAt   time.Time
}

// Open reports whether the review is still under way.
func (r *Review) Open() bool { return r.CompletedOn.IsZero() }

// PartDecision is the review's finding on one part, with the new answer
// where the decision changed.
type PartDecision struct {
	Number  int
	Outcome ReviewOutcome
	Before  Part // the part as originally answered
	After   Part // the part as answered after the review (equal to Before when upheld)
}

// RegulatorCase is a complaint to the Information Commissioner (FOIA s.50,
// applied to the EIR by reg 18) or the Scottish Information Commissioner
// (FOISA s.47), and what follows: the decision notice and any appeal.
type RegulatorCase struct {
	ID              int64
	RequestID       int64
	Regulator       string // "ICO" or "SIC"
	CaseReference   string // the regulator's own reference, e.g. IC-123456-A1B2
	ComplaintOn     time.Time
	DecisionOn      time.Time
	DecisionNumber  string    // the notice's own reference, e.g. FS50123456 or IC-123456-A1B2
	DecisionOutcome string    // as the notice puts it: "complaint upheld", "not upheld", "partly upheld"
	Steps           string    // what the notice requires the authority to do
	ComplianceDueOn time.Time // steps ordered by the notice, usually within 35 calendar days
	AppealDueOn     time.Time // notice of appeal within 28 days (First-tier Tribunal, s.57)
	AppealedOn      time.Time
	AppealOutcome   string
	ClosedOn        time.Time
	Note            string
	CreatedAt       time.Time
}
