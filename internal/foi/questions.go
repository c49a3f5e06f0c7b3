// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"context"
	"time"
)

// QuestionReader finds earlier parts that may ask what a new part asks,
// through the question index: every stored request's parts, each under a
// few keys (internal/askedbefore.Keys), kept by CreateRequest and
// UpdateRequest in the same transaction, and by IndexQuestionBatch for cases
// an import stored in bulk.
type QuestionReader interface {
	// QuestionCandidates returns up to limit parts of requests other than
	// exclude that share any of keys, those sharing most first, then the
	// most recent, with only RequestID, Number, Shared and Text set. Each
	// key is read at most perKey deep, newest first, so a key thousands of
	// parts share costs no more than a rare one.
	QuestionCandidates(ctx context.Context, keys []int64, exclude int64, perKey, limit int) ([]QuestionCandidate, error)
	// QuestionCandidatesByPart is QuestionCandidates for several parts at
	// once, in one read: keys[i] are part i's keys, and the result's i-th
	// list is what QuestionCandidates would return for them.
	QuestionCandidatesByPart(ctx context.Context, keys [][]int64, exclude int64, perKey, limit int) ([][]QuestionCandidate, error)
	// CompleteQuestionCandidates fills in the rest of each candidate: its
	// answer, its case and the case's published entry.
	CompleteQuestionCandidates(ctx context.Context, cands []QuestionCandidate) error
	// FindRoundRobin returns the other requests linked with requestID as
	// one round robin, directly or through others, by reference.
	FindRoundRobin(ctx context.Context, requestID int64) ([]RoundRobinCase, error)
	// CountRoundRobinCases counts the requests received from one day to
	// another (inclusive) that are linked with another as a round robin.
	CountRoundRobinCases(ctx context.Context, from, to time.Time) (int, error)
}

// RoundRobinCase is a request linked into a round robin.
type RoundRobinCase struct {
	RequestID  int64
	Reference  Reference
	ReceivedOn time.Time
	Status     Status
}

// QuestionWriter brings the question index up to date.
type QuestionWriter interface {
	// IndexQuestionBatch indexes the parts of up to limit requests stored
	// since the index last caught up (an import's cases, stored in bulk
	// without it), oldest first, and returns how many it indexed: 0 when
	// the index is up to date.
	IndexQuestionBatch(ctx context.Context, limit int) (int, error)
	// LinkRoundRobin links two requests as cases of one round robin (the
	// same questions from different requesters). Linking a pair again, in
	// either order, changes nothing; a request cannot be linked to itself.
	LinkRoundRobin(ctx context.Context, a, b int64) error
}

// QuestionCandidate is an earlier part that shares keys with a new one,
// with what the officer needs to judge the match: the case it belongs to,
// who asked (staff only: never on a public path), and its published entry.
type QuestionCandidate struct {
	RequestID int64
	Number    int // the part's number in its request
	Shared    int // index keys shared with the part looked for
	Text      string
	Answer    string  // the case's answer to this part, "" when none yet
	Outcome   Outcome // the part's outcome, "" when none yet

	Reference      Reference
	Regime         Regime
	Channel        Channel
	Status         Status
	ReceivedOn     time.Time
	RespondedOn    time.Time
	RequestOutcome Outcome
	RequesterName  string
	RequesterEmail string
	// PublishedOn is the date of the request's public entry in the
	// disclosure log, zero when it has none.
	PublishedOn time.Time
}
