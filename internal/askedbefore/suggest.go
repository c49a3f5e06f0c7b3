// SPDX-License-Identifier: AGPL-3.0-or-later

package askedbefore

import (
	"cmp"
	"context"
	"sort"
	"strings"
	"time"

	"disclose/internal/foi"
)

// Suggestions for someone about to make a request (the check page and the
// request form): public entries that answer their questions, found per
// question through the published question index, which holds only what
// was published. An entry found through one question is then compared
// with every question asked, so that the entries answering most of them,
// and most closely, come first.

// SuggestThreshold is the similarity from which a published question is
// shown as answering one being asked. It is lower than Threshold: a
// requester words a question their own way (and with typos), and a
// suggestion costs them only a look. The evaluation
// (cmd/disclose-eval-deflect) reports recall and precision around it.
const SuggestThreshold = 0.5

// MaxSuggestions is how many entries Suggest returns by default: the
// first five are what a requester reads.
const MaxSuggestions = 5

// SuggestOptions tune Suggest; the zero value is the default.
type SuggestOptions struct {
	PerKey     int     // index reads per key (default 200)
	Candidates int     // index candidates per question (default 100)
	Entries    int     // entries compared in full (default 60)
	Rare       int     // postings from which a key is too common to read in full (default 3,000; -1: none)
	Budget     int     // rare postings read per request (default 8,000)
	Max        int     // suggestions returned (default MaxSuggestions)
	Threshold  float64 // default SuggestThreshold
}

// WithDefaults fills in the options left zero.
func (o SuggestOptions) WithDefaults() SuggestOptions {
	// Measured at 1,000,000 entries (docs/deflection.md): with the rare
	// keys read to the end, which find the older entries asking a
	// combination, deeper reads of the common keys add little recall
	// and much latency.
	o.PerKey, o.Candidates, o.Entries = cmp.Or(o.PerKey, 200), cmp.Or(o.Candidates, 100), cmp.Or(o.Entries, 60)
	o.Rare, o.Budget, o.Max = cmp.Or(o.Rare, 3000), cmp.Or(o.Budget, 8000), cmp.Or(o.Max, MaxSuggestions)
	o.Threshold = cmp.Or(o.Threshold, SuggestThreshold)
	return o
}

// PublishedIndex is what Suggest reads (foi.PublishedQuestionReader).
type PublishedIndex interface {
	PublishedQuestionCandidates(ctx context.Context, keys []int64, perKey, limit int) ([]foi.PublishedQuestionHit, error)
	PublishedQuestionCombinations(ctx context.Context, groups [][]int64, maxPostings, budget, limit int) ([]foi.PublishedCombinationHit, error)
	PublishedQuestions(ctx context.Context, requestIDs []int64) ([]foi.PublishedQuestions, error)
}

// Suggestion is a public entry answering some of the questions asked.
type Suggestion struct {
	Entry   foi.PublishedQuestions
	Answers []Answer // by the asker's question, in their order
	Score   float64  // the sum of the answers' similarities
}

// Answer is one of the asker's questions an entry answers.
type Answer struct {
	Question  int                   // the asker's question, from 1
	Published foi.PublishedQuestion // the entry's question answering it
	Score     float64
}

// Questions returns the asker's question numbers the suggestion answers.
func (s Suggestion) Questions() []int {
	out := make([]int, len(s.Answers))
	for i, a := range s.Answers {
		out[i] = a.Question
	}
	return out
}

// Suggest returns the public entries answering any of questions (the
// asker's, in order), those answering more of them first, then the closer
// wording, then the newest.
func Suggest(ctx context.Context, idx PublishedIndex, questions []string, opt SuggestOptions) ([]Suggestion, time.Duration, error) {
	start := time.Now()
	opt = opt.WithDefaults()
	want := make([][]Features, len(questions))
	// Entries found through the index, by how strongly: the share of a
	// question's keys an entry's best question shares, summed over the
	// questions asked.
	found := map[int64]float64{}
	groups := make([][]int64, len(questions))
	for i, q := range questions {
		best := map[int64]float64{}
		for _, p := range probes(q) {
			want[i] = append(want[i], FeaturesOf(p))
			keys := Keys(p)
			if len(keys) == 0 {
				continue
			}
			groups[i] = append(groups[i], keys...)
			hits, err := idx.PublishedQuestionCandidates(ctx, keys, opt.PerKey, opt.Candidates)
			if err != nil {
				return nil, 0, err
			}
			for _, h := range hits {
				best[h.RequestID] = max(best[h.RequestID], float64(h.Shared)/float64(len(keys)))
			}
		}
		for id, x := range best {
			found[id] += x
		}
	}
	// The newest postings of each key miss an older entry asking the
	// same combination of questions ("in Orsett", "in Aveley", "in
	// Corringham"), which may be the only one answering them all. The
	// keys only a few thousand questions have (a place, a sum, a year)
	// are read to the end, and an entry counts once more for each
	// question it has such a key of.
	if opt.Rare > 0 {
		hits, err := idx.PublishedQuestionCombinations(ctx, distinctKeys(groups), opt.Rare, opt.Budget, opt.Candidates)
		if err != nil {
			return nil, 0, err
		}
		for _, h := range hits {
			found[h.RequestID] += float64(h.Cover)
		}
	}
	if len(found) == 0 {
		return nil, time.Since(start), nil
	}
	ids := make([]int64, 0, len(found))
	for id := range found {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(a, b int) bool {
		if found[ids[a]] != found[ids[b]] {
			return found[ids[a]] > found[ids[b]]
		}
		return ids[a] > ids[b]
	})
	if len(ids) > opt.Entries {
		ids = ids[:opt.Entries]
	}
	entries, err := idx.PublishedQuestions(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	// Published questions repeat across a log: each text is read once.
	features := map[string]Features{}
	var out []Suggestion
	for _, e := range entries {
		// Every pair of an asked and a published question alike enough,
		// then each published question given to one asked question at
		// most, the closest pairs first: an entry asking "in Orsett" once
		// does not answer both "in Orsett" and "in Aveley".
		var pairs []Answer
		for i := range questions {
			for _, pq := range e.Questions {
				f, ok := features[pq.Text]
				if !ok {
					f = FeaturesOf(pq.Text)
					features[pq.Text] = f
				}
				best := 0.0
				for _, w := range want[i] {
					best = max(best, Similarity(w, f))
				}
				if best >= opt.Threshold {
					pairs = append(pairs, Answer{Question: i + 1, Published: pq, Score: best})
				}
			}
		}
		sort.SliceStable(pairs, func(a, b int) bool { return pairs[a].Score > pairs[b].Score })
		s := Suggestion{Entry: e}
		asked, published := map[int]bool{}, map[int]bool{}
		for _, a := range pairs {
			if asked[a.Question] || published[a.Published.Number] {
				continue
			}
			asked[a.Question], published[a.Published.Number] = true, true
			s.Answers = append(s.Answers, a)
			s.Score += a.Score
		}
		if len(s.Answers) > 0 {
			sort.Slice(s.Answers, func(a, b int) bool { return s.Answers[a].Question < s.Answers[b].Question })
			out = append(out, s)
		}
	}
	sort.Slice(out, func(a, b int) bool {
		x, y := out[a], out[b]
		if len(x.Answers) != len(y.Answers) {
			return len(x.Answers) > len(y.Answers)
		}
		if x.Score != y.Score {
			return x.Score > y.Score
		}
		if !x.Entry.PublishedOn.Equal(y.Entry.PublishedOn) {
			return x.Entry.PublishedOn.After(y.Entry.PublishedOn)
		}
		return x.Entry.RequestID > y.Entry.RequestID
	})
	if len(out) > opt.Max {
		out = out[:opt.Max]
	}
	return out, time.Since(start), nil
}

// maxProbes bounds the sentences of one question looked up.
const maxProbes = 4

// probes are what a question is looked up by: each of its sentences with
// two comparable words or more, paragraph by paragraph. A numbered
// question is mostly one sentence and its rider; a request typed as one
// paragraph or letter, which intake keeps as one question, is its
// greeting, preamble, questions and closing, and only its questions find
// anything (Keys reads only a text's first sentence).
func probes(q string) []string {
	var out []string
	for _, para := range strings.Split(strings.ReplaceAll(q, "\r\n", "\n"), "\n\n") {
		for _, s := range sentences(para) {
			if len(out) < maxProbes && len(Terms(s)) >= 2 {
				out = append(out, strings.TrimSpace(s))
			}
		}
	}
	if len(out) == 0 {
		return []string{q}
	}
	return out
}

// distinctKeys leaves out of each question's keys those another question
// asked has too: the words of a template asked for several places say
// nothing about which entry asks the combination.
func distinctKeys(groups [][]int64) [][]int64 {
	in := map[int64]int{}
	for _, g := range groups {
		seen := map[int64]bool{}
		for _, k := range g {
			if !seen[k] {
				seen[k] = true
				in[k]++
			}
		}
	}
	out := make([][]int64, len(groups))
	for i, g := range groups {
		for _, k := range g {
			if in[k] == 1 {
				out[i] = append(out[i], k)
			}
		}
	}
	return out
}
