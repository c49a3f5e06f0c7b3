// SPDX-License-Identifier: AGPL-3.0-or-later

// Package loadgen writes realistic, made-up council disclosure logs in the
// import format, for benchmarks and demos: requests across departments
// and topics, of varied length, with one to ten numbered questions, the
// outcomes and exemptions councils really use, over several years. The
// same seed always gives the same log. None of it is real data, and no
// entry names a requester.
package loadgen

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"disclose/internal/logfile"
)

// Version changes whenever the output for a seed changes, so that cached
// databases built from an older generator are rebuilt.
const Version = 1

// Options say what to generate.
type Options struct {
	N         int    // entries
	Seed      uint64 // same seed, same log
	FirstRef  int    // reference number of the first entry; 0 means 100000
	StartYear int    // first year received; 0 means 2012
	EndYear   int    // last year received; 0 means 2025
}

// Write writes opt.N entries, oldest first, as JSONL.
func Write(w io.Writer, opt Options) error {
	lw := logfile.NewWriter(w)
	g := New(opt)
	for range opt.N {
		if err := lw.Write(g.Next()); err != nil {
			return err
		}
	}
	return lw.Flush()
}

// Generator makes entries one at a time.
type Generator struct {
	rnd        *rand.Rand
	opt        Options
	i          int
	start      time.Time
	perEntry   float64 // days between receipts
	nextNumber int
}

// New returns a generator.
func New(opt Options) *Generator {
	if opt.FirstRef == 0 {
		opt.FirstRef = 100000
	}
	if opt.StartYear == 0 {
		opt.StartYear = 2012
	}
	if opt.EndYear == 0 {
		opt.EndYear = 2025
	}
	start := time.Date(opt.StartYear, 1, 3, 0, 0, 0, 0, time.UTC)
	end := time.Date(opt.EndYear, 12, 1, 0, 0, 0, 0, time.UTC)
	days := end.Sub(start).Hours() / 24
	return &Generator{
		rnd: rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)), opt: opt, start: start,
		perEntry: days / float64(max(opt.N, 1)), nextNumber: opt.FirstRef,
	}
}

func (g *Generator) pick(list []string) string { return list[g.rnd.IntN(len(list))] }

// fill replaces {slot} markers with words from the slot lists.
func (g *Generator) fill(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		b.WriteString(s[:i])
		slot := s[i+1 : i+j]
		b.WriteString(g.slot(slot))
		s = s[i+j+1:]
	}
}

func (g *Generator) slot(name string) string {
	switch name {
	case "year":
		return fmt.Sprint(2010 + g.rnd.IntN(16))
	case "years":
		n := 2 + g.rnd.IntN(4)
		return fmt.Sprintf("%s %d financial years", numberWords[n], n)
	case "fy":
		y := 2012 + g.rnd.IntN(13)
		return fmt.Sprintf("%d/%02d", y, (y+1)%100)
	case "n":
		return fmt.Sprint(g.rnd.IntN(5000))
	case "money":
		return fmt.Sprintf("£%s", thousands(1000+g.rnd.IntN(4_000_000)))
	case "pct":
		return fmt.Sprintf("%d%%", 1+g.rnd.IntN(60))
	}
	if list, ok := slots[name]; ok {
		return g.pick(list)
	}
	return name
}

// Next returns the next entry.
func (g *Generator) Next() *logfile.Entry {
	dept := departments[g.rnd.IntN(len(departments))]
	received := g.start.AddDate(0, 0, int(float64(g.i)*g.perEntry))
	g.i++
	responded := received.AddDate(0, 0, 3+g.rnd.IntN(35))
	published := responded.AddDate(0, 0, g.rnd.IntN(21))
	regime := "foia"
	if dept.environmental && g.rnd.IntN(3) == 0 {
		regime = "eir"
	}
	prefix := "FOI"
	if regime == "eir" {
		prefix = "EIR"
	}
	ref := fmt.Sprintf("%s %d", prefix, g.nextNumber)
	g.nextNumber++

	topic := dept.topics[g.rnd.IntN(len(dept.topics))]
	nParts := partCount(g.rnd)
	intro := g.fill(g.pick(intros))
	var questions []string
	for range nParts {
		q, qual := g.fill(g.pick(topic.questions)), g.fill(g.pick(qualifiers))
		switch {
		case qual == "":
			q += "?"
		case qual[0] >= 'a' && qual[0] <= 'z': // "for 2019/20?", "since 2015?"
			q += " " + qual
		default:
			q += "? " + qual
		}
		questions = append(questions, q)
	}
	var req strings.Builder
	req.WriteString(intro + " " + g.fill(topic.subject) + ".\n\n")
	for i, q := range questions {
		fmt.Fprintf(&req, "%d. %s\n", i+1, q)
	}
	if g.rnd.IntN(3) == 0 {
		req.WriteString("\n" + g.fill(g.pick(closings)))
	}

	e := &logfile.Entry{
		Reference: ref, Title: titleCase(g.fill(topic.title)), Category: dept.name, Regime: regime,
		ReceivedOn: received.Format("2006-01-02"), RespondedOn: responded.Format("2006-01-02"),
		PublishedOn: published.Format("2006-01-02"), Request: strings.TrimSpace(req.String()),
	}
	// One older entry in ten comes from a log that kept the response as
	// one text.
	if received.Year() < 2016 && g.rnd.IntN(10) == 0 {
		var resp []string
		for range nParts {
			resp = append(resp, g.fill(g.pick(topic.answers)))
		}
		e.Response = strings.Join(resp, "\n\n")
		e.Outcome = "granted"
		return e
	}
	for i, q := range questions {
		outcome, exemptions, answer := g.answer(regime, topic)
		e.Parts = append(e.Parts, logfile.Part{Number: i + 1, Text: q, Answer: answer, Outcome: outcome, Exemptions: exemptions})
	}
	return e
}

// partCount is 1 to 10, mostly 1 to 4, as council requests are.
func partCount(r *rand.Rand) int {
	weights := []int{22, 20, 18, 13, 9, 7, 5, 3, 2, 1}
	n := r.IntN(100)
	for i, w := range weights {
		if n < w {
			return i + 1
		}
		n -= w
	}
	return 1
}

// answer picks an outcome with the frequencies of a typical council log
// and writes the answer that goes with it.
func (g *Generator) answer(regime string, t topic) (string, []string, string) {
	n := g.rnd.IntN(100)
	eir := regime == "eir"
	switch {
	case n < 62:
		return "granted", nil, g.fill(g.pick(t.answers))
	case n < 76:
		return "not-held", nil, g.fill(g.pick(notHeld))
	case n < 86:
		code := g.pick([]string{"s40(2)", "s43(2)", "s31", "s21"})
		if eir {
			code = g.pick([]string{"reg13", "reg12(5)(e)", "reg12(4)(d)"})
		}
		return "partially-withheld", []string{code}, g.fill(g.pick(t.answers)) + " " + g.fill(g.pick(withheldNotes[exemptionKind(code)]))
	case n < 91:
		code := g.pick([]string{"s40(2)", "s43(2)", "s22"})
		if eir {
			code = g.pick([]string{"reg13", "reg12(5)(e)"})
		}
		return "withheld", []string{code}, g.fill(g.pick(withheldNotes[exemptionKind(code)]))
	case n < 95:
		return "cost-limit", nil, g.fill(g.pick(costLimit))
	case n < 97:
		if eir {
			return "granted", nil, g.fill(g.pick(t.answers))
		}
		return "ncnd", []string{"s31"}, "The council neither confirms nor denies that it holds this information, as to do so would be likely to prejudice the prevention or detection of crime. Section 31(3) applies."
	default:
		return "advice-only", nil, g.fill(g.pick(advice))
	}
}

func exemptionKind(code string) string {
	switch {
	case strings.HasPrefix(code, "s40"), code == "reg13":
		return "personal"
	case strings.HasPrefix(code, "s43"), code == "reg12(5)(e)":
		return "commercial"
	case code == "s21":
		return "accessible"
	case code == "s22":
		return "future"
	}
	return "other"
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

var numberWords = []string{"zero", "one", "two", "three", "four", "five", "six"}

// Topic is one subject of the made-up council's requests, with the
// questions asked about it ({slot} markers unfilled: Generator.Fill).
type Topic struct {
	Department string
	Title      string
	Subject    string
	Questions  []string
}

// Topics lists every topic the generator writes about, for evaluations
// that need requests on the same subjects as a generated log.
func Topics() []Topic {
	var out []Topic
	for _, d := range departments {
		for _, t := range d.topics {
			out = append(out, Topic{Department: d.name, Title: t.title, Subject: t.subject, Questions: append([]string(nil), t.questions...)})
		}
	}
	return out
}

// Fill replaces {slot} markers as entries are written.
func (g *Generator) Fill(s string) string { return g.fill(s) }

// Intros and Closings are the openings and closing lines requests use.
func Intros() []string   { return append([]string(nil), intros...) }
func Closings() []string { return append([]string(nil), closings...) }

// Qualifiers are what may follow a question ("Please break this down by
// year.", "for {fy}?"); "" for none.
func Qualifiers() []string { return append([]string(nil), qualifiers...) }
