// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"disclose/internal/foi"
	"disclose/internal/pgtest"
)

// TestUpgradeFromOlderSchema migrates databases made by an earlier
// Disclose (testdata/upgrade: migrations 0001-0009, the demo's cases) to
// the current schema on both engines: `check` reports the migrations
// missing, `migrate` applies them, `check` then passes with the same
// counts, the cases read back whole, the published entry is found by
// search (the search indexes are rebuilt for old rows), and `serve` takes
// a new request on it.
func TestUpgradeFromOlderSchema(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real servers; skipped with -short")
	}
	bin := buildDisclose(t)
	t.Run("sqlite", func(t *testing.T) {
		b, err := os.ReadFile(filepath.Join("testdata", "upgrade", "schema-0009.sqlite"))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "old.db")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		upgrade(t, bin, "sqlite:"+path)
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := pgtest.Start(t)
		pgBin, err := pgtest.Binaries()
		if err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(filepath.Join(pgBin, "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-X",
			"-f", filepath.Join("testdata", "upgrade", "schema-0009.sql"), "--dbname", dsn).CombinedOutput(); err != nil {
			t.Fatalf("psql: loading the old dump: %v\n%s", err, out)
		}
		upgrade(t, bin, dsn)
	})
}

func upgrade(t *testing.T, bin, dsn string) {
	code, out := runBin(t, bin, "check", "--db", dsn)
	if code != 1 || !strings.Contains(out, "schema version: 9") || !strings.Contains(out, "migrations not applied: 0010_") {
		t.Fatalf("check of the old database: exit %d, want 1 naming the migrations missing\n%s", code, out)
	}
	counts := func(out string) map[string]string {
		m := map[string]string{}
		for _, line := range strings.Split(out, "\n") {
			if k, v, ok := strings.Cut(line, ": "); ok && (k == "requests" || k == "publications" || k == "users") {
				m[k] = v
			}
		}
		return m
	}
	before := counts(out)
	if before["requests"] == "" || before["requests"] == "0" || before["publications"] == "0" {
		t.Fatalf("the fixture holds no cases: %v", before)
	}
	if code, out := runBin(t, bin, "migrate", "--db", dsn); code != 0 {
		t.Fatalf("migrate: exit %d\n%s", code, out)
	}
	code, out = runBin(t, bin, "check", "--db", dsn)
	if code != 0 || !strings.Contains(out, "migrations: all applied") {
		t.Fatalf("check after migrating: exit %d\n%s", code, out)
	}
	if after := counts(out); after["requests"] != before["requests"] || after["publications"] != before["publications"] || after["users"] != before["users"] {
		t.Errorf("counts changed by the upgrade: before %v, after %v", before, after)
	}

	ctx := context.Background()
	store, err := openStore(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	reqs, total, err := store.FindRequests(ctx, foi.RequestFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if want := before["requests"]; total == 0 || want != strconv.Itoa(total) {
		t.Errorf("FindRequests after the upgrade: %d, check counted %s", total, want)
	}
	for _, r := range reqs {
		full, err := store.FindRequest(ctx, r.Reference)
		if err != nil || full.Requester.Name == "" || len(full.Parts) == 0 || full.ReceivedOn.IsZero() {
			t.Errorf("%s after the upgrade: %v (requester %q, %d parts)", r.Reference, err, full.Requester.Name, len(full.Parts))
		}
	}
	pubs, err := store.FindPublications(ctx, foi.PublicationFilter{})
	if err != nil || len(pubs.Entries) == 0 {
		t.Fatalf("published entries after the upgrade: %v", err)
	}
	title := pubs.Entries[0].Title
	found, err := store.FindPublications(ctx, foi.PublicationFilter{Query: strings.Fields(title)[0]})
	if err != nil || found.Total == 0 {
		t.Errorf("searching for %q (an entry published before the upgrade): %v, %d found", strings.Fields(title)[0], err, found.Total)
	}
	store.Close()

	// The events from before the upgrade were linked into the audit chain
	// (in id order) by migrate, and it verifies.
	code, out = runBin(t, bin, "audit", "verify", "--db", dsn)
	m := verifiedEvents.FindStringSubmatch(out)
	if code != 0 || m == nil || m[1] == "0" {
		t.Fatalf("audit verify after the upgrade: exit %d\n%s", code, out)
	}

	s := startServed(t, bin, dsn, "--public-api-requests")
	if code := postJSON(t, s.base+"/api/v1/requests", "", `{"requester":{"name":"After Upgrade","email":"after@example.org"},"request":"Is it still working?"}`); code != 201 {
		t.Errorf("a new request after the upgrade: %d, want 201", code)
	}
	// serve is still running: verify reads beside it.
	code, out = runBin(t, bin, "audit", "verify", "--db", dsn)
	if m2 := verifiedEvents.FindStringSubmatch(out); code != 0 || m2 == nil || atoi(m2[1]) <= atoi(m[1]) {
		t.Errorf("audit verify after a new request: exit %d, want more events than %s\n%s", code, m[1], out)
	}
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }
