// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"disclose/internal/foi"
)

func testCountRequests(t *testing.T, s foi.Store) {
	// Three requests received in January 2026, one before and one after.
	mk := func(received string, status foi.Status, outcome foi.Outcome, responded string) *foi.Request {
		r := newRequest(foi.FOIA, received)
		r.Status, r.Outcome = status, outcome
		if responded != "" {
			r.RespondedOn = day(responded)
		}
		return r
	}
	create(t, s, mk("2025-12-31", foi.StatusOpen, "", "")) // before the period
	a := mk("2026-01-05", foi.StatusResponded, foi.PartiallyWithheld, "2026-02-20")
	a.Parts[0].Outcome, a.Parts[0].Exemptions = foi.Withheld, []string{"s43(2)", "s40(2)"}
	a.Parts[1].Exemptions = []string{"s40(2)"}
	create(t, s, a)
	b := create(t, s, mk("2026-01-10", foi.StatusInReview, foi.Granted, "2026-01-30"))
	create(t, s, mk("2026-01-31", foi.StatusOpen, "", "")) // c
	create(t, s, mk("2026-02-01", foi.StatusOpen, "", ""))

	before := create(t, s, mk("2025-12-30", foi.StatusOpen, "", "")) // before the period, asked of Highways
	err := s.Update(ctx, func(tx foi.Tx) error {
		if err := tx.AddEvent(ctx, &foi.Event{RequestID: a.ID, Type: foi.EventExtended, On: day("2026-01-20")}); err != nil {
			return err
		}
		// Departments: a is asked of Planning (two parts) and Highways,
		// b of Planning. Planning is a shared department contact (its
		// name is the department's); Highways is a person who answers for
		// the department (single sign-on makes such accounts).
		planning := &foi.User{Email: "planning@council.example", Name: "Planning", Role: foi.RoleContributor}
		highways := &foi.User{Email: "harry@council.example", Name: "Harry Hill", Role: foi.RoleContributor, Department: "Highways"}
		for _, u := range []*foi.User{planning, highways} {
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
		}
		for _, pa := range []*foi.PartAssignment{
			{RequestID: a.ID, Part: 1, UserID: planning.ID}, {RequestID: a.ID, Part: 2, UserID: planning.ID},
			{RequestID: a.ID, Part: 1, UserID: highways.ID}, {RequestID: b.ID, Part: 1, UserID: planning.ID},
			{RequestID: before.ID, Part: 1, UserID: highways.ID},
		} {
			if err := tx.SetPartAssignment(ctx, pa); err != nil {
				return err
			}
		}
		done := &foi.Review{RequestID: b.ID, RequestedOn: day("2026-02-02"), DueOn: day("2026-03-02"),
			Outcome: foi.ReviewUpheld, CompletedOn: day("2026-02-20")}
		open := &foi.Review{RequestID: b.ID, RequestedOn: day("2026-03-02"), DueOn: day("2026-03-30")}
		// Review timeliness: one decided after its due date, one open and
		// past it on the as-of date (25 February).
		late := &foi.Review{RequestID: b.ID, RequestedOn: day("2026-01-12"), DueOn: day("2026-02-09"),
			Outcome: foi.ReviewOverturned, CompletedOn: day("2026-02-10")}
		overdue := &foi.Review{RequestID: b.ID, RequestedOn: day("2026-01-20"), DueOn: day("2026-02-17")}
		for _, rv := range []*foi.Review{done, open, late, overdue} {
			if err := tx.CreateReview(ctx, rv); err != nil {
				return err
			}
		}
		if err := tx.CreateRegulatorCase(ctx, &foi.RegulatorCase{RequestID: b.ID, Regulator: "ICO", ComplaintOn: day("2026-04-01")}); err != nil {
			return err
		}
		return tx.SavePublication(ctx, &foi.Publication{RequestID: b.ID, Reference: b.Reference, Regime: b.Regime,
			Title: "Libraries", Category: "Culture and leisure", PublishedOn: day("2026-02-01"),
			ReceivedOn: b.ReceivedOn, RespondedOn: b.RespondedOn, Request: "How many?", Response: "Ten.", Outcome: foi.Granted})
	})
	if err != nil {
		t.Fatal(err)
	}

	got, err := s.CountRequests(ctx, day("2026-01-01"), day("2026-01-31"), day("2026-02-25"))
	if err != nil {
		t.Fatal(err)
	}
	jan := func(category string) foi.StatsKey {
		return foi.StatsKey{Month: "2026-01", Regime: foi.FOIA, Category: category}
	}
	// a took an extension; b was answered on 30 January, before its
	// deadline; c is open and not yet overdue on 25 February (newRequest
	// makes requests due 28 days after receipt: 28 February).
	want := &foi.StatsCounts{
		Requests: []foi.RequestCount{
			{StatsKey: jan(""), Status: foi.StatusOpen, N: 1},
			{StatsKey: jan(""), Status: foi.StatusResponded, Outcome: foi.PartiallyWithheld, Timeliness: timeliness(a),
				Departments: []string{"Highways", "Planning"}, N: 1},
			{StatsKey: jan("Culture and leisure"), Status: foi.StatusInReview, Outcome: foi.Granted, Timeliness: foi.InTime,
				Departments: []string{"Planning"}, N: 1},
		},
		Exemptions: []foi.ExemptionCount{
			{StatsKey: jan(""), Exemption: "s40(2)", N: 1},
			{StatsKey: jan(""), Exemption: "s43(2)", N: 1},
		},
		Reviews: []foi.ReviewCount{
			{StatsKey: jan("Culture and leisure"), Outcome: foi.ReviewUpheld, Timeliness: foi.InTime, N: 1},
			{StatsKey: jan("Culture and leisure"), Open: true, N: 1},
			{StatsKey: jan("Culture and leisure"), Outcome: foi.ReviewOverturned, Timeliness: foi.Late, N: 1},
			{StatsKey: jan("Culture and leisure"), Open: true, Overdue: true, N: 1},
		},
		Complaints: []foi.ComplaintCount{{StatsKey: jan("Culture and leisure"), N: 1}},
	}
	sorted := cmpopts.SortSlices(func(x, y any) bool { return fmt.Sprint(x) < fmt.Sprint(y) })
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty(), sorted); diff != "" {
		t.Errorf("counts of January 2026 (-want +got):\n%s", diff)
	}

	// Changing a part's exemptions changes the counts.
	if err := s.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, a.Reference)
		if err != nil {
			return err
		}
		r.Parts[0].Exemptions, r.Parts[1].Exemptions = []string{"s21"}, nil
		return tx.UpdateRequest(ctx, r)
	}); err != nil {
		t.Fatal(err)
	}
	got, err = s.CountRequests(ctx, day("2026-01-01"), day("2026-01-31"), day("2026-02-25"))
	if err != nil || len(got.Exemptions) != 1 || got.Exemptions[0].Exemption != "s21" {
		t.Errorf("exemptions after the answer changed = %+v, %v; want s21 alone", got.Exemptions, err)
	}

	// Overdue is judged on the as-of date: c (due 28 February) is overdue in March.
	got, err = s.CountRequests(ctx, day("2026-01-31"), day("2026-01-31"), day("2026-03-02"))
	if err != nil || len(got.Requests) != 1 || !got.Requests[0].Overdue {
		t.Errorf("on 2 March the request received on 31 January = %+v, %v; want overdue", got, err)
	}
}

// timeliness is what the statistics should say of a responded request
// with an extension: in time if met, late otherwise.
func timeliness(r *foi.Request) foi.Timeliness {
	if r.RespondedOn.After(r.DueOn) {
		return foi.Late
	}
	return foi.InTimeExtended
}
