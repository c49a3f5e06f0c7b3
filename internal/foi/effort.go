// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"context"
	"time"
)

// SearchRecord is one search made, or time estimated, for one part of a
// request: who, where, with what terms, doing which of the activities the
// cost limit counts, and for how long. It is the record that defends an
// s.12 estimate and the answer to the ICO's "how did you search?" for
// information not held.
type SearchRecord struct {
	ID        int64
	RequestID int64
	Part      int
	UserID    int64
	By        string // the name of who searched, as it was
	Where     string // the system, shared drive, mailbox or paper files searched
	Terms     string // the search terms or what was looked through
	Activity  Activity
	Minutes   int
	// Estimated is time still to spend, estimated (a sample, or the
	// records left), not time spent: s.12 is judged on an estimate.
	Estimated bool
	On        time.Time // the day searched or estimated
	CreatedAt time.Time
}

// Activity is what the time was spent on. Only the four activities of SI
// 2004/3244 reg 4(3) count towards the FOIA cost limit (FOISA's SSI
// 2004/467 reg 3 counts locating, retrieving and providing); time reading,
// redacting or deciding is recorded as other and never counted.
type Activity string

const (
	ActivityDetermine Activity = "determine" // determining whether the information is held
	ActivityLocate    Activity = "locate"    // locating it, or a document containing it
	ActivityRetrieve  Activity = "retrieve"  // retrieving it
	ActivityExtract   Activity = "extract"   // extracting it from a document containing it
	ActivityOther     Activity = "other"     // reading, redacting, deciding: not counted
)

// Activities lists the activities in the order a form offers them.
var Activities = []Activity{ActivityLocate, ActivityRetrieve, ActivityExtract, ActivityDetermine, ActivityOther}

// Title is how a form and a letter name the activity.
func (a Activity) Title() string {
	switch a {
	case ActivityDetermine:
		return "Determining whether the information is held"
	case ActivityLocate:
		return "Locating the information"
	case ActivityRetrieve:
		return "Retrieving the information"
	case ActivityExtract:
		return "Extracting the information"
	case ActivityOther:
		return "Other work (reading, redacting, deciding): not counted"
	}
	return string(a)
}

// Counted reports whether time on a counts towards the cost limit of
// regime r: FOIA the four activities of SI 2004/3244 reg 4(3); FOISA not
// determining whether the information is held (SSI 2004/467 reg 3(2)).
func (a Activity) Counted(r Regime) bool {
	switch a {
	case ActivityLocate, ActivityRetrieve, ActivityExtract:
		return true
	case ActivityDetermine:
		return r == FOIA
	}
	return false
}

// ParseActivity reads an activity code.
func ParseActivity(s string) (Activity, error) {
	for _, a := range Activities {
		if string(a) == s {
			return a, nil
		}
	}
	return "", Errorf(EINVALID, "unknown activity %q (want locate, retrieve, extract, determine or other)", s)
}

// EffortReader reads the searches recorded on requests.
type EffortReader interface {
	// FindSearches lists a request's search records by part, then in the
	// order recorded.
	FindSearches(ctx context.Context, requestID int64) ([]*SearchRecord, error)
}

// EffortWriter records searches.
type EffortWriter interface {
	// AddSearch stores a new search record and sets its ID and CreatedAt.
	AddSearch(ctx context.Context, s *SearchRecord) error
}
