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
