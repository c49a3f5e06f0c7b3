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

// ClockEvents are the event types a client may post against a request.
var ClockEvents = []string{
	EventClarificationRequested, EventClarificationReceived, EventFeeNotice, EventFeePaid,
	EventExtended, EventResponded, EventReviewRequested, EventReviewCompleted, EventWithdrawn,
}

// IsClockEvent reports whether t is one of ClockEvents.
func IsClockEvent(t string) bool {
	for _, c := range ClockEvents {
		if c == t {
			return true
		}
	}
	return false
}
