// SPDX-License-Identifier: AGPL-3.0-or-later

package logbench

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/sqlite"
	"disclose/internal/web"
)

// TestBenchmarkAtSmallScale runs the 1,000,000-entry benchmark's code on
// 2,000 entries, so that `go run ./cmd/disclose-bench` keeps working: the
// generated log imports whole, a second build uses the cache, and every
// measured request succeeds.
func TestBenchmarkAtSmallScale(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	const n = 2000
	st, imported, err := Build(ctx, dir, n, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !imported || st.Created != n || st.Refused != 0 {
		t.Fatalf("build imported %v: %+v, want %d created", imported, st, n)
	}
	if _, imported, err := Build(ctx, dir, n, nil); err != nil || imported {
		t.Fatalf("second build: imported again %v, %v; want the cached database", imported, err)
	}

	_, dbFile := Paths(dir, n)
	store, err := sqlite.Open(ctx, dbFile)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	svc, err := casework.New(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	site, err := web.New(svc, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(site.Handler())
	defer srv.Close()

	res, err := Measure(ctx, srv.URL, Options{Rounds: 1, DeepPage: 50, EntryFor: 300 * time.Millisecond, Concurrency: 2, Entries: n})
	if err != nil {
		t.Fatal(err)
	}
	if res.TotalEntries != n {
		t.Errorf("the log lists %d entries, want %d", res.TotalEntries, n)
	}
	if res.Search.N != len(Queries) || res.BrowsePage.N == 0 || res.SearchDeep.N == 0 {
		t.Errorf("timed too few requests: %+v", res)
	}
	if res.Entry.Requests == 0 || res.Entry.Errors != 0 {
		t.Errorf("entry pages: %s; want requests and no errors", res.Entry)
	}
	t.Logf("search %s; entry %s", res.Search, res.Entry)
}
