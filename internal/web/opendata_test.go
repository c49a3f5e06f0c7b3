// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"encoding/csv"
	"encoding/xml"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
)

// openDataLog publishes two entries that differ in words, category and
// month: potholes in Highways in October, tenders in Procurement in
// November.
func openDataLog(t *testing.T, f *fixture) (potholes, tenders string) {
	t.Helper()
	for _, e := range []struct {
		slug *string
		text string
		json string
	}{
		{&potholes, "Pothole repairs on London Road.", `{"title":"Pothole repairs","category":"Highways","published_on":"2026-10-21"}`},
		{&tenders, "Social value in tenders.", `{"title":"Tender evaluation","category":"Procurement","published_on":"2026-11-02"}`},
	} {
		*e.slug = respondedCase(t, f, e.text)
		if status, got := f.call(t, "POST", "/api/v1/requests/"+*e.slug+"/publish", f.tokens["officer"], e.json); status != http.StatusOK {
			t.Fatalf("publish: %d %v", status, got)
		}
	}
	return potholes, tenders
}

func csvReferences(t *testing.T, f *fixture, path string) []string {
	t.Helper()
	resp, body := getPublic(t, f, path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d %s", path, resp.StatusCode, body)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("GET %s: CSV does not parse: %v %q", path, err, body)
	}
	var refs []string
	for _, r := range rows[1:] {
		refs = append(refs, slugOf(r[0]))
	}
	return refs
}

type feedXML struct {
	Updated string `xml:"updated"`
	Entries []struct {
		Updated string `xml:"updated"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func atomFeed(t *testing.T, f *fixture, path string) feedXML {
	t.Helper()
	resp, body := getPublic(t, f, path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d %s", path, resp.StatusCode, body)
	}
	var feed feedXML
	if err := xml.Unmarshal([]byte(body), &feed); err != nil {
		t.Fatalf("GET %s: Atom does not parse: %v", path, err)
	}
	return feed
}

func atomSlugs(feed feedXML) []string {
	var slugs []string
	for _, e := range feed.Entries {
		slugs = append(slugs, e.Link.Href[strings.LastIndexByte(e.Link.Href, '/')+1:])
	}
	return slugs
}

func slugOf(ref string) string { return strings.ToLower(strings.ReplaceAll(ref, " ", "-")) }

// The CSV and the Atom feed narrow the log exactly as the page's search
// and filters do, and refuse a filter the page refuses.
func TestOpenDataHonoursTheLogFilters(t *testing.T) {
	f := newFixture(t)
	potholes, tenders := openDataLog(t, f)
	for query, want := range map[string]string{
		"q=potholes": potholes, "category=Highways": potholes, "month=2026-10": potholes,
		"q=tenders": tenders, "category=Procurement": tenders, "month=2026-11": tenders,
		"q=tenders&category=Highways": "",
	} {
		var wantList []string
		if want != "" {
			wantList = []string{want}
		}
		if got := csvReferences(t, f, "/disclosure-log.csv?"+query); strings.Join(got, " ") != strings.Join(wantList, " ") {
			t.Errorf("disclosure-log.csv?%s lists %q, want %q", query, got, wantList)
		}
		if got := atomSlugs(atomFeed(t, f, "/disclosure-log.atom?"+query)); strings.Join(got, " ") != strings.Join(wantList, " ") {
			t.Errorf("disclosure-log.atom?%s carries %q, want %q", query, got, wantList)
		}
	}
	if got := csvReferences(t, f, "/disclosure-log.csv"); len(got) != 2 {
		t.Errorf("disclosure-log.csv without filters lists %q, want both entries", got)
	}
	for _, path := range []string{"/disclosure-log.csv?month=2026-13", "/disclosure-log.atom?month=2026-13",
		"/disclosure-log.csv?q=%21%21", "/disclosure-log.atom?q=%21%21"} {
		if resp, _ := getPublic(t, f, path); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s = %d, want 400", path, resp.StatusCode)
		}
	}
}

// An entry's updated time is when it was published (the date staff set),
// not when the row was stored; the feed's is its newest entry's.
func TestAtomUpdatedIsThePublicationTime(t *testing.T) {
	f := newFixture(t)
	potholes, tenders := openDataLog(t, f)
	feed := atomFeed(t, f, "/disclosure-log.atom")
	want := map[string]time.Time{
		potholes: time.Date(2026, 10, 21, 0, 0, 0, 0, casework.UK),
		tenders:  time.Date(2026, 11, 2, 0, 0, 0, 0, casework.UK),
	}
	if len(feed.Entries) != 2 {
		t.Fatalf("feed has %d entries, want 2", len(feed.Entries))
	}
	for i, slug := range atomSlugs(feed) {
		got, err := time.Parse(time.RFC3339, feed.Entries[i].Updated)
		if err != nil || !got.Equal(want[slug]) {
			t.Errorf("entry %s updated %q, want %s", slug, feed.Entries[i].Updated, want[slug].UTC().Format(time.RFC3339))
		}
	}
	if got, err := time.Parse(time.RFC3339, feed.Updated); err != nil || !got.Equal(want[tenders]) {
		t.Errorf("feed updated %q, want the newest entry's %s", feed.Updated, want[tenders].UTC().Format(time.RFC3339))
	}
}

var hrefOf = regexp.MustCompile(`<a class="govuk-link" href="([^"]+)"[^>]*>([^<]+)</a>`)

// The log page links the CSV, the Atom feed and the JSON of exactly the
// search and filters it shows, and each link gives those results.
func TestLogLinksOpenDataForItsFilters(t *testing.T) {
	f := newFixture(t)
	_, tenders := openDataLog(t, f)
	_, page := getPublic(t, f, "/disclosure-log?q=tenders&category=Procurement&month=2026-11&page=1")
	links := map[string]string{}
	for _, m := range hrefOf.FindAllStringSubmatch(page, -1) {
		links[m[2]] = html.UnescapeString(m[1])
	}
	csvLink, atomLink, jsonLink := links["Download these results as CSV"], links["Atom feed"], links["These results as JSON"]
	for name, link := range map[string]string{"CSV": csvLink, "Atom": atomLink, "JSON": jsonLink} {
		for _, want := range []string{"q=tenders", "category=Procurement", "month=2026-11"} {
			if !strings.Contains(link, want) || strings.Contains(link, "page=") {
				t.Errorf("the %s link %q does not carry exactly the search and filters (%s, no page)", name, link, want)
			}
		}
	}
	if csvLink == "" || atomLink == "" || jsonLink == "" {
		t.Fatalf("the log page links %v, want CSV, Atom and JSON", links)
	}
	if got := csvReferences(t, f, csvLink); strings.Join(got, " ") != tenders {
		t.Errorf("the CSV link lists %q, want %s", got, tenders)
	}
	if got := atomSlugs(atomFeed(t, f, atomLink)); strings.Join(got, " ") != tenders {
		t.Errorf("the Atom link carries %q, want %s", got, tenders)
	}
	if status, got := f.call(t, "GET", jsonLink, "", ""); status != http.StatusOK || got["total"] != float64(1) {
		t.Errorf("the JSON link answers %d %v, want the one entry", status, got)
	}
}

// The long CSV has one row a question, with its outcome and the exemption
// by code and by name, and narrows as the log does.
func TestPartsCSVCarriesOutcomesAndExemptions(t *testing.T) {
	f := newFixture(t)
	potholes, _ := openDataLog(t, f)
	slug := wasteContractEntry(t, f)

	rowsOf := func(path string) [][]string {
		resp, body := getPublic(t, f, path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s = %d %s", path, resp.StatusCode, body)
		}
		if strings.Contains(body, secretName) || strings.Contains(body, secretEmail) {
			t.Fatalf("GET %s shows the requester", path)
		}
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil || len(rows) == 0 {
			t.Fatalf("GET %s: CSV does not parse: %v %q", path, err, body)
		}
		if strings.Join(rows[0], ",") != "reference,part,question,answer,outcome,exemptions,exemption_names,title,category,regime,published_on,url,title_cy,summary_cy" {
			t.Fatalf("GET %s header %q", path, rows[0])
		}
		return rows[1:]
	}
	rows := rowsOf("/disclosure-log-parts.csv?category=Waste")
	if len(rows) != 2 {
		t.Fatalf("parts CSV for one two-question entry has %d rows, want 2: %q", len(rows), rows)
	}
	want := [][]string{
		{slug, "1", "Who holds the contract?", "Greenway Waste Ltd.", "granted", "", ""},
		{slug, "2", "What is the unit price?", "", "withheld", "s43(2)", "Commercial interests"},
	}
	for i, w := range want {
		got := append([]string{slugOf(rows[i][0])}, rows[i][1:7]...)
		if strings.Join(got, "|") != strings.Join(w, "|") {
			t.Errorf("row %d = %q, want %q", i+1, got, w)
		}
		if !strings.HasSuffix(rows[i][11], "/disclosure-log/"+slug) {
			t.Errorf("row %d url %q does not name the entry", i+1, rows[i][11])
		}
	}
	if all := rowsOf("/disclosure-log-parts.csv"); len(all) != 6 {
		t.Errorf("parts CSV of three two-question entries has %d rows, want 6", len(all))
	}
	if got := rowsOf("/disclosure-log-parts.csv?q=potholes"); len(got) != 2 || slugOf(got[0][0]) != potholes {
		t.Errorf("parts CSV ?q=potholes = %q, want the pothole entry's two questions", got)
	}
	if resp, _ := getPublic(t, f, "/disclosure-log-parts.csv?month=2026-13"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a bad month = %d, want 400", resp.StatusCode)
	}
	_, page := getPublic(t, f, "/disclosure-log?category=Waste")
	if !strings.Contains(page, `href="/disclosure-log-parts.csv?category=Waste"`) {
		t.Errorf("the log page does not link the per-question CSV of its filter")
	}
}

// publishCase makes a request with two questions, answers each part with
// its PATCH body, responds and publishes it; it returns the slug.
func publishCase(t *testing.T, f *fixture, text string, parts [2]string, publish string) string {
	t.Helper()
	tok := f.tokens["officer"]
	slug := loggedCase(t, f, text)
	for i, body := range parts {
		if status, got := f.call(t, "PATCH", "/api/v1/requests/"+slug+"/parts/"+itoa(int64(i+1)), tok, body); status != http.StatusOK {
			t.Fatalf("PATCH part %d: %d %v", i+1, status, got)
		}
	}
	if status, got := f.call(t, "POST", "/api/v1/requests/"+slug+"/events", tok, `{"type":"responded","on":"2026-10-20"}`); status != http.StatusCreated {
		t.Fatalf("respond: %d %v", status, got)
	}
	if status, got := f.call(t, "POST", "/api/v1/requests/"+slug+"/publish", tok, publish); status != http.StatusOK {
		t.Fatalf("publish: %d %v", status, got)
	}
	return slug
}

// wasteContractEntry is a published entry with one question answered and
// one withheld under s.43(2), in the Waste category.
func wasteContractEntry(t *testing.T, f *fixture) string {
	t.Helper()
	return publishCase(t, f, `Contract prices for waste collection.\n\n1. Who holds the contract?\n2. What is the unit price?`,
		[2]string{`{"answer":"Greenway Waste Ltd.","outcome":"granted"}`,
			`{"outcome":"withheld","exemptions":["s43(2)"],"public_interest":"Prices are commercially sensitive while the contract runs."}`},
		`{"title":"Waste contract prices","category":"Waste","published_on":"2026-10-22"}`)
}
