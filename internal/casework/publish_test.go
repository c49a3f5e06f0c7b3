// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/demo"
	"disclose/internal/foi"
)

// seedPublished loads the demo (FOI 12748 answered and published as
// Thurrock answered it) and publishes the seed case again, as an officer.
func seedPublished(t *testing.T) (*casework.Service, *foi.Publication) {
	t.Helper()
	svc := newService(t)
	admin := &foi.User{ID: 2, Name: "Ada Admin", Role: foi.RoleAdmin}
	if err := demo.Load(ctx, svc, admin); err != nil {
		t.Fatal(err)
	}
	p, err := svc.Publish(ctx, officer, foi.Reference{Prefix: "FOI", Number: 12748}, casework.PublishInput{
		Title: "Placements", Category: "Children's services", PublishedOn: date("2023-05-30"),
	})
	if err != nil {
		t.Fatalf("Publish FOI 12748: %v", err)
	}
	return svc, p
}

func TestPublishSeedCaseIsFoundAndAnonymous(t *testing.T) {
	svc, p := seedPublished(t)
	if len(p.Parts) != 7 || p.Parts[3].Answer != "3%" {
		t.Fatalf("published copy has %d parts (answer 4 %q), want the seven answers", len(p.Parts), p.Parts[3].Answer)
	}
	pg, err := svc.Disclosures(ctx, foi.PublicationFilter{Query: "social value weighting tender"})
	if err != nil {
		t.Fatal(err)
	}
	// The demo's log has other responses about tenders; the seed is among
	// the matches.
	if !slices.ContainsFunc(pg.Entries, func(h *foi.PublicationHit) bool { return h.Reference.Number == 12748 }) {
		t.Fatalf("search for the seed case found %v", pageRefs(pg))
	}
	got, err := svc.Disclosure(ctx, p.Reference)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal([]any{got, pg})
	for _, secret := range []string{"Sam Researcher", "sam.researcher@example.org"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("the published entry carries the requester's %q", secret)
		}
	}
	// The demo published it first; the officer's publication replaced it.
	events, _ := svc.Store.FindEvents(ctx, p.RequestID)
	if last := events[len(events)-1]; last.Type != foi.EventRepublished || last.Actor != officer.Name {
		t.Errorf("last event is %q by %q, want republished by %s", last.Type, last.Actor, officer.Name)
	}
	// (The demo then published its Welsh version too: a welsh-published event.)
	var first *foi.Event
	for _, e := range events[:len(events)-1] {
		if e.Type == foi.EventPublished {
			first = e
		}
	}
	if first == nil || first.Actor != "Ada Admin" {
		t.Errorf("the first publication is %+v, want published by the demo's Ada Admin", first)
	}
}

func TestPublishRules(t *testing.T) {
	svc := newService(t)
	open := submit(t, svc, foi.FOIA, "2026-11-02", "1. How many bins?\n2. How many lorries?")
	in := casework.PublishInput{Title: "Bins", Category: "Waste"}
	if _, err := svc.Publish(ctx, officer, open.Reference, in); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("publishing an open request: %v, want ECONFLICT (nothing has been sent)", err)
	}
	contributor := &foi.User{ID: 9, Name: "Con Tributor", Role: foi.RoleContributor}
	if _, err := svc.Publish(ctx, contributor, open.Reference, in); foi.ErrorCode(err) != foi.EFORBIDDEN {
		t.Errorf("a contributor publishing: %v, want EFORBIDDEN", err)
	}
	if _, err := svc.Publish(ctx, nil, open.Reference, in); foi.ErrorCode(err) != foi.EUNAUTH {
		t.Errorf("the public publishing: %v, want EUNAUTH", err)
	}
	for n := 1; n <= 2; n++ {
		if _, err := svc.AnswerPart(ctx, officer, open.Reference, n, casework.Answer{Text: "12", Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.RecordEvent(ctx, officer, open.Reference, casework.ClockEvent{Type: foi.EventResponded, On: date("2026-11-20")}); err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string]casework.PublishInput{
		"no title":          {Category: "Waste"},
		"no category":       {Title: "Bins"},
		"before responding": {Title: "Bins", Category: "Waste", PublishedOn: date("2026-11-19")},
		"in the future":     {Title: "Bins", Category: "Waste", PublishedOn: date("2026-12-01")},
	} {
		if _, err := svc.Publish(ctx, officer, open.Reference, bad); foi.ErrorCode(err) != foi.EINVALID {
			t.Errorf("%s: %v, want EINVALID", name, err)
		}
	}
	p, err := svc.Publish(ctx, officer, open.Reference, in)
	if err != nil {
		t.Fatal(err)
	}
	if !p.PublishedOn.Equal(date("2026-11-25")) {
		t.Errorf("published on %s, want today (2026-11-25) when no date is given", foi.FormatDate(p.PublishedOn))
	}
	if err := svc.Unpublish(ctx, officer, open.Reference, ""); foi.ErrorCode(err) != foi.EINVALID {
		t.Errorf("unpublishing without a reason: %v, want EINVALID", err)
	}
	if err := svc.Unpublish(ctx, officer, open.Reference, "Contains a name in answer 2"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Disclosure(ctx, open.Reference); foi.ErrorCode(err) != foi.ENOTFOUND {
		t.Errorf("an unpublished entry read publicly: %v, want ENOTFOUND", err)
	}
	in.Title = "Bins and lorries"
	if _, err := svc.Publish(ctx, officer, open.Reference, in); err != nil {
		t.Fatal(err)
	}
	got, err := svc.Disclosure(ctx, open.Reference)
	if err != nil || got.Title != "Bins and lorries" {
		t.Fatalf("republished entry: %v, %v", got, err)
	}
	events, _ := svc.Store.FindEvents(ctx, open.ID)
	var types []string
	for _, e := range events[len(events)-3:] {
		types = append(types, e.Type)
	}
	if strings.Join(types, ",") != "published,unpublished,republished" {
		t.Errorf("audit trail ends %v, want published, unpublished, republished", types)
	}
	if n := events[len(events)-2].Note; n != "Contains a name in answer 2" {
		t.Errorf("unpublished event note %q, want the reason", n)
	}
}

func pageRefs(pg *foi.PublicationPage) []string {
	var out []string
	for _, h := range pg.Entries {
		out = append(out, h.Reference.String())
	}
	return out
}
