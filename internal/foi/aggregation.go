// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"context"
	"time"
)

// Aggregation records an officer's decision to add the estimated cost of
// another request to a request's own for the cost limit (FOIA s.12(4);
// the Fees Regulations 2004, SI 2004/3244 reg 5): requests by one person,
// or by persons who appear to act together or in pursuance of a campaign,
// for the same or similar information, received within any period of 60
// consecutive working days.
type Aggregation struct {
	RequestID int64 // the request whose estimate adds the other's
	RelatedID int64 // the request whose estimated cost is added
	Basis     AggregationBasis
	Reason    string // why the requests are for the same or similar information, and (for concert or a campaign) why they appear related
	UserID    int64
	By        string // the officer's name, as it was
	CreatedAt time.Time
}

// AggregationBasis is why two requests' requesters are treated as one
// under reg 5(2)(a).
type AggregationBasis string

// The bases reg 5(2)(a) allows.
const (
	BasisSamePerson AggregationBasis = "same-person" // one person made both
	BasisConcert    AggregationBasis = "concert"     // different persons who appear to act in concert
	BasisCampaign   AggregationBasis = "campaign"    // different persons who appear to act in pursuance of a campaign
)

// AggregationBases lists the bases in the order a form offers them.
var AggregationBases = []AggregationBasis{BasisSamePerson, BasisConcert, BasisCampaign}

// Title says the basis in words, as reg 5(2)(a) does.
func (b AggregationBasis) Title() string {
	switch b {
	case BasisSamePerson:
		return "made by the same person"
	case BasisConcert:
		return "made by persons who appear to be acting in concert"
	case BasisCampaign:
		return "made by persons who appear to be acting in pursuance of a campaign"
	}
	return string(b)
}

// AggregationReader reads the aggregations chosen for a request.
type AggregationReader interface {
	// FindAggregations lists the requests aggregated with requestID, in
	// the order chosen.
	FindAggregations(ctx context.Context, requestID int64) ([]*Aggregation, error)
}

// AggregationWriter records and withdraws aggregations.
type AggregationWriter interface {
	// AddAggregation stores a; ECONFLICT if the pair is already stored,
	// ENOTFOUND if either request or the user is missing. Sets CreatedAt.
	AddAggregation(ctx context.Context, a *Aggregation) error
	// RemoveAggregation withdraws one; ENOTFOUND if it is not stored.
	RemoveAggregation(ctx context.Context, requestID, relatedID int64) error
}
