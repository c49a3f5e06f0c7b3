// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"context"
	"strings"
)

// Filters of the disclosure log by what was decided: the entry's overall
// outcome, and the exemptions its refused parts relied on. The store keeps
// each public entry's facets (PublicationFacets) with cached counts, so a
// filtered page costs what an unfiltered one does.

// ExemptionFacet is how an exemption is named in a filter: "regime:code",
// since a code means something only in its regime (s43(2) under FOIA,
// reg12(5)(e) under the EIR).
func ExemptionFacet(r Regime, code string) string { return string(r) + ":" + code }

// ParseExemptionFacet reads "regime:code", the code as LookupExemption
// takes it ("foia:43(2)", "eir:Reg 12(5)(e)"), and returns the regime and
// the exemption as the catalogue writes it.
func ParseExemptionFacet(s string) (Regime, Exemption, error) {
	regime, code, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || code == "" {
		return "", Exemption{}, Errorf(EINVALID, "exemption %q: write it as regime:code, for example foia:s43(2) or eir:reg12(5)(e)", s)
	}
	r := Regime(strings.ToLower(strings.TrimSpace(regime)))
	e, err := LookupExemption(r, code)
	if err != nil {
		return "", Exemption{}, err
	}
	return r, e, nil
}

// normaliseDecision checks the outcome and exemption filters and writes the
// exemption as the catalogue does.
func (f *PublicationFilter) normaliseDecision() error {
	f.Outcome = Outcome(strings.TrimSpace(string(f.Outcome)))
	if f.Outcome != "" {
		if _, err := ParseOutcome(string(f.Outcome)); err != nil {
			return err
		}
	}
	f.Exemption = strings.TrimSpace(f.Exemption)
	if f.Exemption != "" {
		r, e, err := ParseExemptionFacet(f.Exemption)
		if err != nil {
			return err
		}
		f.Exemption = ExemptionFacet(r, e.Code)
	}
	return nil
}

// Facet names, as the store keeps them: "o:" and an outcome, "e:" and an
// exemption facet, "oe:" and both (outcome|exemption), so that any
// combination of the two filters is one facet with its own cached counts.
const (
	outcomeFacet   = "o:"
	exemptionFacet = "e:"
	bothFacet      = "oe:"
)

// Facet is the facet that selects a filter's outcome and exemption, or ""
// when it has neither. The filter must be normalised.
func (f PublicationFilter) Facet() string {
	switch {
	case f.Outcome != "" && f.Exemption != "":
		return bothFacet + string(f.Outcome) + "|" + f.Exemption
	case f.Outcome != "":
		return outcomeFacet + string(f.Outcome)
	case f.Exemption != "":
		return exemptionFacet + f.Exemption
	}
	return ""
}

// RefusedUnder lists the exemptions (as ExemptionFacet names them) that an
// entry's parts were refused under: parts withheld in full or in part, or
// neither confirmed nor denied (Outcome.NeedsExemption). A code is written
// as the catalogue writes it, or as stored when the catalogue lacks it.
func (p *Publication) RefusedUnder() []string {
	var out []string
	seen := map[string]bool{}
	for _, part := range p.Parts {
		if !part.Outcome.NeedsExemption() {
			continue
		}
		for _, code := range part.Exemptions {
			if code == "" {
				continue
			}
			if e, err := LookupExemption(p.Regime, code); err == nil {
				code = e.Code
			}
			if name := ExemptionFacet(p.Regime, code); !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
	}
	return out
}

// PublicationFacets are the facets a public entry is found under: its
// outcome, each exemption it was refused under, and each pair of the two.
func PublicationFacets(p *Publication) []string {
	var out []string
	if p.Outcome != "" {
		out = append(out, outcomeFacet+string(p.Outcome))
	}
	for _, e := range p.RefusedUnder() {
		out = append(out, exemptionFacet+e)
		if p.Outcome != "" {
			out = append(out, bothFacet+string(p.Outcome)+"|"+e)
		}
	}
	return out
}

// PublicationFacetReader lists what the log can be filtered by.
type PublicationFacetReader interface {
	// FindPublicationOutcomes lists the overall outcomes of public entries
	// with how many have each, in the order of Outcomes.
	FindPublicationOutcomes(ctx context.Context) ([]Facet, error)
	// FindPublicationExemptions lists the exemptions public entries were
	// refused under ("regime:code", as ExemptionFacet writes them) with
	// how many entries each, in the regimes' and catalogue's order.
	FindPublicationExemptions(ctx context.Context) ([]Facet, error)
	// FindWelshTitles returns the Welsh title and summary of those of
	// the entries (by request id) that have a Welsh version; the Request
	// and Parts are left empty.
	FindWelshTitles(ctx context.Context, requestIDs []int64) (map[int64]*WelshPublication, error)
}
