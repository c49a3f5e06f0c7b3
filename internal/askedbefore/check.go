// SPDX-License-Identifier: AGPL-3.0-or-later

package askedbefore

import (
	"cmp"
	"context"
	"sort"
	"strings"
	"time"

	"disclose/internal/clock"
	"disclose/internal/foi"
)

// Threshold is the similarity from which an earlier part is shown as the
// same question. The evaluation (cmd/disclose-eval-askedbefore) reports
// recall and false positives at it and around it.
const Threshold = 0.8

// AggregationWindow is the period within which a person's requests (or
// those of persons acting together) for the same or similar information
// may be aggregated to estimate the cost of compliance: 60 consecutive
// working days (the Fees Regulations 2004, reg 5, under FOIA s.12(4)).
const AggregationWindow = 60

// Kind is what an earlier asking of the same question may mean in law.
// None of them is a reason to refuse by itself: the officer decides.
type Kind string

const (
	// RoundRobin: someone else asked the same question (often the same
	// request sent to many authorities). Not in itself vexatious; its
	// answer can be reused and, when published, pointed to (s.21).
	RoundRobin Kind = "round-robin"
	// Repeat: the same requester asked it before, and the earlier request
	// was answered: the facts s.14(2) turns on (complied with, and how long
	// ago, which the officer weighs as a reasonable interval).
	Repeat Kind = "repeat"
	// Aggregate: the same requester asked it within 60 consecutive working
	// days: the requests may be aggregated for the cost limit (s.12).
	Aggregate Kind = "aggregate"
)

// Match is an earlier part that asks what a part of the new request asks.
type Match struct {
	Part    int // the new request's part number
	Earlier foi.QuestionCandidate
	Score   float64 // Similarity of the two questions, from Threshold to 1
	Kinds   []Kind
	// SameEmail and SameName say how the requester is the same: a person
	// writing through WhatDoTheyKnow has a new address for each request,
	// so the name may be all that is shared.
	SameEmail, SameName bool
	// WorkingDaysApart counts the working days from the earlier receipt to
	// this one (clock.WorkingDaysBetween); -1 when the calendar does not
	// cover the dates.
	WorkingDaysApart int
	// DaysApart counts calendar days between the two receipts.
	DaysApart int
}

// Has reports whether the match is of kind k.
func (m Match) Has(k Kind) bool {
	for _, x := range m.Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Published reports whether the earlier part's case has a public entry.
func (m Match) Published() bool { return !m.Earlier.PublishedOn.IsZero() }

// Result is what was found for one request.
type Result struct {
	// Parts holds, for each part of the request in order, its matches,
	// best first (at most Options.PerPart).
	Parts []PartResult
	// Earlier lists each earlier request with any matched part, the most
	// matched first.
	Earlier []EarlierRequest
	Took    time.Duration
}

// PartResult is one part's matches.
type PartResult struct {
	Number  int
	Matches []Match
}

// EarlierRequest sums up the matches with one earlier request.
type EarlierRequest struct {
	RequestID   int64
	Reference   foi.Reference
	ReceivedOn  time.Time
	PublishedOn time.Time
	Parts       int // parts of the new request it matches
	Kinds       []Kind
}

// Options tune a check; the zero value is the default.
type Options struct {
	PerKey     int // index reads per key (default 100)
	Candidates int // candidates scored per part (default 200)
	PerPart    int // matches kept per part (default 5)
	Threshold  float64
}

func (o Options) withDefaults() Options {
	o.PerKey, o.Candidates, o.PerPart = cmp.Or(o.PerKey, 100), cmp.Or(o.Candidates, 200), cmp.Or(o.PerPart, 5)
	o.Threshold = cmp.Or(o.Threshold, Threshold)
	return o
}

// Index is what Check reads: a store's question index (foi.QuestionReader).
type Index interface {
	QuestionCandidatesByPart(ctx context.Context, keys [][]int64, exclude int64, perKey, limit int) ([][]foi.QuestionCandidate, error)
	CompleteQuestionCandidates(ctx context.Context, cands []foi.QuestionCandidate) error
}

// Check compares each part of req with earlier parts through the question
// index. cal counts working days for the aggregation window; nil leaves
// WorkingDaysApart at -1 and finds no aggregation.
func Check(ctx context.Context, store Index, cal *clock.Calendar, req *foi.Request, opt Options) (*Result, error) {
	start := time.Now()
	opt = opt.withDefaults()
	res := &Result{}
	byRequest := map[int64]*EarlierRequest{}
	// Each part's candidates are scored by their text alone. A round robin
	// asks the same set of questions, so the earlier requests matching
	// more of this request's parts come first; only the first few of each
	// part are then read in full, in one query for all parts.
	type scored struct {
		c     foi.QuestionCandidate
		score float64
	}
	found := make([][]scored, len(req.Parts))
	partsMatched := map[int64]int{}
	keys := make([][]int64, len(req.Parts))
	for i, p := range req.Parts {
		keys[i] = Keys(p.Text)
	}
	// Every part's candidates in one read of the index.
	byPart, err := store.QuestionCandidatesByPart(ctx, keys, req.ID, opt.PerKey, opt.Candidates)
	if err != nil {
		return nil, err
	}
	for i, p := range req.Parts {
		want := FeaturesOf(p.Text)
		seen := map[int64]bool{}
		for _, c := range byPart[i] {
			if score := Similarity(want, FeaturesOf(c.Text)); score >= opt.Threshold {
				found[i] = append(found[i], scored{c, score})
				if !seen[c.RequestID] {
					seen[c.RequestID] = true
					partsMatched[c.RequestID]++
				}
			}
		}
	}
	var kept []foi.QuestionCandidate
	var keptScore []float64
	var keptPart []int
	for i, f := range found {
		sort.SliceStable(f, func(a, b int) bool {
			x, y := f[a], f[b]
			if nx, ny := partsMatched[x.c.RequestID], partsMatched[y.c.RequestID]; nx != ny {
				return nx > ny
			}
			if x.score != y.score {
				return x.score > y.score
			}
			return x.c.RequestID > y.c.RequestID
		})
		seen := map[int64]bool{}
		for _, x := range f {
			if seen[x.c.RequestID] || len(seen) == 3*opt.PerPart {
				continue
			}
			seen[x.c.RequestID] = true
			kept, keptScore, keptPart = append(kept, x.c), append(keptScore, x.score), append(keptPart, i)
		}
	}
	if err := store.CompleteQuestionCandidates(ctx, kept); err != nil {
		return nil, err
	}
	all := make([][]Match, len(req.Parts))
	for k, c := range kept {
		i := keptPart[k]
		all[i] = append(all[i], describe(cal, req, req.Parts[i].Number, c, keptScore[k]))
	}
	for i, p := range req.Parts {
		ms := all[i]
		// Best first: the earlier requests asking more of these questions,
		// then the closer wording, then a published answer, then the newest.
		sort.SliceStable(ms, func(i, j int) bool {
			a, b := ms[i], ms[j]
			if na, nb := partsMatched[a.Earlier.RequestID], partsMatched[b.Earlier.RequestID]; na != nb {
				return na > nb
			}
			if a.Score != b.Score {
				return a.Score > b.Score
			}
			if a.Published() != b.Published() {
				return a.Published()
			}
			return a.Earlier.RequestID > b.Earlier.RequestID
		})
		pr := PartResult{Number: p.Number, Matches: bestPerRequest(ms, opt.PerPart)}
		for _, m := range pr.Matches {
			e := byRequest[m.Earlier.RequestID]
			if e == nil {
				e = &EarlierRequest{RequestID: m.Earlier.RequestID, Reference: m.Earlier.Reference,
					ReceivedOn: m.Earlier.ReceivedOn, PublishedOn: m.Earlier.PublishedOn}
				byRequest[m.Earlier.RequestID] = e
			}
			e.Parts++
			for _, k := range m.Kinds {
				if !hasKind(e.Kinds, k) {
					e.Kinds = append(e.Kinds, k)
				}
			}
		}
		res.Parts = append(res.Parts, pr)
	}
	for _, e := range byRequest {
		res.Earlier = append(res.Earlier, *e)
	}
	sort.Slice(res.Earlier, func(i, j int) bool {
		a, b := res.Earlier[i], res.Earlier[j]
		if a.Parts != b.Parts {
			return a.Parts > b.Parts
		}
		return a.RequestID > b.RequestID
	})
	res.Took = time.Since(start)
	return res, nil
}

// bestPerRequest keeps the best match with each earlier request, up to n.
func bestPerRequest(ms []Match, n int) []Match {
	out := ms[:0]
	seen := map[int64]bool{}
	for _, m := range ms {
		if seen[m.Earlier.RequestID] || len(out) == n {
			continue
		}
		seen[m.Earlier.RequestID] = true
		out = append(out, m)
	}
	return out
}

func hasKind(ks []Kind, k Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// describe says what an earlier part that asks the same may mean.
func describe(cal *clock.Calendar, req *foi.Request, part int, c foi.QuestionCandidate, score float64) Match {
	m := Match{Part: part, Earlier: c, Score: score, WorkingDaysApart: -1,
		SameEmail: sameEmail(req.Requester.Email, c.RequesterEmail),
		SameName:  sameName(req.Requester.Name, c.RequesterName)}
	from, to := c.ReceivedOn, req.ReceivedOn
	if to.Before(from) {
		from, to = to, from
	}
	if !from.IsZero() && !to.IsZero() {
		m.DaysApart = int(to.Sub(from).Hours() / 24)
		if cal != nil {
			if n, err := cal.WorkingDaysBetween(clock.Regime(req.Regime), clock.DateOf(from), clock.DateOf(to)); err == nil {
				m.WorkingDaysApart = n
			}
		}
	}
	if !m.SameEmail && !m.SameName {
		m.Kinds = []Kind{RoundRobin}
		return m
	}
	if WithinAggregationWindow(m.WorkingDaysApart) {
		m.Kinds = append(m.Kinds, Aggregate)
	}
	if !c.RespondedOn.IsZero() {
		m.Kinds = append(m.Kinds, Repeat)
	}
	return m
}

// WithinAggregationWindow reports whether two receipts workingDaysApart
// working days apart (clock.WorkingDaysBetween: the later day counted, the
// earlier not) fall inside one period of 60 consecutive working days: the
// earlier day is the period's first, the later at most its 60th (SI
// 2004/3244 reg 5(2)(c)). A negative count (dates the calendar does not
// cover) is never inside.
func WithinAggregationWindow(workingDaysApart int) bool {
	return workingDaysApart >= 0 && workingDaysApart < AggregationWindow
}

// SamePerson reports whether two requesters are one person as the check
// sees it: the same email address, or the same name (a person writing
// through WhatDoTheyKnow has a new address for each request).
func SamePerson(a, b foi.Requester) bool {
	return sameEmail(a.Email, b.Email) || sameName(a.Name, b.Name)
}

// sameEmail compares addresses in any case; an empty address (post,
// phone, or removed under the retention schedule) is nobody's.
func sameEmail(a, b string) bool {
	a, b = strings.ToLower(strings.TrimSpace(a)), strings.ToLower(strings.TrimSpace(b))
	return a != "" && a == b
}

// sameName compares names word by word in any case, ignoring punctuation.
func sameName(a, b string) bool {
	norm := func(s string) string {
		return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !(r >= 'a' && r <= 'z') && r < 0x80 || r == ' '
		}), " ")
	}
	a, b = norm(a), norm(b)
	return a != "" && a == b
}
