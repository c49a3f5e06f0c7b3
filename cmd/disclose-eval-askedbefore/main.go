// SPDX-License-Identifier: AGPL-3.0-or-later

// Command disclose-eval-askedbefore measures the asked-before check
// (internal/askedbefore) on generated requests:
//
//	go run ./cmd/disclose-eval-askedbefore                     # quality, in a fresh SQLite store
//	go run ./cmd/disclose-eval-askedbefore -db /tmp/log-1m.db  # also at scale, in that store
//
// Earlier requests are stored first: base requests (2 to 5 questions on
// one of the generated log's topics, internal/loadgen) and background
// requests on the same topics. Then each base is sent again by another
// requester as a round-robin variant - its questions reordered, one added
// or dropped, another preamble and sign-off, light rewording, WhatDoTheyKnow's
// footers - and unrelated requests on the same topics (questions no earlier
// request asked) are sent too. Each is split into parts as intake splits it
// (foi.SplitRequest) and checked. A reported match is right when the earlier
// part is the very question the part was made from.
//
// It prints, at several thresholds, recall and the false-positive rate per
// part and per request, and the check's latency (p50, p99) with the
// machine's load average. With -db the earlier requests join that store's
// log (a copy of cmd/disclose-bench's 1,000,000-entry SQLite file, whose
// imported entries are indexed first if they are not yet): its generated
// entries ask the same questions, so there an unrelated request's match is
// counted wrong only when the matched question differs from its own.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"disclose/internal/askedbefore"
	"disclose/internal/clock"
	"disclose/internal/foi"
	"disclose/internal/loadgen"
	"disclose/internal/logbench"
	"disclose/internal/sqlite"
)

// explain prints the cases behind the figures: "parts" (parts missed or
// shown a wrong match), "requests" (variants whose base is not shown) or
// "split" (requests intake split otherwise than they were made).
// perKey and candidates tune the check (askedbefore.Options).
var perKey, candidates int

var explain = flag.String("explain", "", "print the cases behind the figures: parts, requests or split")

func main() {
	db := flag.String("db", "", "a SQLite file to add the earlier requests to and measure in (default: a fresh store in a temporary directory)")
	bases := flag.Int("bases", 500, "base requests, each sent again as a round-robin variant")
	background := flag.Int("background", 2000, "other earlier requests on the same topics")
	unrelated := flag.Int("unrelated", 500, "unrelated requests on the same topics")
	seed := flag.Uint64("seed", 18, "same seed, same requests")
	flag.IntVar(&perKey, "per-key", 0, "index reads per key (0: the check's default)")
	flag.IntVar(&candidates, "candidates", 0, "candidates scored per part (0: the check's default)")
	flag.Parse()
	if err := run(context.Background(), *db, *bases, *background, *unrelated, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "disclose-eval-askedbefore:", err)
		os.Exit(1)
	}
}

// question is a generated question; its text is its identity.
type question struct{ text string }

// query is a request checked against the earlier ones, with the truth.
type query struct {
	req   *foi.Request
	own   []string // per part, the question it was made from
	asked []string // per part, the same when an earlier request asked it, else ""
	base  int64    // the earlier request it varies (0 for an unrelated request)
	split bool     // intake split it into the parts it was made with
}

func run(ctx context.Context, dbPath string, nBases, nBackground, nUnrelated int, seed uint64) error {
	atScale := dbPath != ""
	if !atScale {
		dir, err := os.MkdirTemp("", "disclose-eval-askedbefore")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		dbPath = filepath.Join(dir, "eval.db")
	}
	store, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	start := time.Now()
	n, err := askedbefore.CatchUp(ctx, store, nil)
	if err != nil {
		return err
	}
	if n > 0 {
		fmt.Printf("indexed the questions of %d requests in %s (%.0f requests/s)\n", n, time.Since(start).Round(time.Second), float64(n)/time.Since(start).Seconds())
	}
	entries := 0
	if atScale {
		p, err := store.FindPublications(ctx, foi.PublicationFilter{PerPage: 1})
		if err != nil {
			return err
		}
		entries = p.Total
	}

	gen := newGenerator(seed)
	// Earlier requests: the bases and the background.
	known := map[string]bool{}
	var baseReqs []*foi.Request
	var baseQs [][]q
	for i := range nBases + nBackground {
		qs := gen.questions(2+gen.rnd.IntN(4), false)
		r := gen.earlier(i, qs)
		// A rerun on the same store finds the requests it stored before.
		if got, err := store.FindRequest(ctx, r.Reference); err == nil {
			r = got
		} else if err := store.Update(ctx, func(tx foi.Tx) error { return tx.CreateRequest(ctx, r) }); err != nil {
			return err
		}
		for _, x := range qs {
			known[norm(x.stem)] = true
		}
		if i < nBases {
			baseReqs = append(baseReqs, r)
			baseQs = append(baseQs, qs)
		}
	}
	var queries []query
	for i, r := range baseReqs {
		queries = append(queries, gen.variant(i, r, baseQs[i]))
	}
	for i := range nUnrelated {
		queries = append(queries, gen.unrelated(i))
	}

	// Latency: every request checked as the case page checks it (with
	// -per-key and -candidates, as it would check with those).
	tuned := askedbefore.Options{PerKey: perKey, Candidates: candidates}
	cal := clock.Embedded()
	load0 := logbench.LoadAverage()
	var took []time.Duration
	nParts := 0
	for _, q := range queries {
		t0 := time.Now()
		if _, err := askedbefore.Check(ctx, store, cal, q.req, tuned); err != nil {
			return err
		}
		took = append(took, time.Since(t0))
		nParts += len(q.req.Parts)
	}
	load1 := logbench.LoadAverage()
	// Quality: every request checked at each threshold.
	thresholds := []float64{0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9}
	if !slices.Contains(thresholds, askedbefore.Threshold) {
		thresholds = append(thresholds, askedbefore.Threshold)
		slices.Sort(thresholds)
	}
	runs := map[float64][]scored{}
	for _, t := range thresholds {
		for _, q := range queries {
			res, err := askedbefore.Check(ctx, store, cal, q.req, askedbefore.Options{Threshold: t, PerKey: tuned.PerKey, Candidates: tuned.Candidates})
			if err != nil {
				return err
			}
			runs[t] = append(runs[t], scored{q, res})
		}
	}

	splitOK := 0
	for _, q := range queries {
		if q.split {
			splitOK++
		}
	}
	where := "a fresh SQLite store"
	if atScale {
		where = fmt.Sprintf("%s (%d published entries)", dbPath, entries)
	}
	fmt.Printf("earlier requests: %d bases and %d background requests in %s\n", nBases, nBackground, where)
	fmt.Printf("checked: %d round-robin variants and %d unrelated requests on the same topics; intake split %d of %d into the parts they were made with\n",
		nBases, nUnrelated, splitOK, len(queries))
	fmt.Println("per part: recall = parts asked before shown an earlier asking of the same question; FP rate = parts never asked before shown any match")
	fmt.Println("per request: recall = variants with every part asked before shown an earlier asking; FP rate = unrelated requests shown any match")
	fmt.Println("(the base itself is one of many earlier requests asking the same questions: 'base shown' counts variants that list it)")
	fmt.Printf("%-10s %-24s %-22s %-24s %-22s %-22s %s\n", "threshold", "part recall", "part FP rate", "request recall", "request FP rate", "base shown", "parts shown a wrong match")
	for _, t := range thresholds {
		var m metrics
		for _, r := range runs[t] {
			m.add(r.q, r.res, t, known, atScale)
		}
		mark := ""
		if t == askedbefore.Threshold {
			mark = "  (the default)"
		}
		fmt.Printf("%-10s %-24s %-22s %-24s %-22s %-22s %s%s\n", fmt.Sprint(t), logbench.Frac(m.partHit, m.partKnown), logbench.Frac(m.partFP, m.partNew),
			logbench.Frac(m.reqHit, m.reqPos), logbench.Frac(m.reqFP, m.reqNeg), logbench.Frac(m.reqBase, m.reqPos), logbench.Frac(m.partWrong, m.parts), mark)
	}
	l := logbench.LatencyOf(took)
	round := func(d time.Duration) time.Duration { return d.Round(10 * time.Microsecond) }
	fmt.Printf("latency per request checked (%d checks, %.1f parts each): p50 %s, p99 %s, max %s; load average %s before, %s after\n",
		len(took), float64(nParts)/float64(len(queries)), round(l.P50), round(l.P99), l.Max, load0, load1)
	return nil
}

// scored is a query and what the check found for it.
type scored struct {
	q   query
	res *askedbefore.Result
}

// metrics counts, at one threshold:
//   - parts with an earlier asking (partKnown) shown one of them (partHit);
//   - parts no earlier request asked (partNew) shown any match (partFP);
//   - parts shown a match that asks something else (partWrong of parts);
//   - variants (reqPos) with every part asked before shown an earlier
//     asking (reqHit), or their base request among them (reqBase), and unrelated requests
//     (reqNeg) shown any match (reqFP) - at scale, any wrong match.
type metrics struct {
	partKnown, partHit, partNew, partFP, parts, partWrong int
	reqPos, reqHit, reqBase, reqNeg, reqFP                int
}

func (m *metrics) add(q query, res *askedbefore.Result, t float64, known map[string]bool, atScale bool) {
	foundBase, anyMatch, anyWrong := false, false, false
	asked, hits := 0, 0
	for i, pr := range res.Parts {
		own, src := "", ""
		if q.split && i < len(q.own) {
			own, src = q.own[i], q.asked[i]
		}
		hit, wrong, shown := false, false, false
		for _, mt := range pr.Matches {
			if mt.Score < t {
				continue
			}
			shown = true
			if own != "" && asks(mt.Earlier.Text, own) {
				hit = true
			} else {
				wrong = true
			}
			if mt.Earlier.RequestID == q.base {
				foundBase = true
			}
		}
		if *explain == "parts" && t == askedbefore.Threshold && (wrong || (src != "" && known[norm(src)] && !hit)) {
			fmt.Printf("PART %q (from %q) hit=%v\n", q.req.Parts[i].Text, src, hit)
			for _, mt := range pr.Matches {
				fmt.Printf("    %.2f %q\n", mt.Score, mt.Earlier.Text)
			}
		}
		m.parts++
		if wrong {
			m.partWrong++
			anyWrong = true
		}
		if shown {
			anyMatch = true
		}
		switch {
		case src != "" && known[norm(src)]:
			m.partKnown++
			asked++
			if hit {
				m.partHit++
				hits++
			}
		case atScale:
			// The generated log may ask it: only a different question is
			// a false positive.
			m.partNew++
			if wrong {
				m.partFP++
			}
		default:
			m.partNew++
			if shown {
				m.partFP++
			}
		}
	}
	if q.base != 0 {
		m.reqPos++
		if !foundBase && *explain == "requests" && t == askedbefore.Threshold {
			fmt.Printf("MISSED BASE %d\n", q.base)
			for _, pr := range res.Parts {
				fmt.Printf("  part %d %q\n", pr.Number, q.req.Parts[pr.Number-1].Text)
				for _, mt := range pr.Matches {
					fmt.Printf("    %d %.2f %q\n", mt.Earlier.RequestID, mt.Score, mt.Earlier.Text)
				}
			}
		}
		if foundBase {
			m.reqBase++
		}
		if asked > 0 && hits == asked {
			m.reqHit++
		}
		return
	}
	m.reqNeg++
	if (!atScale && anyMatch) || (atScale && anyWrong) {
		m.reqFP++
	}
}

// asks reports whether an earlier part's text asks the question stem
// (whatever rider follows it).
func asks(text, stem string) bool {
	t, st := norm(text), norm(stem)
	return strings.HasPrefix(t, st) && (len(t) == len(st) || t[len(st)] == '?' || t[len(st)] == ' ')
}

func texts(qs []q) []string {
	out := make([]string, len(qs))
	for i, x := range qs {
		out[i] = x.text
	}
	return out
}

func stems(qs []q) []string {
	out := make([]string, len(qs))
	for i, x := range qs {
		out[i] = x.stem
	}
	return out
}

// norm is a question's identity for the truth: its text, trimmed, in lower case.
func norm(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// generator writes the evaluation's requests.
type generator struct {
	rnd    *rand.Rand
	fill   *loadgen.Generator
	topics []loadgen.Topic
	quals  []string
}

func newGenerator(seed uint64) *generator {
	return &generator{rnd: rand.New(rand.NewPCG(seed, seed^0x5bd1e995)), fill: loadgen.New(loadgen.Options{Seed: seed}),
		topics: loadgen.Topics(), quals: loadgen.Qualifiers()}
}

// q is a generated question: its text, and the question it asks (the
// template filled in), which is its identity whatever rider follows it.
type q struct{ text, stem string }

// question writes one question on topic t from template k, as the
// generated log does: the question and, often, a rider (a period, a
// format).
func (g *generator) question(t loadgen.Topic, k int) q {
	stem := g.fill.Fill(t.Questions[k])
	switch qual := g.fill.Fill(g.quals[g.rnd.IntN(len(g.quals))]); {
	case qual == "":
		return q{stem + "?", stem}
	case qual[0] >= 'a' && qual[0] <= 'z':
		return q{stem + " " + qual, stem}
	default:
		return q{stem + "? " + qual, stem}
	}
}

// questions writes up to n questions on one topic, each from a different
// template. Earlier requests use every template of a topic but its last;
// new questions (heldOut) use only the last, so that they are on the same
// topic as earlier requests but ask what none of them asked.
func (g *generator) questions(n int, heldOut bool) []q {
	t := g.topics[g.rnd.IntN(len(g.topics))]
	last := len(t.Questions) - 1
	if heldOut {
		return []q{g.question(t, last)}
	}
	ks := g.rnd.Perm(last)
	var out []q
	for _, k := range ks[:min(n, len(ks))] {
		out = append(out, g.question(t, k))
	}
	return out
}

// earlier is an earlier, answered request asking qs.
func (g *generator) earlier(i int, qs []q) *foi.Request {
	received := time.Date(2024, 1, 8, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.rnd.IntN(600))
	// References of their own, past any a log of 1,000,000 uses, so that a
	// rerun finds them.
	r := &foi.Request{Reference: foi.Reference{Prefix: "FOI", Number: 9_000_000 + i},
		Regime: foi.FOIA, Channel: foi.ChannelEmail, ReceivedOn: received, ReceivedAt: received.Add(10 * time.Hour),
		Requester: foi.Requester{Name: fmt.Sprintf("Earlier Requester %d", i), Email: fmt.Sprintf("earlier-%d@example.org", i)},
		Status:    foi.StatusResponded, RespondedOn: received.AddDate(0, 0, 20), Outcome: foi.Granted}
	r.Text = g.letter(texts(qs), false)
	for j, x := range qs {
		r.Parts = append(r.Parts, foi.Part{Number: j + 1, Label: fmt.Sprint(j + 1), Text: x.text, Answer: "The answer to question " + fmt.Sprint(j+1) + ".", Outcome: foi.Granted})
	}
	return r
}

// variant sends base's questions again from someone else, changed as a
// round robin reaches each authority.
func (g *generator) variant(i int, base *foi.Request, asked []q) query {
	qs, own := texts(asked), stems(asked)
	src := slices.Clone(own)
	// Reordered.
	g.rnd.Shuffle(len(qs), func(a, b int) {
		qs[a], qs[b] = qs[b], qs[a]
		own[a], own[b] = own[b], own[a]
		src[a], src[b] = src[b], src[a]
	})
	switch g.rnd.IntN(3) {
	case 0: // one dropped
		if len(qs) > 2 {
			k := g.rnd.IntN(len(qs))
			qs, own, src = slices.Delete(qs, k, k+1), slices.Delete(own, k, k+1), slices.Delete(src, k, k+1)
		}
	case 1: // one added, that no earlier request asked
		if extra := g.questions(1, true); len(extra) == 1 {
			k := g.rnd.IntN(len(qs) + 1)
			qs, own, src = slices.Insert(qs, k, extra[0].text), slices.Insert(own, k, extra[0].stem), slices.Insert(src, k, "")
		}
	}
	for k := range qs {
		if src[k] != "" {
			qs[k] = g.reword(qs[k])
		}
	}
	q := g.query(2000+i, qs, own, src)
	q.base = base.ID
	return q
}

// unrelated asks questions on topics of earlier requests that none of
// them asked.
func (g *generator) unrelated(i int) query {
	var qs, own []string
	for range 1 + g.rnd.IntN(3) {
		x := g.questions(1, true)[0]
		if !slices.Contains(qs, x.text) {
			qs, own = append(qs, x.text), append(own, x.stem)
		}
	}
	return g.query(5000+i, qs, own, make([]string, len(qs)))
}

// query writes qs as a new request and splits it as intake does.
func (g *generator) query(i int, qs, own, asked []string) query {
	name := fmt.Sprintf("New Requester %d", i)
	text := g.letter(qs, g.rnd.IntN(2) == 0)
	text = strings.ReplaceAll(text, "{name}", name)
	sp := foi.SplitRequest(text, name)
	r := &foi.Request{Regime: foi.FOIA, Channel: foi.ChannelEmail, ReceivedOn: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),
		Requester: foi.Requester{Name: name, Email: fmt.Sprintf("new-%d@example.org", i)}, Text: text, Preamble: sp.Preamble}
	for j, p := range sp.Questions {
		r.Parts = append(r.Parts, foi.Part{Number: j + 1, Label: p.Label, Text: p.Text})
	}
	ok := len(sp.Questions) == len(qs)
	for j := 0; ok && j < len(qs); j++ {
		ok = strings.HasPrefix(norm(sp.Questions[j].Text), norm(qs[j]))
	}
	if !ok && *explain == "split" {
		fmt.Printf("SPLIT MISMATCH\n%s\n--- got:\n", text)
		for _, p := range sp.Questions {
			fmt.Printf("  [%s] %q\n", p.Label, p.Text)
		}
	}
	return query{req: r, own: own, asked: asked, split: ok}
}

// letter writes a request: a greeting, a preamble, the numbered questions,
// a sign-off and, from WhatDoTheyKnow, its footers.
func (g *generator) letter(qs []string, wdtk bool) string {
	var b strings.Builder
	b.WriteString(pick(g.rnd, []string{"Dear Sir or Madam,", "Dear FOI Team,", "Dear Thurrock Council,", "Hello,"}) + "\n\n")
	b.WriteString(g.fill.Fill(pick(g.rnd, loadgen.Intros())) + " the following.\n\n")
	style := g.rnd.IntN(3)
	for i, q := range qs {
		switch style {
		case 0:
			fmt.Fprintf(&b, "%d. %s\n", i+1, q)
		case 1:
			fmt.Fprintf(&b, "%d) %s\n\n", i+1, q)
		default:
			fmt.Fprintf(&b, "Q%d. %s\n", i+1, q)
		}
	}
	if g.rnd.IntN(2) == 0 {
		b.WriteString("\n" + pick(g.rnd, loadgen.Closings()) + "\n")
	}
	b.WriteString("\n" + pick(g.rnd, []string{"Yours faithfully,", "Kind regards,", "Many thanks,", "Best wishes,"}) + "\n\n{name}\n")
	if wdtk {
		n := 100000 + g.rnd.IntN(900000)
		addr := fmt.Sprintf("request-%d-%08x@whatdotheyknow.com", n, g.rnd.Uint32())
		b.WriteString("\n-------------------------------------------------------------------\n\n" +
			"Please use this email address for all replies to this request:\n" + addr + "\n\n" +
			"Is " + "foi@thurrock.gov.uk" + " the wrong address for Freedom of Information requests to Thurrock Council? If so, please contact us using this form:\n" +
			"https://www.whatdotheyknow.com/change_request/new?body=thurrock_council\n\n" +
			"Disclaimer: This message and any reply that you make will be published on the internet. Our privacy and copyright policies:\n" +
			"https://www.whatdotheyknow.com/help/officers\n\n" +
			"For more detailed guidance on safely disclosing information, read the latest advice from the ICO:\n" +
			"https://www.whatdotheyknow.com/help/ico-guidance-for-authorities\n\n" +
			"Please note that in some cases publication of requests and responses will be delayed.\n\n" +
			"If you find this service useful as an FOI officer, please ask your web manager to link to us from your organisation's FOI page.\n\n" +
			"-------------------------------------------------------------------\n")
	}
	return b.String()
}

// rewordings are light changes a requester makes to a question they copy.
var rewordings = [][2]string{
	{"How many ", "What is the number of "}, {"How many ", "Please tell me how many "}, {"How many ", "Could you tell me how many "},
	{"What is the ", "Please provide the "}, {"What is the ", "Could you tell me the "}, {"What was the ", "Please state the "},
	{"Does the council ", "Does your authority "}, {" the council", " your council"}, {" the council", " the authority"},
	{" were ", " have been "}, {" was ", " has been "}, {"?", "."}, {"Which ", "Please list which "},
}

// reword applies one or two rewordings that fit.
func (g *generator) reword(q string) string {
	for range 1 + g.rnd.IntN(2) {
		var fit [][2]string
		for _, rw := range rewordings {
			if strings.Contains(q, rw[0]) {
				fit = append(fit, rw)
			}
		}
		if len(fit) == 0 {
			if g.rnd.IntN(2) == 0 {
				q = "Please could you tell me: " + strings.ToLower(q[:1]) + q[1:]
			}
			return q
		}
		rw := fit[g.rnd.IntN(len(fit))]
		q = strings.Replace(q, rw[0], rw[1], 1)
	}
	return q
}

func pick(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }
