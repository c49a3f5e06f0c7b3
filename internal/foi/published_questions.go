// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"context"
	"time"
)

// PublishedQuestionReader finds public disclosure-log entries that may
// answer a question someone is about to ask, through the published question
// index: each public entry's questions as published (redacted, never the
// case's own text), each under a few keys (internal/askedbefore.Keys),
// kept by SavePublication, UnpublishPublication and CreateImported in the
// same transaction, and by IndexPublishedQuestionBatch for entries published
// before the index.
type PublishedQuestionReader interface {
	// PublishedQuestionCandidates returns up to limit published questions
	// sharing any of keys, those sharing most first, then the most recent.
	// Each key is read at most perKey deep, newest first.
	PublishedQuestionCandidates(ctx context.Context, keys []int64, perKey, limit int) ([]PublishedQuestionHit, error)
	// PublishedQuestionCombinations returns up to limit entries having
	// rare keys of most of groups (each asked question's keys), those
	// having most first, then the most recent. A key is rare when it has
	// at most maxPostings postings; each is read in full, the rarest
	// first, up to budget postings in all.
	PublishedQuestionCombinations(ctx context.Context, groups [][]int64, maxPostings, budget, limit int) ([]PublishedCombinationHit, error)
	// PublishedQuestions returns, for those of requestIDs whose entry is in
	// the public log now, the entry and its published questions.
	PublishedQuestions(ctx context.Context, requestIDs []int64) ([]PublishedQuestions, error)
}

// PublishedQuestionWriter brings the published question index up to date.
type PublishedQuestionWriter interface {
	// IndexPublishedQuestionBatch indexes the public entries of up to limit
	// requests past those the index last caught up with, oldest first, and
	// returns how many requests it looked at: 0 when it is up to date.
	IndexPublishedQuestionBatch(ctx context.Context, limit int) (int, error)
}

// PublishedQuestionHit is a published question sharing index keys with the
// question looked for.
type PublishedQuestionHit struct {
	RequestID int64
	Number    int // the question's number in its entry
	Shared    int // index keys shared
}

// PublishedCombinationHit is an entry having rare keys of Cover of the
// questions asked.
type PublishedCombinationHit struct {
	RequestID int64
	Cover     int
}

// PublishedQuestions is a public entry and the questions it published.
type PublishedQuestions struct {
	RequestID   int64
	Reference   Reference
	Title       string
	PublishedOn time.Time
	Questions   []PublishedQuestion
}

// PublishedQuestion is one published question: a part of the entry or,
// for an entry from an older log that kept the response as one text, a
// question of its published request as intake splits it.
type PublishedQuestion struct {
	Number int
	Text   string
}
