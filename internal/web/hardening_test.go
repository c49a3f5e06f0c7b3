// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// HSTS is sent when the site is served over TLS, here or at a proxy
// (--behind-tls), and not over plain HTTP, where browsers ignore it.
func TestHSTSWhenServedOverTLS(t *testing.T) {
	f := newFixture(t)
	get := func(c *http.Client, url string) string {
		t.Helper()
		resp, err := c.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header.Get("Strict-Transport-Security")
	}
	if h := get(http.DefaultClient, f.srv.URL+"/"); h != "" {
		t.Errorf("plain HTTP sent HSTS %q", h)
	}
	f.site.BehindTLS = true
	if h := get(http.DefaultClient, f.srv.URL+"/"); !strings.Contains(h, "max-age=31536000") {
		t.Errorf("behind a TLS proxy: HSTS %q, want a year", h)
	}
	f.site.BehindTLS = false
	tlsSrv := httptest.NewTLSServer(f.site.Handler())
	defer tlsSrv.Close()
	if h := get(tlsSrv.Client(), tlsSrv.URL+"/"); !strings.Contains(h, "max-age=31536000") {
		t.Errorf("over TLS: HSTS %q, want a year", h)
	}
}

// /static/ serves files, never a folder's listing.
func TestStaticHasNoDirectoryListing(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/static/", "/static/build/", "/static/build", "/static//build/", "/static/build/../"} {
		resp, err := http.Get(f.srv.URL + path) // redirects (path cleaning) followed
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound || strings.Contains(string(body), "<a href") {
			t.Errorf("GET %s = %d %.80q, want 404 without a listing", path, resp.StatusCode, body)
		}
	}
	if resp, err := http.Get(f.srv.URL + "/static/disclose.js"); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("a file under /static/: %v %v", err, resp)
	}
}
