// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"disclose/internal/foi"
)

// The log's outcome and exemption filters (foi.PublicationFacets), on every
// path an entry enters or leaves the log.
var publicationFacetTests = []struct {
	name string
	fn   func(t *testing.T, s foi.Store)
}{
	{"LogFiltersByOutcomeAndExemption", testLogFiltersByDecision},
	{"LogFilterPaging", testLogFilterPaging},
	{"WelshTitles", testWelshTitles},
}

// decided publishes an entry whose parts have these outcomes, each refused
// one under the exemptions given with it ("s43(2)" or "s40(2),s43(2)").
func decided(t *testing.T, s foi.Store, regime foi.Regime, title, category, published string, parts ...string) *foi.Publication {
	t.Helper()
	answers := make([]string, len(parts)/2)
	for i := range answers {
		answers[i] = "Answer " + title
	}
	_, p := publishable(t, s, title, answers...)
	p.Regime, p.Title, p.Category, p.PublishedOn = regime, title, category, day(published)
	var outcomes []foi.Outcome
	for i := range p.Parts {
		p.Parts[i].Outcome = foi.Outcome(parts[2*i])
		if codes := parts[2*i+1]; codes != "" {
			p.Parts[i].Exemptions = splitCodes(codes)
		}
		outcomes = append(outcomes, p.Parts[i].Outcome)
	}
	p.Outcome = foi.RollUp(outcomes)
	save(t, s, p)
	return p
}

func splitCodes(s string) []string {
	var out []string
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != ',' {
			i++
		}
		out = append(out, s[:i])
		s = s[min(len(s), i+1):]
	}
	return out
}

func refs(t *testing.T, s foi.Store, f foi.PublicationFilter) []string {
	t.Helper()
	return pageRefs(page(t, s, f))
}

func testLogFiltersByDecision(t *testing.T, s foi.Store) {
	a := decided(t, s, foi.FOIA, "Tender weightings", "Procurement", "2023-06-05",
		"granted", "", "withheld", "s43(2)")
	b := decided(t, s, foi.FOIA, "Staff salaries", "Human resources", "2023-06-04",
		"withheld", "s40(2)")
	c := decided(t, s, foi.EIR, "Incinerator contract", "Procurement", "2023-07-01",
		"partially-withheld", "reg12(5)(e)")
	d := decided(t, s, foi.FOIA, "Library opening hours", "Libraries", "2023-07-02",
		"granted", "")
	// Granted with an exemption code stored (an old log's data): not a
	// refusal, so not filed under the exemption.
	e := decided(t, s, foi.FOIA, "Gritting routes", "Highways", "2023-07-03", "granted", "s43(2)")
	// Imported in bulk: filed as published, and one taken down is not.
	imp := func(number int, published string, down bool) foi.ImportedCase {
		r := newRequest(foi.FOIA, "2019-03-04")
		r.Reference = foi.Reference{Prefix: "FOI", Number: number}
		r.Requester = foi.Requester{Name: foi.ImportedRequesterName}
		r.Status, r.RespondedOn, r.Outcome = foi.StatusResponded, day("2019-03-20"), foi.Withheld
		r.Parts[0].Answer, r.Parts[0].Outcome, r.Parts[0].Exemptions = "Withheld", foi.Withheld, []string{"s43(2)"}
		p := &foi.Publication{Reference: r.Reference, Regime: r.Regime, Title: fmt.Sprintf("Contract prices %d", number),
			Category: "Procurement", PublishedOn: day(published), ReceivedOn: r.ReceivedOn, RespondedOn: r.RespondedOn,
			Request: r.Text, Outcome: foi.Withheld, Parts: []foi.PublishedPart{{Number: 1, Text: "What prices?",
				Answer: "Withheld", Outcome: foi.Withheld, Exemptions: []string{"S.43(2)"}}}}
		if down {
			p.UnpublishedAt = day(published)
		}
		return foi.ImportedCase{Request: r, Publication: p, Event: &foi.Event{Type: "imported", Actor: "disclose import"}}
	}
	if err := s.Update(ctx, func(tx foi.Tx) error {
		return tx.CreateImported(ctx, []foi.ImportedCase{imp(8001, "2019-04-01", false), imp(8002, "2019-04-02", true)})
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.IndexImported(ctx); err != nil {
		t.Fatal(err)
	}
	A, B, C, D := a.Reference.String(), b.Reference.String(), c.Reference.String(), d.Reference.String()
	_ = e
	for _, tc := range []struct {
		name string
		f    foi.PublicationFilter
		want []string
	}{
		{"outcome", foi.PublicationFilter{Outcome: foi.PartiallyWithheld}, []string{C, A}},
		{"granted", foi.PublicationFilter{Outcome: foi.Granted}, []string{e.Reference.String(), D}},
		{"exemption", foi.PublicationFilter{Exemption: "foia:s43(2)"}, []string{A, "FOI 8001"}},
		{"exemption as people type it", foi.PublicationFilter{Exemption: "FOIA:section 43(2)"}, []string{A, "FOI 8001"}},
		{"an EIR exception", foi.PublicationFilter{Exemption: "eir:reg12(5)(e)"}, []string{C}},
		{"the same code in another regime is another filter", foi.PublicationFilter{Exemption: "foia:s40(2)"}, []string{B}},
		{"both", foi.PublicationFilter{Outcome: foi.Withheld, Exemption: "foia:s43(2)"}, []string{"FOI 8001"}},
		{"both, none", foi.PublicationFilter{Outcome: foi.Granted, Exemption: "foia:s43(2)"}, nil},
		{"with a category", foi.PublicationFilter{Exemption: "foia:s43(2)", Category: "Procurement"}, []string{A, "FOI 8001"}},
		{"with another category", foi.PublicationFilter{Exemption: "foia:s43(2)", Category: "Libraries"}, nil},
		{"with a month", foi.PublicationFilter{Exemption: "foia:s43(2)", Month: "2019-04"}, []string{"FOI 8001"}},
		{"with a search", foi.PublicationFilter{Query: "answer", Outcome: foi.Withheld}, []string{B}},
		{"with a search and a category", foi.PublicationFilter{Query: "answer", Outcome: foi.PartiallyWithheld, Category: "Procurement"}, []string{C, A}},
		{"with a search and a month", foi.PublicationFilter{Query: "answer", Exemption: "foia:s43(2)", Month: "2023-06"}, []string{A}},
	} {
		pg := page(t, s, tc.f)
		var opts []cmp.Option
		if tc.f.Query != "" { // the engines rank matches alike only as far as the title and summary
			opts = append(opts, cmpopts.SortSlices(func(a, b string) bool { return a < b }))
		}
		if diff := cmp.Diff(tc.want, pageRefs(pg), opts...); diff != "" {
			t.Errorf("%s %+v (-want +got):\n%s", tc.name, tc.f, diff)
		}
		if pg.Total != len(tc.want) {
			t.Errorf("%s: total %d, want %d", tc.name, pg.Total, len(tc.want))
		}
	}
	for _, bad := range []foi.PublicationFilter{{Outcome: "refused"}, {Exemption: "foia:reg13"}, {Exemption: "s43(2)"}, {Exemption: "nope:s43(2)"}} {
		if _, err := s.FindPublications(ctx, bad); foi.ErrorCode(err) != foi.EINVALID {
			t.Errorf("FindPublications(%+v) = %v, want EINVALID", bad, err)
		}
	}
	facets := func() ([]foi.Facet, []foi.Facet) {
		t.Helper()
		o, err := s.FindPublicationOutcomes(ctx)
		if err != nil {
			t.Fatal(err)
		}
		x, err := s.FindPublicationExemptions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return o, x
	}
	outcomes, exemptions := facets()
	if diff := cmp.Diff([]foi.Facet{{Value: "granted", Count: 2}, {Value: "partially-withheld", Count: 2}, {Value: "withheld", Count: 2}}, outcomes); diff != "" {
		t.Errorf("outcomes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]foi.Facet{{Value: "foia:s40(2)", Count: 1}, {Value: "foia:s43(2)", Count: 2}, {Value: "eir:reg12(5)(e)", Count: 1}}, exemptions); diff != "" {
		t.Errorf("exemptions (-want +got):\n%s", diff)
	}

	// Unpublished: out of every filter and count.
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.UnpublishPublication(ctx, b.RequestID) }); err != nil {
		t.Fatal(err)
	}
	if got := refs(t, s, foi.PublicationFilter{Exemption: "foia:s40(2)"}); got != nil {
		t.Errorf("s40(2) after unpublishing %s: %v, want none", B, got)
	}
	// Republished with the refusal reconsidered: under its new decision only.
	a.Parts[1].Outcome, a.Parts[1].Exemptions, a.Outcome = foi.Granted, nil, foi.Granted
	save(t, s, a)
	if diff := cmp.Diff([]string{"FOI 8001"}, refs(t, s, foi.PublicationFilter{Exemption: "foia:s43(2)"})); diff != "" {
		t.Errorf("s43(2) after republishing %s granted (-want +got):\n%s", A, diff)
	}
	if diff := cmp.Diff([]string{e.Reference.String(), D, A}, refs(t, s, foi.PublicationFilter{Outcome: foi.Granted})); diff != "" {
		t.Errorf("granted after republishing (-want +got):\n%s", diff)
	}
	outcomes, exemptions = facets()
	if diff := cmp.Diff([]foi.Facet{{Value: "granted", Count: 3}, {Value: "partially-withheld", Count: 1}, {Value: "withheld", Count: 1}}, outcomes); diff != "" {
		t.Errorf("outcomes after the changes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]foi.Facet{{Value: "foia:s43(2)", Count: 1}, {Value: "eir:reg12(5)(e)", Count: 1}}, exemptions); diff != "" {
		t.Errorf("exemptions after the changes (-want +got):\n%s", diff)
	}
}

// A filtered browse pages like the log: newest first, across months, in
// a category, with the total from the counts.
func testLogFilterPaging(t *testing.T, s foi.Store) {
	var want, wantInA []string
	for i := 0; i < 30; i++ {
		published := fmt.Sprintf("2023-%02d-%02d", 3+i%3, 1+i)
		category := "B"
		if i%2 == 0 {
			category = "A"
		}
		parts := []string{"granted", ""}
		if i%3 != 1 {
			parts = []string{"withheld", "s43(2)"}
		}
		p := decided(t, s, foi.FOIA, fmt.Sprintf("Entry %d", i), category, published, parts...)
		if i%3 != 1 {
			want = append(want, p.Reference.String())
			if category == "A" {
				wantInA = append(wantInA, p.Reference.String())
			}
		}
	}
	// Newest first: by publication date, then reference.
	all := refs(t, s, foi.PublicationFilter{PerPage: 100})
	var order []string
	for _, r := range all {
		for _, w := range want {
			if r == w {
				order = append(order, r)
			}
		}
	}
	if len(order) != 20 {
		t.Fatalf("%d filtered entries in the log, want 20", len(order))
	}
	var inA []string
	for _, r := range order {
		for _, w := range wantInA {
			if r == w {
				inA = append(inA, r)
			}
		}
	}
	for _, tc := range []struct {
		f     foi.PublicationFilter
		want  []string
		total int
	}{
		{foi.PublicationFilter{Exemption: "foia:s43(2)", PerPage: 6}, order[:6], 20},
		{foi.PublicationFilter{Exemption: "foia:s43(2)", PerPage: 6, Page: 2}, order[6:12], 20},
		{foi.PublicationFilter{Exemption: "foia:s43(2)", PerPage: 6, Page: 4}, order[18:], 20},
		{foi.PublicationFilter{Outcome: foi.Withheld, Exemption: "foia:s43(2)", PerPage: 6, Page: 3}, order[12:18], 20},
		{foi.PublicationFilter{Exemption: "foia:s43(2)", Category: "A", PerPage: 4, Page: 2}, inA[4:8], len(inA)},
		{foi.PublicationFilter{Exemption: "foia:s43(2)", Query: "entry", PerPage: 6, Page: 2}, order[6:12], 20},
	} {
		pg := page(t, s, tc.f)
		if diff := cmp.Diff(tc.want, pageRefs(pg)); diff != "" {
			t.Errorf("%+v (-want +got):\n%s", tc.f, diff)
		}
		if pg.Total != tc.total {
			t.Errorf("%+v: total %d, want %d", tc.f, pg.Total, tc.total)
		}
	}
}

func testWelshTitles(t *testing.T, s foi.Store) {
	_, p := publishable(t, s, "Bins", "Weekly")
	save(t, s, p)
	_, q := publishable(t, s, "Roads", "Resurfaced")
	save(t, s, q)
	w := &foi.WelshPublication{RequestID: p.RequestID, Title: "Biniau", Summary: "Casgliadau wythnosol", Request: "Biniau?"}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.SetWelshPublication(ctx, w) }); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindWelshTitles(ctx, []int64{p.RequestID, q.RequestID})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]*foi.WelshPublication{p.RequestID: {RequestID: p.RequestID, Title: "Biniau", Summary: "Casgliadau wythnosol"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FindWelshTitles (-want +got):\n%s", diff)
	}
}

// BackfillFacets publishes entries for an engine's test of migration 0030's
// backfill; the test then forgets the facets and the migration, opens the
// store again, and calls check, which finds them filed as publishing files
// them.
func BackfillFacets(t *testing.T, s foi.Store) (check func(t *testing.T, s foi.Store)) {
	a := decided(t, s, foi.FOIA, "Tender weightings", "Procurement", "2023-06-05",
		"granted", "", "withheld", "s43(2),s40(2)")
	b := decided(t, s, foi.EIR, "Incinerator contract", "Procurement", "2023-07-01",
		"partially-withheld", "reg12(5)(e)")
	c := decided(t, s, foi.FOIA, "Gritting", "Highways", "2023-07-02", "granted", "s43(2)")
	d := decided(t, s, foi.FOIA, "Salaries", "Human resources", "2023-07-03", "withheld", "s40(2)")
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.UnpublishPublication(ctx, d.RequestID) }); err != nil {
		t.Fatal(err)
	}
	A, B, C := a.Reference.String(), b.Reference.String(), c.Reference.String()
	return func(t *testing.T, s foi.Store) {
		for _, tc := range []struct {
			f    foi.PublicationFilter
			want []string
		}{
			{foi.PublicationFilter{Exemption: "foia:s43(2)"}, []string{A}},
			{foi.PublicationFilter{Exemption: "foia:s40(2)"}, []string{A}},
			{foi.PublicationFilter{Exemption: "eir:reg12(5)(e)", Category: "Procurement"}, []string{B}},
			{foi.PublicationFilter{Outcome: foi.PartiallyWithheld}, []string{B, A}},
			{foi.PublicationFilter{Outcome: foi.Granted}, []string{C}},
			{foi.PublicationFilter{Outcome: foi.PartiallyWithheld, Exemption: "foia:s40(2)", Month: "2023-06"}, []string{A}},
		} {
			pg := page(t, s, tc.f)
			if diff := cmp.Diff(tc.want, pageRefs(pg)); diff != "" || pg.Total != len(tc.want) {
				t.Errorf("after the backfill, %+v: total %d (-want +got):\n%s", tc.f, pg.Total, diff)
			}
		}
		x, err := s.FindPublicationExemptions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []foi.Facet{{Value: "foia:s40(2)", Count: 1}, {Value: "foia:s43(2)", Count: 1}, {Value: "eir:reg12(5)(e)", Count: 1}}
		if diff := cmp.Diff(want, x); diff != "" {
			t.Errorf("exemptions after the backfill (-want +got):\n%s", diff)
		}
	}
}
