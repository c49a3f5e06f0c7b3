// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// disclose settings changes the kind of authority, a school's term dates
// and the department-input settings through the settings page's casework
// functions: the same refusals (exit 2, nothing saved) and the same audit
// record, as "command line".
func TestSettingsCommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "disclose.db")
	dsn := "sqlite:" + path
	cli := func(stdin string, args ...string) (int, string, string) {
		t.Helper()
		var out, errOut bytes.Buffer
		code := run(context.Background(), append(args[:1:1], append([]string{args[1], "--db", dsn}, args[2:]...)...),
			strings.NewReader(stdin), &out, &errOut)
		return code, out.String(), errOut.String()
	}
	if code, _, e := cli("correct horse battery staple\n", "user", "add", "--role", "contributor", "--name", "Highways", "--email", "highways@council.example", "--department", "Highways"); code != 0 {
		t.Fatalf("user add: %d %s", code, e)
	}
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		msg   string
	}{
		{"a school without terms", "", []string{"settings", "school", "--kind", "school"}, "enter its terms"},
		{"an unknown kind", "", []string{"settings", "school", "--kind", "parish"}, "unknown kind of authority"},
		{"no kind", "2026-09-02 2026-10-23\n", []string{"settings", "school", "--terms", "-"}, "--kind is required"},
		{"terms out of order", "2027-01-05 2026-12-18\n", []string{"settings", "school", "--kind", "school", "--terms", "-"}, "term dates"},
		{"input days out of range", "", []string{"settings", "input", "--days", "25"}, "from 0 to 19"},
		{"a manager that is not an email", "", []string{"settings", "input", "--days", "5", "--manager", "highways@council.example=the boss"}, "not an email address"},
		{"a manager for nobody", "", []string{"settings", "input", "--days", "5", "--manager", "nobody@council.example=boss@council.example"}, "no user with email"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if code, _, e := cli(tc.stdin, tc.args...); code != 2 || !strings.Contains(e, tc.msg) {
				t.Errorf("exit %d, %q; want 2 saying %q", code, e, tc.msg)
			}
		})
	}
	if _, out, _ := cli("", "settings", "show"); !strings.Contains(out, "kind of authority: other") || !strings.Contains(out, "term dates: 0") ||
		!strings.Contains(out, "department input due: 5 working days") {
		t.Errorf("after the refusals, settings show:\n%s", out)
	}
	terms := "# 2026-27\n2026-09-02 2026-10-23\n2026-11-02 2026-12-18\n"
	if code, out, e := cli(terms, "settings", "school", "--kind", "school", "--terms", "-"); code != 0 || !strings.Contains(out, "term dates: 2") || !strings.Contains(out, "2026-11-02 2026-12-18") {
		t.Errorf("settings school: %d\n%s%s", code, out, e)
	}
	if code, out, e := cli("", "settings", "input", "--days", "4", "--manager", "highways@council.example=roads.manager@council.example"); code != 0 ||
		!strings.Contains(out, "department input due: 4 working days") || !strings.Contains(out, "manager of highways@council.example: roads.manager@council.example") {
		t.Errorf("settings input: %d\n%s%s", code, out, e)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM events WHERE type = 'settings-changed' AND actor = 'command line'`).Scan(&n); err != nil || n != 2 {
		t.Errorf("%d settings-changed events by the command line, %v; want 2 (one for each change saved)", n, err)
	}
}
