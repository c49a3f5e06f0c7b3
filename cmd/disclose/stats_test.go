package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/demo"
	"disclose/internal/foi"
	"disclose/internal/sqlite"
)

func TestStatsCommand(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "stats.db")
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
