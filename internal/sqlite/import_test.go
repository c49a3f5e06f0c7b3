// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlite

import (
	"fmt"
	"path/filepath"
	"testing"

	"disclose/internal/foi"
)

// importedCase is a responded, published case as `disclose import` makes
// one: reference number n, a title with the word "salt".
func importedCase(n int) foi.ImportedCase {
	r := testRequest("How much salt was spread?")
	r.Reference = foi.Reference{Prefix: "FOI", Number: n}
	r.Requester = foi.Requester{Name: foi.ImportedRequesterName}
	r.Status, r.RespondedOn, r.Outcome = foi.StatusResponded, day("2024-03-20"), foi.Granted
	return foi.ImportedCase{
		Request: r,
		Event:   &foi.Event{Type: foi.EventImported, Actor: "disclose import"},
		Publication: &foi.Publication{Reference: r.Reference, Regime: r.Regime, Title: fmt.Sprintf("Road salt %d", n),
			Category: "Highways", PublishedOn: day("2024-04-01"), ReceivedOn: r.ReceivedOn, RespondedOn: r.RespondedOn,
			Request: r.Text, Outcome: r.Outcome,
			Parts: []foi.PublishedPart{{Number: 1, Text: r.Text, Answer: "412 tonnes", Outcome: foi.Granted}}},
	}
}

func searchRefs(t *testing.T, s *Store, q string) []string {
	t.Helper()
	pg, err := s.FindPublications(ctx, foi.PublicationFilter{Query: q, Page: 1, PerPage: 50})
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, e := range pg.Entries {
		refs = append(refs, e.Reference.String())
	}
	return refs
}

// An import that stops before indexing what it stored (the process was
// killed between its last batch and the end) leaves those entries in the
// backlog; the next process to open the file indexes them, so none is left
// out of search for good, and the index is sound.
func TestImportedEntriesAreIndexedWhenTheStoreNextOpens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "disclose.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	cases := []foi.ImportedCase{importedCase(501), importedCase(502), importedCase(503)}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateImported(ctx, cases) }); err != nil {
		t.Fatal(err)
	}
	if got := searchRefs(t, s, "salt"); len(got) != 0 {
		t.Errorf("search found %v before the import's indexing; want the entries waiting in the backlog", got)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := searchRefs(t, s, "salt"); len(got) != 3 {
		t.Errorf("search after reopening found %v, want FOI 501-503", got)
	}
	var waiting int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM publication_search_backlog`).Scan(&waiting); err != nil || waiting != 0 {
		t.Errorf("backlog after reopening: %d entries (%v), want none", waiting, err)
	}
	// (rank 0: the index checked on its own; FTS5 cannot read this
	// content view back in a check.)
	if _, err := s.w.ExecContext(ctx, `INSERT INTO publication_search (publication_search, rank) VALUES ('integrity-check', 0)`); err != nil {
		t.Errorf("search index integrity check: %v", err)
	}
}

// A new file is made with 8 KiB pages (see pageSize); an existing one keeps
// its own.
func TestNewFileHasLargerPages(t *testing.T) {
	s := openTest(t)
	var size int
	if err := s.r.QueryRowContext(ctx, `PRAGMA page_size`).Scan(&size); err != nil || size != pageSize {
		t.Errorf("page_size = %d (%v), want %d", size, err, pageSize)
	}
}

// A search counts its matches only as far as the page asked for needs: a
// first page says "more than 1,000", and a page past the first thousand
// counts on and finds the rest.
func TestSearchCountsAsFarAsThePage(t *testing.T) {
	s := openTest(t)
	var cases []foi.ImportedCase
	for n := range 1100 {
		cases = append(cases, importedCase(2000+n))
	}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateImported(ctx, cases) }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.IndexImported(ctx); err != nil {
		t.Fatal(err)
	}
	first, err := s.FindPublications(ctx, foi.PublicationFilter{Query: "salt", Page: 1, PerPage: 20})
	if err != nil {
		t.Fatal(err)
	}
	if first.Total != 1000 || !first.TotalIsLowerBound || len(first.Entries) != 20 {
		t.Errorf("page 1: total %d (lower bound %v), %d entries; want more than 1,000 and 20 entries", first.Total, first.TotalIsLowerBound, len(first.Entries))
	}
	last, err := s.FindPublications(ctx, foi.PublicationFilter{Query: "salt", Page: 55, PerPage: 20})
	if err != nil {
		t.Fatal(err)
	}
	if last.Total != 1100 || last.TotalIsLowerBound || len(last.Entries) != 20 {
		t.Errorf("page 55: total %d (lower bound %v), %d entries; want exactly 1,100 and the last 20", last.Total, last.TotalIsLowerBound, len(last.Entries))
	}
	// The oldest entry (the smallest reference, all published the same day) is last.
	if got := last.Entries[19].Reference.Number; got != 2000 {
		t.Errorf("the last entry of page 55 is %d, want 2000", got)
	}
}
