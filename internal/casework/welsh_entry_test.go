// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// TestWelshEntry: the Welsh version of a published entry is published
// beside it through the publication gate, found by a Welsh search, and
// hidden with the entry.
func TestWelshEntry(t *testing.T) {
	svc, p := seedPublished(t)
	ref := p.Reference
	w := foi.WelshPublication{Title: "Lleoliadau plant", Summary: "Nifer y lleoliadau yn 2022",
		Parts: []foi.WelshPart{{Number: 1, Text: "Faint o leoliadau oedd?", Answer: "Deuddeg."}}}
	if err := svc.SetWelshEntry(ctx, officer, ref, w); err != nil {
		t.Fatal(err)
	}
	got, err := svc.WelshDisclosure(ctx, p)
	if err != nil || got == nil || got.Title != "Lleoliadau plant" || len(got.Parts) != 1 {
		t.Fatalf("the Welsh version = %+v, %v", got, err)
	}
	found, err := svc.SearchWelsh(ctx, `"lleoliadau" -gwartheg`, 10)
	if err != nil || len(found) != 1 || found[0].Entry.Reference != ref || found[0].Welsh.Title != w.Title {
		t.Errorf("the Welsh search = %+v, %v", found, err)
	}
	if found, _ := svc.SearchWelsh(ctx, "placements", 10); len(found) != 0 {
		t.Errorf("the Welsh search found English words: %+v", found)
	}

	// The gate: the requester's name in the Welsh is refused, and nothing changes.
	r, _ := svc.Store.FindRequest(ctx, ref)
	leak := w
	leak.Summary = "Cais gan " + r.Requester.Name
	if err := svc.SetWelshEntry(ctx, officer, ref, leak); err == nil || !strings.Contains(foi.ErrorMessage(err), "Welsh summary") {
		t.Errorf("the requester's name in the Welsh summary was not refused: %v", err)
	}
	if got, _ := svc.WelshDisclosure(ctx, p); got.Summary != w.Summary {
		t.Errorf("a refused Welsh version changed the published one: %q", got.Summary)
	}
	// The finding was on the text typed then: the clean Welsh is published
	// again, and the English entry can still be republished.
	if err := svc.SetWelshEntry(ctx, officer, ref, w); err != nil {
		t.Errorf("the clean Welsh after a refused one: %v", err)
	}
	if _, err := svc.Publish(ctx, officer, ref, casework.PublishInput{Title: "Placements", Category: "Children's services"}); err != nil {
		t.Errorf("republishing the English after a refused Welsh summary: %v", err)
	}
	bad := w
	bad.Parts = []foi.WelshPart{{Number: 99, Text: "?"}}
	if err := svc.SetWelshEntry(ctx, officer, ref, bad); foi.ErrorCode(err) != foi.EINVALID {
		t.Errorf("a Welsh part with no English part: %v", err)
	}
	contributor := &foi.User{ID: 9, Name: "Dept", Role: foi.RoleContributor}
	if err := svc.SetWelshEntry(ctx, contributor, ref, w); foi.ErrorCode(err) != foi.EFORBIDDEN {
		t.Errorf("a contributor published Welsh: %v", err)
	}

	// Unpublished, its Welsh is not public either.
	if err := svc.Unpublish(ctx, officer, ref, "published by mistake"); err != nil {
		t.Fatal(err)
	}
	if found, _ := svc.SearchWelsh(ctx, "lleoliadau", 10); len(found) != 0 {
		t.Errorf("an unpublished entry's Welsh is still found")
	}
	if err := svc.SetWelshEntry(ctx, officer, ref, w); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("Welsh for an unpublished entry: %v, want conflict", err)
	}
}
