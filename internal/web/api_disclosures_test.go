// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"encoding/csv"
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"

	"disclose/internal/foi"
	"disclose/internal/stats"
)

// The requester of every case in these tests: nothing public may ever
// show these strings.
const (
	secretName  = "Philippa Zanzibar-Requester"
	secretEmail = "philippa.zanzibar@private.example"
)

// loggedCase logs a historical request (text: JSON-escaped) for a
// distinctive requester through the API, and returns its slug.
func loggedCase(t *testing.T, f *fixture, text string) string {
	t.Helper()
	status, got := f.call(t, "POST", "/api/v1/requests", f.tokens["officer"], `{"requester":{"name":"`+secretName+`","email":"`+secretEmail+`"},
		"request":"`+text+`","received_on":"2026-10-01","channel":"email"}`)
	if status != http.StatusCreated {
		t.Fatalf("create: %d %v", status, got)
	}
	return strings.ToLower(strings.ReplaceAll(got["reference"].(string), " ", "-"))
}

// respondedCase logs a historical request for a distinctive requester,
// answers both parts and records the response, through the API.
func respondedCase(t *testing.T, f *fixture, text string) string {
	t.Helper()
	tok := f.tokens["officer"]
	slug := loggedCase(t, f, text+`\n\n1. How much was spent?\n2. Which supplier was used?`)
	for n, answer := range []string{"£12,400 on social value weighting reviews.", "Brightwater Facilities."} {
		if status, got := f.call(t, "PATCH", "/api/v1/requests/"+slug+"/parts/"+string(rune('1'+n)), tok,
			`{"answer":"`+answer+`","outcome":"granted"}`); status != http.StatusOK {
			t.Fatalf("answer: %d %v", status, got)
		}
	}
	if status, got := f.call(t, "POST", "/api/v1/requests/"+slug+"/events", tok, `{"type":"responded","on":"2026-10-20"}`); status != http.StatusCreated && status != http.StatusOK {
		t.Fatalf("respond: %d %v", status, got)
	}
	return slug
}

func getPublic(t *testing.T, f *fixture, path string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(f.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestPublishThroughTheAPIAndReadTheLog(t *testing.T) {
	f := newFixture(t)
	slug := respondedCase(t, f, "Please tell me about tender evaluation.")
	tok := f.tokens["officer"]

	if status, got := f.call(t, "POST", "/api/v1/requests/"+slug+"/publish", "", `{"title":"Tenders","category":"Procurement"}`); status != http.StatusUnauthorized {
		t.Errorf("publishing without a token: %d %v, want 401", status, got)
	}
	status, got := f.call(t, "POST", "/api/v1/requests/"+slug+"/publish", tok,
		`{"title":"Tender evaluation","category":"Procurement","published_on":"2026-10-21"}`)
	if status != http.StatusOK {
		t.Fatalf("publish: %d %v", status, got)
	}
	if got["published_on"] != "2026-10-21" || got["title"] != "Tender evaluation" {
		t.Errorf("publish answered %v", got)
	}

	status, list := f.call(t, "GET", "/api/v1/disclosures?q=weightings", "", "")
	if status != http.StatusOK || list["total"] != float64(1) {
		t.Fatalf("search: %d %v", status, list)
	}
	hit := list["results"].([]any)[0].(map[string]any)
	if !strings.Contains(hit["snippet_html"].(string), "<mark>weighting</mark>") {
		t.Errorf("snippet_html %q does not mark the matched word", hit["snippet_html"])
	}
	if hit["url"] != "/disclosure-log/"+slug {
		t.Errorf("url = %v, want /disclosure-log/%s", hit["url"], slug)
	}

	status, entry := f.call(t, "GET", "/api/v1/disclosures/"+slug, "", "")
	if status != http.StatusOK {
		t.Fatalf("entry: %d %v", status, entry)
	}
	parts := entry["parts"].([]any)
	if len(parts) != 2 || parts[1].(map[string]any)["answer"] != "Brightwater Facilities." {
		t.Errorf("entry parts = %v, want both questions with their answers", parts)
	}

	for path, bad := range map[string]int{
		"/api/v1/disclosures?page=0":          400,
		"/api/v1/disclosures?month=2026-13":   400,
		"/api/v1/disclosures?q=%21%21":        400,
		"/api/v1/disclosures?per_page=1000":   400,
		"/api/v1/disclosures/foi-99999":       404,
		"/api/v1/disclosures/not-a-reference": 404,
	} {
		if status, got := f.call(t, "GET", path, "", ""); status != bad || got["error"] == nil {
			t.Errorf("GET %s = %d %v, want %d with an error", path, status, got, bad)
		}
	}

	if status, got := f.call(t, "POST", "/api/v1/requests/"+slug+"/unpublish", tok, `{"reason":"A name in answer 2"}`); status != http.StatusOK {
		t.Fatalf("unpublish: %d %v", status, got)
	}
	if status, _ := f.call(t, "GET", "/api/v1/disclosures/"+slug, "", ""); status != http.StatusNotFound {
		t.Errorf("an unpublished entry reads %d, want 404", status)
	}
}

func TestOpenDataFeeds(t *testing.T) {
	f := newFixture(t)
	slug := respondedCase(t, f, "=cmd|' /C calc'!A0 is a formula; what did tender evaluation cost?")
	if status, got := f.call(t, "POST", "/api/v1/requests/"+slug+"/publish", f.tokens["officer"],
		`{"title":"=HYPERLINK(\"x\")","category":"Procurement"}`); status != http.StatusOK {
		t.Fatalf("publish: %d %v", status, got)
	}

	resp, body := getPublic(t, f, "/disclosure-log.csv")
	if ct := resp.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("CSV Content-Type = %q", ct)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v\n%s", err, body)
	}
	if len(rows) != 2 || strings.Join(rows[0], ",") != "reference,title,category,regime,received_on,responded_on,published_on,request,response,whatdotheyknow_url,title_cy,summary_cy" {
		t.Fatalf("CSV rows = %q", rows)
	}
	if rows[1][1] != `'=HYPERLINK("x")` || !strings.HasPrefix(rows[1][7], "'=cmd") {
		t.Errorf("a formula-like cell is not neutralised: title %q, request %q", rows[1][1], rows[1][7])
	}
	if !strings.Contains(rows[1][8], "2. Which supplier was used?\nBrightwater Facilities.") {
		t.Errorf("CSV response %q does not follow each question with its answer", rows[1][8])
	}

	resp, body = getPublic(t, f, "/disclosure-log.atom")
	if ct := resp.Header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		t.Errorf("Atom Content-Type = %q", ct)
	}
	var feed struct {
		Entries []struct {
			Title string `xml:"title"`
			ID    string `xml:"id"`
			Link  struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(body), &feed); err != nil {
		t.Fatalf("Atom does not parse: %v", err)
	}
	if len(feed.Entries) != 1 || !strings.HasSuffix(feed.Entries[0].Link.Href, "/disclosure-log/"+slug) ||
		!strings.HasPrefix(feed.Entries[0].ID, "http://") {
		t.Errorf("Atom entries = %+v, want one with an absolute link to the entry", feed.Entries)
	}
}

// TestRequesterNeverPublic publishes cases whose requester has a
// distinctive name and email and reads every public output of the log.
func TestRequesterNeverPublic(t *testing.T) {
	f := newFixture(t)
	var slugs []string
	for _, text := range []string{"Social value weighting in tenders.", "Pothole repairs on London Road."} {
		slug := respondedCase(t, f, text)
		if status, got := f.call(t, "POST", "/api/v1/requests/"+slug+"/publish", f.tokens["officer"],
			`{"title":"Entry","category":"Highways","summary":"What was asked"}`); status != http.StatusOK {
			t.Fatalf("publish: %d %v", status, got)
		}
		slugs = append(slugs, slug)
	}
	paths := []string{"/api/v1/disclosures", "/api/v1/disclosures?q=weighting", "/api/v1/disclosures?q=spent",
		"/api/v1/disclosures?category=Highways", "/disclosure-log.csv", "/disclosure-log.atom"}
	for _, s := range slugs {
		paths = append(paths, "/api/v1/disclosures/"+s)
	}
	for _, p := range paths {
		resp, body := getPublic(t, f, p)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d", p, resp.StatusCode)
		}
		for _, secret := range []string{secretName, "Zanzibar", secretEmail, "private.example"} {
			if strings.Contains(body, secret) {
				t.Errorf("GET %s shows the requester (%q)", p, secret)
			}
		}
	}
}

// Every CSV we write neutralises cells a spreadsheet would run: those
// starting with - (as = + @ do), a tab or a carriage return too, in the
// disclosure log and in the statistics.
func TestCSVCellsNeverRunAsFormulas(t *testing.T) {
	f := newFixture(t)
	slug := respondedCase(t, f, "-2+3 is a formula too; what did the tender cost?")
	if status, got := f.call(t, "POST", "/api/v1/requests/"+slug+"/publish", f.tokens["officer"],
		`{"title":"@SUM(A1) tender","category":"-cmd|' /C calc'!A0"}`); status != http.StatusOK {
		t.Fatalf("publish: %d %v", status, got)
	}
	_, body := getPublic(t, f, "/disclosure-log.csv")
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("CSV: %v %q", err, rows)
	}
	for i, want := range map[int]string{1: "'@SUM(A1) tender", 2: "'-cmd|' /C calc'!A0", 7: "'-2+3 is a formula"} {
		if !strings.HasPrefix(rows[1][i], want) {
			t.Errorf("disclosure-log.csv column %s = %q, want it to start %q", rows[0][i], rows[1][i], want)
		}
	}
	report, err := stats.Build(ctx, f.store, foi.Date(f.svc.Now().AddDate(-1, 0, 0)), f.svc.Today(), f.svc.Today())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := report.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	srows, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range srows {
		for _, c := range r {
			if strings.Contains(c, "cmd|") {
				found = true
				if !strings.HasPrefix(c, "'-") {
					t.Errorf("statistics CSV cell %q is not neutralised", c)
				}
			}
		}
	}
	if !found {
		t.Errorf("the statistics CSV has no category cell to check:\n%s", b.String())
	}
}
