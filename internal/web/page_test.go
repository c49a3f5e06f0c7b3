// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestPublicPagesRender(t *testing.T) {
	f := newFixture(t)
	for path, want := range map[string]string{
		"/":                 "Make a request",
		"/no-such-page":     "Page not found",
		"/static/theme.css": ".govuk-generic-header",
	} {
		resp, err := http.Get(f.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body), want) {
			t.Errorf("GET %s (%d) does not contain %q", path, resp.StatusCode, want)
		}
	}
}

func TestSecurityHeadersAndCrossOriginPosts(t *testing.T) {
	f := newFixture(t)
	resp, err := http.Get(f.srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("missing %s header", h)
		}
	}
	// A browser posting from another site is refused (CSRF).
	req, _ := http.NewRequest("POST", f.srv.URL+"/api/v1/requests", strings.NewReader(seedLike))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST = %d, want 403", resp.StatusCode)
	}
}
