// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// TestAuthoritySettingsInWelsh: a Welsh letter drafted before the
// authority has its settings in Welsh gives them in English, and its page
// warns, naming them; the administrator gives them in Welsh on the
// settings page (a value too long is refused beside the field, changing
// nothing), and the letter drafted again is in Welsh throughout, with no
// warning; the Welsh public pages use the Welsh values too.
func TestAuthoritySettingsInWelsh(t *testing.T) {
	f := newStaffFixture(t)
	officer := f.users[foi.RoleOfficer]
	if err := f.svc.SetRequesterLanguage(ctx, officer, f.ref, "cy"); err != nil {
		t.Fatal(err)
	}
	l, err := f.svc.DraftLetter(ctx, officer, f.ref, foi.LetterAcknowledgement, "")
	if err != nil {
		t.Fatal(err)
	}
	c := f.signedIn(t, foi.RoleOfficer)
	letterPage := fmt.Sprintf("/staff/cases/%s/letters/%d", f.ref.Slug(), l.ID)
	_, body := f.get(t, c, letterPage)
	if !strings.Contains(body, `id="english-settings-in-welsh"`) || !strings.Contains(body, "this letter gives the authority&#39;s name in English") {
		t.Errorf("the Welsh letter with the English name does not warn:\n%s", body)
	}

	admin := f.signedIn(t, foi.RoleAdmin)
	form := url.Values{"welsh_offered": {"yes"}, "authority_name_cy": {strings.Repeat("Cyngor ", 50)},
		"review_team_cy": {"uwch aelod o’r Tîm Rheoli Gwybodaeth"}, "copyright_owner_cy": {""}}
	resp, body := f.postBody(t, admin, "/staff/admin/welsh", form)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="authority_name_cy-error"`) || !strings.Contains(body, "at most 300 characters") {
		t.Errorf("a Welsh name too long: %d, want 400 beside the field", resp.StatusCode)
	}
	if cy, _ := f.svc.AuthorityWelsh(ctx); cy.Name != "" || cy.ReviewTeam != "" {
		t.Errorf("a refused form changed the Welsh settings: %+v", cy)
	}
	form.Set("authority_name_cy", "Cyngor Thurrock")
	if resp := f.post(t, admin, "/staff/admin/welsh", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the Welsh settings: %d", resp.StatusCode)
	}
	_, body = f.get(t, admin, "/staff/admin")
	if !strings.Contains(body, `value="Cyngor Thurrock"`) || !strings.Contains(body, "In English: Thurrock Council") {
		t.Errorf("the settings page does not show the Welsh name beside the English")
	}

	l, err = f.svc.DraftLetter(ctx, officer, f.ref, foi.LetterAcknowledgement, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(l.Body, "Cyngor Thurrock") || strings.Contains(l.Body, "Thurrock Council") {
		t.Errorf("the Welsh letter drafted again does not use the Welsh name:\n%s", l.Body)
	}
	if _, body := f.get(t, c, fmt.Sprintf("/staff/cases/%s/letters/%d", f.ref.Slug(), l.ID)); strings.Contains(body, `id="english-settings-in-welsh"`) {
		t.Error("the letter in Welsh throughout still warns")
	}
	// The public pages in Welsh name the authority and its review team in
	// Welsh too, not marked as English; the English pages keep the English.
	f.answerFromSeed(t, nil)
	if _, err := f.svc.RecordEvent(ctx, officer, f.ref, casework.ClockEvent{Type: foi.EventResponded}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Publish(ctx, officer, f.ref, casework.PublishInput{Title: "Placements", Category: "Children's services"}); err != nil {
		t.Fatal(err)
	}
	_, cyPage := f.get(t, client(t), "/disclosure-log/"+f.ref.Slug()+"?lang=cy")
	if !strings.Contains(cyPage, "Cyngor Thurrock") || strings.Contains(cyPage, "Thurrock Council") ||
		!strings.Contains(cyPage, "uwch aelod o’r Tîm Rheoli Gwybodaeth") || strings.Contains(cyPage, `<span lang="en">uwch aelod`) {
		t.Errorf("the Welsh entry page does not use the Welsh settings (unmarked):\n%s", cyPage)
	}
	if _, enPage := f.get(t, client(t), "/disclosure-log/"+f.ref.Slug()+"?lang=en"); !strings.Contains(enPage, "Thurrock Council") ||
		strings.Contains(enPage, "Cyngor Thurrock") || strings.Contains(enPage, "uwch aelod") {
		t.Error("the English entry page does not keep the English settings")
	}
	if err := f.svc.SetRequesterLanguage(ctx, officer, f.ref, "en"); err != nil {
		t.Fatal(err)
	}
	if en, _ := f.svc.DraftLetter(ctx, officer, f.ref, foi.LetterAcknowledgement, ""); !strings.Contains(en.Body, "Thurrock Council") || strings.Contains(en.Body, "Cyngor Thurrock") {
		t.Errorf("the English letter does not keep the English name:\n%s", en.Body)
	}
}
