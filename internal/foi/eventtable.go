// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

// The event table (issue 15): every kind of event a case's history can
// hold, written once. The API's list of clock events, the transitions the
// service allows, the case page's event form, the staff timeline and the
// requester's tracking page all read it; a test checks that every event
// constant in the code has a row and that openapi.json lists the clock
// events it gives.

// Event types recorded by the case work service (casework names them too).
const (
	EventPartAssigned   = "part-assigned"
	EventPartInput      = "part-input"
	EventPartEdited     = "part-edited"
	EventPartsMerged    = "parts-merged"
	EventPartSplit      = "part-split"
	EventLetterDrafted  = "letter-drafted"
	EventLetterApproved = "letter-approved"
	EventLetterSent     = "letter-sent"
	EventAttachment     = "attachment-added"
	EventAttachmentMark = "attachment-marked"
	EventAttachmentRead = "attachment-downloaded"
	EventTemplateEdited = "letter-template-changed"

	EventInspected         = "inspected"
	EventFindingOverridden = "finding-overridden"
	EventCleanCopy         = "clean-copy-made"
	EventFilesReleased     = "files-released"
	EventRedacted          = "redacted"

	EventSignedIn           = "signed-in"
	EventSignInFailed       = "sign-in-failed"
	EventSignedOut          = "signed-out"
	EventSecondFactorOn     = "second-factor-enabled"
	EventSecondFactorOff    = "second-factor-disabled"
	EventSecondFactorFailed = "second-factor-failed"

	EventEmailDiscarded  = "email-discarded"  // a held message set aside
	EventEmailDownloaded = "email-downloaded" // a received message downloaded as sent

	EventTrackingLinkIssued  = "tracking-link-issued"
	EventTrackingLinkRevoked = "tracking-link-revoked"
)

// Who may record an event.
const (
	ByStaff     = "staff who work cases"
	ByRequester = "the requester, or staff for them"
	BySystem    = "Disclose itself, when something else happens"
	ByAnyone    = "whoever does it (an access record)"
)

// Forms that ask for an event.
const (
	FormCaseEvent = "the case page's event form"
	FormAPI       = "POST /api/v1/requests/{ref}/events"
	FormReview    = "the internal review's decision page"
	FormTracking  = "the requester's tracking page"
)

// EventKind is one row of the event table.
type EventKind struct {
	Code      string // as stored and as the API writes it
	Staff     string // what staff read on the timeline
	Requester string // what the requester reads on their tracking page; "" when it is not theirs to see
	// Clock is the event's effect on the statutory clock, in words ("" for none).
	Clock string
	// From are the statuses it may be recorded from, and To the status it
	// leads to: set for the clock events only.
	From []Status
	To   Status
	By   string   // who may record it (By*)
	Ask  []string // the forms that ask for it (Form*)
	// Access marks a record of who looked at what: shown in the case's
	// access log, not on its timeline.
	Access bool
}

// ClockEvent reports whether the kind moves the status or the clock, and
// so may be posted by a client.
func (k EventKind) ClockEvent() bool { return len(k.From) > 0 }

var (
	running = []Status{StatusOpen, StatusExtended}
	waiting = []Status{StatusOpen, StatusAwaitingClarification, StatusAwaitingFee, StatusExtended}
	both    = []string{FormCaseEvent, FormAPI}
)

// EventTable is every kind of event, the clock events first in the order
// the API lists them.
var EventTable = []EventKind{
	{Code: EventClarificationRequested, Staff: "Clarification requested", Requester: "We asked you to clarify your request",
		Clock: "FOIA s.1(3): the clock stops", From: running, To: StatusAwaitingClarification, By: ByStaff, Ask: both},
	{Code: EventClarificationReceived, Staff: "Clarification received", Requester: "We received your clarification",
		Clock: "the count starts again", From: []Status{StatusAwaitingClarification}, To: StatusOpen, By: ByStaff, Ask: both},
	{Code: EventFeeNotice, Staff: "Fees notice given", Requester: "We sent you a fees notice",
		Clock: "s.9: the clock pauses", From: running, To: StatusAwaitingFee, By: ByStaff, Ask: both},
	{Code: EventFeePaid, Staff: "Fee paid", Requester: "We received your payment",
		Clock: "the clock restarts", From: []Status{StatusAwaitingFee}, To: StatusOpen, By: ByStaff, Ask: both},
	{Code: EventExtended, Staff: "Extended", Requester: "We extended the time to answer",
		Clock: "public-interest test (s.10(3)) or EIR reg 7 complex and voluminous", From: []Status{StatusOpen}, To: StatusExtended, By: ByStaff, Ask: both},
	{Code: EventResponded, Staff: "Responded", Requester: "We sent our response",
		Clock: "the clock ends", From: running, To: StatusResponded, By: ByStaff, Ask: both},
	{Code: EventReviewRequested, Staff: "Internal review requested", Requester: "You asked for an internal review",
		Clock: "the review's own time limit starts", From: []Status{StatusResponded, StatusClosed}, To: StatusInReview, By: ByRequester,
		Ask: []string{FormCaseEvent, FormAPI, FormTracking}},
	{Code: EventReviewCompleted, Staff: "Internal review completed", Requester: "We completed the internal review",
		Clock: "the review ends", From: []Status{StatusInReview}, To: StatusClosed, By: ByStaff, Ask: []string{FormReview, FormAPI}},
	{Code: EventWithdrawn, Staff: "Withdrawn by the requester", Requester: "You withdrew your request",
		Clock: "the clock ends", From: waiting, To: StatusWithdrawn, By: ByRequester, Ask: []string{FormCaseEvent, FormAPI, FormTracking}},

	{Code: EventCreated, Staff: "Request logged", Requester: "We received your request", Clock: "day 0: the count starts the next working day", By: ByStaff},
	{Code: EventViewed, Staff: "Case viewed", By: ByAnyone, Access: true},
	{Code: EventPartsChanged, Staff: "Parts changed", By: ByStaff},
	{Code: EventPartAnswered, Staff: "Part answered", By: ByStaff},
	{Code: EventAssigned, Staff: "Assigned", By: ByStaff},
	{Code: EventUserAdded, Staff: "Staff account added", By: ByStaff},
	{Code: EventTokenCreated, Staff: "API token created", By: ByStaff},
	{Code: EventCalendarAdded, Staff: "Bank holidays imported", By: ByStaff},
	{Code: EventSettingsChanged, Staff: "Settings changed", By: ByStaff},
	{Code: EventRequesterSearched, Staff: "Found by a search for the requester", By: ByAnyone, Access: true},
	{Code: EventReviewerAssigned, Staff: "Reviewer assigned", By: ByStaff},
	{Code: EventReviewExtended, Staff: "Review extended", Clock: "the review's time limit is extended", By: ByStaff},
	{Code: EventRegulatorComplaint, Staff: "Complaint to the regulator logged", By: ByStaff},
	{Code: EventDecisionNotice, Staff: "Decision notice recorded", By: ByStaff},
	{Code: EventTribunalAppeal, Staff: "Appeal recorded", By: ByStaff},
	{Code: EventRegulatorClosed, Staff: "Complaint to the regulator closed", By: ByStaff},
	{Code: EventPublished, Staff: "Published in the disclosure log", By: ByStaff},
	{Code: EventRepublished, Staff: "Republished in the disclosure log", By: ByStaff},
	{Code: EventUnpublished, Staff: "Taken out of the disclosure log", By: ByStaff},
	{Code: EventImported, Staff: "Imported from an older disclosure log", By: BySystem},
	{Code: EventEmailQueued, Staff: "Email queued", By: BySystem},
	{Code: EventEmailSent, Staff: "Email sent", By: BySystem},
	{Code: EventEmailFailed, Staff: "Email not delivered", By: BySystem},
	{Code: EventEmailReceived, Staff: "Email received", By: BySystem},
	{Code: EventEmailDiscarded, Staff: "Held email discarded", By: ByStaff},
	{Code: EventEmailDownloaded, Staff: "Email downloaded as received", By: ByAnyone, Access: true},
	{Code: EventAnonymised, Staff: "Requester's details removed (retention)", By: BySystem},
	{Code: EventPartAssigned, Staff: "Department asked for input", By: ByStaff},
	{Code: EventPartInput, Staff: "Department input sent", By: ByStaff},
	{Code: EventPartEdited, Staff: "Question edited", By: ByStaff},
	{Code: EventPartsMerged, Staff: "Parts merged", By: ByStaff},
	{Code: EventPartSplit, Staff: "Part split", By: ByStaff},
	{Code: EventLetterDrafted, Staff: "Letter drafted", By: ByStaff},
	{Code: EventLetterApproved, Staff: "Letter approved", By: ByStaff},
	{Code: EventLetterSent, Staff: "Letter sent", By: ByStaff},
	{Code: EventAttachment, Staff: "File added", By: ByStaff},
	{Code: EventAttachmentMark, Staff: "File marked for release or not", By: ByStaff},
	{Code: EventAttachmentRead, Staff: "File downloaded", By: ByAnyone, Access: true},
	{Code: EventTemplateEdited, Staff: "Letter template changed", By: ByStaff},
	{Code: EventInspected, Staff: "Disclosure checks run", By: BySystem},
	{Code: EventFindingOverridden, Staff: "Disclosure finding overridden", By: ByStaff},
	{Code: EventCleanCopy, Staff: "Clean copy made", By: ByStaff},
	{Code: EventFilesReleased, Staff: "Files released", By: BySystem},
	{Code: EventRedacted, Staff: "Redacted", By: ByStaff},
	{Code: EventSignedIn, Staff: "Signed in", By: ByAnyone, Access: true},
	{Code: EventSignInFailed, Staff: "Sign-in failed", By: ByAnyone, Access: true},
	{Code: EventSignedOut, Staff: "Signed out", By: ByAnyone, Access: true},
	{Code: EventSecondFactorOn, Staff: "Second factor turned on", By: ByStaff},
	{Code: EventSecondFactorOff, Staff: "Second factor turned off", By: ByStaff},
	{Code: EventSecondFactorFailed, Staff: "Second factor code refused", By: ByAnyone, Access: true},
	{Code: EventTrackingLinkIssued, Staff: "Tracking link sent", By: ByStaff},
	{Code: EventTrackingLinkRevoked, Staff: "Tracking link withdrawn", By: ByStaff},
	{Code: EventRoleChanged, Staff: "Staff role changed", By: ByStaff},
	{Code: EventUserDisabled, Staff: "Staff account disabled", By: ByStaff},
	{Code: EventUserEnabled, Staff: "Staff account enabled", By: ByStaff},
	{Code: EventPasswordReset, Staff: "Password reset", By: ByStaff},
	{Code: EventTokenRevoked, Staff: "API token revoked", By: ByStaff},
	{Code: EventBreakGlassSet, Staff: "Break-glass administrator changed", By: ByStaff},
	{Code: EventSignInRefused, Staff: "Single sign-on refused", By: ByAnyone, Access: true},
	{Code: EventAuditVerified, Staff: "Audit trail verified", By: ByStaff},
	{Code: EventInputEscalated, Staff: "Overdue department input escalated", By: BySystem},
	{Code: EventLanguageSet, Staff: "Requester's language set", By: ByStaff},
	{Code: EventSearchRecorded, Staff: "Search recorded", By: ByStaff},
	{Code: EventAnswersCopied, Staff: "Earlier published answers copied as drafts", By: ByStaff},
	{Code: EventWelshPublished, Staff: "Welsh version published", By: ByStaff},
	{Code: EventCostAggregated, Staff: "Requests aggregated for the cost limit", By: ByStaff},
	{Code: EventAggregationWithdrawn, Staff: "Aggregation for the cost limit withdrawn", By: ByStaff},
	{Code: EventTimeVaried, Staff: "Time for compliance varied (SI 2004/3364)", Requester: "We have longer to answer, as the law allows for information held abroad, with the armed forces or in an archive", By: ByStaff},
}

// LookupEvent finds an event kind by its code.
func LookupEvent(code string) (EventKind, bool) {
	for _, k := range EventTable {
		if k.Code == code {
			return k, true
		}
	}
	return EventKind{}, false
}

// EventLabel is what staff read for an event code: the table's label, or,
// for a code the table does not know (an older release's), the code.
func EventLabel(code string) string {
	if k, ok := LookupEvent(code); ok {
		return k.Staff
	}
	return code
}

// Asks reports whether form asks for the kind of event.
func (k EventKind) Asks(form string) bool {
	for _, f := range k.Ask {
		if f == form {
			return true
		}
	}
	return false
}

func clockEvents() []string {
	var out []string
	for _, k := range EventTable {
		if k.ClockEvent() {
			out = append(out, k.Code)
		}
	}
	return out
}
