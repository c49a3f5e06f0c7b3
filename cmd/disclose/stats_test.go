// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/demo"
	"disclose/internal/foi"
	"disclose/internal/sqlite"
)

// demoDatabase is a SQLite file loaded with the demo's cases, open, with
// its service; the caller closes the store before running a command on
// the file.
func demoDatabase(t *testing.T) (string, *sqlite.Store, *casework.Service) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "demo.db")
	store, svc := fileService(t, path)
	if err := demo.Load(context.Background(), svc, &foi.User{ID: 1, Name: "Demo", Role: foi.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	return path, store, svc
}

// fileService opens the SQLite file at path and the casework service on it.
func fileService(t *testing.T, path string) (*sqlite.Store, *casework.Service) {
	t.Helper()
	store, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := casework.New(context.Background(), store)
	if err != nil {
		t.Fatal(err)
	}
	return store, svc
}

func TestStatsCommand(t *testing.T) {
	ctx := context.Background()
	path, store, _ := demoDatabase(t)
	store.Close()

	var out, errOut bytes.Buffer
	code := run(ctx, []string{"stats", "--db", "sqlite:" + path, "--from", "2023-04-01", "--to", "2023-06-30", "--format", "quarterly-csv"}, nil, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	// FOI 12748: received 2 May 2023, answered in time on 30 May, granted.
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "2023 Q2,1,0,0,1,1,0,0,100.0,") {
		t.Errorf("quarterly CSV:\n%s", out.String())
	}
	// The s.45 set for the quarter the period touches, from the same cases.
	out.Reset()
	if code := run(ctx, []string{"stats", "--db", "sqlite:" + path, "--from", "2023-05-01", "--to", "2023-05-31", "--format", "s45-csv"}, nil, &out, &errOut); code != 0 ||
		!strings.Contains(out.String(), "\n2023-04-01,2023-06-30,April to June 2023,all,1,0,0,0,1,1,0,100.0,good,") {
		t.Errorf("s45-csv: exit %d\n%s%s", code, out.String(), errOut.String())
	}
	out.Reset()
	if code := run(ctx, []string{"stats", "--db", "sqlite:" + path, "--from", "2023-05-01", "--to", "2023-05-31", "--format", "sic-csv"}, nil, &out, &errOut); code != 0 ||
		!strings.Contains(out.String(), "2023-04-01,2023-06-30,FOISA,Requests,Requests received,0,") {
		t.Errorf("sic-csv: exit %d\n%s", code, out.String())
	}
	for _, bad := range [][]string{
		{"stats", "--db", "sqlite:" + path, "--from", "2023-04-01"},
		{"stats", "--db", "sqlite:" + path, "--from", "2023-04-01", "--to", "2023-02-30"},
		{"stats", "--db", "sqlite:" + path, "--from", "2023-04-01", "--to", "2023-03-01"},
		{"stats", "--db", "sqlite:" + path, "--from", "2023-04-01", "--to", "2023-06-30", "--format", "xml"},
	} {
		errOut.Reset()
		if code := run(ctx, bad, nil, &out, &errOut); code != 2 || strings.Count(strings.TrimSpace(errOut.String()), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line", bad, code, errOut.String())
		}
	}
}

func TestRetentionCommand(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "retention.db")
	store, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := casework.New(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(ctx, svc, &foi.User{ID: 1, Name: "Demo", Role: foi.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	store.Close()
	db := "sqlite:" + path

	// FOI 12748 was answered on 30 May 2023: due for retention from 30 May 2026.
	var out, errOut bytes.Buffer
	if code := run(ctx, []string{"retention", "--db", db, "--dry-run", "--as-of", "2026-05-29"}, nil, &out, &errOut); code != 0 || out.Len() != 0 {
		t.Fatalf("dry run before it is due: exit %d, %q", code, out.String())
	}
	if code := run(ctx, []string{"retention", "--db", db, "--dry-run", "--as-of", "2026-06-01"}, nil, &out, &errOut); code != 0 ||
		!strings.HasPrefix(out.String(), "FOI 12748\twould remove") {
		t.Fatalf("dry run once due: exit %d, %q", code, out.String())
	}
	store, _ = sqlite.Open(ctx, path)
	r, _ := store.FindRequest(ctx, foi.Reference{Prefix: "FOI", Number: 12748})
	if r.Requester.Name != "Sam Researcher" {
		t.Errorf("the dry run changed the requester to %q", r.Requester.Name)
	}
	// Two failed sign-ins long past the throttle's window, one just now.
	if err := store.Update(ctx, func(tx foi.Tx) error {
		for _, at := range []time.Time{time.Now().Add(-48 * time.Hour), time.Now().Add(-time.Hour), time.Now()} {
			if err := tx.AddLoginFailure(ctx, "address:192.0.2.1", at); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	store.Close()
	out.Reset()
	errOut.Reset()
	if code := run(ctx, []string{"retention", "--db", db, "--as-of", "2026-06-01"}, nil, &out, &errOut); code != 0 ||
		!strings.Contains(out.String(), "removed name, email address") {
		t.Fatalf("real run: exit %d, %q", code, out.String())
	}
	if !strings.Contains(errOut.String(), "2 failed sign-in record(s) past the throttle's window removed") {
		t.Errorf("retention did not prune the old sign-in failures: %q", errOut.String())
	}
	store, _ = sqlite.Open(ctx, path)
	defer store.Close()
	r, _ = store.FindRequest(ctx, foi.Reference{Prefix: "FOI", Number: 12748})
	if r.Requester.Email != "" || strings.Contains(r.Requester.Name, "Sam") || r.Parts[3].Answer != "3%" {
		t.Errorf("after retention: requester %+v, part 4 %q", r.Requester, r.Parts[3].Answer)
	}
}
