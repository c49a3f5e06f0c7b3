// SPDX-License-Identifier: AGPL-3.0-or-later

package clock

import "strings"

// The Freedom of Information (Time for Compliance with Request)
// Regulations 2004 (SI 2004/3364, amended by SI 2009/1369 and SI
// 2010/2768), made under FOIA s.10(4)–(5), put a later day than the 20th
// working day in place for some authorities and requests. They apply to
// FOIA only: the EIR, FOISA and the EISR have no such regulations in force
// (FOISA's power in s.10(4) is unused for general authorities).

// Term is one school term as the administrator entered it: its first and
// last days, both school days' bounds included. Days between terms are
// holidays; days before the first term or after the last are unknown.
type Term struct {
	Start, End Date
}

// SchoolDeadline is the time for compliance of a request to the governing
// body of a maintained school or nursery school, a school maintained by
// the Secretary of State for Defence, or the proprietor of an academy: the
// twentieth working day after receipt "disregarding any working day which
// is not a school day", or the sixtieth working day after receipt,
// whichever is first (SI 2004/3364 reg 3, as amended by SI 2010/2768).
//
// A school day is read as a working day (FOIA s.10(6)) that falls inside
// one of the entered terms; the administrator enters terms so that INSET
// and other closure days lie outside them. A day the count needs that is
// before the first entered term or after the last is an error, never a
// guess: the school has not said whether it is a school day. The count
// needs days only up to the earlier of the two limits, so terms entered
// up to the sixtieth working day (or to the twentieth school day) suffice.
func (c *Calendar) SchoolDeadline(received Date, terms []Term) (Date, error) {
	if received == 0 {
		return 0, invalidf("the date the request was received is missing")
	}
	if len(terms) == 0 {
		return 0, errNoTerms
	}
	return c.Deadline(Case{Regime: FOIA, Received: received, SchoolTerms: terms})
}

var errNoTerms = invalidf("no term dates entered: a school's deadline counts school days (SI 2004/3364 reg 3), so enter the school's terms")

// CheckTerms checks that terms are whole, in order and without overlaps.
func CheckTerms(terms []Term) error {
	for i, t := range terms {
		switch {
		case t.Start == 0 || t.End == 0:
			return invalidf("term %d has no start or no end", i+1)
		case t.End < t.Start:
			return invalidf("term %d ends (%s) before it starts (%s)", i+1, t.End, t.Start)
		case i > 0 && t.Start <= terms[i-1].End:
			return invalidf("term %d (from %s) starts before the term before it ends (%s): enter terms in order, without overlaps", i+1, t.Start, terms[i-1].End)
		}
	}
	return nil
}

// schoolLimb says which limb of reg 3 gave a school's deadline.
type schoolLimb int

const (
	limbSchoolDays  schoolLimb = iota + 1 // the 20th school day
	limbWorkingDays                       // the 60th working day, first
	limbExtended                          // 20 working days beyond either
)

// schoolDue counts a school's time for compliance from p.start, the
// working days in the pauses of fees disregarded in both limbs (s.10(2)
// disregards them in "the twentieth working day" reg 3 substitutes). With
// ext, the public-interest extension (FOIA s.10(3), "such further time as
// is reasonable") runs 20 further working days beyond it. Unsure: the ICO's
// normal maximum (40 working days in all) is written for the 20-day
// limit; for a school it is read here as 20 working days beyond the
// school's time, the shorter reading, as the ICO's guidance does not say.
func (c *Calendar) schoolDue(p *plan, fees []Fee, ext bool) (Date, schoolLimb, error) {
	s := p.set
	paused := func(d Date) bool {
		for _, f := range fees {
			if d >= f.Notice && (f.Paid == 0 || d <= f.Paid) {
				return true
			}
		}
		return false
	}
	first, last := p.terms[0].Start, p.terms[len(p.terms)-1].End
	school, working, k, extra := 0, 0, 0, 0
	var limb schoolLimb
	for d := p.start + 1; ; d++ {
		j := int(d - c.base)
		if j < 0 || j >= c.ndays {
			return 0, 0, c.notCovered(d.Year())
		}
		if s.reason[j] != "" || paused(d) {
			continue // not a working day, so not a school day either
		}
		if limb != 0 {
			if extra++; extra == 20 {
				return d, limbExtended, nil
			}
			continue
		}
		working++
		if d < first || d > last {
			if working == 60 {
				limb = limbWorkingDays
			} else {
				return 0, 0, invalidf("%s is outside the entered terms (%s to %s): enter the school's term dates to cover it (SI 2004/3364 reg 3)", d, first, last)
			}
		} else {
			for k < len(p.terms) && p.terms[k].End < d {
				k++
			}
			if d >= p.terms[k].Start {
				school++
			}
			switch {
			case school == 20:
				limb = limbSchoolDays
			case working == 60:
				limb = limbWorkingDays
			}
		}
		if limb != 0 && !ext {
			return d, limb, nil
		}
	}
}

// Variation names a rule of SI 2004/3364 other than schools' that puts a
// later day in place of the 20th working day.
type Variation string

const (
	// VariationArchives: a request to the appropriate records authority
	// (The National Archives, a place of deposit) for information that may
	// be in a transferred public record not designated open: the 30th
	// working day after receipt.
	VariationArchives Variation = "archives"
	// VariationArmedForces: information that cannot be obtained in time
	// without getting it from members of the armed forces on operations:
	// a day the Commissioner specifies, no later than the 60th working day.
	VariationArmedForces Variation = "armed-forces"
	// VariationHeldAbroad: information held outside the United Kingdom,
	// which cannot be got in time: likewise, up to the 60th working day.
	VariationHeldAbroad Variation = "held-abroad"
)

// variationRules gives each variation its latest day and its source.
// Unsure: the numbering of these regulations (reg 4 archives, reg 5 armed
// forces, reg 6 outside the UK) is given from secondary sources; the text
// of SI 2004/3364 as amended was not at hand when this was written. The
// 30th working day for archives and the 60th as the ceiling for the other
// two follow the project's rules digest.
var variationRules = map[Variation]struct {
	days      int
	specified bool // the day is the Commissioner's to specify, up to days
	provision string
	source    string
}{
	VariationArchives:    {30, false, "SI 2004/3364 reg 4", "SI 2004/3364 reg 4 (transferred public records): the 30th working day"},
	VariationArmedForces: {60, true, "SI 2004/3364 reg 5", "SI 2004/3364 reg 5 (armed forces operations): the day the Commissioner specifies, no later than the 60th working day"},
	VariationHeldAbroad:  {60, true, "SI 2004/3364 reg 6", "SI 2004/3364 reg 6 (information held outside the UK): the day the Commissioner specifies, no later than the 60th working day"},
}

// Varied is a deadline set under SI 2004/3364, with the reason recorded.
type Varied struct {
	Due    Date
	Reason Variation
	Source string // the provision and what it allows
}

// VariedDeadline is the time for compliance of a FOIA request received on
// received under variation v. For the armed forces and information held
// abroad, specified is the day the Commissioner specified: it must fall
// after the 20th working day and no later than the 60th; zero means none
// is specified yet, which is an error, not the 60th day assumed. For
// archives specified must be zero: the day is fixed.
func (c *Calendar) VariedDeadline(r Regime, received Date, v Variation, specified Date) (Varied, error) {
	if r != FOIA {
		return Varied{}, invalidf("SI 2004/3364 varies the time for compliance under FOIA only, not %s", r.Name())
	}
	rule, ok := variationRules[v]
	if !ok {
		return Varied{}, invalidf("unknown variation %q (want archives, armed-forces or held-abroad)", string(v))
	}
	if received == 0 {
		return Varied{}, invalidf("the date the request was received is missing")
	}
	latest, err := c.AddWorkingDays(FOIA, received, rule.days)
	if err != nil {
		return Varied{}, err
	}
	out := Varied{Due: latest, Reason: v, Source: rule.source}
	if !rule.specified {
		if specified != 0 {
			return Varied{}, invalidf("the day for %s is fixed (%s), not specified", v, rule.source)
		}
		return out, nil
	}
	if specified == 0 {
		return Varied{}, invalidf("no day specified for %s: %s", v, rule.source)
	}
	twentieth, err := c.AddWorkingDays(FOIA, received, 20)
	if err != nil {
		return Varied{}, err
	}
	switch {
	case specified <= twentieth:
		return Varied{}, invalidf("the day specified (%s) is not after the 20th working day (%s): no variation is needed", specified, twentieth)
	case specified > latest:
		return Varied{}, invalidf("the day specified (%s) is after the 60th working day (%s), the latest %s allows", specified, latest, rule.provision)
	}
	out.Due = specified
	return out, nil
}

// ParseTerms reads term dates as an administrator writes them: one term a
// line, its first and last days ("2025-09-03 2025-10-24", or with "to" or
// "-" between), blank lines and lines starting with # ignored. Terms must
// come in order without overlapping (SchoolDeadline checks that).
func ParseTerms(text string) ([]Term, error) {
	var terms []Term
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(strings.NewReplacer(" to ", " ", " - ", " ", "–", " ").Replace(line))
		if len(f) != 2 {
			return nil, invalidf("line %d: %q is not a term (want its first and last days, YYYY-MM-DD YYYY-MM-DD)", n+1, line)
		}
		var t Term
		var err error
		if t.Start, err = ParseDate(f[0]); err != nil {
			return nil, invalidf("line %d: %v", n+1, err)
		}
		if t.End, err = ParseDate(f[1]); err != nil {
			return nil, invalidf("line %d: %v", n+1, err)
		}
		terms = append(terms, t)
	}
	return terms, nil
}
