package foi

import (
	"context"
	"time"
)

// CaseSummary is what statistics need of one request. It carries no
// personal data and no text: statistics are published.
type CaseSummary struct {
	Reference   Reference
	Regime      Regime
	ReceivedOn  time.Time
	DueOn       time.Time
	RespondedOn time.Time
	Status      Status
	Outcome     Outcome
	Extended    bool            // a public-interest or EIR extension was taken
	Category    string          // the disclosure-log category, "" when unpublished
	Exemptions  []string        // distinct exemptions cited on any part
	Reviews     []ReviewOutcome // completed internal reviews; ReviewNotRecorded for one under way is not listed
	ReviewsOpen int
	Complaints  int // complaints to the regulator
}

// StatsReader reads what statistics are built from.
type StatsReader interface {
	// SummariseRequests calls fn for every request received from from to
	// to (both included), in order of receipt, without holding them all in
	// memory. fn's error stops the walk and is returned.
	SummariseRequests(ctx context.Context, from, to time.Time, fn func(*CaseSummary) error) error
}
