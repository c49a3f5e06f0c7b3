// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"fmt"
	"slices"
	"testing"

	"disclose/internal/foi"
)

// testSearchAcrossMonths: a search's matches spread over years, with a
// crowded year, a gap of empty months and years where the word is rare,
// come back whole and
// in the contract's order: the 1,000 newest matches first (ranked), then
// the older ones newest first; a search by month or category finds exactly
// its own. (PostgreSQL reads matches a few months at a time, newest first:
// this is what it must not lose.)
func testSearchAcrossMonths(t *testing.T, s foi.Store) {
	type entry struct {
		ref      string
		month    string
		category string
		salt     bool
	}
	var (
		cases []foi.ImportedCase
		all   []entry // oldest first
	)
	start := day("2014-01-01")
	for i := range 1040 {
		// One a week from 2014 to 2019, none in 2020, then two a day
		// through 2021: months with few matches, none, and many.
		on := start.AddDate(0, 0, 7*i)
		if i >= 310 {
			on = day("2021-01-01").AddDate(0, 0, (i-310)/2)
		}
		r := newRequest(foi.FOIA, on.AddDate(0, 0, -20).Format("2006-01-02"))
		r.Reference = foi.Reference{Prefix: "FOI", Number: 20000 + i}
		r.Requester = foi.Requester{Name: foi.ImportedRequesterName}
		r.Status, r.RespondedOn, r.Outcome = foi.StatusResponded, on.AddDate(0, 0, -1), foi.Granted
		text := "How many gritting lorries did you run?"
		e := entry{ref: r.Reference.String(), month: on.Format("2006-01"), category: []string{"Roads", "Fleet"}[i%2]}
		if i%7 == 0 {
			text, e.salt = "How much salt did the gritting lorries spread?", true
		}
		cases = append(cases, foi.ImportedCase{Request: r, Publication: &foi.Publication{Reference: r.Reference,
			Regime: r.Regime, Title: fmt.Sprintf("Winter %d", i), Category: e.category, PublishedOn: on,
			ReceivedOn: r.ReceivedOn, RespondedOn: r.RespondedOn, Request: text, Outcome: r.Outcome}})
		all = append(all, e)
	}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateImported(ctx, cases) }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.IndexImported(ctx); err != nil {
		t.Fatal(err)
	}
	newestFirst := func(keep func(entry) bool) []string {
		var out []string
		for _, e := range slices.Backward(all) {
			if keep(e) {
				out = append(out, e.ref)
			}
		}
		return out
	}
	// every reads every page of a search, 100 at a time.
	every := func(f foi.PublicationFilter) (refs []string, total int) {
		f.PerPage = 100
		for f.Page = 1; ; f.Page++ {
			pg := page(t, s, f)
			total = pg.Total
			if len(pg.Entries) == 0 {
				return refs, total
			}
			refs = append(refs, pageRefs(pg)...)
		}
	}

	gritting := newestFirst(func(entry) bool { return true })
	if pg := page(t, s, foi.PublicationFilter{Query: "gritting"}); pg.Total != 1000 || !pg.TotalIsLowerBound {
		t.Errorf("first page: total %d (lower bound %v), want more than 1,000", pg.Total, pg.TotalIsLowerBound)
	}
	got, total := every(foi.PublicationFilter{Query: "gritting"})
	if total != len(gritting) || len(got) != len(gritting) {
		t.Fatalf("all pages: total %d, %d entries; want %d", total, len(got), len(gritting))
	}
	window := slices.Clone(got[:1000])
	slices.Sort(window)
	want := slices.Clone(gritting[:1000])
	slices.Sort(want)
	if !slices.Equal(window, want) {
		t.Errorf("the first 1,000 results are not the 1,000 newest matches")
	}
	if !slices.Equal(got[1000:], gritting[1000:]) {
		t.Errorf("past the first 1,000: %v, want the older matches newest first %v", got[1000:], gritting[1000:])
	}

	for _, tt := range []struct {
		name string
		f    foi.PublicationFilter
		keep func(entry) bool
	}{
		{"a rarer pair of words", foi.PublicationFilter{Query: "salt gritting"}, func(e entry) bool { return e.salt }},
		{"a month of many", foi.PublicationFilter{Query: "gritting", Month: "2021-06"}, func(e entry) bool { return e.month == "2021-06" }},
		{"a month of few", foi.PublicationFilter{Query: "salt", Month: "2016-03"}, func(e entry) bool { return e.salt && e.month == "2016-03" }},
		{"an empty month", foi.PublicationFilter{Query: "gritting", Month: "2020-05"}, func(entry) bool { return false }},
		{"a category", foi.PublicationFilter{Query: "salt", Category: "Fleet"}, func(e entry) bool { return e.salt && e.category == "Fleet" }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			want := newestFirst(tt.keep)
			got, total := every(tt.f)
			if total != len(want) {
				t.Errorf("total %d, want %d", total, len(want))
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("found %d entries, want %d: %v", len(got), len(want), got)
			}
		})
	}
}

// testSearchRanksAlike: both engines rank the window the same way: each
// searched phrase scores 8 in the title and 4 in the summary, and entries
// that score alike go newest first, however often the words stand in
// their requests and answers. (PostgreSQL ranked by ts_rank over the whole
// document before, which put the oftenest-mentioned first.)
func testSearchRanksAlike(t *testing.T, s foi.Store) {
	_, often := publishable(t, s, "Gully cleaning: gully cleaning rounds, gully cleaning lorries and gully cleaning staff?",
		"Gully cleaning costs; gully cleaning is weekly.")
	often.PublishedOn = day("2023-06-01")
	save(t, s, often)
	_, once := publishable(t, s, "Do you do gully cleaning?", "Yes.")
	once.PublishedOn = day("2023-06-05")
	save(t, s, once)
	_, summarised := publishable(t, s, "How are drains kept clear?", "By contractors.")
	summarised.PublishedOn = day("2023-05-20")
	summarised.Summary = "Gully cleaning contracts"
	save(t, s, summarised)
	_, titled := publishable(t, s, "How are drains kept clear?", "By the council.")
	titled.PublishedOn = day("2023-05-10")
	titled.Title = "Gully cleaning"
	save(t, s, titled)

	want := []string{titled.Reference.String(), summarised.Reference.String(), once.Reference.String(), often.Reference.String()}
	if got := pageRefs(page(t, s, foi.PublicationFilter{Query: "gully cleaning"})); !slices.Equal(got, want) {
		t.Errorf("search ranks %v; want %v (title, summary, then the rest newest first)", got, want)
	}
}
