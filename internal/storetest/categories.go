// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"disclose/internal/foi"
)

// Merging categories (issue 15): every entry of "Highways", public or
// taken down, moves to "Highways and transport"; the old name is gone
// from the facets, browse, months and search, and the new one counts them.
func testMergeCategory(t *testing.T, s foi.Store) {
	_, a := publishable(t, s, "How many potholes were repaired in 2022?", "3,104 potholes.")
	a.Category = "Highways"
	save(t, s, a)
	rb, b := publishable(t, s, "How many streetlights were replaced?", "212 streetlights.")
	b.Category, b.PublishedOn = "Highways", day("2023-07-04")
	save(t, s, b)
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.UnpublishPublication(ctx, rb.ID) }); err != nil {
		t.Fatal(err)
	}
	_, c := publishable(t, s, "What did resurfacing Ship Lane cost?", "£41,000.")
	c.Category = "Highways and transport"
	save(t, s, c)
	_, d := publishable(t, s, "How much parking fine income did you receive?", "£1.2 million.")
	d.Category = "Parking"
	save(t, s, d)

	var moved int
	err := s.Update(ctx, func(tx foi.Tx) (err error) {
		moved, err = tx.MergeCategory(ctx, "Highways", "Highways and transport")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if moved != 2 {
		t.Errorf("MergeCategory moved %d entries, want 2 (one public, one taken down)", moved)
	}
	cats, err := s.FindPublicationCategories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]foi.Facet{{Value: "Highways and transport", Count: 2}, {Value: "Parking", Count: 1}}, cats); diff != "" {
		t.Errorf("categories after the merge (-want +got):\n%s", diff)
	}
	if pg := page(t, s, foi.PublicationFilter{Category: "Highways"}); pg.Total != 0 {
		t.Errorf("browsing the old category still lists %v", pageRefs(pg))
	}
	if pg := page(t, s, foi.PublicationFilter{Category: "Highways and transport"}); pg.Total != 2 || len(pg.Entries) != 2 {
		t.Errorf("browsing the merged category lists %v (total %d), want %s and %s", pageRefs(pg), pg.Total, a.Reference, c.Reference)
	}
	if pg := page(t, s, foi.PublicationFilter{Category: "Highways and transport", Query: "potholes"}); pg.Total != 1 || len(pg.Entries) != 1 || pg.Entries[0].Reference != a.Reference {
		t.Errorf("searching the merged category for potholes finds %v, want %s", pageRefs(pg), a.Reference)
	}
	if pg := page(t, s, foi.PublicationFilter{Category: "Highways", Query: "potholes"}); pg.Total != 0 {
		t.Errorf("searching the old category still finds %v", pageRefs(pg))
	}
	// The log's outcome filter follows the entries to their new category.
	for _, f := range []foi.PublicationFilter{{Outcome: foi.Granted, Category: "Highways and transport"},
		{Outcome: foi.Granted, Category: "Highways and transport", Query: "potholes"}} {
		if pg := page(t, s, f); pg.Total < 1 || !slices.ContainsFunc(pg.Entries, func(h *foi.PublicationHit) bool { return h.Reference == a.Reference }) {
			t.Errorf("filtering the merged category by outcome (%+v) finds %v, want %s among them", f, pageRefs(pg), a.Reference)
		}
	}
	if outcomes, _ := s.FindPublicationOutcomes(ctx); len(outcomes) != 1 || outcomes[0].Count != 3 {
		t.Errorf("the outcome filter's options after the merge: %v, want granted 3", outcomes)
	}
	if months, _ := s.FindPublicationMonths(ctx, "Highways"); len(months) != 0 {
		t.Errorf("the old category still has months %v", months)
	}
	for _, p := range []*foi.Publication{a, b} {
		got, err := s.FindPublication(ctx, p.Reference)
		if err != nil {
			t.Fatal(err)
		}
		if got.Category != "Highways and transport" {
			t.Errorf("%s is filed under %q after the merge", p.Reference, got.Category)
		}
	}
	// The entry taken down comes back under the new name.
	b2, err := s.FindPublication(ctx, b.Reference)
	if err != nil {
		t.Fatal(err)
	}
	save(t, s, b2)
	if cats, _ := s.FindPublicationCategories(ctx); len(cats) != 2 || cats[0] != (foi.Facet{Value: "Highways and transport", Count: 3}) {
		t.Errorf("after republishing the entry taken down, categories are %v", cats)
	}
	err = s.Update(ctx, func(tx foi.Tx) (err error) {
		moved, err = tx.MergeCategory(ctx, "Highways", "Parking")
		return err
	})
	if err != nil || moved != 0 {
		t.Errorf("merging an empty category: %d moved, %v", moved, err)
	}
	err = s.Update(ctx, func(tx foi.Tx) error { _, err := tx.MergeCategory(ctx, "Parking", " Parking "); return err })
	if foi.ErrorCode(err) != foi.EINVALID {
		t.Errorf("merging a category into itself: %v, want EINVALID", err)
	}
	if cats, _ := s.FindPublicationCategories(ctx); len(cats) != 2 || cats[1] != (foi.Facet{Value: "Parking", Count: 1}) {
		t.Errorf("after the refused merge, categories are %v", cats)
	}
}
