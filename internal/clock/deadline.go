// SPDX-License-Identifier: AGPL-3.0-or-later

package clock

import (
	"fmt"
	"strings"

	"disclose/internal/foi"
)

// Regime is foi.Regime: the access-to-information law a request is handled
// under, one type and one list for the domain and the clock.
type Regime = foi.Regime

const (
	FOIA  = foi.FOIA  // Freedom of Information Act 2000
	EIR   = foi.EIR   // Environmental Information Regulations 2004 (SI 2004/3391)
	FOISA = foi.FOISA // Freedom of Information (Scotland) Act 2002
	EISR  = foi.EISR  // Environmental Information (Scotland) Regulations 2004 (SSI 2004/520)
)

// Regimes lists every regime in a stable order.
var Regimes = foi.Regimes

// ParseRegime accepts a regime code as the CLI and API write it, with the
// clock's error.
func ParseRegime(s string) (Regime, error) {
	r := Regime(s)
	if _, err := rulesFor(r); err != nil {
		return "", err
	}
	return r, nil
}

// Stage is the stage of a case the clock is running for.
type Stage string

const (
	StageRequest Stage = "request" // the initial request; "" means the same
	StageReview  Stage = "review"  // an internal review (reconsideration under EIR)
)

// ParseStage accepts "request" or "review" ("" means request).
func ParseStage(s string) (Stage, error) {
	switch Stage(s) {
	case "", StageRequest:
		return StageRequest, nil
	case StageReview:
		return StageReview, nil
	}
	return "", invalidf("unknown stage %q (want request or review)", s)
}

// Case is what the clock needs to know about a request or review. Zero
// Dates are unset.
type Case struct {
	Regime Regime
	Stage  Stage // "" means StageRequest
	// Received is the day the request was received (request stage) or the
	// day the review was asked for (review stage). It is day 0 of the count
	// whatever day of the week it is.
	Received Date
	// ClarificationReceived, if set, is the day the further information
	// asked for under FOIA/FOISA s.1(3) arrived: the count starts again from
	// it. Request stage only.
	ClarificationReceived Date
	// ClarificationRequested, if set, is the day the further information
	// was asked for (s.1(3)): what answers a question cannot arrive before
	// it, so a clarification received earlier is refused, as a fee paid
	// before its notice is.
	ClarificationRequested Date
	// Fees are the fees notices given, in the order given, each with the
	// day its fee was received: for every one the working days from the
	// notice to the payment, both included, do not count (FOIA s.10(2):
	// "the working days in the period beginning with the day on which the
	// fees notice is given ... and ending with the day on which the fee is
	// received" — each notice's period, so two notices pause twice). A
	// notice without payment means the clock is stopped
	// (*AwaitingFeeError). Request stage only.
	Fees []Fee
	// FeeNotice and FeePaid, if FeeNotice is set, are one more fees notice
	// after those in Fees: the form of a case with a single notice.
	FeeNotice, FeePaid Date
	// SchoolTerms, if set, are the term dates of a school or academy: the
	// time for compliance is the 20th school day or the 60th working day,
	// whichever is first (SI 2004/3364 reg 3; see SchoolDeadline). FOIA
	// request stage only: the regulations vary FOIA s.10(1), nothing else.
	SchoolTerms []Term
	// Extended applies the regime's extension: FOIA public-interest test
	// (s.10(3); ICO: 40 working days in all) or review (s.45 Code: 40), EIR
	// and EISR complex and voluminous (reg 7(1): 40). FOISA has none.
	Extended bool
}

// Fee is one fees notice (FOIA/FOISA s.9; under EIR/EISR reg 8(4), the
// notification that advance payment is required) and the day the fee was
// received, zero while it is unpaid.
type Fee struct {
	Notice, Paid Date
}

// fees lists every fees notice of k, Fees first.
func (k Case) fees() []Fee {
	if k.FeeNotice == 0 && k.FeePaid == 0 {
		return k.Fees
	}
	return append(append([]Fee(nil), k.Fees...), Fee{Notice: k.FeeNotice, Paid: k.FeePaid})
}

// Step is one day of an explained count.
type Step struct {
	Date  Date
	Count int    // the working-day number (1, 2, ...), or 0 if the day does not count
	Note  string // why the day does not count, or what happened on it
}

// regimeRules is everything that differs between regimes, with the sources.
type regimeRules struct {
	set         int    // which bank holidays stop the clock
	workingDay  string // the definition of a working day
	requestDays int    // time for compliance
	requestSec  string
	requestExt  int // 0: no extension
	extSec      string
	noExtSec    string // why there is no extension
	clarifySec  string
	feeSec      string // the fees pause
	lapseSec    string // the time to pay
	lapseDays   int    // working days to pay; 0 means three months (FeeLapses)
	reviewDays  int
	reviewSec   string
	reviewExt   int
	reviewExtSc string
	windowSec   string // the requester's time to ask for a review
}

var (
	rulesFOIA = &regimeRules{
		set:         setUK,
		workingDay:  "working days exclude Saturdays, Sundays, Christmas Day, Good Friday and bank holidays in any part of the UK (FOIA s.10(6))",
		requestDays: 20, requestSec: "FOIA s.10(1)",
		// s.10(3) allows "such time as is reasonable"; the ICO treats 20
		// further working days (40 in all) as the normal maximum.
		requestExt: 40, extSec: "FOIA s.10(3), public interest test; ICO: normally no more than 40 working days in all",
		clarifySec: "FOIA s.1(3), s.10(6)(b)",
		feeSec:     "FOIA s.10(2)",
		lapseSec:   "FOIA s.9(2)",
		// Internal review is not statutory under FOIA: s.45 Code of Practice
		// (2018) Part 5 and ICO: 20 working days, 40 at most.
		reviewDays: 20, reviewSec: "s.45 Code of Practice, internal review",
		reviewExt: 40, reviewExtSc: "s.45 Code of Practice: no more than 40 working days in exceptional cases",
		windowSec: "s.45 Code of Practice: 40 working days after the response",
	}
	rulesEIR = &regimeRules{
		set: setUK,
		// reg 2(1) is read as FOIA s.10(6) (ICO guidance; the rules digest
		// flags the exact wording as unseen).
		workingDay:  "working days exclude Saturdays, Sundays, Christmas Day, Good Friday and bank holidays in any part of the UK (EIR reg 2(1))",
		requestDays: 20, requestSec: "EIR reg 5(2)",
		requestExt: 40, extSec: "EIR reg 7(1), complex and voluminous",
		clarifySec: "EIR reg 9(4)",
		// reg 8(6): the period from the advance-payment notification to
		// payment is disregarded; reg 8(5): payment due within 60 working
		// days of the notification.
		feeSec:    "EIR reg 8(6)",
		lapseSec:  "EIR reg 8(5)",
		lapseDays: 60,
		// reg 11(4): reconsideration decided within 40 working days; no
		// extension.
		reviewDays: 40, reviewSec: "EIR reg 11(4)",
		noExtSec:  "EIR has no extension of the time for reconsideration (EIR reg 11(4))",
		windowSec: "EIR reg 11(2): 40 working days",
	}
	rulesFOISA = &regimeRules{
		set:         setScotland,
		workingDay:  "working days exclude Saturdays, Sundays, Christmas Day and bank holidays in Scotland (FOISA s.73); Good Friday is one of them",
		requestDays: 20, requestSec: "FOISA s.10(1)",
		noExtSec:   "FOISA has no extension of the time for compliance (FOISA s.10)",
		clarifySec: "FOISA s.1(3), s.10(1)(b)",
		feeSec:     "FOISA s.10(2)",
		lapseSec:   "FOISA s.9",
		reviewDays: 20, reviewSec: "FOISA s.21(1)",
		windowSec: "FOISA s.20(5): 40 working days",
	}
	rulesEISR = &regimeRules{
		set:         setScotland,
		workingDay:  "working days exclude Saturdays, Sundays, Christmas Day and bank holidays in Scotland (EISR reg 2(1), as FOISA s.73); Good Friday is one of them",
		requestDays: 20, requestSec: "EISR reg 5(2)(a)",
		requestExt: 40, extSec: "EISR reg 7(1), complex and voluminous",
		clarifySec: "EISR reg 9",
		feeSec:     "EISR reg 8",
		lapseSec:   "EISR reg 8",
		lapseDays:  60,
		reviewDays: 20, reviewSec: "EISR reg 16(4)",
		noExtSec:  "EISR has no extension of the time for a review (EISR reg 16(4))",
		windowSec: "EISR reg 16(2): 40 working days",
	}
)

func rulesFor(r Regime) (*regimeRules, error) {
	switch r { // a switch, not a map lookup: this is on every count's path
	case FOIA:
		return rulesFOIA, nil
	case EIR:
		return rulesEIR, nil
	case FOISA:
		return rulesFOISA, nil
	case EISR:
		return rulesEISR, nil
	case "":
		return nil, invalidf("no regime given (want foia, eir, foisa or eir-scotland)")
	}
	return nil, invalidf("unknown regime %q (want foia, eir, foisa or eir-scotland)", string(r))
}

// reviewWindowDays is the requester's time to ask for a review, after the
// response, in every regime: s.45 Code (FOIA), EIR reg 11(2), FOISA s.20(5),
// EISR reg 16(2).
const reviewWindowDays = 40

// plan is a validated Case, ready to count.
type plan struct {
	regime Regime
	rules  *regimeRules
	set    *daySet
	review bool
	start  Date   // day 0: receipt, or the clarification
	days   int    // working days allowed
	fees   []Fee  // fees pauses, each both days included
	lapses []Date // for each fee, the last day to pay
	terms  []Term // a school's terms: count school days (SI 2004/3364 reg 3)
	ext    bool   // extended (for a school: 20 working days beyond its time)
}

// paused reports whether day d lies in a fees pause.
func (p *plan) paused(d Date) bool {
	for _, f := range p.fees {
		if d >= f.Notice && (f.Paid == 0 || d <= f.Paid) {
			return true
		}
	}
	return false
}

// validate checks k and works out what to count. It does not check that the
// count stays inside the calendar's years.
func (c *Calendar) validate(k Case) (plan, error) {
	var p plan
	rr, err := rulesFor(k.Regime)
	if err != nil {
		return p, err
	}
	stage, err := ParseStage(string(k.Stage))
	if err != nil {
		return p, err
	}
	p.regime, p.rules, p.set, p.review = k.Regime, rr, &c.sets[rr.set], stage == StageReview

	if p.review {
		if k.SchoolTerms != nil {
			return p, invalidf("term dates apply to a school's request, not to a review (SI 2004/3364 varies FOIA s.10(1) only)")
		}
		if k.Received == 0 {
			return p, invalidf("the date the review was asked for is missing")
		}
		if k.ClarificationReceived != 0 || k.ClarificationRequested != 0 {
			return p, invalidf("clarification applies to a request, not to a review")
		}
		if len(k.fees()) > 0 {
			return p, invalidf("fees notices apply to a request, not to a review")
		}
		p.start, p.days = k.Received, rr.reviewDays
		if k.Extended {
			if rr.reviewExt == 0 {
				return p, invalidf("%s", rr.noExtSec)
			}
			p.days = rr.reviewExt
		}
		return p, nil
	}

	if k.Received == 0 {
		return p, invalidf("the date the request was received is missing")
	}
	if len(k.SchoolTerms) > 0 {
		if k.Regime != FOIA {
			return p, invalidf("SI 2004/3364 varies the time for compliance under FOIA only: a school's %s request has the regime's own time, so give no term dates", k.Regime.Name())
		}
		if err := CheckTerms(k.SchoolTerms); err != nil {
			return p, err
		}
		p.terms, p.ext = k.SchoolTerms, k.Extended
	}
	p.start, p.days = k.Received, rr.requestDays
	if k.Extended {
		if rr.requestExt == 0 {
			return p, invalidf("%s", rr.noExtSec)
		}
		p.days = rr.requestExt
	}
	// Clarification: the count starts again from the day it arrives
	// (FOIA s.1(3), s.10(6)(b); FOISA s.1(3), s.10(1)(b)).
	if k.ClarificationReceived != 0 {
		if k.ClarificationReceived < k.Received {
			return p, invalidf("clarification received (%s) before the request was received (%s)", k.ClarificationReceived, k.Received)
		}
		if k.ClarificationRequested != 0 && k.ClarificationReceived < k.ClarificationRequested {
			return p, invalidf("clarification received (%s) before it was asked for (%s)", k.ClarificationReceived, k.ClarificationRequested)
		}
		p.start = k.ClarificationReceived
	}
	// Fees notices: each a pause, not a reset (FOIA s.10(2); EIR reg 8(6);
	// FOISA s.10(2); EISR reg 8(6)). Every notice's period is disregarded,
	// not only the last one's: the Act disregards "the period" of "a fees
	// notice", and nothing in it makes a later notice undo an earlier one.
	// EIR, FOISA and EISR are read the same way. Unsure: FOISA s.10(2) and
	// EISR reg 8 are counted with both the notice day and the payment day
	// disregarded, as FOIA's "beginning with ... ending with" says; their
	// exact wording has not been checked against the Scottish texts here.
	if k.FeePaid != 0 && k.FeeNotice == 0 {
		return p, invalidf("fee paid (%s) but no fees notice given", k.FeePaid)
	}
	what := "the request was received"
	if k.ClarificationReceived != 0 {
		what = "clarification was received"
	}
	fees := k.fees()
	for n, f := range fees {
		switch {
		case f.Notice == 0:
			return p, invalidf("fee paid (%s) but no fees notice given", f.Paid)
		case f.Notice < p.start:
			return p, invalidf("fees notice (%s) before %s (%s)", f.Notice, what, p.start)
		case f.Paid != 0 && f.Paid < f.Notice:
			return p, invalidf("fee paid (%s) before the fees notice (%s)", f.Paid, f.Notice)
		case n > 0 && f.Notice < fees[n-1].Notice:
			return p, invalidf("fees notice (%s) listed after a later one (%s): give them in the order they were given", f.Notice, fees[n-1].Notice)
		}
	}
	p.fees = fees
	return p, nil
}

// nth returns the n-th working day after offset i (n ≥ 1), as an offset.
func (c *Calendar) nth(s *daySet, i, n int) (int, error) {
	k := int(s.cum[i+1]) + n - 1
	if k >= len(s.wd) {
		return 0, c.notCovered(c.last + 1)
	}
	return int(s.wd[k]), nil
}

// Deadline returns the last day for compliance with k: the N-th working day
// after day 0 (the day of receipt, of clarification, or of the review
// request), N being 20 or 40 by regime, stage and extension, with the
// working days of a fees pause disregarded. Every day from day 0 to the
// deadline must be in a year the calendar covers (*NotCoveredError). Bad
// input is an error matching ErrInvalid; a fees notice without payment is an
// *AwaitingFeeError.
func (c *Calendar) Deadline(k Case) (Date, error) {
	p, err := c.validate(k)
	if err != nil {
		return 0, err
	}
	return c.count(&p)
}

// count computes the deadline of a validated plan, checking the fee dates
// against it.
func (c *Calendar) count(p *plan) (Date, error) {
	s := p.set
	i, err := c.offset(p.start)
	if err != nil {
		return 0, err
	}
	// pauseTo counts the working days the count would have used that lie
	// in the pauses of fees[:n]: day 0 is never counted, so a notice given
	// on day 0 pauses from day 1; overlapping pauses count once.
	pauseTo := func(n int) (int, error) {
		total, from := 0, i+1 // offsets before from are counted already
		for _, f := range p.fees[:n] {
			a := max(int(f.Notice-c.base), from)
			m, err := c.offset(f.Paid)
			if err != nil {
				return 0, err
			}
			if m >= a {
				total += int(s.cum[m+1] - s.cum[a])
				from = m + 1
			}
		}
		return total, nil
	}
	p.lapses = make([]Date, len(p.fees))
	for n, f := range p.fees {
		// Each fees notice must be given within the time for compliance,
		// the 20 working days of s.10(1) with the earlier notices' pauses
		// disregarded (FOIA s.9(1) "within the period for complying"; EIR
		// reg 8(4)).
		before, err := pauseTo(n)
		if err != nil {
			return 0, err
		}
		var due Date
		if p.terms != nil {
			due, _, err = c.schoolDue(p, p.fees[:n], false)
		} else {
			var limit int
			limit, err = c.nth(s, i, p.rules.requestDays+before)
			due = c.base + Date(limit)
		}
		if err != nil {
			return 0, err
		}
		if f.Notice > due {
			return 0, invalidf("fees notice (%s) given after the time for compliance ended (%s): it must be given within %d working days (%s)",
				f.Notice, due, p.rules.requestDays, p.rules.requestSec)
		}
		if p.lapses[n], err = c.feeDeadline(p.rules, f.Notice); err != nil {
			return 0, err
		}
		if f.Paid == 0 {
			return 0, &AwaitingFeeError{Regime: p.regime, Notice: f.Notice, Lapses: p.lapses[n], Section: p.rules.lapseSec}
		}
		if f.Paid > p.lapses[n] {
			return 0, invalidf("fee paid (%s) after the request lapsed: it had to be paid by %s (%s)", f.Paid, p.lapses[n], p.rules.lapseSec)
		}
	}
	if p.terms != nil {
		due, _, err := c.schoolDue(p, p.fees, p.ext)
		return due, err
	}
	pause, err := pauseTo(len(p.fees))
	if err != nil {
		return 0, err
	}
	j, err := c.nth(s, i, p.days+pause)
	if err != nil {
		return 0, err
	}
	return c.base + Date(j), nil
}

// Explain returns the deadline of k and the count that reaches it, day by
// day from day 0 to the deadline. If clarification restarted the count, the
// first step is the original day of receipt.
func (c *Calendar) Explain(k Case) (Date, []Step, error) {
	p, err := c.validate(k)
	if err != nil {
		return 0, nil, err
	}
	due, err := c.count(&p)
	if err != nil {
		return 0, nil, err
	}
	rr := p.rules
	steps := make([]Step, 0, int(due-p.start)+2)
	day0 := "day of receipt (day 0)"
	switch {
	case p.review:
		day0 = "review requested (day 0)"
	case k.ClarificationReceived != 0:
		steps = append(steps, Step{Date: k.Received, Note: "request received; the count restarts from the clarification (" + rr.clarifySec + ")"})
		day0 = "clarification received: the count starts again (day 0)"
	}
	count, working, extra, school := 0, 0, 0, p.terms != nil
	inTerm := func(d Date) bool {
		for _, t := range p.terms {
			if d >= t.Start && d <= t.End {
				return true
			}
		}
		return false
	}
	var limb schoolLimb
	var schoolDue Date // the school's time for compliance, before any extension
	if school {
		if schoolDue, limb, err = c.schoolDue(&p, p.fees, false); err != nil {
			return 0, nil, err
		}
		if p.ext {
			limb = limbExtended
		}
	}
	for d := p.start; d <= due; d++ {
		i := int(d - c.base)
		reason := p.set.reason[i]
		var notes []string
		st := Step{Date: d}
		switch {
		case d == p.start:
			notes = append(notes, day0)
			if reason != "" {
				notes = append(notes, reason)
			}
		case reason != "":
			notes = append(notes, reason)
		case p.paused(d):
			edge := false
			for _, f := range p.fees {
				edge = edge || d == f.Notice || d == f.Paid
			}
			if !edge {
				notes = append(notes, "fees notice pause")
			}
		case school:
			// Count numbers the school days; the working days run beside
			// them for the 60th-day limb, then the extension's.
			working++
			switch {
			case d > schoolDue:
				extra++
				notes = append(notes, fmt.Sprintf("extension: working day %d", extra))
			case inTerm(d):
				count++
				st.Count = count
			default:
				notes = append(notes, fmt.Sprintf("working day %d, not a school day (SI 2004/3364 reg 3)", working))
			}
		default:
			count++
			st.Count = count
		}
		for _, f := range p.fees {
			if d == f.Notice {
				notes = append(notes, "fees notice given: the clock stops ("+rr.feeSec+")")
			}
			if d == f.Paid {
				notes = append(notes, "fee received: the clock restarts the next day ("+rr.feeSec+")")
			}
		}
		if d == due {
			switch limb {
			case 0:
				notes = append(notes, fmt.Sprintf("deadline: working day %d", count))
			case limbSchoolDays:
				notes = append(notes, fmt.Sprintf("deadline: school day %d (SI 2004/3364 reg 3)", count))
			case limbWorkingDays:
				notes = append(notes, "deadline: the 60th working day, before the 20th school day (SI 2004/3364 reg 3)")
			case limbExtended:
				notes = append(notes, "deadline: 20 working days beyond the school's time for compliance ("+rr.extSec+")")
			}
		}
		st.Note = strings.Join(notes, "; ")
		steps = append(steps, st)
	}
	return due, steps, nil
}

// Rules describes, one line each, the rules Deadline applies to k, with
// their sources, for explanations. It returns nil for an unknown regime.
func Rules(k Case) []string {
	rr, err := rulesFor(k.Regime)
	if err != nil {
		return nil
	}
	out := []string{rr.workingDay, "the day of receipt is day 0 whatever day it is; day 1 is the first working day after it (ICO)"}
	if k.Stage == StageReview {
		if k.Extended && rr.reviewExt > 0 {
			out = append(out, fmt.Sprintf("review: %d working days after the review was asked for (%s)", rr.reviewExt, rr.reviewExtSc))
		} else {
			out = append(out, fmt.Sprintf("review: %d working days after the review was asked for (%s)", rr.reviewDays, rr.reviewSec))
		}
		return out
	}
	if len(k.SchoolTerms) > 0 {
		out = append(out, "a school or academy: the 20th working day after receipt not counting days that are not school days (outside the entered terms), or the 60th working day if that is sooner (SI 2004/3364 reg 3, as amended by SI 2010/2768)")
		if k.Extended {
			out = append(out, "extended: 20 working days beyond the school's time for compliance ("+rr.extSec+")")
		}
	} else if k.Extended && rr.requestExt > 0 {
		out = append(out, fmt.Sprintf("extended: %d working days after receipt (%s)", rr.requestExt, rr.extSec))
	} else {
		out = append(out, fmt.Sprintf("%d working days after receipt (%s)", rr.requestDays, rr.requestSec))
	}
	if k.ClarificationReceived != 0 {
		out = append(out, "clarification: the count starts again from the day it is received ("+rr.clarifySec+")")
	}
	if len(k.fees()) > 0 {
		out = append(out, "fees: working days from each fees notice to its payment, both included, do not count ("+rr.feeSec+")")
		if rr.lapseDays > 0 {
			out = append(out, fmt.Sprintf("fees: unpaid after %d working days, the request lapses (%s)", rr.lapseDays, rr.lapseSec))
		} else {
			out = append(out, "fees: unpaid within three months beginning with the notice day, the request lapses ("+rr.lapseSec+")")
		}
	}
	return out
}

// ReviewWindow returns the last day on which the requester may ask for an
// internal review (reconsideration under EIR): the 40th working day after
// the response in every regime (s.45 Code; EIR reg 11(2); FOISA s.20(5);
// EISR reg 16(2)).
func (c *Calendar) ReviewWindow(r Regime, responded Date) (Date, error) {
	if responded == 0 {
		return 0, invalidf("the date of the response is missing")
	}
	return c.AddWorkingDays(r, responded, reviewWindowDays)
}

// AddWorkingDays returns the n-th working day under regime r after from
// (from itself is day 0, whatever day it is). n must not be negative; n = 0
// returns from.
func (c *Calendar) AddWorkingDays(r Regime, from Date, n int) (Date, error) {
	s, err := c.set(r)
	if err != nil {
		return 0, err
	}
	if from == 0 {
		return 0, invalidf("no date given")
	}
	if n < 0 {
		return 0, invalidf("cannot add a negative number of working days (%d)", n)
	}
	i, err := c.offset(from)
	if err != nil {
		return 0, err
	}
	if n == 0 {
		return from, nil
	}
	j, err := c.nth(s, i, n)
	if err != nil {
		return 0, err
	}
	return c.base + Date(j), nil
}

// WorkingDaysBetween returns the number of working days under regime r in
// (from, to]: from is not counted, to is. If to is before from the result is
// negative: minus the working days in (to, from]. So a case due on date D
// has WorkingDaysBetween(r, today, D) working days left, and is overdue when
// that is negative.
func (c *Calendar) WorkingDaysBetween(r Regime, from, to Date) (int, error) {
	s, err := c.set(r)
	if err != nil {
		return 0, err
	}
	if from == 0 || to == 0 {
		return 0, invalidf("no date given")
	}
	i, err := c.offset(from)
	if err != nil {
		return 0, err
	}
	j, err := c.offset(to)
	if err != nil {
		return 0, err
	}
	return int(s.cum[j+1] - s.cum[i+1]), nil
}

// FeeLapses returns the last day on which a fee is still paid in time after
// a fees notice given on notice: FOIA s.9(2) (and likewise FOISA s.9) relieve the
// authority of the duty to comply unless the fee is paid "within the period
// of three months beginning with the day on which the fees notice is given".
//
// Reading: "month" is a calendar month (Interpretation Act 1978 Sch 1); a
// period "beginning with" a day includes that day (Zoan v Rouamba [2000]
// 1 WLR 1509, CA), so under the corresponding-date rule (Dodds v Walker
// [1981] 1 WLR 1027, HL) the period ends on the day before the
// corresponding date three months later: notice 16 Feb 2026, last day
// 15 May 2026. Where the later month has no corresponding date (notice
// 30 Nov: no 30 Feb) the period ends on that month's last day. The zero
// Date gives the zero Date.
func FeeLapses(notice Date) Date {
	if notice == 0 {
		return 0
	}
	y, m, d := notice.civil()
	m += 3
	if m > 12 {
		m -= 12
		y++
	}
	if d > daysIn(y, m) {
		return fromCivil(y, m, daysIn(y, m))
	}
	return fromCivil(y, m, d) - 1
}

// FeeDeadline returns the last day on which a fee is still paid in time
// under regime r: FeeLapses for FOIA and FOISA; for EIR and EISR, where the
// charge is an advance payment, the 60th working day after the notice
// (EIR reg 8(5); EISR reg 8, read the same way).
func (c *Calendar) FeeDeadline(r Regime, notice Date) (Date, error) {
	rr, err := rulesFor(r)
	if err != nil {
		return 0, err
	}
	if notice == 0 {
		return 0, invalidf("the date of the fees notice is missing")
	}
	return c.feeDeadline(rr, notice)
}

func (c *Calendar) feeDeadline(rr *regimeRules, notice Date) (Date, error) {
	if rr.lapseDays == 0 {
		return FeeLapses(notice), nil
	}
	i, err := c.offset(notice)
	if err != nil {
		return 0, err
	}
	j, err := c.nth(&c.sets[rr.set], i, rr.lapseDays)
	if err != nil {
		return 0, err
	}
	return c.base + Date(j), nil
}
