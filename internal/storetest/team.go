// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"maps"
	"slices"
	"testing"

	"disclose/internal/foi"
)

// Requests awaiting department input (issue 15's dashboard): a part with
// no outcome asked of a contact who has not given input on it. Part 1 is
// unanswered in newRequest, part 2 answered.
func testFindAwaitingInput(t *testing.T, s foi.Store) {
	fin := &foi.User{Email: "fin@council.example", Name: "Finance", Role: foi.RoleContributor, PasswordHash: "x"}
	hr := &foi.User{Email: "hr@council.example", Name: "HR", Role: foi.RoleContributor, PasswordHash: "x"}
	for _, u := range []*foi.User{fin, hr} {
		if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
			t.Fatal(err)
		}
	}
	asked := create(t, s, newRequest(foi.FOIA, "2026-11-02"))       // part 1 asked of finance: waiting
	given := create(t, s, newRequest(foi.FOIA, "2026-11-03"))       // finance gave input on part 1
	answered := create(t, s, newRequest(foi.FOIA, "2026-11-04"))    // only the answered part 2 asked
	otherPart := create(t, s, newRequest(foi.FOIA, "2026-11-05"))   // input on part 2, but part 1 asked
	otherPerson := create(t, s, newRequest(foi.FOIA, "2026-11-06")) // HR gave input, finance was asked
	create(t, s, newRequest(foi.FOIA, "2026-11-09"))                // nobody asked
	err := s.Update(ctx, func(tx foi.Tx) error {
		for _, a := range []*foi.PartAssignment{
			{RequestID: asked.ID, Part: 1, UserID: fin.ID},
			{RequestID: given.ID, Part: 1, UserID: fin.ID},
			{RequestID: answered.ID, Part: 2, UserID: fin.ID},
			{RequestID: otherPart.ID, Part: 1, UserID: fin.ID},
			{RequestID: otherPerson.ID, Part: 1, UserID: fin.ID},
		} {
			if err := tx.SetPartAssignment(ctx, a); err != nil {
				return err
			}
		}
		for _, e := range []*foi.Event{
			{RequestID: given.ID, Type: foi.EventPartInput, ActorID: fin.ID, Actor: fin.Name, Note: "part 1: 412 placements"},
			{RequestID: otherPart.ID, Type: foi.EventPartInput, ActorID: fin.ID, Actor: fin.Name, Note: "part 2: about part 2"},
			{RequestID: otherPerson.ID, Type: foi.EventPartInput, ActorID: hr.ID, Actor: hr.Name, Note: "part 1: from HR"},
			{RequestID: asked.ID, Type: foi.EventViewed, ActorID: fin.ID, Actor: fin.Name, Note: "part 1: not input"},
		} {
			if err := tx.AddEvent(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.FindAwaitingInput(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{asked.ID, otherPart.ID, otherPerson.ID}
	if !slices.Equal(got, want) {
		t.Errorf("FindAwaitingInput = %v, want %v (asked, input on another part, input from another department)", got, want)
	}
}

// The requests with the regulator: a complaint not closed, whatever the
// request's own status, with the officer each is assigned to.
func testFindWithRegulator(t *testing.T, s foi.Store) {
	officer := &foi.User{Email: "olu@council.example", Name: "Olu", Role: foi.RoleOfficer, PasswordHash: "x"}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateUser(ctx, officer) }); err != nil {
		t.Fatal(err)
	}
	mk := func(received string, assignee int64) *foi.Request {
		r := newRequest(foi.FOIA, received)
		r.Status, r.AssigneeID = foi.StatusClosed, assignee
		return create(t, s, r)
	}
	open, unassigned, closed := mk("2026-06-01", officer.ID), mk("2026-06-02", 0), mk("2026-06-03", officer.ID)
	mk("2026-06-04", officer.ID) // no complaint
	err := s.Update(ctx, func(tx foi.Tx) error {
		for _, c := range []*foi.RegulatorCase{
			{RequestID: open.ID, Regulator: "ICO", ComplaintOn: day("2026-09-01"), DecisionOn: day("2026-10-01"), DecisionOutcome: "upheld"},
			{RequestID: open.ID, Regulator: "ICO", ComplaintOn: day("2026-08-01"), ClosedOn: day("2026-08-20")},
			{RequestID: unassigned.ID, Regulator: "ICO", ComplaintOn: day("2026-09-02")},
			{RequestID: closed.ID, Regulator: "ICO", ComplaintOn: day("2026-09-03"), ClosedOn: day("2026-10-03")},
		} {
			if err := tx.CreateRegulatorCase(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.FindWithRegulator(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]int64{open.ID: officer.ID, unassigned.ID: 0}
	if !maps.Equal(got, want) {
		t.Errorf("FindWithRegulator = %v, want %v (open complaints only, by assignee)", got, want)
	}
}
