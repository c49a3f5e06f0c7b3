// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"disclose/internal/logfile"
)

// TestWDTKLinkThroughTheAPIAndOpenData: the API publishes with the link on
// the same terms as the staff form (a page elsewhere is a 400 that changes
// nothing; a case by email cannot link one), the entry's JSON and the
// open-data CSV carry it, and the CSV reads back through the log-file
// reader as a WhatDoTheyKnow entry with its page.
func TestWDTKLinkThroughTheAPIAndOpenData(t *testing.T) {
	const page = "https://www.whatdotheyknow.com/request/tender_evaluation_2026"
	f := newFixture(t)
	tok := f.tokens["officer"]
	status, got := f.call(t, "POST", "/api/v1/requests", tok, `{"requester":{"name":"Priya Patel","email":"request-812345-1a2b3c4d@whatdotheyknow.com"},
		"request":"How were tenders evaluated?","received_on":"2026-10-01","channel":"whatdotheyknow"}`)
	if status != http.StatusCreated {
		t.Fatalf("create: %d %v", status, got)
	}
	slug := strings.ToLower(strings.ReplaceAll(got["reference"].(string), " ", "-"))
	if status, got := f.call(t, "PATCH", "/api/v1/requests/"+slug+"/parts/1", tok, `{"answer":"By price and quality.","outcome":"granted"}`); status != http.StatusOK {
		t.Fatalf("answer: %d %v", status, got)
	}
	if status, got := f.call(t, "POST", "/api/v1/requests/"+slug+"/events", tok, `{"type":"responded","on":"2026-10-20"}`); status != http.StatusCreated && status != http.StatusOK {
		t.Fatalf("respond: %d %v", status, got)
	}
	publish := func(path, url string) (int, map[string]any) {
		return f.call(t, "POST", path, tok, `{"title":"Tender evaluation","category":"Procurement","whatdotheyknow_url":"`+url+`"}`)
	}
	if status, got := publish("/api/v1/requests/"+slug+"/publish", "https://www.whatdotheyknow.com/body/thurrock"); status != http.StatusBadRequest ||
		!strings.Contains(got["error"].(string), "must be a link like https://www.whatdotheyknow.com/request/") {
		t.Errorf("publishing with a page that is not a request's: %d %v, want 400", status, got)
	}
	if status, _ := f.call(t, "GET", "/api/v1/disclosures/"+slug, "", ""); status != http.StatusNotFound {
		t.Errorf("a refused publish left an entry: %d", status)
	}
	other := respondedCase(t, f, "Please tell me about tender evaluation.")
	if status, got := publish("/api/v1/requests/"+other+"/publish", page); status != http.StatusBadRequest ||
		!strings.Contains(got["error"].(string), "only a request made through WhatDoTheyKnow") {
		t.Errorf("linking a WDTK page to a case by email: %d %v, want 400", status, got)
	}
	if status, got := publish("/api/v1/requests/"+slug+"/publish", page); status != http.StatusOK || got["whatdotheyknow_url"] != page {
		t.Fatalf("publish with the link: %d %v", status, got)
	}
	if status, entry := f.call(t, "GET", "/api/v1/disclosures/"+slug, "", ""); status != http.StatusOK || entry["whatdotheyknow_url"] != page {
		t.Errorf("the entry's JSON: %d %v, want whatdotheyknow_url %s", status, entry, page)
	}

	resp, err := http.Get(f.srv.URL + "/disclosure-log.csv")
	if err != nil {
		t.Fatal(err)
	}
	csv, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if header, _, _ := strings.Cut(string(csv), "\n"); !strings.Contains(header, ",whatdotheyknow_url") {
		t.Errorf("the CSV header lacks whatdotheyknow_url:\n%s", csv)
	}
	rd, err := logfile.NewReader(strings.NewReader(string(csv)), "disclosure-log.csv")
	if err != nil {
		t.Fatalf("the open-data CSV does not read back: %v", err)
	}
	e, _, err := rd.Next()
	if err != nil || e.WDTKPage != page || e.Channel != "whatdotheyknow" {
		t.Errorf("the CSV's entry reads back as %+v, %v; want the WDTK page and channel", e, err)
	}
}
