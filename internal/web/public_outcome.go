// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"strings"

	"disclose/internal/foi"
)

// Outcomes as the public reads them: each answered question with how it was
// answered and, where information was withheld, the exemptions by name and
// section, linked to the page that explains them. One view serves the
// disclosure log's entry and the requester's tracking page.

// answeredPart is a question with its answer and outcome, for a template.
type answeredPart struct {
	Label      string // "2a": the requester's numbering, else the part's number
	Text       string
	Answer     string
	Outcome    foi.Outcome
	Exemptions []foi.Exemption
	Regime     foi.Regime
	// EnglishOnly: the text is English on a Welsh page (lang="en").
	EnglishOnly bool
}

func newAnsweredPart(r foi.Regime, number int, label, text, answer string, outcome foi.Outcome, codes []string) answeredPart {
	if label == "" {
		label = itoa(number)
	}
	return answeredPart{Label: label, Text: text, Answer: answer, Outcome: outcome,
		Exemptions: exemptionsOf(r, codes), Regime: r}
}

// publishedPart is a part of a disclosure-log entry; englishOnly when it
// is shown on a Welsh page without a Welsh version.
func publishedPart(r foi.Regime, p foi.PublishedPart, englishOnly bool) answeredPart {
	a := newAnsweredPart(r, p.Number, p.Label, p.Text, p.Answer, p.Outcome, p.Exemptions)
	a.EnglishOnly = englishOnly
	return a
}

// responsePart is a part of the response as the requester's tracking page
// shows it.
func responsePart(r foi.Regime, p foi.Part) answeredPart {
	return newAnsweredPart(r, p.Number, p.Label, p.Text, p.Answer, p.Outcome, p.Exemptions)
}

// exemptionsOf looks codes up in the regime's catalogue. A code the
// catalogue does not know (an entry imported from an older log) is shown
// as written rather than dropped.
func exemptionsOf(r foi.Regime, codes []string) []foi.Exemption {
	out := make([]foi.Exemption, 0, len(codes))
	for _, c := range codes {
		if e, err := foi.LookupExemption(r, c); err == nil {
			out = append(out, e)
		} else {
			out = append(out, foi.Exemption{Code: c, Title: c})
		}
	}
	return out
}

// exemptionAnchor is an exemption's id on the exemptions page:
// "foia-s43-2" for s43(2) under FOIA.
func exemptionAnchor(r foi.Regime, code string) string {
	var b strings.Builder
	b.WriteString(string(r))
	b.WriteByte('-')
	dash := false
	for _, c := range strings.ToLower(code) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
			dash = false
		} else if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}

// exemptionsPage explains the grounds on which information can be
// withheld, regime by regime, so an entry's "withheld under s.43(2)" can
// link somewhere a reader understands.
type exemptionsPage struct {
	Page
	Regimes []regimeExemptions
}

type regimeExemptions struct {
	Regime     foi.Regime
	Exemptions []foi.Exemption
}

// exemptions is GET /exemptions.
func (s *Server) exemptions(w http.ResponseWriter, r *http.Request) error {
	p := &exemptionsPage{}
	p.Title = "Why information can be withheld"
	for _, rg := range foi.Regimes {
		p.Regimes = append(p.Regimes, regimeExemptions{Regime: rg, Exemptions: foi.Exemptions(rg)})
	}
	revalidate(w)
	return s.render(w, r, http.StatusOK, "public/exemptions.html", p)
}
