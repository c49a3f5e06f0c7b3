// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"

	"disclose/internal/foi"
	"disclose/internal/loadgen"
)

// writer writes the evaluation's requests as requesters write them.
type writer struct {
	rnd    *rand.Rand
	fill   *loadgen.Generator
	topics []loadgen.Topic
}

func newWriter(seed uint64) *writer {
	return &writer{rnd: rand.New(rand.NewPCG(seed, seed^0x2545f4914f6cdd1d)), fill: loadgen.New(loadgen.Options{Seed: seed}),
		topics: loadgen.Topics()}
}

func (w *writer) pick(list []string) string { return list[w.rnd.IntN(len(list))] }

// fromEntry asks p's questions again: one in three requests asks only
// some of them; the questions are reordered and each is reworded, and may
// carry a synonym, a typo or a rider of its own.
func (w *writer) fromEntry(p *foi.Publication) made {
	var stems []string
	seen := map[string]bool{}
	for _, x := range p.Parts {
		if s := Stem(x.Text); s != "" && !seen[s] {
			seen[s] = true
			stems = append(stems, s)
		}
	}
	w.rnd.Shuffle(len(stems), func(a, b int) { stems[a], stems[b] = stems[b], stems[a] })
	if len(stems) > 1 && w.rnd.IntN(3) == 0 {
		stems = stems[:1+w.rnd.IntN(len(stems)-1)]
	}
	qs := make([]string, len(stems))
	for i, s := range stems {
		q := w.reword(upperFirst(s))
		if w.rnd.IntN(2) == 0 {
			q = w.synonym(q)
		}
		if w.rnd.IntN(4) == 0 {
			q = w.typo(q)
		}
		qs[i] = q + w.ending()
	}
	return made{text: w.letter(qs), stems: stems, source: p.RequestID}
}

// unrelated asks, on one of the log's topics, questions no entry asks.
func (w *writer) unrelated() made {
	t := w.topics[w.rnd.IntN(len(w.topics))]
	n := 1 + w.rnd.IntN(3)
	var qs []string
	for _, k := range w.rnd.Perm(len(unasked))[:n] {
		qs = append(qs, fmt.Sprintf(unasked[k], t.Subject)+w.ending())
	}
	return made{text: w.letter(qs), stems: make([]string, n)}
}

// unasked are questions about a topic ("%s", its subject) that no
// generated entry asks.
var unasked = []string{
	"Who is the cabinet member responsible for %s",
	"When was the council's policy on %s last reviewed by scrutiny",
	"How many complaints about %s were escalated to the Local Government Ombudsman",
	"Please send me the minutes of any meeting that discussed %s",
	"What training do officers receive on %s",
	"Has an equality impact assessment been carried out for %s",
	"Which consultants advised the council on %s",
	"What risks relating to %s are on the corporate risk register",
}

// ending is what a requester puts after a question: mostly a "?", at times
// a rider.
func (w *writer) ending() string {
	switch w.rnd.IntN(6) {
	case 0:
		return "? Please break this down by year."
	case 1:
		return w.fill.Fill(" for {fy}?")
	case 2:
		return "."
	default:
		return "?"
	}
}

// letter writes a request: a greeting, a preamble unlike the entry's, the
// numbered questions, and a sign-off.
func (w *writer) letter(qs []string) string {
	var b strings.Builder
	b.WriteString(w.pick([]string{"Dear Sir or Madam,", "Dear FOI Team,", "Hello,", "To whom it may concern,"}) + "\n\n")
	b.WriteString(w.pick([]string{
		"Under the Freedom of Information Act 2000 I would be grateful for the following.",
		"I am a local resident and would like to know the following.",
		"For a piece I am writing, could you answer these questions please.",
		"Please treat this as a request for information.",
		w.fill.Fill(w.pick(loadgen.Intros())) + " the following.",
	}) + "\n\n")
	if len(qs) == 1 && w.rnd.IntN(2) == 0 {
		b.WriteString(qs[0] + "\n")
	} else {
		style := w.rnd.IntN(3)
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
	}
	if w.rnd.IntN(2) == 0 {
		b.WriteString("\n" + w.pick(loadgen.Closings()) + "\n")
	}
	b.WriteString("\n" + w.pick([]string{"Yours faithfully,", "Kind regards,", "Many thanks,"}) + "\n\nSam Asker\n")
	return b.String()
}

// rewordings are the changes a requester makes to a question they ask
// again in their own words.
var rewordings = [][2]string{
	{"How many ", "What is the number of "}, {"How many ", "Please tell me how many "}, {"How many ", "Could you tell me how many "},
	{"What is the ", "Please provide the "}, {"What is the ", "Could you tell me the "}, {"What was the ", "Please state the "},
	{"Does the council ", "Does your authority "}, {" the council", " your council"}, {" the council", " the authority"},
	{" were ", " have been "}, {" was ", " has been "}, {"Which ", "Please list which "}, {"How much ", "What amount "},
}

func (w *writer) reword(q string) string {
	var fit [][2]string
	for _, rw := range rewordings {
		if strings.Contains(q, rw[0]) {
			fit = append(fit, rw)
		}
	}
	if len(fit) == 0 {
		return "Please could you tell me: " + strings.ToLower(q[:1]) + q[1:]
	}
	rw := fit[w.rnd.IntN(len(fit))]
	return strings.Replace(q, rw[0], rw[1], 1)
}

// synonyms are words a requester may use for the log's, none of them in
// the matcher's own list of synonyms (internal/askedbefore).
var synonyms = [][2]string{
	{"households", "families"}, {"received", "got"}, {"reported", "logged"}, {"issued", "handed out"},
	{"average", "mean"}, {"percentage", "proportion"}, {"served", "issued"}, {"employed", "on the payroll"},
	{"repaired", "fixed"}, {"vehicles", "vans"}, {"income", "revenue"}, {"complaints", "grievances"},
	{"applications", "requests"}, {"placed", "housed"}, {"children", "young people"}, {"paid", "handed over"},
}

func (w *writer) synonym(q string) string {
	var fit [][2]string
	for _, s := range synonyms {
		if strings.Contains(q, " "+s[0]) {
			fit = append(fit, s)
		}
	}
	if len(fit) == 0 {
		return q
	}
	s := fit[w.rnd.IntN(len(fit))]
	return strings.Replace(q, " "+s[0], " "+s[1], 1)
}

// typo swaps two letters inside one longer word.
func (w *writer) typo(q string) string {
	words := strings.Fields(q)
	var long []int
	for i, x := range words {
		if len(x) >= 6 && strings.IndexFunc(x, func(r rune) bool { return !unicode.IsLetter(r) }) < 0 {
			long = append(long, i)
		}
	}
	if len(long) == 0 {
		return q
	}
	i := long[w.rnd.IntN(len(long))]
	b := []byte(words[i])
	j := 1 + w.rnd.IntN(len(b)-2)
	b[j], b[j+1] = b[j+1], b[j]
	words[i] = string(b)
	return strings.Join(words, " ")
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
