// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"disclose/internal/casework"
)

// `disclose serve` behind a reverse proxy: --trusted-proxies makes the
// public form's limits count each client the proxy names, and
// --behind-tls marks the session cookie Secure. A value that is not an
// address is refused before anything starts.
func TestServeBehindAProxy(t *testing.T) {
	if code, _, stderr := disclose(t, "serve", "--db", "sqlite:"+filepath.Join(t.TempDir(), "x.db"), "--trusted-proxies", "proxy.local"); code != 2 ||
		!strings.Contains(stderr, `"proxy.local" is not an IP address`) {
		t.Errorf("a host name as a trusted proxy: exit %d, %q; want 2 and the reason", code, stderr)
	}

	bin := buildDisclose(t)
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "disclose.db")
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"user", "add", "--db", dsn, "--role", "officer", "--name", "Olu Officer",
		"--email", "olu@council.example"}, strings.NewReader("correct horse battery staple\n"), &out, &errOut); code != 0 {
		t.Fatalf("user add: %d %s", code, errOut.String())
	}
	base, _ := startServe(t, bin, dsn, "--trusted-proxies", "127.0.0.1, 10.0.0.0/8", "--behind-tls")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(path string, form url.Values, forwardedFor string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("POST", base+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", base)
		if forwardedFor != "" {
			req.Header.Set("X-Forwarded-For", forwardedFor)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	// Each request gives its own email address: this counts clients, not
	// requests giving one address (casework.RecipientLimit).
	form := func(i int) url.Values {
		return url.Values{"name": {"Sam"}, "email": {fmt.Sprintf("sam%d@example.org", i)}, "request-text": {"How many gritters?"}}
	}
	for i := range casework.SubmitLimit.Max {
		if resp := post("/requests/new/send", form(i), "198.51.100.7"); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("request %d from the first client: %d", i+1, resp.StatusCode)
		}
	}
	if resp := post("/requests/new/send", form(100), "198.51.100.7"); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("one request too many from the first client: %d, want 429", resp.StatusCode)
	}
	if resp := post("/requests/new/send", form(101), "198.51.100.8"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("another client behind the proxy: %d, want its own limit", resp.StatusCode)
	}

	resp := post("/staff/sign-in", url.Values{"email": {"olu@council.example"}, "password": {"correct horse battery staple"}}, "198.51.100.9")
	var secure bool
	for _, c := range resp.Cookies() {
		if c.Name == "disclose_session" {
			secure = c.Secure
		}
	}
	if resp.StatusCode != http.StatusSeeOther || !secure {
		t.Errorf("signing in behind TLS: %d, session cookie Secure %v; want a Secure cookie", resp.StatusCode, secure)
	}
}
