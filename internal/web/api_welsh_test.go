// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestPublishWelshThroughTheAPI: PUT /api/v1/requests/{ref}/welsh does
// what the staff page does, through the same gate: a Welsh summary with an
// email address is refused (409, the finding named) and nothing is
// published; a clean Welsh version is published and read back by the
// public API and page; an entry not yet published in English, a part it
// does not have and a missing title are refused; DELETE removes it; no
// token, no change.
func TestPublishWelshThroughTheAPI(t *testing.T) {
	f := newFixture(t)
	tok := f.tokens["officer"]
	slug := respondedCase(t, f, "Please tell me about tender evaluation.")
	path := "/api/v1/requests/" + slug + "/welsh"
	welsh := `{"title":"Gwerthuso tendrau","summary":"SUMMARY","parts":[{"number":2,"text":"Pa gyflenwr a ddefnyddiwyd?","answer":"Brightwater Facilities."}]}`
	clean := strings.Replace(welsh, "SUMMARY", "Sut y gwerthuswyd tendrau.", 1)

	if status, got := f.call(t, "PUT", path, tok, clean); status != http.StatusConflict || !strings.Contains(got["error"].(string), "in English before adding its Welsh version") {
		t.Errorf("Welsh before the English is published: %d %v, want 409", status, got)
	}
	if status, got := f.call(t, "POST", "/api/v1/requests/"+slug+"/publish", tok, `{"title":"Tender evaluation","category":"Procurement"}`); status != http.StatusOK {
		t.Fatalf("publish: %d %v", status, got)
	}
	status, got := f.call(t, "PUT", path, tok, strings.Replace(welsh, "SUMMARY", "Cysylltwch â jo.bloggs@private.example am fanylion.", 1))
	if status != http.StatusConflict || !strings.Contains(got["error"].(string), "personal-data:email") || !strings.Contains(got["error"].(string), "Welsh summary") {
		t.Errorf("a Welsh summary with an email address: %d %v, want 409 naming the finding", status, got)
	}
	if _, entry := f.call(t, "GET", "/api/v1/disclosures/"+slug, "", ""); entry["welsh"] != nil {
		t.Errorf("the refused Welsh version is public: %v", entry["welsh"])
	}
	for body, want := range map[string]string{
		`{"summary":"Crynodeb"}`: "Welsh title is required",
		`{"title":"Teitl","parts":[{"number":9,"text":"x","answer":"y"}]}`: "has no part 9",
		`{"title":"Teitl","colour":"coch"}`:                                "colour",
	} {
		if status, got := f.call(t, "PUT", path, tok, body); status != http.StatusBadRequest || !strings.Contains(got["error"].(string), want) {
			t.Errorf("PUT %s: %d %v, want 400 with %q", body, status, got, want)
		}
	}
	if status, _ := f.call(t, "PUT", path, "", clean); status != http.StatusUnauthorized {
		t.Errorf("without a token: %d, want 401", status)
	}

	status, got = f.call(t, "PUT", path, tok, clean)
	if status != http.StatusOK || got["welsh"] == nil || got["welsh"].(map[string]any)["title"] != "Gwerthuso tendrau" {
		t.Fatalf("a clean Welsh version: %d %v", status, got)
	}
	if _, entry := f.call(t, "GET", "/api/v1/disclosures/"+slug, "", ""); entry["welsh"] == nil || entry["welsh"].(map[string]any)["summary"] != "Sut y gwerthuswyd tendrau." {
		t.Errorf("the public API does not give the Welsh version: %v", entry["welsh"])
	}
	if _, page := getPublic(t, f, "/disclosure-log/"+slug+"?lang=cy"); !strings.Contains(page, "Gwerthuso tendrau") || !strings.Contains(page, "Pa gyflenwr a ddefnyddiwyd?") {
		t.Error("the Welsh entry page does not show the Welsh published through the API")
	}
	if status, got := f.call(t, "DELETE", path, tok, ""); status != http.StatusOK || got["welsh"] != nil {
		t.Errorf("DELETE: %d %v, want the entry without its Welsh version", status, got)
	}
	if _, entry := f.call(t, "GET", "/api/v1/disclosures/"+slug, "", ""); entry["welsh"] != nil {
		t.Errorf("after DELETE the Welsh version is still public: %v", entry["welsh"])
	}
}
