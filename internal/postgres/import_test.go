// SPDX-License-Identifier: AGPL-3.0-or-later

package postgres

import (
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"disclose/internal/foi"
	"disclose/internal/pgtest"
)

func indexDefs(t *testing.T, conn *pgx.Conn) []string {
	t.Helper()
	rows, err := conn.Query(ctx, `SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`)
	if err != nil {
		t.Fatal(err)
	}
	defs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return defs
}

func importCases(t *testing.T, s *Store, from, n int) {
	t.Helper()
	var cases []foi.ImportedCase
	for i := from; i < from+n; i++ {
		day := time.Date(2019, 3, 4, 0, 0, 0, 0, time.UTC)
		r := &foi.Request{Reference: foi.Reference{Prefix: "FOI", Number: i}, Regime: foi.FOIA,
			Channel: foi.ChannelEmail, Requester: foi.Requester{Name: foi.ImportedRequesterName},
			ReceivedAt: day, ReceivedOn: day, Text: "Gritters?", Status: foi.StatusResponded,
			Parts: []foi.Part{{Number: 1, Text: "Gritters?", Answer: "Forty two", Outcome: foi.Granted}}}
		cases = append(cases, foi.ImportedCase{Request: r, Publication: &foi.Publication{Reference: r.Reference,
			Regime: foi.FOIA, Title: "Gritters", PublishedOn: day, ReceivedOn: day, Request: r.Text}})
	}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateImported(ctx, cases) }); err != nil {
		t.Fatal(err)
	}
}

// TestImportBuildsIndexesAtItsEnd: an import into an empty database sets
// the non-unique indexes aside and builds them at its end, exactly as they
// were; one that stopped part-way has them built when the store next
// opens; and the unique ones are kept throughout, so a duplicate reference
// is refused during the import.
func TestImportBuildsIndexesAtItsEnd(t *testing.T) {
	dsn := pgtest.Start(t)
	s := open(t, dsn)
	conn := connect(t, dsn)
	before := indexDefs(t, conn)

	importCases(t, s, 1, 3)
	during := indexDefs(t, conn)
	if len(during) >= len(before) {
		t.Fatalf("during the import %d indexes, before %d: none set aside", len(during), len(before))
	}
	for _, d := range during {
		if !slices.Contains(before, d) {
			t.Errorf("index %q appeared during the import", d)
		}
	}
	err := s.Update(ctx, func(tx foi.Tx) error {
		return tx.CreateImported(ctx, []foi.ImportedCase{{Request: &foi.Request{Reference: foi.Reference{Prefix: "FOI", Number: 2},
			Regime: foi.FOIA, Channel: foi.ChannelEmail, Requester: foi.Requester{Name: "x"}, ReceivedAt: time.Now(),
			ReceivedOn: time.Now(), Status: foi.StatusOpen}}})
	})
	if foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("a duplicate reference during the import: %v, want a conflict", err)
	}
	importCases(t, s, 10, 3) // a later batch sets nothing more aside
	if got := indexDefs(t, conn); !slices.Equal(got, during) {
		t.Errorf("a second batch changed the indexes: %v", got)
	}

	// The import stops here; the next process to open the store builds them.
	s.Close()
	s = open(t, dsn)
	if got := indexDefs(t, conn); !slices.Equal(got, before) {
		t.Errorf("after reopening, indexes\n%v\nwant\n%v", got, before)
	}
	if n, err := s.IndexImported(ctx); err != nil || n != 0 {
		t.Errorf("IndexImported again = %d, %v", n, err)
	}
	// A database that holds cases keeps its indexes while importing.
	importCases(t, s, 20, 3)
	if got := indexDefs(t, conn); !slices.Equal(got, before) {
		t.Errorf("an import into a database with cases changed its indexes: %v", got)
	}
	pg, err := s.FindPublications(ctx, foi.PublicationFilter{Query: "gritters", PerPage: 50})
	if err != nil || pg.Total != 9 {
		t.Errorf("search after the imports: %v, %v; want 9 entries", pg, err)
	}
}
