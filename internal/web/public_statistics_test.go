// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestPublicStatistics: anyone can read the s.45 set of the last complete
// quarters, linked from the footer, as a page, CSV and JSON, with the
// figures of the cases and nothing of who asked.
func TestPublicStatistics(t *testing.T) {
	f := newStaffFixture(t)
	regulatorCases(t, f)
	resp, body := f.get(t, http.DefaultClient, "/statistics")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("statistics page: %d", resp.StatusCode)
	}
	table := section(body, `id="statistics-table"`, "</table>")
	for _, want := range []string{"July to September 2026", "April to June 2026", "January to March 2026", "October to December 2025",
		"Requests received", "Referred for internal review", "50.0%", "None due"} {
		if !strings.Contains(table, want) {
			t.Errorf("statistics table lacks %q", want)
		}
	}
	if strings.Contains(table, "October to December 2026") {
		t.Error("the quarter under way is published")
	}
	if !strings.Contains(body, `href="/statistics"`) || !strings.Contains(body, `href="/statistics.csv"`) {
		t.Error("no footer link or download")
	}
	for _, secret := range []string{"Quinn", "quinn@example.org", "Sam Researcher", "sam@example.org"} {
		if strings.Contains(body, secret) {
			t.Errorf("the statistics page shows %q", secret)
		}
	}

	resp, body = f.get(t, http.DefaultClient, "/statistics.csv")
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if resp.StatusCode != http.StatusOK || err != nil || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: %d %v", resp.StatusCode, err)
	}
	// Eight quarters, each for all requests, FOIA and the EIR.
	if len(rows) != 1+8*3 || rows[0][0] != "period_start" {
		t.Fatalf("CSV has %d rows: %v", len(rows), rows[0])
	}
	var julSep []string
	for _, r := range rows {
		if r[0] == "2026-07-01" && r[3] == "all" {
			julSep = r
		}
	}
	// received, still open, clock stopped, open overdue, answered, in time, late, percent, band
	if strings.Join(julSep[4:13], ",") != "2,1,0,1,1,1,0,50.0,unsatisfactory" {
		t.Errorf("July to September = %v", julSep)
	}

	resp, body = f.get(t, http.DefaultClient, "/statistics.json")
	var doc struct {
		Schema   string `json:"schema"`
		Quarters []struct {
			Regime   string `json:"regime"`
			Received int    `json:"received"`
		} `json:"quarters"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &doc) != nil || doc.Schema != "disclose/s45-statistics/1" || len(doc.Quarters) != 24 {
		t.Errorf("JSON: %d %s", resp.StatusCode, body[:min(len(body), 300)])
	}
	for _, secret := range []string{"Quinn", "quinn@", "Sam", "sam@"} {
		if strings.Contains(body, secret) {
			t.Errorf("the statistics JSON holds %q", secret)
		}
	}
}
