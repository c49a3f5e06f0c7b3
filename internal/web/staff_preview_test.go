// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
	"disclose/internal/foi"
)

// An administrator previews a template as edited on a real case: the
// letter is shown, nothing is saved, and the view of the case is audited.
func TestTemplatePreviewOnACase(t *testing.T) {
	f := newStaffFixture(t)
	admin := f.signedIn(t, foi.RoleAdmin)
	text := "Dear {{.Requester.Name}},\n\nAbout {{.Reference}}, received {{.ReceivedOn}}: {{.Details}}\n"
	resp, body := f.postBody(t, admin, "/staff/admin/templates/acknowledgement", url.Values{"template": {text}, "preview": {"yes"}, "preview_ref": {f.ref.String()}})
	body = html.UnescapeString(body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Dear Sam Researcher,") || !strings.Contains(body, "About "+f.ref.String()+", received 2 November 2026: [the details") ||
		!strings.Contains(body, "(not saved)") {
		t.Errorf("preview: %d, the page does not show the letter on the case", resp.StatusCode)
	}
	if !strings.Contains(body, "About {{.Reference}}") {
		t.Errorf("the preview page does not keep the template as typed")
	}
	if got, def, _ := f.svc.LetterTemplate(ctx, "acknowledgement"); !def || got == text {
		t.Errorf("a preview saved the template")
	}
	r := mustFind(t, f, f.ref)
	events, _ := f.svc.Store.FindEvents(ctx, r.ID)
	if e := events[len(events)-1]; e.Type != foi.EventViewed || !strings.Contains(e.Note, "previewed") || e.Actor != "Ada Admin" {
		t.Errorf("the preview's view of the case is not audited: last event %s %q", e.Type, e.Note)
	}
	// The number alone names the case; a bad one or a bad template is refused beside the form.
	if resp, body := f.postBody(t, admin, "/staff/admin/templates/acknowledgement", url.Values{"template": {text}, "preview": {"yes"}, "preview_ref": {itoa(int64(f.ref.Number))}}); resp.StatusCode != 200 || !strings.Contains(html.UnescapeString(body), "Dear Sam Researcher,") {
		t.Errorf("preview by number: %d", resp.StatusCode)
	}
	for _, bad := range []url.Values{
		{"template": {text}, "preview": {"yes"}, "preview_ref": {"the parks one"}},
		{"template": {text}, "preview": {"yes"}, "preview_ref": {"FOI 99999"}},
		{"template": {"{{.Nope}}"}, "preview": {"yes"}, "preview_ref": {f.ref.String()}},
		{"template": {""}, "preview": {"yes"}, "preview_ref": {f.ref.String()}, "kind": {"review-outcome"}},
	} {
		path := "/staff/admin/templates/acknowledgement"
		if bad.Get("kind") != "" {
			path = "/staff/admin/templates/" + bad.Get("kind")
		}
		if resp, body := f.postBody(t, admin, path, bad); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "There is a problem") {
			t.Errorf("preview %v: %d, want 400 with the problem", bad, resp.StatusCode)
		}
	}
	if resp := f.post(t, f.signedIn(t, foi.RoleOfficer), "/staff/admin/templates/acknowledgement", url.Values{"template": {text}, "preview": {"yes"}, "preview_ref": {f.ref.String()}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an officer previewing: %d, want 403", resp.StatusCode)
	}
}

func TestTemplatePreviewInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	b := browsertest.New(t)
	browserSignIn(t, b, f, foi.RoleAdmin)
	if err := chromedp.Do(b, chromedp.Navigate(f.srv.URL+"/staff/admin"), waitFor("/staff/admin"),
		chromedp.SetValue(chromedp.CSS("#preview-response"), f.ref.String()),
		click(`form[action$="/templates/response"] button[name=preview]`), waitUntil(`document.querySelector('#preview-response-letter') !== null`)); err != nil {
		t.Fatal(err)
	}
	got, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS("#preview-response-letter")))
	if !strings.Contains(got, "Dear Sam Researcher") || !strings.Contains(got, f.ref.String()) {
		t.Errorf("the preview reads %q", got)
	}
	checkAxeWide(t, b, "settings page with a preview")
}
