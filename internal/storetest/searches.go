// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"testing"

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
