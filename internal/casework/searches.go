// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"disclose/internal/foi"
	"disclose/internal/i18n"
)

// Searches and time per part (issue 17 §2): officers, and department
// contacts on the parts assigned to them, record each search made or time
// estimated. From the records comes the s.12 estimate, costed by the law
// in force on the day the request was received (foi.CurrentLaw) for the
// kind of authority (central government or not), and the breakdown an
// s.12 refusal lays out.

// EventSearchRecorded is the audit event of a search record.
const EventSearchRecorded = foi.EventSearchRecorded

// SearchInput is one search as a form or client gives it.
type SearchInput struct {
	Part      int
	Where     string
	Terms     string
	Activity  string
	Minutes   int
	Estimated bool
	On        time.Time // zero: today
}

// maxSearchMinutes bounds one record: a week of one person's time is
// already far beyond any cost limit (£450 is 18 hours).
const maxSearchMinutes = 5 * 8 * 60

// RecordSearch records a search on one part of a request. An officer may
// record on any part; a department contact only on a part assigned to
// them. Bad input is refused and nothing is stored.
func (s *Service) RecordSearch(ctx context.Context, actor *foi.User, ref foi.Reference, in SearchInput) (*foi.SearchRecord, error) {
	if !Can(actor, PermWorkCases) && !Can(actor, PermContribute) {
		return nil, require(actor, PermWorkCases, "record searches")
	}
	activity, err := foi.ParseActivity(strings.TrimSpace(in.Activity))
	if err != nil {
		return nil, err
	}
	where, terms := strings.TrimSpace(in.Where), strings.TrimSpace(in.Terms)
	switch {
	case where == "":
		return nil, foi.Errorf(foi.EINVALID, "say where was searched: the system, shared drive, mailbox or paper files")
	case in.Minutes <= 0:
		return nil, foi.Errorf(foi.EINVALID, "give the time in minutes, more than 0")
	case in.Minutes > maxSearchMinutes:
		return nil, foi.Errorf(foi.EINVALID, "%d minutes is more than a working week (%d): record each search, or each person's estimate, on its own", in.Minutes, maxSearchMinutes)
	case len(where) > 500 || len(terms) > 2000:
		return nil, foi.Errorf(foi.EINVALID, "where searched is limited to 500 characters and the terms to 2,000")
	}
	on, err := s.pastDate(in.On, "the day searched")
	if err != nil {
		return nil, err
	}
	var rec *foi.SearchRecord
	err = s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(r.Parts, func(p foi.Part) bool { return p.Number == in.Part }) {
			return foi.Errorf(foi.EINVALID, "%s has no part %d", r.Reference, in.Part)
		}
		if on.Before(r.ReceivedOn) {
			return foi.Errorf(foi.EINVALID, "the day searched (%s) is before the request was received (%s)", foi.FormatDate(on), foi.FormatDate(r.ReceivedOn))
		}
		if !Can(actor, PermWorkCases) {
			as, err := tx.FindPartAssignments(ctx, r.ID)
			if err != nil {
				return err
			}
			if !slices.ContainsFunc(as, func(a *foi.PartAssignment) bool { return a.Part == in.Part && a.UserID == actor.ID }) {
				return foi.Errorf(foi.EFORBIDDEN, "part %d of %s is not assigned to you", in.Part, r.Reference)
			}
		}
		rec = &foi.SearchRecord{RequestID: r.ID, Part: in.Part, UserID: actor.ID, By: actor.Name, Where: where, Terms: terms,
			Activity: activity, Minutes: in.Minutes, Estimated: in.Estimated, On: on}
		if err := tx.AddSearch(ctx, rec); err != nil {
			return err
		}
		what := "searched"
		if in.Estimated {
			what = "estimated"
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventSearchRecorded, On: on, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("part %d: %s %s, %d min (%s)", in.Part, what, where, in.Minutes, activity)})
	})
	if err != nil {
		return nil, err
	}
	return rec, nil
}

// Searches lists r's search records: all of them for staff who work the
// case, a department contact's own parts' for them.
func (s *Service) Searches(ctx context.Context, actor *foi.User, r *foi.Request) ([]*foi.SearchRecord, error) {
	if err := require(actor, PermViewCases, "see searches"); err != nil {
		return nil, err
	}
	all, err := s.Store.FindSearches(ctx, r.ID)
	if err != nil || Can(actor, PermWorkCases) {
		return all, err
	}
	var own []*foi.SearchRecord
	for _, x := range all {
		if slices.ContainsFunc(r.Parts, func(p foi.Part) bool { return p.Number == x.Part }) { // r is the contact's view
			own = append(own, x)
		}
	}
	return own, nil
}

// PartEffort is one part's counted time in an estimate.
type PartEffort struct {
	Part        int
	Label       string
	Question    string
	Minutes     int // counted towards the limit: spent and estimated
	Estimated   int // of Minutes, still to spend
	NotCounted  int // time on other work, recorded but never counted
	Cost        int // pence
	ByActivity  map[foi.Activity]int
	SearchCount int
}

// CostEstimate is the running s.12 estimate of a request against its cost
// limit.
type CostEstimate struct {
	Regime     foi.Regime
	Limit      *foi.AppropriateLimit // nil: the regime has no cost limit (EIR, EISR)
	Central    bool                  // the authority is in Part I of Schedule 1
	LimitPence int
	LimitHours float64
	Parts      []PartEffort
	Minutes    int // counted, all parts
	Cost       int // pence: Minutes at the hourly rate
	// Aggregated are the related requests whose cost is added to this
	// one's (SI 2004/3244 reg 5; aggregation.go), and TotalMinutes and
	// TotalCost the sum judged against the limit: Over is TotalCost over it.
	Aggregated   []AggregatedRequest
	TotalMinutes int
	TotalCost    int
	Over         bool
	Searches     int
	LawFrom      time.Time // the day the figures used took effect
	Explanation  string    // what counts, and the source
}

// Hours is the counted time in hours.
func (e CostEstimate) Hours() float64 { return float64(e.Minutes) / 60 }

// PenceFor costs minutes at the estimate's hourly rate, rounded to the
// penny.
func (e CostEstimate) penceFor(minutes int) int {
	if e.Limit == nil {
		return 0
	}
	return (minutes*e.Limit.Hourly + 30) / 60
}

// CaseSearches is Searches with the running estimate for those who work
// cases (nil for a department contact), read with one read of the searches.
func (s *Service) CaseSearches(ctx context.Context, actor *foi.User, r *foi.Request) ([]*foi.SearchRecord, *CostEstimate, error) {
	list, err := s.Searches(ctx, actor, r)
	if err != nil || !Can(actor, PermWorkCases) {
		return list, nil, err // a case worker's list is every search: the estimate's
	}
	sc, err := s.SchoolSettings(ctx)
	if err != nil {
		return nil, nil, err
	}
	e, err := estimate(r, list, sc.Kind == KindCentral)
	if err == nil {
		err = aggregate(ctx, s.Store, r, &e)
	}
	return list, &e, err
}

// EstimateCost works out r's running estimate from its search records:
// time on the activities the regime's regulations count, at the hourly
// rate in force when r was received, against the limit for this kind of
// authority (FOIA s.12; SI 2004/3244 regs 3-4; FOISA s.12, SSI 2004/467).
// Requests aggregated with r (SI 2004/3244 reg 5) add their counted time.
func (s *Service) EstimateCost(ctx context.Context, actor *foi.User, r *foi.Request) (CostEstimate, error) {
	if err := require(actor, PermWorkCases, "see the cost estimate"); err != nil {
		return CostEstimate{}, err
	}
	_, e, err := s.CaseSearches(ctx, actor, r)
	if err != nil {
		return CostEstimate{}, err
	}
	return *e, nil
}

func estimate(r *foi.Request, records []*foi.SearchRecord, central bool) (CostEstimate, error) {
	law, err := foi.LawOn(r.Regime, r.ReceivedOn)
	if err != nil {
		return CostEstimate{}, err
	}
	e := CostEstimate{Regime: r.Regime, Limit: law.Limit, Central: central, LawFrom: law.From, Searches: len(records)}
	if e.Limit == nil {
		e.Explanation = "The " + r.Regime.Title() + " have no cost limit: a request that would take too long to answer is refused as manifestly unreasonable (" +
			map[bool]string{false: "EIR reg 12(4)(b)", true: "EISR reg 10(4)(b)"}[r.Regime.Scottish()] + ")."
	} else {
		e.LimitPence, e.LimitHours = e.Limit.Limit(central), e.Limit.Hours(central)
		e.Explanation = fmt.Sprintf("Counted: %s, at %s an hour; the limit is %s (%s).",
			e.Limit.Counted, foi.Pounds(e.Limit.Hourly), foi.Pounds(e.LimitPence), e.Limit.Source)
	}
	byPart := map[int]*PartEffort{}
	for _, p := range r.Parts {
		label := p.Label
		if label == "" {
			label = fmt.Sprint(p.Number)
		}
		e.Parts = append(e.Parts, PartEffort{Part: p.Number, Label: label, Question: p.Text, ByActivity: map[foi.Activity]int{}})
	}
	for i := range e.Parts {
		byPart[e.Parts[i].Part] = &e.Parts[i]
	}
	for _, x := range records {
		p := byPart[x.Part]
		if p == nil {
			continue // a part since merged away: its record stays, outside the estimate
		}
		p.SearchCount++
		if !x.Activity.Counted(r.Regime) {
			p.NotCounted += x.Minutes
			continue
		}
		p.Minutes += x.Minutes
		p.ByActivity[x.Activity] += x.Minutes
		if x.Estimated {
			p.Estimated += x.Minutes
		}
	}
	for i := range e.Parts {
		e.Parts[i].Cost = e.penceFor(e.Parts[i].Minutes)
		e.Minutes += e.Parts[i].Minutes
	}
	e.Cost = e.penceFor(e.Minutes)
	e.TotalMinutes, e.TotalCost = e.Minutes, e.Cost
	e.Over = e.Limit != nil && e.Cost > e.LimitPence
	return e, nil
}

// LetterEstimate is the s.12 estimate as a refusal letter lays it out.
type LetterEstimate struct {
	Section       string // "section 12 of the Freedom of Information Act 2000"
	NoticeSection string // the refusal-notice provision for a cost-limit refusal
	AdviceSection string // the duty to advise and assist
	Cost, Limit   string // "£512.50", "£450"
	Hourly        string // "£25"
	Hours         string // "20.5"
	LimitHours    string // "18"
	Counted       string
	Source        string
	Parts         []LetterEffort
	Advice        string // the officer's advice on narrowing the request
	// Aggregated are the related requests added under SI 2004/3244 reg 5,
	// and TotalHours and TotalCost the sum with this one's (Hours, Cost).
	Aggregated            []LetterAggregated
	TotalHours, TotalCost string
}

// LetterEffort is one part's share of the estimate in a letter: no names
// of staff, only where was searched and for how long.
type LetterEffort struct {
	Label, Question string
	Hours, Cost     string
	Lines           []string // "Finance system: 90 minutes locating (estimated)"
}

// hours writes minutes as hours for a letter: "1.5", "18".
func hours(minutes int) string {
	return strings.TrimSuffix(strings.TrimSuffix(fmt.Sprintf("%.2f", float64(minutes)/60), "0"), ".0")
}

// costRefusal is the estimate a refusal letter must set out when a part is
// refused under s.12: the records must show the cost would exceed the
// limit (s.12(1): "would exceed"), and the officer's advice on how the
// request could be brought within it is required (FOIA s.16; FOISA s.15;
// ICO guidance on s.12 and the s.45 Code para 6.9). nil when no part is
// refused on cost.
func (s *Service) costRefusal(ctx context.Context, tx foi.Reader, r *foi.Request, advice string, lang i18n.Lang) (*LetterEstimate, error) {
	if !slices.ContainsFunc(r.Parts, func(p foi.Part) bool { return p.Outcome == foi.CostLimit }) {
		return nil, nil
	}
	records, err := tx.FindSearches(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	sc, err := schoolSettings(ctx, tx)
	if err != nil {
		return nil, err
	}
	e, err := estimate(r, records, sc.Kind == KindCentral)
	if err != nil {
		return nil, err
	}
	if err := aggregate(ctx, tx, r, &e); err != nil {
		return nil, err
	}
	switch {
	case e.Limit == nil:
		return nil, foi.Errorf(foi.ECONFLICT, "%s", e.Explanation+" Answer the part as refused under that exception instead of the cost limit.")
	case !e.Over:
		return nil, foi.Errorf(foi.ECONFLICT, "the recorded estimate is %s (%s hours)%s, not more than the cost limit of %s: record the searches and time estimated on each part before refusing under section 12",
			foi.Pounds(e.TotalCost), hours(e.TotalMinutes), map[bool]string{true: " with the requests aggregated", false: ""}[len(e.Aggregated) > 0], foi.Pounds(e.LimitPence))
	case strings.TrimSpace(advice) == "":
		return nil, foi.Errorf(foi.EINVALID, "a refusal under section 12 needs your advice on how the request could be narrowed to fall within the limit (%s)", adviceSection(r.Regime))
	}
	// The estimate in the letter's language: the activities, what counts
	// and its source through the catalogue, the sections as the Welsh
	// letters cite the law (estimateLawCy).
	tr := i18n.NewPrinter(lang)
	l := &LetterEstimate{Section: "section 12 of the " + r.Regime.Title(), AdviceSection: adviceSection(r.Regime),
		NoticeSection: "section 17(5) of the Freedom of Information Act 2000",
		Cost:          foi.Pounds(e.Cost), Limit: foi.Pounds(e.LimitPence), Hourly: foi.Pounds(e.Limit.Hourly),
		Hours: hours(e.Minutes), LimitHours: hours(int(e.LimitHours * 60)), Counted: tr.Text(e.Limit.Counted), Source: tr.Text(e.Limit.Source),
		Advice: strings.TrimSpace(advice), TotalHours: hours(e.TotalMinutes), TotalCost: foi.Pounds(e.TotalCost)}
	for _, a := range e.Aggregated {
		l.Aggregated = append(l.Aggregated, LetterAggregated{Reference: a.Reference.String(), ReceivedOn: lang.Date(a.ReceivedOn),
			Basis: basisIn(a.Basis, lang), Hours: a.HoursText(), Cost: a.CostText()})
	}
	if r.Regime.Scottish() {
		l.NoticeSection = "section 16(4) of the Freedom of Information (Scotland) Act 2002"
	}
	if lang == i18n.Welsh {
		l.Section, l.NoticeSection, l.AdviceSection = estimateLawCy(r.Regime)
	}
	for _, p := range e.Parts {
		if p.Minutes == 0 {
			continue
		}
		le := LetterEffort{Label: p.Label, Question: p.Question, Hours: hours(p.Minutes), Cost: foi.Pounds(p.Cost)}
		for _, x := range records {
			if x.Part != p.Part || !x.Activity.Counted(r.Regime) {
				continue
			}
			le.Lines = append(le.Lines, effortLine(tr, x))
		}
		l.Parts = append(l.Parts, le)
	}
	return l, nil
}

func adviceSection(r foi.Regime) string {
	if r.Scottish() {
		return "section 15 of the Freedom of Information (Scotland) Act 2002"
	}
	return "section 16 of the Freedom of Information Act 2000"
}

// For pages: the estimate's figures as text.

// HoursText is the counted time in hours: "17.5".
func (e CostEstimate) HoursText() string { return hours(e.Minutes) }

// CostText is the counted time's cost: "£437.50".
func (e CostEstimate) CostText() string { return foi.Pounds(e.Cost) }

// TotalHoursText is the counted time with the aggregated requests'.
func (e CostEstimate) TotalHoursText() string { return hours(e.TotalMinutes) }

// TotalCostText is its cost.
func (e CostEstimate) TotalCostText() string { return foi.Pounds(e.TotalCost) }

// LimitText is the cost limit: "£450".
func (e CostEstimate) LimitText() string { return foi.Pounds(e.LimitPence) }

// LimitHoursText is the limit as staff time: "18".
func (e CostEstimate) LimitHoursText() string { return hours(int(e.LimitHours * 60)) }

// HoursText is the part's counted time in hours.
func (p PartEffort) HoursText() string { return hours(p.Minutes) }

// CostText is the part's counted time's cost.
func (p PartEffort) CostText() string { return foi.Pounds(p.Cost) }
