// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"disclose/internal/foi"
	"disclose/internal/stats"
)

// TestReportRegulator: the evidence pack for the demo's year has the
// year's figures and its old open requests, and not one requester's name
// or email address.
func TestReportRegulator(t *testing.T) {
	ctx := context.Background()
	path, store, svc := demoDatabase(t)
	today := svc.Today()
	from, to := today.AddDate(-1, 0, 0), today
	want, err := stats.Build(ctx, store, from, to, today)
	if err != nil {
		t.Fatal(err)
	}
	requests, _, err := store.FindRequests(ctx, foi.RequestFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	admin := &foi.User{Name: "check", Role: foi.RoleAdmin}
	backlog, err := svc.Backlog(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	store.Close()

	out := filepath.Join(t.TempDir(), "pack.html")
	var stdout, stderr bytes.Buffer
	args := []string{"report", "regulator", "--db", "sqlite:" + path, "--from", foi.FormatDate(from), "--to", foi.FormatDate(to), "--out", out}
	if code := run(ctx, args, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	if !strings.Contains(doc, `<tr><th scope="row">Requests received</th><td class="n">`+strconv.Itoa(want.Total.Received)+`</td></tr>`) {
		t.Errorf("the pack does not say %d requests were received", want.Total.Received)
	}
	if !strings.Contains(doc, want.Total.RequestRate().String()) {
		t.Errorf("the pack lacks the year's rate %s", want.Total.RequestRate())
	}
	for _, c := range backlog.Old {
		if !strings.Contains(doc, "<td>"+c.Reference.String()+"</td>") {
			t.Errorf("the pack does not list %s, open %d working days", c.Reference, c.WorkingDays)
		}
	}
	checked := 0
	for _, r := range requests {
		for _, secret := range []string{r.Requester.Name, r.Requester.Email} {
			if secret != "" {
				checked++
				if strings.Contains(doc, secret) {
					t.Errorf("the pack holds %s's %q", r.Reference, secret)
				}
			}
		}
	}
	if checked < 40 {
		t.Errorf("only %d names and addresses checked", checked)
	}
	for _, bad := range [][]string{
		{"report"}, {"report", "regulator", "--db", "sqlite:" + path, "--from", "2026-01-01"},
		{"report", "regulator", "--db", "sqlite:" + path, "--from", "2026-02-01", "--to", "2026-01-01"},
		{"report", "regulator", "--db", "sqlite:" + path, "--from", "2026-02-30", "--to", "2026-03-01"},
	} {
		stderr.Reset()
		if code := run(ctx, bad, nil, &stdout, &stderr); code != 2 || stderr.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q; want 2 with the reason", bad, code, stderr.String())
		}
	}
}
