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

// TestDepartmentContactsPages: after sending input the department contact
// sees what they sent; the case list gives the date asked of them, not the
// statutory one; a request not theirs says so in the staff pages.
func TestDepartmentContactsPages(t *testing.T) {
	f := newStaffFixture(t)
	officer, dept := f.users[foi.RoleOfficer], f.users[foi.RoleContributor]
	due := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	if err := f.svc.AssignPart(ctx, officer, f.ref, 2, dept.ID, due, "Figures for 2025, please."); err != nil {
		t.Fatal(err)
	}
	c := f.signedIn(t, foi.RoleContributor)
	casePath := "/staff/cases/" + f.ref.Slug()
	if resp := f.post(t, c, casePath+"/parts/1/input", url.Values{"input": {"We placed 412 children."}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sending input: %d", resp.StatusCode)
	}
	_, page := f.get(t, c, casePath)
	if part1 := between(page, `id="part-1"`, "</section>"); !strings.Contains(part1, "We placed 412 children.") {
		t.Errorf("after sending, part 1 does not show what was sent:\n%s", part1)
	}
	if strings.Contains(page, "Sam Researcher") {
		t.Error("the department contact sees the requester")
	}

	_, list := f.get(t, c, "/staff/cases")
	row := between(list, f.ref.String()+"</a>", "</tr>")
	// Part 1 was asked for without a date: due five working days before the
	// statutory 1 December (23 November), already past, so today (inputdue.go).
	if !strings.Contains(list, "Your input asked by") || !strings.Contains(row, "25 November 2026") || strings.Contains(row, "1 December 2026") {
		t.Errorf("the department contact's row reads %q, want the date asked of them", row)
	}

	other, err := f.svc.SubmitRequest(ctx, officer, casework.NewRequest{Requester: foi.Requester{Name: "Pat", Email: "pat@example.org"},
		Text: "How many parks are there?", Regime: foi.FOIA, Channel: foi.ChannelEmail, ReceivedOn: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	resp, body := f.get(t, c, "/staff/cases/"+other.Reference.Slug())
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "Not one of your requests") ||
		!strings.Contains(body, `href="/staff/cases"`) || !strings.Contains(body, `id="navigation"`) {
		t.Errorf("a request not theirs: %d, want a 403 page in the staff pages that says why", resp.StatusCode)
	}
}
