// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import "strings"

// Outcome is how a request, or one part of it, was answered. The codes are
// the contract used by the CLI and the JSON API; the categories follow the
// Cabinet Office FOI statistics (docs/statutory-rules.md §10).
type Outcome string

const (
	Granted           Outcome = "granted"            // all the information held was given
	PartiallyWithheld Outcome = "partially-withheld" // some given, some withheld under exemptions
	Withheld          Outcome = "withheld"           // all the information held was withheld under exemptions
	NotHeld           Outcome = "not-held"           // the authority does not hold the information
	NCND              Outcome = "ncnd"               // neither confirmed nor denied that it is held (docs/statutory-rules.md §6)
	CostLimit         Outcome = "cost-limit"         // refused: over the appropriate limit (FOIA s.12, FOISA s.12)
	Vexatious         Outcome = "vexatious"          // refused: vexatious (FOIA s.14(1), FOISA s.14(1))
	Repeated          Outcome = "repeated"           // refused: repeated (FOIA s.14(2), FOISA s.14(2))
	Withdrawn         Outcome = "withdrawn"          // the requester withdrew it
	Lapsed            Outcome = "lapsed"             // closed unanswered: fee not paid or clarification not given
	AdviceOnly        Outcome = "advice-only"        // advice and assistance given instead of information
)

// Outcomes lists every outcome in a stable order.
var Outcomes = []Outcome{Granted, PartiallyWithheld, Withheld, NotHeld, NCND,
	CostLimit, Vexatious, Repeated, Withdrawn, Lapsed, AdviceOnly}

// ParseOutcome accepts an outcome code as the API and CLI write it.
func ParseOutcome(s string) (Outcome, error) {
	for _, o := range Outcomes {
		if string(o) == s {
			return o, nil
		}
	}
	codes := make([]string, len(Outcomes))
	for i, o := range Outcomes {
		codes[i] = string(o)
	}
	return "", Errorf(EINVALID, "unknown outcome %q (want one of %s)", s, strings.Join(codes, ", "))
}

// Title is the outcome as the Cabinet Office statistics word it.
func (o Outcome) Title() string {
	switch o {
	case Granted:
		return "Granted in full"
	case PartiallyWithheld:
		return "Partially withheld"
	case Withheld:
		return "Withheld in full"
	case NotHeld:
		return "Information not held"
	case NCND:
		return "Neither confirm nor deny"
	case CostLimit:
		return "Refused: cost limit (s.12)"
	case Vexatious:
		return "Refused: vexatious (s.14(1))"
	case Repeated:
		return "Refused: repeated (s.14(2))"
	case Withdrawn:
		return "Withdrawn"
	case Lapsed:
		return "Lapsed"
	case AdviceOnly:
		return "Advice and assistance only"
	}
	return "unknown outcome " + string(o)
}

// NeedsExemption reports whether the outcome must cite at least one
// exemption or exception: a refusal notice has to specify the exemption
// relied on, including for neither-confirm-nor-deny (FOIA s.17(1); FOISA
// s.16 and s.18; EIR reg 14). Cost-limit and vexatious refusals cite s.12
// and s.14, which are not exemptions.
func (o Outcome) NeedsExemption() bool {
	return o == PartiallyWithheld || o == Withheld || o == NCND
}

// RollUp is a request's overall outcome from the outcomes of its parts.
// The rules, in the order they apply:
//
//  1. No parts, or any part without a known outcome (not answered yet):
//     "", the request has no overall outcome.
//  2. A request-level refusal on any part is the request's outcome, because
//     s.12 and s.14 refuse the request, not the information: the cost of a
//     request is the cost of all its parts (an authority need not answer
//     any part once the whole is over the limit), and s.14 is about the
//     request itself. If several apply, vexatious beats repeated beats cost
//     limit: a vexatious or repeated request needs no costing at all.
//  3. Withdrawn, lapsed and advice-only parts do not change the outcome of
//     the parts that were answered (the requester narrowed the request, or
//     was pointed elsewhere for that part), so they are set aside.
//  4. If nothing is left, the request was not answered at all: advice-only
//     if any advice was given (that was the response), else lapsed if any
//     part lapsed (the authority was waiting on the requester), else
//     withdrawn.
//  5. Any partially-withheld part, or a granted part alongside a withheld or
//     NCND part: partially-withheld. Some information was given and some
//     was refused.
//  6. Granted parts with not-held parts (and nothing refused): granted. The
//     statistics count a request as granted in full when all the
//     information held was given; not holding the rest withholds nothing.
//  7. Withheld or NCND parts with not-held parts (and nothing given): by the
//     same reasoning, everything held was refused. NCND if every refused
//     part was NCND, otherwise withheld (in full).
//  8. Only not-held parts: not-held.
func RollUp(parts []Outcome) Outcome {
	if len(parts) == 0 {
		return ""
	}
	count := map[Outcome]int{}
	for _, p := range parts {
		if !p.valid() {
			return "" // rule 1
		}
		count[p]++
	}
	for _, o := range []Outcome{Vexatious, Repeated, CostLimit} { // rule 2
		if count[o] > 0 {
			return o
		}
	}
	answered := count[Granted] + count[PartiallyWithheld] + count[Withheld] + count[NCND] + count[NotHeld]
	switch { // rules 3 and 4
	case answered > 0:
	case count[AdviceOnly] > 0:
		return AdviceOnly
	case count[Lapsed] > 0:
		return Lapsed
	default:
		return Withdrawn
	}
	refused := count[Withheld] + count[NCND]
	switch {
	case count[PartiallyWithheld] > 0, count[Granted] > 0 && refused > 0: // rule 5
		return PartiallyWithheld
	case count[Granted] > 0: // rule 6
		return Granted
	case count[Withheld] > 0: // rule 7
		return Withheld
	case count[NCND] > 0:
		return NCND
	}
	return NotHeld // rule 8
}

func (o Outcome) valid() bool {
	for _, v := range Outcomes {
		if o == v {
			return true
		}
	}
	return false
}
