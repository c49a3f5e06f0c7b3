// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"disclose/internal/foi"
)

// salariesEntry is a published entry with both questions withheld under
// s.40(2), in Human resources.
func salariesEntry(t *testing.T, f *fixture) string {
	t.Helper()
	return publishCase(t, f, `Salaries of named staff.\n\n1. What does the director earn?\n2. What does the deputy earn?`,
		[2]string{`{"outcome":"withheld","exemptions":["s40(2)"]}`, `{"outcome":"withheld","exemptions":["s40(2)"]}`},
		`{"title":"Staff salaries","category":"Human resources","published_on":"2026-10-23"}`)
}

var resultLink = regexp.MustCompile(`<h2 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="/disclosure-log/([a-z0-9-]+)"`)

// logReaders are the entries (slugs, sorted) each reader of the log gives
// for a query: the page, both CSVs, the Atom feed and the JSON API.
func logReaders(t *testing.T, f *fixture, query string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	sorted := func(s []string) []string {
		s = slices.Clone(s)
		slices.Sort(s)
		return slices.Compact(s)
	}
	resp, page := getPublic(t, f, "/disclosure-log?"+query)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /disclosure-log?%s = %d", query, resp.StatusCode)
	}
	var slugs []string
	for _, m := range resultLink.FindAllStringSubmatch(page, -1) {
		slugs = append(slugs, m[1])
	}
	out["page"] = sorted(slugs)
	out["csv"] = sorted(csvReferences(t, f, "/disclosure-log.csv?"+query))
	out["parts csv"] = sorted(csvReferences(t, f, "/disclosure-log-parts.csv?"+query))
	out["atom"] = sorted(atomSlugs(atomFeed(t, f, "/disclosure-log.atom?"+query)))
	status, got := f.call(t, "GET", "/api/v1/disclosures?"+query, "", "")
	if status != http.StatusOK {
		t.Fatalf("GET /api/v1/disclosures?%s = %d %v", query, status, got)
	}
	slugs = nil
	for _, r := range got["results"].([]any) {
		u := r.(map[string]any)["url"].(string)
		slugs = append(slugs, u[strings.LastIndexByte(u, '/')+1:])
	}
	out["json"] = sorted(slugs)
	return out
}

// Every reader of the log filters by outcome and by exemption alike, with
// the search, category and month, and refuses a filter it cannot read.
func TestEveryLogReaderFiltersByOutcomeAndExemption(t *testing.T) {
	f := newFixture(t)
	potholes, tenders := openDataLog(t, f)
	waste := wasteContractEntry(t, f)
	salaries := salariesEntry(t, f)
	for query, want := range map[string][]string{
		"outcome=granted":                                  {potholes, tenders},
		"outcome=partially-withheld":                       {waste},
		"outcome=withheld":                                 {salaries},
		"exemption=foia:s43(2)":                            {waste},
		"exemption=foia%3As40%282%29":                      {salaries},
		"exemption=FOIA:40(2)":                             {salaries},
		"outcome=withheld&exemption=foia:s40(2)":           {salaries},
		"outcome=granted&exemption=foia:s40(2)":            nil,
		"exemption=foia:s43(2)&category=Waste":             {waste},
		"exemption=foia:s43(2)&category=Highways":          nil,
		"exemption=foia:s43(2)&month=2026-10":              {waste},
		"exemption=foia:s43(2)&month=2026-11":              nil,
		"q=price&exemption=foia:s43(2)":                    {waste},
		"q=price&outcome=granted":                          nil,
		"q=earn&outcome=withheld&category=Human+resources": {salaries},
	} {
		want = slices.Clone(want)
		slices.Sort(want)
		for reader, got := range logReaders(t, f, query) {
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%s ?%s gives %q, want %q", reader, query, got, want)
			}
		}
	}
	for _, query := range []string{"outcome=refused", "exemption=foia:reg13", "exemption=s43(2)", "exemption=nope:s43(2)"} {
		for _, path := range []string{"/disclosure-log.csv", "/disclosure-log-parts.csv", "/disclosure-log.atom", "/disclosure-log", "/api/v1/disclosures"} {
			if resp, _ := getPublic(t, f, path+"?"+query); resp.StatusCode != http.StatusBadRequest {
				t.Errorf("GET %s?%s = %d, want 400", path, query, resp.StatusCode)
			}
		}
	}
}

// The log page offers the outcomes and exemptions its entries have, with
// counts, says what it is filtered by, and links the open data of exactly
// that filter.
func TestLogPageOffersOutcomeAndExemptionFilters(t *testing.T) {
	f := newFixture(t)
	openDataLog(t, f)
	wasteContractEntry(t, f)
	salariesEntry(t, f)
	_, page := getPublic(t, f, "/disclosure-log")
	for _, want := range []string{
		`<option value="granted">Granted in full (2)</option>`,
		`<option value="withheld">Withheld in full (1)</option>`,
		`<optgroup label="Freedom of Information Act 2000">`,
		`<option value="foia:s40(2)">s40(2) Personal information (1)</option>`,
		`<option value="foia:s43(2)">s43(2) Commercial interests (1)</option>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the log page lacks %s", want)
		}
	}
	if strings.Contains(page, `value="foia:s41"`) || strings.Contains(page, `value="not-held"`) {
		t.Errorf("the log page offers a filter no entry has")
	}
	_, page = getPublic(t, f, "/disclosure-log?outcome=partially-withheld&exemption=foia:s43(2)&q=price")
	if !strings.Contains(page, `1 response for ‘price’, outcome: Partially withheld, refused under s43(2) (Commercial interests)`) {
		t.Errorf("the filtered log does not say what it is filtered by")
	}
	if !strings.Contains(page, `<option value="foia:s43(2)" selected>`) || !strings.Contains(page, `<option value="partially-withheld" selected>`) {
		t.Errorf("the filtered log does not show its filters chosen")
	}
	links := map[string]string{}
	for _, m := range hrefOf.FindAllStringSubmatch(page, -1) {
		links[m[2]] = html.UnescapeString(m[1])
	}
	for _, name := range []string{"Download these results as CSV", "Download each question as CSV", "Atom feed", "These results as JSON"} {
		link := links[name]
		for _, want := range []string{"q=price", "outcome=partially-withheld", "exemption=foia%3As43%282%29"} {
			if !strings.Contains(link, want) {
				t.Errorf("the %q link %q lacks %s", name, link, want)
			}
		}
	}
}

// The API description's outcome filter lists exactly the outcomes the
// code has, and documents the exemption filter.
func TestOpenAPIDocumentsTheLogFilters(t *testing.T) {
	f := newFixture(t)
	_, body := getPublic(t, f, "/api/v1/openapi.json")
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name   string `json:"name"`
				Schema struct {
					Enum []string `json:"enum"`
				} `json:"schema"`
			} `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	var outcomes []string
	for _, o := range foi.Outcomes {
		outcomes = append(outcomes, string(o))
	}
	found := map[string]bool{}
	for _, p := range doc.Paths["/disclosures"]["get"].Parameters {
		found[p.Name] = true
		if p.Name == "outcome" && strings.Join(p.Schema.Enum, " ") != strings.Join(outcomes, " ") {
			t.Errorf("the outcome filter lists %q, want %q", p.Schema.Enum, outcomes)
		}
	}
	if !found["outcome"] || !found["exemption"] {
		t.Errorf("GET /disclosures documents %v, want outcome and exemption", found)
	}
}
