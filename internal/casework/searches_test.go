// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// searchStaff stores an officer and a department contact, and asks the
// contact for input on part 1 of r.
func searchStaff(t *testing.T, svc *casework.Service, r *foi.Request) (off, dept *foi.User) {
	t.Helper()
	off = &foi.User{Email: "olu@council.example", Name: "Olu Officer", Role: foi.RoleOfficer}
	dept = &foi.User{Email: "hr@council.example", Name: "HR Records", Role: foi.RoleContributor}
	for _, u := range []*foi.User{off, dept} {
		if err := svc.Store.Update(ctx, func(tx foi.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
			t.Fatal(err)
		}
	}
	if err := svc.AssignPart(ctx, off, r.Reference, 1, dept.ID, date("2026-11-27"), ""); err != nil {
		t.Fatal(err)
	}
	return off, dept
}

// The running estimate counts only the activities the regulations count,
// spent and estimated, at £25 an hour against £450 (or £600 for central
// government): FOIA s.12, SI 2004/3244 regs 3-4.
func TestCostEstimate(t *testing.T) {
	svc := newService(t)
	r := submit(t, svc, foi.FOIA, "2026-11-02", "1. How many agency staff did you use in 2025?\n2. What did each cost?")
	off, dept := searchStaff(t, svc, r)
	for _, tc := range []struct {
		by *foi.User
		in casework.SearchInput
	}{
		{dept, casework.SearchInput{Part: 1, Where: "HR system", Terms: "agency 2025", Activity: "locate", Minutes: 120}},
		{dept, casework.SearchInput{Part: 1, Where: "Timesheets, paper", Activity: "extract", Minutes: 600, Estimated: true}},
		{off, casework.SearchInput{Part: 2, Where: "Finance system", Terms: "invoices", Activity: "retrieve", Minutes: 330}},
		{off, casework.SearchInput{Part: 2, Where: "Finance system", Activity: "other", Minutes: 240}}, // redacting: not counted
	} {
		if _, err := svc.RecordSearch(ctx, tc.by, r.Reference, tc.in); err != nil {
			t.Fatalf("RecordSearch(%+v): %v", tc.in, err)
		}
	}
	r, _, _ = svc.FindRequest(ctx, off, r.Reference)
	e, err := svc.EstimateCost(ctx, off, r)
	if err != nil {
		t.Fatal(err)
	}
	// 120 + 600 + 330 = 1,050 minutes = 17.5 hours = £437.50: under £450.
	if e.Minutes != 1050 || e.Cost != 43750 || e.LimitPence != 45000 || e.Over || e.Searches != 4 {
		t.Errorf("estimate = %d min, %dp against %dp, over %v, %d searches; want 1050 min, 43750p against 45000p, not over, 4",
			e.Minutes, e.Cost, e.LimitPence, e.Over, e.Searches)
	}
	if p := e.Parts[1]; p.Minutes != 330 || p.NotCounted != 240 || p.Cost != 13750 {
		t.Errorf("part 2 = %+v; want 330 counted, 240 not, £137.50", p)
	}
	if p := e.Parts[0]; p.Estimated != 600 || p.ByActivity[foi.ActivityLocate] != 120 {
		t.Errorf("part 1 = %+v; want 600 min estimated, 120 locating", p)
	}
	// Central government: the same time against £600.
	if err := svc.SetSchool(ctx, admin, casework.KindCentral, ""); err != nil {
		t.Fatal(err)
	}
	if e, _ := svc.EstimateCost(ctx, off, r); e.LimitPence != 60000 || e.LimitHours != 24 || !e.Central {
		t.Errorf("central government: limit %dp (%v hours); want 60000p, 24 hours", e.LimitPence, e.LimitHours)
	}
	// The EIR have no cost limit (reg 12(4)(b)).
	eir := submit(t, svc, foi.EIR, "2026-11-02", "Air quality readings?")
	if e, err := svc.EstimateCost(ctx, off, eir); err != nil || e.Limit != nil || e.Over || !strings.Contains(e.Explanation, "12(4)(b)") {
		t.Errorf("EIR estimate = %+v, %v; want no limit, citing reg 12(4)(b)", e, err)
	}
}

// Bad search records are refused and change nothing; a department contact
// records only on the parts assigned to them.
func TestRecordSearchRefusals(t *testing.T) {
	svc := newService(t)
	r := submit(t, svc, foi.FOIA, "2026-11-02", "1. How many?\n2. How much?")
	off, dept := searchStaff(t, svc, r)
	ok := casework.SearchInput{Part: 1, Where: "HR system", Activity: "locate", Minutes: 30}
	for _, tc := range []struct {
		name string
		by   *foi.User
		edit func(*casework.SearchInput)
		code string
		msg  string
	}{
		{"no place", off, func(in *casework.SearchInput) { in.Where = " " }, foi.EINVALID, "say where was searched"},
		{"no time", off, func(in *casework.SearchInput) { in.Minutes = 0 }, foi.EINVALID, "more than 0"},
		{"a month in one record", off, func(in *casework.SearchInput) { in.Minutes = 10000 }, foi.EINVALID, "more than a working week"},
		{"an unknown activity", off, func(in *casework.SearchInput) { in.Activity = "reading" }, foi.EINVALID, "unknown activity"},
		{"no such part", off, func(in *casework.SearchInput) { in.Part = 9 }, foi.EINVALID, "has no part 9"},
		{"before receipt", off, func(in *casework.SearchInput) { in.On = date("2026-10-30") }, foi.EINVALID, "before the request was received"},
		{"in the future", off, func(in *casework.SearchInput) { in.On = date("2026-12-30") }, foi.EINVALID, "in the future"},
		{"a contact on another part", dept, func(in *casework.SearchInput) { in.Part = 2 }, foi.EFORBIDDEN, "not assigned to you"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := ok
			tc.edit(&in)
			_, err := svc.RecordSearch(ctx, tc.by, r.Reference, in)
			if foi.ErrorCode(err) != tc.code || !strings.Contains(foi.ErrorMessage(err), tc.msg) {
				t.Errorf("RecordSearch = %v; want %s saying %q", err, tc.code, tc.msg)
			}
		})
	}
	if got, _ := svc.Store.FindSearches(ctx, r.ID); len(got) != 0 {
		t.Errorf("refused searches stored: %+v", got)
	}
	if _, err := svc.RecordSearch(ctx, dept, r.Reference, ok); err != nil {
		t.Errorf("the contact on their own part: %v", err)
	}
	view, _, _ := svc.FindRequest(ctx, dept, r.Reference)
	if mine, err := svc.Searches(ctx, dept, view); err != nil || len(mine) != 1 {
		t.Errorf("the contact's searches = %d, %v; want their one", len(mine), err)
	}
	if _, err := svc.EstimateCost(ctx, dept, view); foi.ErrorCode(err) != foi.EFORBIDDEN {
		t.Errorf("a contact reading the estimate: %v; want forbidden", err)
	}
}

// A refusal under s.12 lays out the estimate part by part, with where was
// searched (never who), and the officer's s.16 advice; it is refused while
// the recorded estimate is within the limit, or without advice.
func TestCostLimitRefusalLetter(t *testing.T) {
	svc := newService(t)
	r := submit(t, svc, foi.FOIA, "2026-11-02", "1. Every email about parking in 2025?\n2. How many permits?")
	off, dept := searchStaff(t, svc, r)
	if _, err := svc.AnswerPart(ctx, off, r.Reference, 1, casework.Answer{Text: "Finding these would exceed the cost limit.", Outcome: foi.CostLimit}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AnswerPart(ctx, off, r.Reference, 2, casework.Answer{Text: "4,210.", Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	advice := "If you limit your request to emails sent by the parking team in one month, we expect to be able to answer it."
	_, err := svc.DraftLetter(ctx, off, r.Reference, foi.LetterRefusal, advice)
	if foi.ErrorCode(err) != foi.ECONFLICT || !strings.Contains(foi.ErrorMessage(err), "not more than the cost limit of £450") {
		t.Fatalf("a refusal with nothing recorded: %v; want it refused, naming £450", err)
	}
	for _, in := range []casework.SearchInput{
		{Part: 1, Where: "Email archive (sample of one week)", Terms: "parking", Activity: "locate", Minutes: 90},
		{Part: 1, Where: "Email archive, the other 51 weeks", Activity: "extract", Minutes: 1020, Estimated: true},
	} {
		if _, err := svc.RecordSearch(ctx, dept, r.Reference, in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.DraftLetter(ctx, off, r.Reference, foi.LetterRefusal, " "); foi.ErrorCode(err) != foi.EINVALID || !strings.Contains(foi.ErrorMessage(err), "section 16") {
		t.Fatalf("a refusal without advice: %v; want it refused citing section 16", err)
	}
	l, err := svc.DraftLetter(ctx, off, r.Reference, foi.LetterRefusal, advice)
	if err != nil {
		t.Fatal(err)
	}
	// 90 + 1,020 = 1,110 minutes = 18.5 hours = £462.50.
	for _, want := range []string{
		"Under section 12 of the Freedom of Information Act 2000",
		"which for us is £450, or 18 hours of staff time at £25 an hour (FOIA s.12; SI 2004/3244 regs 3 and 4)",
		"notice under section 17(5) of the Freedom of Information Act 2000",
		"complying would take 18.5 hours, costing £462.50",
		"1. Every email about parking in 2025?\n18.5 hours (£462.50):\n- Email archive (sample of one week): 90 minutes locating\n- Email archive, the other 51 weeks: 1020 minutes extracting (estimated)",
		"Under section 16 of the Freedom of Information Act 2000 we have a duty to help you. " + advice,
	} {
		if !strings.Contains(l.Body, want) {
			t.Errorf("the s.12 refusal lacks %q:\n%s", want, l.Body)
		}
	}
	if strings.Contains(l.Body, dept.Name) {
		t.Errorf("the letter names who searched (%s):\n%s", dept.Name, l.Body)
	}
}
