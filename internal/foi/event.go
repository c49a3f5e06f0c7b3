// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

// Event types. The clock events are part of the API contract
// (POST /api/v1/requests/{ref}/events); the others record what staff and
// the system did.
const (
	// Clock events: each carries the date it took effect (Event.On).
	EventClarificationRequested = "clarification-requested"
	EventClarificationReceived  = "clarification-received"
	EventFeeNotice              = "fee-notice"
	EventFeePaid                = "fee-paid"
	EventExtended               = "extended"
	EventResponded              = "responded"
	EventReviewRequested        = "review-requested"
	EventReviewCompleted        = "review-completed"
	EventWithdrawn              = "withdrawn"

	// Casework and access events.
	EventCreated         = "created"
	EventViewed          = "viewed" // every staff view of a case is audited
	EventPartsChanged    = "parts-changed"
	EventPartAnswered    = "part-answered"
	EventAssigned        = "assigned"
	EventUserAdded       = "user-added"
	EventTokenCreated    = "token-created"
	EventCalendarAdded   = "calendar-imported"
	EventSettingsChanged = "settings-changed"
	// A search of the case list by requester name or email: personal data
	// looked up, so who searched for whom is audited (RequestID 0).
	EventRequesterSearched = "requester-searched"

	// The credential lifecycle (no request): who changed whose access.
	EventRoleChanged   = "role-changed"
	EventUserDisabled  = "user-disabled"
	EventUserEnabled   = "user-enabled"
	EventPasswordReset = "password-reset"
	EventTokenRevoked  = "token-revoked"
	EventBreakGlassSet = "break-glass-changed"
	EventSignInRefused = "sign-in-refused" // single sign-on: the provider's claims give no role

	// Checks and casework records of their own.
	EventAuditVerified  = "audit-verified"  // an administrator verified the audit chain
	EventInputEscalated = "input-escalated" // overdue department input escalated, once
	EventLanguageSet    = "language-set"    // the requester's language set by staff
	EventSearchRecorded = "search-recorded" // a search made for a part, for the s.12 estimate
	EventAnswersCopied  = "answers-copied"  // "Answer like": earlier published answers copied as drafts
	EventWelshPublished = "welsh-published" // the Welsh version of an entry published beside the English
	// A related request's estimated cost added to a request's for the cost
	// limit (SI 2004/3244 reg 5), and such an aggregation withdrawn; each is
	// recorded on both requests.
	EventCostAggregated       = "cost-aggregated"
	EventAggregationWithdrawn = "aggregation-withdrawn"
	// The time for compliance varied under SI 2004/3364 (archives, armed
	// forces, information held abroad), with the reason; After holds the
	// variation and the day specified.
	EventTimeVaried = "time-varied"

	// After the response: internal review and the regulator.
	EventReviewerAssigned   = "reviewer-assigned"
	EventReviewExtended     = "review-extended"
	EventRegulatorComplaint = "regulator-complaint"
	EventDecisionNotice     = "decision-notice"
	EventTribunalAppeal     = "tribunal-appeal"
	EventRegulatorClosed    = "regulator-closed"

	// The disclosure log.
	EventPublished   = "published"   // first put in the public log
	EventRepublished = "republished" // published again: a new copy replaces the old
	EventUnpublished = "unpublished" // taken out of the public log
	EventImported    = "imported"    // came from an older disclosure log (disclose import)
)

// ClockEvents are the event types a client may post against a request
// (from EventTable).
var ClockEvents = clockEvents()

// IsClockEvent reports whether t is one of ClockEvents.
func IsClockEvent(t string) bool {
	k, ok := LookupEvent(t)
	return ok && k.ClockEvent()
}
