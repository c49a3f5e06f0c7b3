// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"bytes"
	"context"
	"database/sql"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"disclose/internal/web"
)

// The credential lifecycle from the command line, against a server that
// has the same database open: a token listed with its name and last use,
// then revoked, is refused on the next request; disabling an account
// ends its browser session and its other tokens at once.
func TestUserAndTokenCommands(t *testing.T) {
	path := filepath.Join(t.TempDir(), "disclose.db")
	dsn := "sqlite:" + path
	cli := func(stdin string, args ...string) (int, string, string) {
		t.Helper()
		var out, errOut bytes.Buffer
		code := run(context.Background(), append(args[:1:1], append([]string{args[1], "--db", dsn}, args[2:]...)...),
			strings.NewReader(stdin), &out, &errOut)
		return code, out.String(), errOut.String()
	}
	const password = "correct horse battery staple"
	for _, u := range [][]string{{"admin", "Ada Admin", "ada@council.example"}, {"officer", "Olu Officer", "olu@council.example"}} {
		if code, _, e := cli(password+"\n", "user", "add", "--role", u[0], "--name", u[1], "--email", u[2]); code != 0 {
			t.Fatalf("user add %s: %d %s", u[2], code, e)
		}
	}
	if code, _, e := cli("", "user", "add", "--role", "officer", "--name", "X", "--email", "x@council.example", "--department", "Highways"); code != 2 ||
		!strings.Contains(e, "only a contributor has a department") {
		t.Errorf("an officer with a department: %d %q, want refused", code, e)
	}
	_, scanner, _ := cli("", "token", "create", "--email", "olu@council.example", "--name", "scanner")
	_, report, _ := cli("", "token", "create", "--email", "olu@council.example", "--name", "weekly report")
	scanner, report = strings.TrimSpace(scanner), strings.TrimSpace(report)

	store, svc := fileService(t, path)
	defer store.Close()
	site, err := web.New(svc, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(site.Handler())
	defer srv.Close()
	api := func(token string) int {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/requests/FOI-1", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := api(scanner); got != http.StatusNotFound { // signed in; there is no FOI 1
		t.Fatalf("a new token: %d, want 404 (signed in, no such request)", got)
	}
	code, list, _ := cli("", "token", "list")
	lines := strings.Split(strings.TrimSpace(list), "\n")
	if code != 0 || len(lines) != 3 || !strings.Contains(lines[2], "scanner") {
		t.Fatalf("token list: %d\n%s", code, list)
	}
	scannerID := strings.Fields(lines[2])[0]
	if f := strings.Fields(lines[1]); !strings.Contains(lines[1], "weekly report") || f[len(f)-1] != "-" || f[len(f)-2] != "-" {
		t.Errorf("the unused token should show no last use and no revocation:\n%s", lines[1])
	}
	if f := strings.Fields(lines[2]); f[len(f)-1] != "-" || f[len(f)-2] == "-" {
		t.Errorf("the used token should show when it was last used:\n%s", lines[2])
	}

	if code, out, e := cli("", "token", "revoke", "--id", scannerID); code != 0 || !strings.Contains(out, "revoked API token "+scannerID) {
		t.Fatalf("token revoke: %d %q %q", code, out, e)
	}
	if got := api(scanner); got != http.StatusUnauthorized {
		t.Errorf("a revoked token: %d, want 401 at once", got)
	}
	if got := api(report); got != http.StatusNotFound {
		t.Errorf("the other token after revoking one: %d, want still signed in", got)
	}
	if code, _, e := cli("", "token", "revoke", "--id", "999"); code != 2 || !strings.Contains(e, "no API token 999") {
		t.Errorf("revoking no token: %d %q", code, e)
	}

	// A browser session of the officer, then disable them.
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := browser.PostForm(srv.URL+"/staff/sign-in", url.Values{"email": {"olu@council.example"}, "password": {password}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("signing in: %v %v", resp, err)
	}
	resp.Body.Close()
	page := func() int {
		resp, err := browser.Get(srv.URL + "/staff/cases")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := page(); got != http.StatusOK {
		t.Fatalf("case list signed in: %d", got)
	}
	if code, out, e := cli("", "user", "disable", "--email", "olu@council.example"); code != 0 || !strings.Contains(out, "disabled Olu Officer") {
		t.Fatalf("user disable: %d %q %q", code, out, e)
	}
	if got := page(); got != http.StatusSeeOther {
		t.Errorf("the disabled user's session: %d, want sent to sign in", got)
	}
	if got := api(report); got != http.StatusUnauthorized {
		t.Errorf("the disabled user's token: %d, want 401 at once", got)
	}
	if code, _, e := cli("", "user", "disable", "--email", "ada@council.example"); code != 2 || !strings.Contains(e, "only enabled administrator") {
		t.Errorf("disabling the last administrator: %d %q, want refused", code, e)
	}
	// Enabling gives back neither the session nor the tokens.
	if code, _, e := cli("", "user", "enable", "--email", "olu@council.example"); code != 0 {
		t.Fatalf("user enable: %d %q", code, e)
	}
	if got := api(report); got != http.StatusUnauthorized {
		t.Errorf("a token after re-enabling: %d, want still revoked", got)
	}
	if code, out, _ := cli("", "user", "role", "--email", "olu@council.example", "--role", "contributor", "--department", "Highways"); code != 0 ||
		!strings.Contains(out, "contributor for Highways") {
		t.Errorf("user role: %d %q", code, out)
	}
	code, out, _ := cli("new password for olu\n", "user", "reset-password", "--email", "olu@council.example")
	if code != 0 || strings.Contains(out, "password:") {
		t.Errorf("reset-password from stdin: %d %q (a piped password is not printed)", code, out)
	}
	code, out, _ = cli("", "user", "list")
	if code != 0 || !strings.Contains(out, "olu@council.example") || !strings.Contains(out, "contributor for Highways") || !strings.Contains(out, "enabled") {
		t.Errorf("user list: %d\n%s", code, out)
	}
	// Every change is in the audit trail, by the command line.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT type, actor FROM events WHERE request_id IS NULL ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var trail []string
	for rows.Next() {
		var typ, actor string
		if err := rows.Scan(&typ, &actor); err != nil {
			t.Fatal(err)
		}
		if actor == "command line" {
			trail = append(trail, typ)
		}
	}
	want := "user-added user-added token-created token-created token-revoked user-disabled user-enabled role-changed password-reset"
	if got := strings.Join(trail, " "); got != want {
		t.Errorf("audit trail of the command line:\n got %s\nwant %s", got, want)
	}
}
