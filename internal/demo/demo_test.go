package demo_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/demo"
	"disclose/internal/foi"
	"disclose/internal/sqlite"
)

func TestLoad(t *testing.T) {
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	svc, err := casework.New(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	staff := &foi.User{ID: 1, Name: "Demo Officer", Role: foi.RoleAdmin}
	if err := demo.Load(ctx, svc, staff); err != nil {
		t.Fatal(err)
	}
	seed, err := store.FindRequest(ctx, foi.Reference{Prefix: "FOI", Number: 12748})
	if err != nil {
		t.Fatal(err)
	}
	if len(seed.Parts) != 7 || seed.Status != foi.StatusResponded || seed.Outcome != foi.Granted ||
		seed.Parts[3].Answer != "3%" || foi.FormatDate(seed.RespondedOn) != "2023-05-30" {
		t.Errorf("FOI 12748 is not answered as the council answered it: %d parts, %s, %s, part 4 %q, responded %s",
			len(seed.Parts), seed.Status, seed.Outcome, seed.Parts[3].Answer, foi.FormatDate(seed.RespondedOn))
	}
	pub, err := svc.Disclosure(ctx, seed.Reference)
	if err != nil {
		t.Fatalf("FOI 12748 is not in the disclosure log: %v", err)
	}
	if pub.Title != "Placements" || foi.FormatDate(pub.PublishedOn) != "2023-05-30" || pub.Category != "Children's services" ||
		len(pub.Parts) != 7 || pub.Parts[0].Answer != "Yes" {
		t.Errorf("FOI 12748 is published as %q in %q on %s with %d parts", pub.Title, pub.Category, foi.FormatDate(pub.PublishedOn), len(pub.Parts))
	}
	found, err := svc.Disclosures(ctx, foi.PublicationFilter{Query: "social value weighting tender", Category: "Children's services"})
	if err != nil || len(found.Entries) == 0 || !slices.ContainsFunc(found.Entries, func(h *foi.PublicationHit) bool { return h.Reference == seed.Reference }) {
		t.Errorf("searching the demo's log for the seed: %v, %v", found, err)
	}
	// A few hundred responses across departments, to browse and search.
	log, err := svc.Disclosures(ctx, foi.PublicationFilter{})
	if err != nil || log.Total < 300 {
		t.Errorf("the demo's log has %d entries (%v), want a few hundred", log.Total, err)
	}
	categories, err := store.FindPublicationCategories(ctx)
	if err != nil || len(categories) < 6 {
		t.Errorf("the demo's log has categories %v (%v), want entries across departments", categories, err)
	}
	all, _, err := store.FindRequests(ctx, foi.RequestFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[foi.Status]bool{}
	for _, r := range all {
		seen[r.Status] = true
	}
	for _, s := range []foi.Status{foi.StatusOpen, foi.StatusAwaitingClarification, foi.StatusAwaitingFee, foi.StatusExtended, foi.StatusResponded} {
		if !seen[s] {
			t.Errorf("the demo has no %s case", s)
		}
	}
}
