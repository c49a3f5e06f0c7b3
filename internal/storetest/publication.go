// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"disclose/internal/foi"
)

// The disclosure log's part of the contract.
var publicationTests = []struct {
	name string
	fn   func(t *testing.T, s foi.Store)
}{
	{"PublishAndFind", testPublishAndFind},
	{"Republish", testRepublish},
	{"Unpublish", testUnpublish},
	{"PublishValidation", testPublishValidation},
	{"BrowseLog", testBrowseLog},
	{"LogFacets", testLogFacets},
	{"SearchLog", testSearchLog},
	{"SearchSnippets", testSearchSnippets},
	{"SearchPaging", testSearchPaging},
	{"CreateImported", testCreateImported},
	{"SearchCountsAsFarAsThePage", testSearchCountsAsFarAsThePage},
	{"SearchAcrossMonths", testSearchAcrossMonths},
	{"SearchRanksAlike", testSearchRanksAlike},
}

// publishable is a responded request with a distinctive requester, and its
// publication as staff would write it.
func publishable(t *testing.T, s foi.Store, text string, answers ...string) (*foi.Request, *foi.Publication) {
	t.Helper()
	r := newRequest(foi.FOIA, "2023-05-02")
	r.Requester = foi.Requester{Name: "Zebedee Quimby-Private", Email: "zebedee.private@example.net"}
	r.Text = text
	r.Preamble = ""
	r.Parts = nil
	for i, a := range answers {
		r.Parts = append(r.Parts, foi.Part{Number: i + 1, Label: fmt.Sprint(i + 1),
			Text: fmt.Sprintf("Question %d of: %s", i+1, text), Answer: a, Outcome: foi.Granted})
	}
	r.Status = foi.StatusResponded
	r.RespondedOn = day("2023-05-30")
	r.Outcome = foi.Granted
	create(t, s, r)
	p := &foi.Publication{
		RequestID: r.ID, Reference: r.Reference, Regime: r.Regime,
		Title: "Entry " + r.Reference.String(), Category: "Children's services",
		PublishedOn: day("2023-06-01"), ReceivedOn: r.ReceivedOn, RespondedOn: r.RespondedOn,
		Request: r.Text, Outcome: r.Outcome,
	}
	for _, part := range r.Parts {
		p.Parts = append(p.Parts, foi.PublishedPart{Number: part.Number, Label: part.Label, Text: part.Text,
			Answer: part.Answer, Outcome: part.Outcome, Exemptions: part.Exemptions})
	}
	return r, p
}

func save(t *testing.T, s foi.Store, p *foi.Publication) {
	t.Helper()
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.SavePublication(ctx, p) }); err != nil {
		t.Fatalf("SavePublication(%s): %v", p.Reference, err)
	}
}

func page(t *testing.T, s foi.Store, f foi.PublicationFilter) *foi.PublicationPage {
	t.Helper()
	pg, err := s.FindPublications(ctx, f)
	if err != nil {
		t.Fatalf("FindPublications(%+v): %v", f, err)
	}
	return pg
}

func pageRefs(pg *foi.PublicationPage) []string {
	var out []string
	for _, h := range pg.Entries {
		out = append(out, h.Reference.String())
	}
	return out
}

func testPublishAndFind(t *testing.T, s foi.Store) {
	_, want := publishable(t, s, "Social value weighting in tenders", "Yes, 10%", "No")
	want.Summary = "How tenders weigh social value."
	want.Parts[1].Outcome = foi.Withheld
	want.Parts[1].Exemptions = []string{"s43(2)"}
	want.Files = []foi.PublishedFile{{ID: 7, Name: "weightings.xlsx", Size: 5120,
		ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		Hash:        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}}
	save(t, s, want)
	if want.PublishedAt.IsZero() || want.UpdatedAt.IsZero() || !want.Public() {
		t.Fatalf("SavePublication did not set PublishedAt and UpdatedAt: %+v", want)
	}
	got, err := s.FindPublication(ctx, want.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, sameInstant, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("publication read back differs (-saved +read):\n%s", diff)
	}
	if _, err := s.FindPublication(ctx, foi.Reference{Prefix: "FOI", Number: 999999}); foi.ErrorCode(err) != foi.ENOTFOUND {
		t.Errorf("FindPublication of an unpublished reference: %v, want ENOTFOUND", err)
	}
}

func testRepublish(t *testing.T, s foi.Store) {
	_, p := publishable(t, s, "Street lighting repairs", "42")
	save(t, s, p)
	first := p.PublishedAt
	p.Title = "Street lighting (corrected)"
	p.Category = "Highways"
	p.PublishedOn = day("2024-02-03")
	p.Parts[0].Answer = "43"
	save(t, s, p)
	got, err := s.FindPublication(ctx, p.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Street lighting (corrected)" || got.Parts[0].Answer != "43" || got.Category != "Highways" {
		t.Errorf("republished entry reads %q / %q / %q, want the new title, answer and category", got.Title, got.Parts[0].Answer, got.Category)
	}
	if !got.PublishedAt.Equal(first) {
		t.Errorf("republishing moved PublishedAt from %v to %v; it records the first publication", first, got.PublishedAt)
	}
	pg := page(t, s, foi.PublicationFilter{})
	if pg.Total != 1 || len(pg.Entries) != 1 {
		t.Fatalf("log has %d entries (total %d) after republishing one request, want 1", len(pg.Entries), pg.Total)
	}
	cats, _ := s.FindPublicationCategories(ctx)
	if diff := cmp.Diff([]foi.Facet{{Value: "Highways", Count: 1}}, cats); diff != "" {
		t.Errorf("categories after a change of category (-want +got):\n%s", diff)
	}
	months, _ := s.FindPublicationMonths(ctx, "")
	if diff := cmp.Diff([]foi.Facet{{Value: "2024-02", Count: 1}}, months); diff != "" {
		t.Errorf("months after a change of date (-want +got):\n%s", diff)
	}
	if n := page(t, s, foi.PublicationFilter{Query: "42"}).Total; n != 0 {
		t.Errorf("search finds the old answer in %d entries; the index must hold only what is published", n)
	}
	if n := page(t, s, foi.PublicationFilter{Query: "43"}).Total; n != 1 {
		t.Errorf("search finds the new answer in %d entries, want 1", n)
	}
}

func testUnpublish(t *testing.T, s foi.Store) {
	r, p := publishable(t, s, "Library opening hours", "9 to 5")
	save(t, s, p)
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.UnpublishPublication(ctx, r.ID) }); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindPublication(ctx, p.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if got.Public() {
		t.Error("an unpublished entry still reads as public")
	}
	if pg := page(t, s, foi.PublicationFilter{}); pg.Total != 0 || len(pg.Entries) != 0 {
		t.Errorf("log lists %d entries (total %d) after unpublishing the only one", len(pg.Entries), pg.Total)
	}
	if pg := page(t, s, foi.PublicationFilter{Query: "library"}); pg.Total != 0 {
		t.Errorf("search still finds an unpublished entry")
	}
	if cats, _ := s.FindPublicationCategories(ctx); len(cats) != 0 {
		t.Errorf("categories still count an unpublished entry: %v", cats)
	}
	err = s.Update(ctx, func(tx foi.Tx) error { return tx.UnpublishPublication(ctx, r.ID) })
	if foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("unpublishing twice: %v, want ECONFLICT", err)
	}
	err = s.Update(ctx, func(tx foi.Tx) error { return tx.UnpublishPublication(ctx, r.ID+1000) })
	if foi.ErrorCode(err) != foi.ENOTFOUND {
		t.Errorf("unpublishing a request never published: %v, want ENOTFOUND", err)
	}
	save(t, s, p) // republish
	if pg := page(t, s, foi.PublicationFilter{Query: "library"}); pg.Total != 1 {
		t.Errorf("republished entry is not found by search (total %d)", pg.Total)
	}
}

func testPublishValidation(t *testing.T, s foi.Store) {
	_, p := publishable(t, s, "Bins", "Weekly")
	q := *p
	q.RequestID = 987654
	q.Reference.Number = 987654
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.SavePublication(ctx, &q) }); foi.ErrorCode(err) != foi.ENOTFOUND {
		t.Errorf("publishing a missing request: %v, want ENOTFOUND", err)
	}
	if pg := page(t, s, foi.PublicationFilter{}); pg.Total != 0 {
		t.Errorf("refused publications left %d entries in the log", pg.Total)
	}
}

// logOf publishes n entries on consecutive days from 2023-01-01, in
// categories A, B and C in turn, and returns their references newest first.
func logOf(t *testing.T, s foi.Store, n int) []string {
	t.Helper()
	var refs []string
	for i := range n {
		_, p := publishable(t, s, fmt.Sprintf("Request number %d about parking", i), "An answer")
		p.Category = string(rune('A' + i%3))
		p.PublishedOn = day("2023-01-01").AddDate(0, 0, i)
		save(t, s, p)
		refs = append([]string{p.Reference.String()}, refs...)
	}
	return refs
}

func testBrowseLog(t *testing.T, s foi.Store) {
	refs := logOf(t, s, 75) // 2023-01-01 .. 2023-03-16
	var inA []string
	for i, r := range refs {
		if (74-i)%3 == 0 {
			inA = append(inA, r)
		}
	}
	tests := []struct {
		name      string
		f         foi.PublicationFilter
		want      []string
		wantTotal int
	}{
		{"first page newest first", foi.PublicationFilter{PerPage: 10}, refs[:10], 75},
		{"a page across months", foi.PublicationFilter{PerPage: 10, Page: 2}, refs[10:20], 75},
		{"last page", foi.PublicationFilter{PerPage: 10, Page: 8}, refs[70:], 75},
		{"past the end", foi.PublicationFilter{PerPage: 10, Page: 9}, nil, 75},
		{"default page size", foi.PublicationFilter{}, refs[:foi.DefaultPerPage], 75},
		{"category", foi.PublicationFilter{Category: "A", PerPage: 5, Page: 2}, inA[5:10], 25},
		{"unknown category", foi.PublicationFilter{Category: "Z"}, nil, 0},
		// February 2023 is entries 31..58 (0-based), newest first.
		{"month", foi.PublicationFilter{Month: "2023-02", PerPage: 100}, refs[75-59 : 75-31], 28},
		{"month page 2", foi.PublicationFilter{Month: "2023-02", PerPage: 20, Page: 2}, refs[75-59+20 : 75-31], 28},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pg := page(t, s, tt.f)
			if diff := cmp.Diff(tt.want, pageRefs(pg), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if pg.Total != tt.wantTotal || pg.TotalIsLowerBound {
				t.Errorf("total = %d (lower bound %v), want %d", pg.Total, pg.TotalIsLowerBound, tt.wantTotal)
			}
		})
	}
	for _, bad := range []foi.PublicationFilter{{Month: "2023-13"}, {Page: -1}, {PerPage: 1000}, {Query: "?!"}, {Query: "-parking"}} {
		if _, err := s.FindPublications(ctx, bad); foi.ErrorCode(err) != foi.EINVALID {
			t.Errorf("FindPublications(%+v): %v, want EINVALID", bad, err)
		}
	}
}

func testLogFacets(t *testing.T, s foi.Store) {
	logOf(t, s, 40) // Jan: 31 entries, Feb: 9
	cats, err := s.FindPublicationCategories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]foi.Facet{{Value: "A", Count: 14}, {Value: "B", Count: 13}, {Value: "C", Count: 13}}, cats); diff != "" {
		t.Errorf("categories (-want +got):\n%s", diff)
	}
	months, err := s.FindPublicationMonths(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]foi.Facet{{Value: "2023-02", Count: 9}, {Value: "2023-01", Count: 31}}, months); diff != "" {
		t.Errorf("months (-want +got):\n%s", diff)
	}
	months, _ = s.FindPublicationMonths(ctx, "B")
	if diff := cmp.Diff([]foi.Facet{{Value: "2023-02", Count: 3}, {Value: "2023-01", Count: 10}}, months); diff != "" {
		t.Errorf("months in category B (-want +got):\n%s", diff)
	}
}

func testSearchLog(t *testing.T, s foi.Store) {
	_, tender := publishable(t, s, "Do you apply a social value weighting when you tender for placements?", "Yes, 10% of the score.")
	tender.Title = "Placements"
	save(t, s, tender)
	_, parking := publishable(t, s, "How much parking fine income did you receive?", "£1.2 million in 2022.")
	parking.Category = "Parking"
	parking.PublishedOn = day("2024-03-05")
	save(t, s, parking)
	_, potholes := publishable(t, s, "How many potholes were repaired in 2022?", "3,104 potholes; the social media team was not involved.")
	potholes.Category = "Highways"
	save(t, s, potholes)

	ref := func(p *foi.Publication) string { return p.Reference.String() }
	tests := []struct {
		name  string
		f     foi.PublicationFilter
		want  []string // in any order
		total int
	}{
		{"stemming: weightings finds weighting", foi.PublicationFilter{Query: "weightings"}, []string{ref(tender)}, 1},
		{"every word must match", foi.PublicationFilter{Query: "social value weighting tender"}, []string{ref(tender)}, 1},
		{"a word common to two", foi.PublicationFilter{Query: "social"}, []string{ref(tender), ref(potholes)}, 2},
		{"phrase", foi.PublicationFilter{Query: `"social media"`}, []string{ref(potholes)}, 1},
		{"or", foi.PublicationFilter{Query: "parking OR potholes"}, []string{ref(parking), ref(potholes)}, 2},
		{"exclusion", foi.PublicationFilter{Query: "social -potholes"}, []string{ref(tender)}, 1},
		{"case and punctuation", foi.PublicationFilter{Query: "PARKING, fine!"}, []string{ref(parking)}, 1},
		{"title", foi.PublicationFilter{Query: "placements"}, []string{ref(tender)}, 1},
		{"category", foi.PublicationFilter{Query: "social", Category: "Highways"}, []string{ref(potholes)}, 1},
		{"month", foi.PublicationFilter{Query: "2022", Month: "2024-03"}, []string{ref(parking)}, 1},
		{"no match", foi.PublicationFilter{Query: "zebra crossing"}, nil, 0},
		{"operators are searched, not obeyed", foi.PublicationFilter{Query: `NEAR(social value) title:x "`}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pg := page(t, s, tt.f)
			if diff := cmp.Diff(tt.want, pageRefs(pg), cmpopts.EquateEmpty(), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
				t.Errorf("search %+v (-want +got):\n%s", tt.f, diff)
			}
			if pg.Total != tt.total {
				t.Errorf("total = %d, want %d", pg.Total, tt.total)
			}
		})
	}
	// A title match ranks above a match deep in an answer.
	_, titled := publishable(t, s, "Budgets", "No potholes here")
	titled.Title = "Potholes"
	save(t, s, titled)
	if got := pageRefs(page(t, s, foi.PublicationFilter{Query: "potholes"})); len(got) != 2 || got[0] != ref(titled) {
		t.Errorf("search for potholes ranks %v; want %s (title match) first", got, ref(titled))
	}
}

func testSearchSnippets(t *testing.T, s foi.Store) {
	_, p := publishable(t, s, "Placements for children", "We apply a social value weighting of 10% to every tender <b>we</b> run.")
	save(t, s, p)
	pg := page(t, s, foi.PublicationFilter{Query: "weightings tender"})
	if len(pg.Entries) != 1 {
		t.Fatalf("found %d entries, want 1", len(pg.Entries))
	}
	snip := pg.Entries[0].Snippet
	var marked []string
	for _, piece := range snip {
		if piece.Match {
			marked = append(marked, strings.ToLower(piece.Text))
		}
	}
	if diff := cmp.Diff([]string{"weighting", "tender"}, marked); diff != "" {
		t.Errorf("snippet %q marks (-want +got):\n%s", snip.String(), diff)
	}
	if !strings.Contains(snip.String(), "<b>we</b>") {
		t.Errorf("snippet %q lost the text as written; escaping is the renderer's job", snip.String())
	}
	if strings.ContainsAny(snip.String(), "\x02\x03") {
		t.Errorf("snippet %q carries the store's markers", snip.String())
	}
	// Browsing has no snippets.
	if b := page(t, s, foi.PublicationFilter{}); len(b.Entries) != 1 || b.Entries[0].Snippet != nil {
		t.Errorf("browse entry has a snippet")
	}
	// A word found only deep in a long answer is marked there: an engine
	// that marks the start of a text first must look further for it.
	_, long := publishable(t, s, "Ward records", strings.Repeat("The council keeps the records of each ward for six years. ", 40)+
		"No zeppelins were counted.")
	save(t, s, long)
	pg = page(t, s, foi.PublicationFilter{Query: "zeppelin"})
	if len(pg.Entries) != 1 {
		t.Fatalf("found %d entries for zeppelin, want 1", len(pg.Entries))
	}
	if snip := pg.Entries[0].Snippet; !slices.ContainsFunc(snip, func(p foi.SnippetPiece) bool {
		return p.Match && strings.EqualFold(p.Text, "zeppelins")
	}) {
		t.Errorf("snippet %q does not mark the matched word zeppelins", snip.String())
	}
}

// testSearchPaging checks that pages of a search partition its matches:
// every match once, none twice, whatever the page size.
func testSearchPaging(t *testing.T, s foi.Store) {
	refs := logOf(t, s, 45)
	for _, per := range []int{7, 45} {
		seen := map[string]bool{}
		for pageNo := 1; ; pageNo++ {
			pg := page(t, s, foi.PublicationFilter{Query: "parking", PerPage: per, Page: pageNo})
			if pg.Total != len(refs) {
				t.Fatalf("total = %d, want %d", pg.Total, len(refs))
			}
			if len(pg.Entries) == 0 {
				break
			}
			for _, r := range pageRefs(pg) {
				if seen[r] {
					t.Errorf("per page %d: %s on two pages", per, r)
				}
				seen[r] = true
			}
		}
		if len(seen) != len(refs) {
			t.Errorf("per page %d: pages showed %d of %d matches", per, len(seen), len(refs))
		}
	}
}

func testCreateImported(t *testing.T, s foi.Store) {
	mk := func(number int, published string, down bool) foi.ImportedCase {
		r := newRequest(foi.FOIA, "2019-03-04")
		r.Reference = foi.Reference{Prefix: "FOI", Number: number}
		r.Requester = foi.Requester{Name: foi.ImportedRequesterName}
		r.Status, r.RespondedOn, r.Outcome = foi.StatusResponded, day("2019-03-20"), foi.Granted
		r.Parts[0].Answer, r.Parts[0].Outcome = "Forty two gritters", foi.Granted
		c := foi.ImportedCase{Request: r, Event: &foi.Event{Type: "imported", Actor: "disclose import"}}
		if published != "" {
			c.Publication = &foi.Publication{Reference: r.Reference, Regime: r.Regime, Title: fmt.Sprintf("Gritters %d", number),
				Category: "Highways", PublishedOn: day(published), ReceivedOn: r.ReceivedOn, RespondedOn: r.RespondedOn,
				Request: r.Text, Outcome: r.Outcome, Parts: []foi.PublishedPart{{Number: 1, Text: "How many?", Answer: "Forty two gritters", Outcome: foi.Granted}}}
			if down {
				c.Publication.UnpublishedAt = day(published)
			}
		}
		return c
	}
	cases := []foi.ImportedCase{mk(7001, "2019-04-01", false), mk(7002, "", false), mk(7003, "2019-05-01", true), mk(7004, "2019-04-02", false)}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateImported(ctx, cases) }); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		got, err := s.FindRequest(ctx, c.Request.Reference)
		if err != nil {
			t.Fatalf("imported %s: %v", c.Request.Reference, err)
		}
		if diff := cmp.Diff(c.Request, got, sameInstant, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("imported request read back differs (-stored +read):\n%s", diff)
		}
		events, _ := s.FindEvents(ctx, got.ID)
		if len(events) != 1 || events[0].Type != "imported" {
			t.Errorf("%s has events %v, want the import recorded", got.Reference, events)
		}
	}
	// An entry taken down after the import and before its indexing (an
	// engine may index an import at its end) is never found.
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.UnpublishPublication(ctx, cases[3].Request.ID) }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.IndexImported(ctx); err != nil {
		t.Fatal(err)
	}
	pg := page(t, s, foi.PublicationFilter{Query: "gritters"})
	if diff := cmp.Diff([]string{"FOI 7001"}, pageRefs(pg)); diff != "" {
		t.Errorf("search after import and indexing (-want +got):\n%s", diff)
	}
	if n, err := s.IndexImported(ctx); err != nil || n != 0 {
		t.Errorf("indexing again = %d, %v; want nothing left to index", n, err)
	}
	// Republished, it is found again.
	back := *cases[3].Publication
	back.UnpublishedAt = time.Time{}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.SavePublication(ctx, &back) }); err != nil {
		t.Fatal(err)
	}
	pg = page(t, s, foi.PublicationFilter{Query: "gritters"})
	if diff := cmp.Diff([]string{"FOI 7004", "FOI 7001"}, pageRefs(pg), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("search after republishing (-want +got):\n%s", diff)
	}
	if got, err := s.FindPublication(ctx, foi.Reference{Prefix: "FOI", Number: 7003}); err != nil || got.Public() {
		t.Errorf("an entry imported as taken down: %v, %v; want it stored and not public", got, err)
	}
	if months, _ := s.FindPublicationMonths(ctx, ""); len(months) != 1 || months[0] != (foi.Facet{Value: "2019-04", Count: 2}) {
		t.Errorf("months after import = %v, want 2019-04 with 2", months)
	}
	// The reference sequence moves past the imported numbers.
	next := create(t, s, newRequest(foi.FOIA, "2024-01-02"))
	if next.Reference.Number <= 7004 {
		t.Errorf("a new request after the import got %s, want a number after 7004", next.Reference)
	}
	// An import asks which of its references are stored already.
	var stored map[int]bool
	if err := s.Update(ctx, func(tx foi.Tx) error {
		var err error
		stored, err = tx.StoredReferences(ctx, []int{7001, 7002, 7999})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[int]bool{7001: true, 7002: true}, stored); diff != "" {
		t.Errorf("stored references (-want +got):\n%s", diff)
	}
	// An import reserves the numbers its file brings: intake goes past them.
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.ReserveReferences(ctx, 9000) }); err != nil {
		t.Fatal(err)
	}
	if after := create(t, s, newRequest(foi.FOIA, "2024-01-02")); after.Reference.Number != 9001 {
		t.Errorf("a new request after reserving up to 9000 got %s, want FOI 9001", after.Reference)
	}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.ReserveReferences(ctx, 10) }); err != nil {
		t.Fatal(err)
	}
	if after := create(t, s, newRequest(foi.FOIA, "2024-01-02")); after.Reference.Number != 9002 {
		t.Errorf("reserving a lower number moved the sequence back: got %s, want FOI 9002", after.Reference)
	}
	// An existing reference fails the whole call and stores nothing of it.
	again := []foi.ImportedCase{mk(7100, "2019-06-01", false), mk(7001, "2019-06-01", false)}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateImported(ctx, again) }); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("importing an existing reference: %v, want ECONFLICT", err)
	}
	if _, err := s.FindRequest(ctx, foi.Reference{Prefix: "FOI", Number: 7100}); !foi.IsNotFound(err) {
		t.Errorf("a failed import left FOI 7100 behind: %v", err)
	}
}

// testSearchCountsAsFarAsThePage: a search counts its matches only as far
// as the page asked for needs (sqlstore.CountUpTo), on either engine: a
// first page of 1,100 matches says "more than 1,000", a page past the
// thousandth match counts them all.
func testSearchCountsAsFarAsThePage(t *testing.T, s foi.Store) {
	var cases []foi.ImportedCase
	for i := range 1100 {
		r := newRequest(foi.FOIA, "2019-03-04")
		r.Reference = foi.Reference{Prefix: "FOI", Number: 8000 + i}
		r.Requester = foi.Requester{Name: foi.ImportedRequesterName}
		r.Status, r.RespondedOn, r.Outcome = foi.StatusResponded, day("2019-03-20"), foi.Granted
		cases = append(cases, foi.ImportedCase{Request: r, Publication: &foi.Publication{Reference: r.Reference,
			Regime: r.Regime, Title: fmt.Sprintf("Salt bins %d", i), PublishedOn: day("2019-04-01"),
			ReceivedOn: r.ReceivedOn, RespondedOn: r.RespondedOn, Request: "How many salt bins?", Outcome: r.Outcome}})
	}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateImported(ctx, cases) }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.IndexImported(ctx); err != nil {
		t.Fatal(err)
	}
	first := page(t, s, foi.PublicationFilter{Query: "salt bins", PerPage: 20})
	if first.Total != 1000 || !first.TotalIsLowerBound || len(first.Entries) != 20 {
		t.Errorf("page 1: total %d (lower bound %v), %d entries; want more than 1000, 20 entries",
			first.Total, first.TotalIsLowerBound, len(first.Entries))
	}
	last := page(t, s, foi.PublicationFilter{Query: "salt bins", PerPage: 20, Page: 55})
	if last.Total != 1100 || last.TotalIsLowerBound || len(last.Entries) != 20 {
		t.Errorf("page 55: total %d (lower bound %v), %d entries; want exactly 1100, 20 entries",
			last.Total, last.TotalIsLowerBound, len(last.Entries))
	}
}
