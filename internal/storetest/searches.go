// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"disclose/internal/foi"
)

// testSearches: search records come back as stored, by part then in the
// order recorded, only the request's own; one naming a missing request is
// refused as not found.
func testSearches(t *testing.T, s foi.Store) {
	r := create(t, s, newRequest(foi.FOIA, "2026-11-02"))
	other := create(t, s, newRequest(foi.FOIA, "2026-11-03"))
	u := newUser(t, s, "records@example.org", foi.RoleContributor)
	in := []*foi.SearchRecord{
		{RequestID: r.ID, Part: 2, UserID: u.ID, By: "Records Team", Where: "Finance system", Terms: "invoices 2025",
			Activity: foi.ActivityLocate, Minutes: 90, On: day("2026-11-04")},
		{RequestID: r.ID, Part: 1, UserID: u.ID, By: "Records Team", Where: "Shared drive \\\\HR", Terms: "agency staff",
			Activity: foi.ActivityExtract, Minutes: 600, Estimated: true, On: day("2026-11-05")},
		{RequestID: r.ID, Part: 2, UserID: u.ID, By: "Records Team", Where: "Paper files, basement", Activity: foi.ActivityRetrieve,
			Minutes: 45, On: day("2026-11-05")},
		{RequestID: other.ID, Part: 1, UserID: u.ID, By: "Records Team", Where: "Email", Activity: foi.ActivityOther, Minutes: 5, On: day("2026-11-05")},
	}
	update(t, s, func(tx foi.Tx) error {
		for _, x := range in {
			if err := tx.AddSearch(ctx, x); err != nil {
				return err
			}
			if x.ID == 0 || x.CreatedAt.IsZero() {
				t.Errorf("AddSearch did not set the ID and time: %+v", x)
			}
		}
		return nil
	})
	got, err := s.FindSearches(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []*foi.SearchRecord{in[1], in[0], in[2]}
	if d := cmp.Diff(want, got, cmpopts.EquateApproxTime(0)); d != "" {
		t.Errorf("searches (-want +got):\n%s", d)
	}
	err = s.Update(ctx, func(tx foi.Tx) error {
		return tx.AddSearch(ctx, &foi.SearchRecord{RequestID: 9999, Part: 1, UserID: u.ID, By: "x", Where: "y", Activity: foi.ActivityLocate, Minutes: 1, On: day("2026-11-05")})
	})
	if foi.ErrorCode(err) != foi.ENOTFOUND {
		t.Errorf("a search on a missing request: %v, want not found", err)
	}
}

// testAggregations: aggregations come back in the order chosen, only the
// request's own; the same pair twice is a conflict, a missing request not
// found; a withdrawn one is gone, and withdrawing it again is not found.
func testAggregations(t *testing.T, s foi.Store) {
	r := create(t, s, newRequest(foi.FOIA, "2026-11-02"))
	a := create(t, s, newRequest(foi.FOIA, "2026-11-03"))
	b := create(t, s, newRequest(foi.FOIA, "2026-11-04"))
	u := newUser(t, s, "officer-agg@example.org", foi.RoleOfficer)
	in := []*foi.Aggregation{
		{RequestID: r.ID, RelatedID: b.ID, Basis: foi.BasisSamePerson, Reason: "Both ask for agency staff costs", UserID: u.ID, By: "Olu Officer"},
		{RequestID: r.ID, RelatedID: a.ID, Basis: foi.BasisCampaign, Reason: "The same template, sent the same week", UserID: u.ID, By: "Olu Officer"},
		{RequestID: a.ID, RelatedID: r.ID, Basis: foi.BasisCampaign, Reason: "the other way round", UserID: u.ID, By: "Olu Officer"},
	}
	for i, x := range in {
		x.CreatedAt = day("2026-11-10").Add(time.Duration(i) * time.Minute)
		update(t, s, func(tx foi.Tx) error { return tx.AddAggregation(ctx, x) })
	}
	got, err := s.FindAggregations(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(in[:2], got, cmpopts.EquateApproxTime(0)); d != "" {
		t.Errorf("aggregations (-want +got):\n%s", d)
	}
	err = s.Update(ctx, func(tx foi.Tx) error {
		return tx.AddAggregation(ctx, &foi.Aggregation{RequestID: r.ID, RelatedID: b.ID, Basis: foi.BasisSamePerson, Reason: "again", UserID: u.ID, By: "x"})
	})
	if foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("the same pair twice: %v, want a conflict", err)
	}
	err = s.Update(ctx, func(tx foi.Tx) error {
		return tx.AddAggregation(ctx, &foi.Aggregation{RequestID: r.ID, RelatedID: 9999, Basis: foi.BasisSamePerson, Reason: "x", UserID: u.ID, By: "x"})
	})
	if foi.ErrorCode(err) != foi.ENOTFOUND {
		t.Errorf("a missing request: %v, want not found", err)
	}
	update(t, s, func(tx foi.Tx) error { return tx.RemoveAggregation(ctx, r.ID, b.ID) })
	if got, _ := s.FindAggregations(ctx, r.ID); len(got) != 1 || got[0].RelatedID != a.ID {
		t.Errorf("after withdrawing %d: %+v, want only %d", b.ID, got, a.ID)
	}
	err = s.Update(ctx, func(tx foi.Tx) error { return tx.RemoveAggregation(ctx, r.ID, b.ID) })
	if foi.ErrorCode(err) != foi.ENOTFOUND {
		t.Errorf("withdrawing twice: %v, want not found", err)
	}
}
