// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// The administrator keeps the list of categories; publishing then takes
// one of them, so "Highways" no longer makes a category beside "Highways
// and transport".
func TestManagedCategories(t *testing.T) {
	f := newStaffFixture(t)
	admin := f.signedIn(t, foi.RoleAdmin)
	if resp, body := f.postBody(t, admin, "/staff/admin/categories", url.Values{"categories": {"Highways and transport\r\nChildren's services\r\nhighways  AND transport"}}); resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(html.UnescapeString(body), "are the same category") {
		t.Errorf("two names for one category: %d", resp.StatusCode)
	}
	if cats, _ := f.svc.Categories(ctx); len(cats) != 0 {
		t.Errorf("a refused list was saved: %q", cats)
	}
	if resp := f.post(t, admin, "/staff/admin/categories", url.Values{"categories": {"Highways and transport\r\n\r\nChildren's services\r\n"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the list: %d", resp.StatusCode)
	}
	officer := f.users[foi.RoleOfficer]
	f.answerFromSeed(t, nil)
	if _, err := f.svc.RecordEvent(ctx, officer, f.ref, casework.ClockEvent{Type: foi.EventResponded}); err != nil {
		t.Fatal(err)
	}
	c := f.signedIn(t, foi.RoleOfficer)
	page := "/staff/cases/" + f.ref.Slug()
	if _, body := f.get(t, c, page); !strings.Contains(body, `<select class="govuk-select" id="publish-category"`) || !strings.Contains(html.UnescapeString(body), ">Children's services</option>") {
		t.Errorf("the publish form does not offer the list")
	}
	resp, body := f.postBody(t, c, page+"/publish", url.Values{"title": {"Placements"}, "category": {"Highways"}, "files_offered": {"1"}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(html.UnescapeString(body), `"Highways" is not one of the disclosure log's categories`) {
		t.Errorf("a category not on the list: %d", resp.StatusCode)
	}
	if p, _ := f.svc.CasePublication(ctx, officer, mustFind(t, f, f.ref)); p != nil {
		t.Errorf("a refused publication was published")
	}
	if resp := f.post(t, c, page+"/publish", url.Values{"title": {"Placements"}, "category": {"highways and TRANSPORT"}, "files_offered": {"1"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publishing under a listed category: %d", resp.StatusCode)
	}
	if p, _ := f.svc.CasePublication(ctx, officer, mustFind(t, f, f.ref)); p == nil || p.Category != "Highways and transport" {
		t.Errorf("published under %+v, want the list's spelling", p)
	}
	if resp := f.post(t, c, "/staff/admin/categories", url.Values{"categories": {"X"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an officer changing the list: %d", resp.StatusCode)
	}
}
