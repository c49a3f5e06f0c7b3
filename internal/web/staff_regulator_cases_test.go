// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// TestRegulatorCaseFromTheCasePage logs a complaint to the ICO, its
// decision notice and an appeal, and closes it, from the case page's forms.
func TestRegulatorCaseFromTheCasePage(t *testing.T) {
	f := newStaffFixture(t)
	f.answerFromSeed(t, nil)
	if _, err := f.svc.RecordEvent(ctx, f.users[foi.RoleOfficer], f.ref, casework.ClockEvent{Type: foi.EventResponded}); err != nil {
		t.Fatal(err)
	}
	f.now = time.Date(2026, 12, 10, 10, 0, 0, 0, casework.UK)
	c := f.signedIn(t, foi.RoleOfficer)
	casePath := "/staff/cases/" + f.ref.Slug()

	// Bad input is refused with the reason and changes nothing.
	for _, bad := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"case_reference": {"IC-1"}, "complaint_on": {"2026-12-09"}}, "Say what the requester complains of"},
		{url.Values{"case_reference": {"IC-1"}, "complaint_on": {"9/12/2026"}, "note": {"x"}}, "Enter the date the complaint was received as a date"},
		{url.Values{"case_reference": {"IC-1"}, "complaint_on": {"2026-12-11"}, "note": {"x"}}, "is in the future"},
		{url.Values{"complaint_on": {"2026-12-09"}, "note": {"x"}}, "reference for the complaint"},
	} {
		resp, body := f.postBody(t, c, casePath+"/regulator", bad.form)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, bad.want) {
			t.Errorf("logging %v: %d, want 400 saying %q", bad.form, resp.StatusCode, bad.want)
		}
	}
	r, _ := f.svc.Store.FindRequest(ctx, f.ref)
	if cases, _ := f.svc.Store.FindRegulatorCases(ctx, r.ID); len(cases) != 0 {
		t.Fatalf("refused complaints stored %d regulator cases", len(cases))
	}

	resp := f.post(t, c, casePath+"/regulator", url.Values{"case_reference": {"IC-412345-X1Y2"}, "complaint_on": {"2026-12-09"},
		"note": {"Part 2 was refused under s.43."}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("logging the complaint: %d", resp.StatusCode)
	}
	cases, _ := f.svc.Store.FindRegulatorCases(ctx, r.ID)
	if len(cases) != 1 || cases[0].Regulator != "ICO" || foi.FormatDate(cases[0].ComplaintOn) != "2026-12-09" {
		t.Fatalf("regulator cases after logging: %+v", cases)
	}
	reg := casePath + "/regulator/" + itoa(cases[0].ID)

	// An appeal before the decision notice is refused.
	resp, body := f.postBody(t, c, reg+"/appeal", url.Values{"on": {"2026-12-10"}})
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "record the decision notice before an appeal") {
		t.Errorf("an appeal before the notice: %d", resp.StatusCode)
	}
	if resp := f.post(t, c, reg+"/decision", url.Values{"number": {"IC-412345-X1Y2"}, "on": {"2026-12-10"}, "outcome": {"complaint upheld"},
		"steps": {"Disclose the figure for part 2."}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("recording the decision notice: %d", resp.StatusCode)
	}
	_, page := f.get(t, c, casePath)
	summary := between(page, `id="reg-`+itoa(cases[0].ID)+`-summary"`, "</dl>")
	for _, want := range []string{"IC-412345-X1Y2", "9 December 2026", "Part 2 was refused under s.43.", "IC-412345-X1Y2, 10 December 2026: complaint upheld", "Steps required",
		"14 January 2027", "35 days left", "Disclose the figure for part 2.", "First-tier Tribunal", "7 January 2027"} {
		if !strings.Contains(page, want) {
			t.Errorf("the case page lacks %q:\n%s", want, summary)
		}
	}

	if resp := f.post(t, c, reg+"/appeal", url.Values{"on": {"2026-12-10"}, "note": {"The council appeals."}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("recording the appeal: %d", resp.StatusCode)
	}
	if resp := f.post(t, c, reg+"/close", url.Values{"on": {"2026-12-10"}, "outcome": {"appeal dismissed"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("closing: %d", resp.StatusCode)
	}
	_, page = f.get(t, c, casePath)
	if !strings.Contains(page, "Lodged 10 December 2026") || !strings.Contains(page, "outcome: appeal dismissed") {
		t.Error("the case page does not show the appeal and its outcome")
	}
	if strings.Contains(page, reg+"/close") {
		t.Error("a closed complaint still offers to close it")
	}
}
