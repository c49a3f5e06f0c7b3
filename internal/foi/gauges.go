// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"context"
	"time"
)

// Gauges are the counts an operator watches, read from the database each
// time /metrics is scraped; every one is a count over an index.
type Gauges struct {
	Outbox        map[OutboxStatus]int64  // messages not yet sent (queued, sending) and failed; sent ones are not counted
	OutboxInDoubt int64                   // failed messages that may have been delivered
	Inbound       map[InboundStatus]int64 // every stored inbound message, by what became of it
	Cases         map[Status]int64        // cases still open, by status
	Overdue       int64                   // cases whose clock runs (open, extended) past their due date
	Jobs          []JobGauge              // scheduled jobs' finished runs
}

// JobGauge is one scheduled job's record.
type JobGauge struct {
	Job          string
	Finished     int64     // runs finished
	LastFinished time.Time // the latest, zero if none
}

// OpenStatuses are the statuses of a case that is not finished.
var OpenStatuses = []Status{StatusOpen, StatusAwaitingClarification, StatusAwaitingFee, StatusExtended, StatusInReview}

// GaugeReader is implemented by both stores; today is the UK date that
// decides what is overdue.
type GaugeReader interface {
	Gauges(ctx context.Context, today time.Time) (*Gauges, error)
}
