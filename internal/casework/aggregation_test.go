// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/clock"
	"disclose/internal/foi"
)

// submitBy logs a request from the named requester.
func submitBy(t *testing.T, svc *casework.Service, regime foi.Regime, received time.Time, name, email, text string) *foi.Request {
	t.Helper()
	r, err := svc.SubmitRequest(ctx, officer, casework.NewRequest{Requester: foi.Requester{Name: name, Email: email},
		Text: text, Regime: regime, Channel: foi.ChannelEmail, ReceivedOn: received})
	if err != nil {
		t.Fatalf("SubmitRequest: %v", err)
	}
	return r
}

// workingDaysBefore is the latest day from which to is n working days
// away (clock.WorkingDaysBetween).
func workingDaysBefore(t *testing.T, svc *casework.Service, to time.Time, n int) time.Time {
	t.Helper()
	for d := to.AddDate(0, 0, -1); d.After(to.AddDate(0, -6, 0)); d = d.AddDate(0, 0, -1) {
		got, err := svc.Calendar().WorkingDaysBetween(clock.FOIA, clock.DateOf(d), clock.DateOf(to))
		if err != nil {
			t.Fatal(err)
		}
		if got == n {
			return d
		}
	}
	t.Fatalf("no day %d working days before %s", n, foi.FormatDate(to))
	return time.Time{}
}

// SI 2004/3244 reg 5: requests may be aggregated for the cost limit when
// (a) made by one person, or by persons who appear to act in concert or in
// pursuance of a campaign, (b) for the same or similar information, and
// (c) received within any period of 60 consecutive working days. Each
// condition Disclose can check is refused with its paragraph, changing
// nothing; the officer's reason is required for (b) and for concert or a
// campaign.
func TestAggregateRefusals(t *testing.T) {
	svc := newService(t)
	r := submit(t, svc, foi.FOIA, "2026-11-02", "1. How much did the council spend on agency staff in 2025?")
	off, _ := searchStaff(t, svc, r)
	same := submit(t, svc, foi.FOIA, "2026-11-10", "How many agency staff worked in Children's Services in 2025?")
	wdtk := submitBy(t, svc, foi.FOIA, date("2026-11-11"), "Sam  researcher", "request-123-abc@whatdotheyknow.com", "Agency staff rates in 2025?")
	other := submitBy(t, svc, foi.FOIA, date("2026-11-05"), "Pat Other", "pat@example.net", "Agency staff spending 2025?")
	day59 := submit(t, svc, foi.FOIA, foi.FormatDate(workingDaysBefore(t, svc, r.ReceivedOn, 59)), "Agency staff spending in 2024?")
	day60 := submit(t, svc, foi.FOIA, foi.FormatDate(workingDaysBefore(t, svc, r.ReceivedOn, 60)), "Agency staff spending in 2023?")
	eir := submit(t, svc, foi.EIR, "2026-11-12", "Agency staff on the air-quality monitoring contract?")
	eirCase := submit(t, svc, foi.EIR, "2026-11-12", "Air quality readings in 2025?")
	foisa := submit(t, svc, foi.FOISA, "2026-11-12", "Agency staff spending 2025?")
	why := "Both ask about agency staff costs in 2025"
	for _, tc := range []struct {
		name string
		ref  foi.Reference
		in   casework.AggregateInput
		msg  string
	}{
		{"reg 5(2)(a): another requester as the same person", r.Reference, casework.AggregateInput{other.Reference, "same-person", why}, "reg 5(2)(a)"},
		{"reg 5(2)(a): no basis", r.Reference, casework.AggregateInput{same.Reference, "", why}, "reg 5(2)(a)"},
		{"reg 5(2)(b): no reason", r.Reference, casework.AggregateInput{same.Reference, "same-person", " "}, "reg 5(2)(b)"},
		{"reg 5(2)(b): a campaign without a reason", r.Reference, casework.AggregateInput{other.Reference, "campaign", ""}, "appear to act together"},
		{"reg 5(2)(c): 60 working days apart", r.Reference, casework.AggregateInput{day60.Reference, "same-person", why}, "60 working days from " + r.Reference.String()},
		{"reg 5: an EIR request", r.Reference, casework.AggregateInput{eir.Reference, "same-person", why}, "under the Freedom of Information Act 2000 only"},
		{"reg 5: an EIR case has no cost limit", eirCase.Reference, casework.AggregateInput{eir.Reference, "same-person", why}, "no cost limit"},
		{"reg 5: FOISA is not SI 2004/3244", foisa.Reference, casework.AggregateInput{r.Reference, "same-person", why}, "SSI 2004/467"},
		{"itself", r.Reference, casework.AggregateInput{r.Reference, "same-person", why}, "with itself"},
		{"no such request", r.Reference, casework.AggregateInput{foi.Reference{Prefix: "FOI", Number: 999}, "same-person", why}, "there is no request FOI 999"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := svc.Aggregate(ctx, off, tc.ref, tc.in)
			if foi.ErrorCode(err) != foi.EINVALID || !strings.Contains(foi.ErrorMessage(err), tc.msg) {
				t.Errorf("Aggregate = %v; want it refused saying %q", err, tc.msg)
			}
		})
	}
	if got, _ := svc.Store.FindAggregations(ctx, r.ID); len(got) != 0 {
		t.Fatalf("refused aggregations stored: %+v", got)
	}
	// Allowed: the same email; the same name through another address; a
	// campaign by another person, with the reason.
	for _, in := range []casework.AggregateInput{
		{same.Reference, "same-person", why},
		{wdtk.Reference, "same-person", "The same person through WhatDoTheyKnow, asking for the rates behind the same spending"},
		{other.Reference, "campaign", "The same wording as the union's template letter, sent the same week"},
	} {
		if err := svc.Aggregate(ctx, off, r.Reference, in); err != nil {
			t.Fatalf("Aggregate(%s): %v", in.Related, err)
		}
	}
	if err := svc.Aggregate(ctx, off, r.Reference, casework.AggregateInput{same.Reference, "same-person", why}); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("the same request twice: %v; want a conflict", err)
	}
	// Audited on both requests.
	for _, x := range []*foi.Request{r, other} {
		_, events, _ := svc.FindRequest(ctx, off, x.Reference)
		found := false
		for _, e := range events {
			found = found || (e.Type == foi.EventCostAggregated && e.ActorID == off.ID && strings.Contains(e.Note, "reg 5"))
		}
		if !found {
			t.Errorf("%s has no %s event citing reg 5", x.Reference, foi.EventCostAggregated)
		}
	}
	// The 59th working day is inside the period, and then the set as a
	// whole must fit it: a request received after r no longer does.
	r2 := submit(t, svc, foi.FOIA, "2026-11-02", "Agency staff spending by department in 2025?")
	if err := svc.Aggregate(ctx, off, r2.Reference, casework.AggregateInput{day59.Reference, "same-person", why}); err != nil {
		t.Fatalf("59 working days apart: %v", err)
	}
	late := submit(t, svc, foi.FOIA, "2026-11-20", "Agency staff in 2025 by month?")
	if err := svc.Aggregate(ctx, off, r2.Reference, casework.AggregateInput{late.Reference, "same-person", why}); foi.ErrorCode(err) != foi.EINVALID ||
		!strings.Contains(foi.ErrorMessage(err), late.Reference.String()+" was received on 2026-11-20") || !strings.Contains(foi.ErrorMessage(err), day59.Reference.String()) {
		t.Errorf("a request outside the set's period: %v; want it refused naming %s and %s", err, late.Reference, day59.Reference)
	}
	// Withdrawn with a reason, the period is the rest's again.
	if err := svc.WithdrawAggregation(ctx, off, r2.Reference, day59.Reference, ""); foi.ErrorCode(err) != foi.EINVALID {
		t.Errorf("withdrawing without a reason: %v; want refused", err)
	}
	if err := svc.WithdrawAggregation(ctx, off, r2.Reference, day59.Reference, "Asks about 2024, not 2025"); err != nil {
		t.Fatal(err)
	}
	if err := svc.WithdrawAggregation(ctx, off, r2.Reference, day59.Reference, "again"); foi.ErrorCode(err) != foi.EINVALID {
		t.Errorf("withdrawing twice: %v; want refused", err)
	}
	if err := svc.Aggregate(ctx, off, r2.Reference, casework.AggregateInput{late.Reference, "same-person", why}); err != nil {
		t.Errorf("after %s is withdrawn, %s fits the period: %v", day59.Reference, late.Reference, err)
	}
	dept := &foi.User{ID: 3, Name: "HR Records", Role: foi.RoleContributor}
	if err := svc.Aggregate(ctx, dept, r.Reference, casework.AggregateInput{day60.Reference, "same-person", why}); foi.ErrorCode(err) != foi.EFORBIDDEN {
		t.Errorf("a department contact aggregating: %v; want forbidden", err)
	}
}

// The aggregated estimate adds each related request's counted time (its
// own searches) to the request's own, at £25 an hour, against the request's
// limit (reg 5(1): the estimated cost of complying with any of them is the
// total); the s.12 refusal letter, in English and Welsh, lays out each
// request aggregated and the total.
func TestAggregatedEstimateAndLetter(t *testing.T) {
	svc := newService(t)
	r := threeParts(t, svc, foi.FOIA, "2026-11-02")
	off, dept := searchStaff(t, svc, r)
	a := submit(t, svc, foi.FOIA, "2026-11-09", "How much did each agency charge in 2025?")
	b := submitBy(t, svc, foi.FOIA, date("2026-11-10"), "Pat Other", "pat@example.net", "Please tell me how many agency staff the council employed in 2025.")
	record := func(ref foi.Reference, by *foi.User, in casework.SearchInput) {
		t.Helper()
		if _, err := svc.RecordSearch(ctx, by, ref, in); err != nil {
			t.Fatal(err)
		}
	}
	record(r.Reference, dept, casework.SearchInput{Part: 1, Where: "HR system", Terms: "agency 2025", Activity: "locate", Minutes: 300})
	record(r.Reference, dept, casework.SearchInput{Part: 1, Where: "Timesheets, paper", Activity: "extract", Minutes: 240, Estimated: true})
	record(a.Reference, off, casework.SearchInput{Part: 1, Where: "Finance system", Terms: "agency invoices", Activity: "retrieve", Minutes: 360})
	record(a.Reference, off, casework.SearchInput{Part: 1, Where: "Finance system", Activity: "other", Minutes: 600}) // redacting: never counted
	record(b.Reference, off, casework.SearchInput{Part: 1, Where: "Contracts register", Activity: "locate", Minutes: 240, Estimated: true})

	r, _, _ = svc.FindRequest(ctx, off, r.Reference)
	e, err := svc.EstimateCost(ctx, off, r)
	if err != nil {
		t.Fatal(err)
	}
	// Alone: 540 minutes = 9 hours = £225, within £450.
	if e.Minutes != 540 || e.TotalMinutes != 540 || e.Over || len(e.Aggregated) != 0 {
		t.Fatalf("alone: %d min, total %d, over %v, %d aggregated; want 540, 540, within, none", e.Minutes, e.TotalMinutes, e.Over, len(e.Aggregated))
	}
	for _, in := range []casework.AggregateInput{
		{a.Reference, "same-person", "Both ask about the council's agency staff in 2025"},
		{b.Reference, "campaign", "The same template as FOI 2, sent the same week by members of one campaign"},
	} {
		if err := svc.Aggregate(ctx, off, r.Reference, in); err != nil {
			t.Fatal(err)
		}
	}
	e, err = svc.EstimateCost(ctx, off, r)
	if err != nil {
		t.Fatal(err)
	}
	// 540 + 360 + 240 = 1,140 minutes = 19 hours = £475: over £450.
	if e.Minutes != 540 || e.TotalMinutes != 1140 || e.TotalCost != 47500 || !e.Over || len(e.Aggregated) != 2 ||
		e.Aggregated[0].Minutes != 360 || e.Aggregated[0].Cost != 15000 || e.Aggregated[1].Minutes != 240 {
		t.Fatalf("aggregated: %+v; want 540 own, 1140 in all (£475), over, FOI %d 360 min (£150) and FOI %d 240 min", e, a.Reference.Number, b.Reference.Number)
	}
	if _, err := svc.AnswerPart(ctx, off, r.Reference, 1, casework.Answer{Text: "Finding every contract would take over 18 hours.", Outcome: foi.CostLimit}); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{2, 3} {
		if _, err := svc.AnswerPart(ctx, off, r.Reference, n, casework.Answer{Text: "Refused with part 1.", Outcome: foi.CostLimit}); err != nil {
			t.Fatal(err)
		}
	}
	advice := "If you ask for the total spent on agency staff in 2025, without the breakdown by worker, we expect to be able to answer it."
	l, err := svc.DraftLetter(ctx, off, r.Reference, foi.LetterRefusal, advice)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "refusal-cost-aggregated", l.Body)
	for _, want := range []string{"Regulation 5 of the Fees Regulations (SI 2004/3244)",
		a.Reference.String() + ", received on 9 November 2026, made by you: 6 hours (£150)",
		b.Reference.String() + ", received on 10 November 2026, made by people who appear to us to be acting in pursuance of a campaign: 4 hours (£100)",
		"Together, complying would take 19 hours, costing £475, which is more than the limit of £450."} {
		if !strings.Contains(l.Body, want) {
			t.Errorf("the letter lacks %q", want)
		}
	}
	if strings.Contains(l.Body, "Pat Other") || strings.Contains(l.Body, "campaign, sent") {
		t.Errorf("the letter names the other requester or quotes the officer's reason:\n%s", l.Body)
	}
	if err := svc.SetRequesterLanguage(ctx, off, r.Reference, "cy"); err != nil {
		t.Fatal(err)
	}
	cy, err := svc.DraftLetter(ctx, off, r.Reference, foi.LetterRefusal, advice)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "cy-refusal-cost-aggregated", cy.Body)

	// Withdrawn, the estimate is within the limit again and the refusal
	// cannot be drafted.
	if err := svc.WithdrawAggregation(ctx, off, r.Reference, a.Reference, "It asks about rates, not numbers"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.DraftLetter(ctx, off, r.Reference, foi.LetterRefusal, advice); foi.ErrorCode(err) != foi.ECONFLICT ||
		!strings.Contains(foi.ErrorMessage(err), "£325 (13 hours) with the requests aggregated, not more than the cost limit of £450") {
		t.Errorf("a refusal within the limit after withdrawing: %v", err)
	}
}
