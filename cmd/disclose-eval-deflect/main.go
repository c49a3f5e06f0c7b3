// SPDX-License-Identifier: AGPL-3.0-or-later

// Command disclose-eval-deflect measures the suggestions made to someone
// about to ask what the disclosure log already answers
// (askedbefore.Suggest, behind /api/v1/disclosures/similar, the check page
// and the request form):
//
//	go run ./cmd/disclose-eval-deflect                     # 3,000 generated entries in a fresh SQLite store
//	go run ./cmd/disclose-eval-deflect -db /tmp/log-1m.db  # in a copy of cmd/disclose-bench's 1,000,000-entry log
//
// The log is generated (internal/loadgen) and imported as `disclose import`
// imports it; with -db, that store's entries are used, their published
// questions indexed first if they are not yet (askedbefore.CatchUpPublished).
// Then published entries are picked at random and each is asked again as a
// new requester would: some or all of its questions, reordered, reworded,
// with synonyms and typos, under another greeting, preamble and sign-off.
// Unrelated requests on the same topics (questions no entry asks) are sent
// too. Each is split into questions as intake splits it and given to the
// suggestions, as the web does.
//
// A suggestion answers a question when one of its published questions asks
// the same thing: the same filled-in template, whatever rider follows
// ("for 2019/20?", "Please break this down by year."). The generated log
// asks each question in many entries, so the entry a request was made from
// is one of many that answer it: recall@k counts requests with an entry in
// the first k suggestions that answers every question asked; "source@5"
// counts those where it is the very entry the request was made from.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"disclose/internal/askedbefore"
	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/loadgen"
	"disclose/internal/logbench"
	"disclose/internal/logimport"
	"disclose/internal/sqlite"
)

func main() {
	db := flag.String("db", "", "a SQLite file whose log to measure in (a copy of cmd/disclose-bench's; default: a fresh store of -entries generated entries)")
	entries := flag.Int("entries", 3000, "generated entries, without -db")
	requests := flag.Int("requests", 500, "requests made from published entries")
	unrelated := flag.Int("unrelated", 200, "unrelated requests on the same topics")
	seed := flag.Uint64("seed", 16, "same seed, same requests")
	explain := flag.Bool("explain", false, "print the requests whose answering entry is not in the first five")
	threshold := flag.Float64("threshold", 0, "similarity from which a published question answers (0: askedbefore.SuggestThreshold)")
	perKey := flag.Int("per-key", 0, "index reads per key (0: the default)")
	candidates := flag.Int("candidates", 0, "index candidates per question (0: the default)")
	compared := flag.Int("compared", 0, "entries compared in full (0: the default)")
	rare := flag.Int("rare", 0, "postings from which a key is not read in full for combinations (0: the default, -1: no combinations)")
	budget := flag.Int("budget", 0, "rare postings read per request (0: the default)")
	flag.Parse()
	ctx := context.Background()
	store, cleanup, err := open(ctx, *db, *entries)
	if err != nil {
		fmt.Fprintln(os.Stderr, "disclose-eval-deflect:", err)
		os.Exit(1)
	}
	defer cleanup()
	opt := askedbefore.SuggestOptions{Threshold: *threshold, PerKey: *perKey, Candidates: *candidates, Entries: *compared, Rare: *rare, Budget: *budget}
	if *explain {
		explainTo = os.Stdout
	}
	r, err := Evaluate(ctx, store, *requests, *unrelated, *seed, opt)
	if err != nil {
		fmt.Fprintln(os.Stderr, "disclose-eval-deflect:", err)
		os.Exit(1)
	}
	where := "a fresh SQLite store"
	if *db != "" {
		where = *db
	}
	fmt.Printf("log: %d published entries in %s\n", r.Entries, where)
	r.Print(os.Stdout)
}

// explainTo, when set, is told about every request whose answer is missed.
var explainTo *os.File

// open returns the store to measure in: -db, its published questions
// indexed, or a fresh one with n generated entries imported.
func open(ctx context.Context, db string, n int) (foi.Store, func(), error) {
	if db != "" {
		store, err := sqlite.Open(ctx, db)
		if err != nil {
			return nil, nil, err
		}
		start := time.Now()
		k, err := askedbefore.CatchUpPublished(ctx, store, func(k int) {
			if k%100000 == 0 {
				fmt.Printf("indexing published questions: %d entries, %s\n", k, time.Since(start).Round(time.Second))
			}
		})
		if err != nil {
			store.Close()
			return nil, nil, err
		}
		if k > 0 {
			fmt.Printf("indexed the published questions of %d entries in %s\n", k, time.Since(start).Round(time.Second))
		}
		return store, func() { store.Close() }, nil
	}
	dir, err := os.MkdirTemp("", "disclose-eval-deflect")
	if err != nil {
		return nil, nil, err
	}
	store, err := GeneratedStore(ctx, filepath.Join(dir, "eval.db"), n, 1)
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	return store, func() { store.Close(); os.RemoveAll(dir) }, nil
}

// GeneratedStore is a new SQLite store at path holding n entries of the
// generated log for seed, imported as `disclose import` imports them.
func GeneratedStore(ctx context.Context, path string, n int, seed uint64) (foi.Store, error) {
	var buf bytes.Buffer
	if err := loadgen.Write(&buf, loadgen.Options{N: n, Seed: seed}); err != nil {
		return nil, err
	}
	store, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	svc, err := casework.New(ctx, store)
	if err != nil {
		store.Close()
		return nil, err
	}
	st, err := logimport.Run(ctx, svc, bytes.NewReader(buf.Bytes()), "generated.jsonl", logimport.Options{})
	if err == nil && st.Created != n {
		err = fmt.Errorf("imported %d of %d generated entries (%d refused)", st.Created, n, st.Refused)
	}
	if err != nil {
		store.Close()
		return nil, err
	}
	return store, nil
}

// Report is what the evaluation measured.
type Report struct {
	Entries          int
	Requests         int // made from published entries
	Unrelated        int
	Recall1, Recall5 int // requests with an entry answering every question asked first, in the first five
	Source5          int // requests with the entry they were made from in the first five
	Covered5         int // requests each of whose questions the first five answer, rightly, between them
	Suggestions      int // suggestions made, to every request
	Relevant         int // suggestions answering at least one question asked
	Claims, ClaimsOK int // questions a suggestion said it answers, and those it does
	UnrelatedShown   int // unrelated requests shown any suggestion
	SplitOK          int // requests intake split into the questions they were made with
	Questions        int // questions asked in the requests made from entries
	P50, P99, Max    time.Duration
	Load0, Load1     string
	Threshold        float64
	PerKey, Compared int // index reads per key; entries compared in full
	Candidates       int
	Rare, Budget     int // keys read in full up to Rare postings, Budget in all
	Checks           int
}

// RecallAt5 is the share of requests shown, in the first five, an entry
// answering every question they ask.
func (r *Report) RecallAt5() float64 { return ratio(r.Recall5, r.Requests) }

// Precision is the share of suggestions that answer a question asked.
func (r *Report) Precision() float64 { return ratio(r.Relevant, r.Suggestions) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Print writes the report.
func (r *Report) Print(w *os.File) {
	fmt.Fprintf(w, "requests: %d made from published entries (%d questions; intake split %d into the questions they were made with), %d unrelated on the same topics\n",
		r.Requests, r.Questions, r.SplitOK, r.Unrelated)
	fmt.Fprintf(w, "suggestions (threshold %.2f, %d index reads per key, %d candidates per question, %d entries compared; keys with up to %d postings read in full, %d per request):\n",
		r.Threshold, r.PerKey, r.Candidates, r.Compared, r.Rare, r.Budget)
	fmt.Fprintf(w, "  recall@5  %s  an entry answering every question asked is among the first five\n", logbench.Frac(r.Recall5, r.Requests))
	fmt.Fprintf(w, "  recall@1  %s  ... is the first\n", logbench.Frac(r.Recall1, r.Requests))
	fmt.Fprintf(w, "  source@5  %s  the very entry the request was made from is among the first five\n", logbench.Frac(r.Source5, r.Requests))
	fmt.Fprintf(w, "  covered@5 %s  each question asked is rightly said to be answered by one of the first five\n", logbench.Frac(r.Covered5, r.Requests))
	fmt.Fprintf(w, "  precision %s  suggestions (to every request) that answer a question asked\n", logbench.Frac(r.Relevant, r.Suggestions))
	fmt.Fprintf(w, "  claims    %s  \"answers your question N\" claims that are right\n", logbench.Frac(r.ClaimsOK, r.Claims))
	fmt.Fprintf(w, "  unrelated %s  unrelated requests shown any suggestion\n", logbench.Frac(r.UnrelatedShown, r.Unrelated))
	fmt.Fprintf(w, "latency per request (%d, as the web asks): p50 %s, p99 %s, max %s; load average %s before, %s after\n",
		r.Checks, r.P50, r.P99, r.Max, r.Load0, r.Load1)
}

// made is a request written for the evaluation, with the truth: the
// question each of its questions asks ("" for one no entry asks).
type made struct {
	text   string
	stems  []string
	source int64 // the entry it was made from; 0 for an unrelated request
}

// Evaluate makes the requests, asks for suggestions for each as the web
// does, and scores them.
func Evaluate(ctx context.Context, store foi.Store, nRequests, nUnrelated int, seed uint64, opt askedbefore.SuggestOptions) (*Report, error) {
	first, err := store.FindPublications(ctx, foi.PublicationFilter{PerPage: 1})
	if err != nil {
		return nil, err
	}
	r := &Report{Entries: first.Total}
	refs, err := referenceRange(ctx, store)
	if err != nil {
		return nil, err
	}
	g := newWriter(seed)
	var reqs []made
	for tries := 0; len(reqs) < nRequests && tries < 20*nRequests; tries++ {
		ref := foi.Reference{Prefix: "FOI", Number: refs[0] + g.rnd.IntN(refs[1]-refs[0]+1)}
		p, err := store.FindPublication(ctx, ref)
		if foi.ErrorCode(err) == foi.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		// An entry from an older log, its response one text, has no
		// published questions of its own to ask again.
		if !p.Public() || len(p.Parts) == 0 {
			continue
		}
		reqs = append(reqs, g.fromEntry(p))
	}
	if len(reqs) < nRequests {
		return nil, fmt.Errorf("found %d published entries with questions to ask again, want %d", len(reqs), nRequests)
	}
	for range nUnrelated {
		reqs = append(reqs, g.unrelated())
	}
	r.Requests, r.Unrelated = nRequests, nUnrelated
	d := opt.WithDefaults()
	r.PerKey, r.Candidates, r.Compared, r.Threshold = d.PerKey, d.Candidates, d.Entries, d.Threshold
	r.Rare, r.Budget = d.Rare, d.Budget

	r.Load0 = logbench.LoadAverage()
	var took []time.Duration
	for _, m := range reqs {
		asked := casework.AskedQuestions(m.text)
		t0 := time.Now()
		found, _, err := askedbefore.Suggest(ctx, store, asked, opt)
		if err != nil {
			return nil, err
		}
		took = append(took, time.Since(t0))
		r.score(m, asked, found)
	}
	r.Load1 = logbench.LoadAverage()
	r.Checks = len(took)
	l := logbench.LatencyOf(took)
	round := func(d time.Duration) time.Duration { return d.Round(10 * time.Microsecond) }
	r.P50, r.P99, r.Max = round(l.P50), round(l.P99), l.Max
	return r, nil
}

// score adds one request's suggestions to the report.
func (r *Report) score(m made, asked []string, found []askedbefore.Suggestion) {
	// Intake keeps the questions' order: the same count is the same split.
	split := len(asked) == len(m.stems)
	want := map[string]bool{}
	for _, s := range m.stems {
		if s != "" {
			want[norm(s)] = true
		}
	}
	if m.source != 0 {
		r.Questions += len(m.stems)
		if split {
			r.SplitOK++
		}
	} else if len(found) > 0 {
		r.UnrelatedShown++
	}
	answersAll := func(s askedbefore.Suggestion) bool {
		has := map[string]bool{}
		for _, q := range s.Entry.Questions {
			has[Stem(q.Text)] = true
		}
		for w := range want {
			if !has[w] {
				return false
			}
		}
		return len(want) > 0
	}
	hit5, source5 := false, false
	covered := map[int]bool{}
	for k, s := range found {
		r.Suggestions++
		relevant := false
		for _, q := range s.Entry.Questions {
			if want[Stem(q.Text)] {
				relevant = true
			}
		}
		if relevant {
			r.Relevant++
		}
		for _, a := range s.Answers {
			r.Claims++
			// The claim is right when the published question asks what
			// the asker's question was made from.
			if split && a.Question <= len(m.stems) && m.stems[a.Question-1] != "" && Stem(a.Published.Text) == norm(m.stems[a.Question-1]) {
				r.ClaimsOK++
				if k < 5 {
					covered[a.Question] = true
				}
			}
		}
		if m.source == 0 {
			continue
		}
		if answersAll(s) {
			if k == 0 {
				r.Recall1++
			}
			if k < 5 {
				hit5 = true
			}
		}
		if k < 5 && s.Entry.RequestID == m.source {
			source5 = true
		}
	}
	if hit5 {
		r.Recall5++
	}
	if m.source != 0 && len(covered) == len(m.stems) {
		r.Covered5++
	}
	if source5 {
		r.Source5++
	}
	if m.source != 0 && !hit5 && explainTo != nil {
		fmt.Fprintf(explainTo, "MISSED (asked %q)\n%s\n--- split:\n", m.stems, m.text)
		for i, q := range asked {
			fmt.Fprintf(explainTo, "  %d %q\n", i+1, q)
		}
		for _, s := range found {
			fmt.Fprintf(explainTo, "  got %s %q answers %v\n", s.Entry.Reference, s.Entry.Title, s.Questions())
			for _, a := range s.Answers {
				fmt.Fprintf(explainTo, "      %d %.2f %q\n", a.Question, a.Score, a.Published.Text)
			}
		}
	}
}

// referenceRange is the lowest and highest reference number in the log.
func referenceRange(ctx context.Context, store foi.Store) ([2]int, error) {
	newest, err := store.FindPublications(ctx, foi.PublicationFilter{PerPage: 1})
	if err != nil {
		return [2]int{}, err
	}
	if len(newest.Entries) == 0 {
		return [2]int{}, fmt.Errorf("the log is empty")
	}
	// loadgen numbers entries from 100000, oldest first, in receipt order.
	hi := 100000
	for _, e := range newest.Entries {
		hi = max(hi, e.Reference.Number)
	}
	return [2]int{100000, max(hi, 100000+newest.Total-1)}, nil
}

// rider is what the generated log may write after a question's own words:
// a period in lower case ("for 2019/20", "since 2015") before its "?".
var rider = regexp.MustCompile(` (for \d{4}/\d{2}|since \d{4})$`)

// Stem is the question a generated part asks, whatever rider follows it:
// its words up to the first "?", without a period rider, in lower case.
func Stem(text string) string {
	s := text
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[:i]
	}
	return norm(rider.ReplaceAllString(strings.TrimSpace(s), ""))
}

func norm(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
