// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// An officer publishes from the case page and chooses which released files
// go on the public entry: the form offers only released files, ticked the
// first time; the entry lists the chosen one; republishing starts from the
// entry as published; and a published file cannot be withdrawn from
// release while the entry offers it.
func TestCasePagePublishesChosenFiles(t *testing.T) {
	f := newStaffFixture(t)
	officer := f.users[foi.RoleOfficer]
	r := f.answerFromSeed(t, nil)
	upload := func(name, data string, release bool) *foi.CaseAttachment {
		a, err := f.svc.AddAttachment(ctx, officer, f.ref, casework.Upload{Name: name, Data: []byte(data), Release: release})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	spend := upload("placement spend.csv", "year,amount\n2024,1200\n", true)
	rates := upload("weekly rates.csv", "band,rate\nA,900\n", true)
	upload("legal advice.txt", "privileged\n", false)
	if _, err := f.svc.RecordEvent(ctx, officer, f.ref, casework.ClockEvent{Type: foi.EventResponded}); err != nil {
		t.Fatal(err)
	}

	c := f.signedIn(t, foi.RoleOfficer)
	page := "/staff/cases/" + f.ref.Slug()
	_, body := f.get(t, c, page)
	form := body[strings.Index(body, `action="`+page+`/publish"`):]
	form, _, _ = strings.Cut(form, "</form>")
	for _, want := range []string{`value="` + itoa(spend.ID) + `" checked`, `value="` + itoa(rates.ID) + `" checked`, "placement spend.csv", "weekly rates.csv"} {
		if !strings.Contains(form, want) {
			t.Errorf("the first publish form lacks %q:\n%s", want, form)
		}
	}
	if strings.Contains(form, "legal advice") {
		t.Error("the publish form offers a file not released with the response")
	}

	// A file id that is not a number is refused beside the list.
	bad := url.Values{"title": {"Placements"}, "category": {"Children's services"}, "files_offered": {"1"}, "file": {"x"}}
	if resp, body := f.postBody(t, c, page+"/publish", bad); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "publish-files-error") {
		t.Errorf("a bad file choice: %d, want 400 with the error beside the files", resp.StatusCode)
	}

	publish := url.Values{"title": {"Placements"}, "category": {"Children's services"}, "summary": {"Costs of placements by year."},
		"files_offered": {"1"}, "file": {itoa(spend.ID)}}
	if resp := f.post(t, c, page+"/publish", publish); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publishing: %d", resp.StatusCode)
	}
	_, entry := f.get(t, c, "/disclosure-log/"+f.ref.Slug())
	if !strings.Contains(entry, "placement spend.csv") || strings.Contains(entry, "weekly rates.csv") || !strings.Contains(entry, "Costs of placements by year.") {
		t.Errorf("the public entry does not show the summary and exactly the chosen file")
	}

	_, body = f.get(t, c, page)
	form = body[strings.Index(body, `action="`+page+`/publish"`):]
	form, _, _ = strings.Cut(form, "</form>")
	if !strings.Contains(form, `value="Placements"`) || !strings.Contains(form, `value="`+itoa(spend.ID)+`" checked`) ||
		strings.Contains(form, `value="`+itoa(rates.ID)+`" checked`) {
		t.Errorf("the republish form does not start from the entry as published:\n%s", form)
	}

	err := f.svc.MarkAttachment(ctx, officer, f.ref, spend.ID, false)
	if foi.ErrorCode(err) != foi.ECONFLICT || !strings.Contains(err.Error(), "republish") {
		t.Errorf("withdrawing a published file from release: %v, want a refusal saying to republish first", err)
	}
	if list, _ := f.svc.Store.FindAttachments(ctx, r.ID); !released(list, spend.ID) {
		t.Error("the refused withdrawal changed the file")
	}
	// Republished without it, it may be withdrawn.
	publish.Del("file")
	if resp := f.post(t, c, page+"/publish", publish); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("republishing: %d", resp.StatusCode)
	}
	if err := f.svc.MarkAttachment(ctx, officer, f.ref, spend.ID, false); err != nil {
		t.Errorf("withdrawing a file the entry no longer offers: %v", err)
	}
}

func released(list []*foi.CaseAttachment, id int64) bool {
	for _, a := range list {
		if a.ID == id {
			return a.Release
		}
	}
	return false
}

// The case page's publish form passes the same gate as the API: a title
// naming the requester is refused beside the form, the finding is listed
// in the disclosure checks as blocking publication (with no redaction
// offered: the title is changed instead), and a new title publishes.
func TestCasePagePublishFormPassesTheGate(t *testing.T) {
	f := newStaffFixture(t)
	officer := f.users[foi.RoleOfficer]
	f.answerFromSeed(t, nil)
	if _, err := f.svc.RecordEvent(ctx, officer, f.ref, casework.ClockEvent{Type: foi.EventResponded}); err != nil {
		t.Fatal(err)
	}
	c := f.signedIn(t, foi.RoleOfficer)
	page := "/staff/cases/" + f.ref.Slug()
	form := url.Values{"title": {"Placements asked for by Sam Researcher"}, "category": {"Children's services"}}
	resp, body := f.postBody(t, c, page+"/publish", form)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "in the title: personal-data:requester") {
		t.Fatalf("publishing a title naming the requester: %d", resp.StatusCode)
	}
	if _, err := f.svc.Disclosure(ctx, f.ref); !foi.IsNotFound(err) {
		t.Fatalf("the refused entry is public: %v", err)
	}
	_, body = f.get(t, c, page)
	blocked := body[strings.Index(body, `id="publish-blocked"`):]
	blocked, _, _ = strings.Cut(blocked, "</div>")
	if !strings.Contains(blocked, "in the title (personal-data:requester)") {
		t.Errorf("the case page does not say the title blocks publishing:\n%s", blocked)
	}
	row := body[strings.Index(body, "<td class=\"govuk-table__cell\">the title"):]
	row, _, _ = strings.Cut(row, "</tr>")
	if strings.Contains(row, "/redact") {
		t.Error("the title's finding offers a redaction: the title is changed instead")
	}
	form.Set("title", "Placements")
	if resp := f.post(t, c, page+"/publish", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publishing with a new title: %d", resp.StatusCode)
	}
	if p, err := f.svc.Disclosure(ctx, f.ref); err != nil || p.Title != "Placements" {
		t.Errorf("after a new title: %v %v", p, err)
	}
}
