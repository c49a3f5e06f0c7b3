// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Statistics are counted in the database, grouped by the month a request
// was received, its regime and its disclosure-log category: a year of a
// busy authority is a few thousand groups, not a hundred thousand rows.
// Nothing here carries personal data or text: statistics are published.

// StatsKey is the finest grouping statistics are counted in.
type StatsKey struct {
	Month    string // "2026-01": the month of receipt
	Regime   Regime
	Category string // the disclosure-log category, "" when unpublished
}

// Timeliness is how a response met its deadline: the 20-working-day date,
// or the extended date when a permitted extension was taken.
type Timeliness string

const (
	InTime         Timeliness = "in-time"
	InTimeExtended Timeliness = "extended" // met an extended deadline
	Late           Timeliness = "late"
	NotResponded   Timeliness = ""
)

// RequestCount is how many requests share a key, status, outcome and timeliness.
type RequestCount struct {
	StatsKey
	Status     Status
	Outcome    Outcome
	Timeliness Timeliness
	Overdue    bool // not responded and past its deadline on the as-of date
	// Departments are the departments (contributors) asked for input on
	// the requests, by name, sorted; none when no department was asked.
	Departments []string
	N           int
}

// ExemptionCount is how many requests cited an exemption.
type ExemptionCount struct {
	StatsKey
	Exemption string
	N         int
}

// ReviewCount is how many internal reviews ended one way, or are open.
type ReviewCount struct {
	StatsKey
	Outcome ReviewOutcome
	Open    bool
	// Timeliness is InTime when the review was decided by its due date
	// (the 20 or 40 working days of docs/statutory-rules.md §7), Late when
	// after it, NotResponded while it is open.
	Timeliness Timeliness
	Overdue    bool // open and past its due date on the as-of date
	N          int
}

// ComplaintCount is how many complaints to the regulator were made.
type ComplaintCount struct {
	StatsKey
	N int
}

// StatsCounts are the grouped counts of the requests received in a period.
type StatsCounts struct {
	Requests   []RequestCount
	Exemptions []ExemptionCount
	Reviews    []ReviewCount
	Complaints []ComplaintCount
}

// StatsReader counts what statistics are built from.
type StatsReader interface {
	// CountRequests counts the requests received from from to to (both
	// included); asOf decides which unanswered requests are overdue.
	CountRequests(ctx context.Context, from, to, asOf time.Time) (*StatsCounts, error)
}

// DepartmentList reads the departments a store keeps on a request (the
// contributors' user ids joined by commas) as their names, sorted, each
// once; names maps user ids to names.
func DepartmentList(ids string, names map[int64]string) []string {
	if ids == "" {
		return nil
	}
	var out []string
	for _, f := range strings.Split(ids, ",") {
		id, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64)
		if err != nil {
			continue
		}
		name, ok := names[id]
		if !ok {
			name = fmt.Sprintf("user %d", id)
		}
		out = append(out, name)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
