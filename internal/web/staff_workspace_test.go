// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// teamCases adds two cases beside the fixture's: an unassigned one that is
// overdue, and one from a requester named Okafor.
func (f *staffFixture) teamCases(t *testing.T) (overdue, okafor *foi.Request) {
	t.Helper()
	officer := f.users[foi.RoleOfficer]
	var err error
	overdue, err = f.svc.SubmitRequest(ctx, officer, casework.NewRequest{Requester: foi.Requester{Name: "Pat Late", Email: "pat@example.org"},
		Text: "How many parks are there?", Regime: foi.FOIA, Channel: foi.ChannelEmail, ReceivedOn: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	okafor, err = f.svc.SubmitRequest(ctx, officer, casework.NewRequest{Requester: foi.Requester{Name: "Amara Okafor", Email: "amara@example.net"},
		Text: "What did the library refit cost?", Regime: foi.FOIA, Channel: foi.ChannelEmail, ReceivedOn: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return overdue, okafor
}

func TestFindingACase(t *testing.T) {
	f := newStaffFixture(t)
	overdue, okafor := f.teamCases(t)
	c := f.signedIn(t, foi.RoleOfficer)

	// By the requester's name or email, audited.
	_, body := f.get(t, c, "/staff/cases?requester=okafor")
	if !strings.Contains(body, okafor.Reference.String()) || strings.Contains(body, overdue.Reference.String()) || strings.Contains(body, f.ref.String()) {
		t.Errorf("searching for the requester okafor does not list just %s", okafor.Reference)
	}
	if _, body := f.get(t, c, "/staff/cases?requester=AMARA%40example.NET"); !strings.Contains(body, okafor.Reference.String()) {
		t.Errorf("searching by the requester's email, in other capitals, does not find %s", okafor.Reference)
	}
	events, err := f.svc.Store.FindEvents(ctx, okafor.ID)
	if err != nil {
		t.Fatal(err)
	}
	searched := 0
	for _, e := range events {
		if e.Type == foi.EventRequesterSearched && e.Actor == "Olu Officer" {
			searched++
		}
	}
	if searched != 2 {
		t.Errorf("%d requester searches audited on the case found, want 2", searched)
	}
	dept := f.signedIn(t, foi.RoleContributor)
	if resp, body := f.get(t, dept, "/staff/cases?requester=okafor"); resp.StatusCode != http.StatusBadRequest || strings.Contains(body, okafor.Reference.String()) {
		t.Errorf("a department contact searching by requester: %d", resp.StatusCode)
	}

	// Sorted by status, by assignee; an unknown order is refused.
	for _, order := range []string{"status", "assignee", "received", "due"} {
		if resp, _ := f.get(t, c, "/staff/cases?status=all&order="+order); resp.StatusCode != http.StatusOK {
			t.Errorf("order=%s: %d", order, resp.StatusCode)
		}
	}
	if resp, _ := f.get(t, c, "/staff/cases?order=colour"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("order=colour: %d, want 400", resp.StatusCode)
	}
	if err := f.svc.AssignCase(ctx, f.users[foi.RoleOfficer], f.ref, f.users[foi.RoleOfficer].ID); err != nil {
		t.Fatal(err)
	}
	_, body = f.get(t, c, "/staff/cases?assignee=none")
	if !strings.Contains(body, overdue.Reference.String()) || strings.Contains(body, f.ref.String()) {
		t.Errorf("the unassigned filter does not list just the unassigned cases")
	}

	// Go to case: a number opens the case; words search the list.
	noRedirect := *c
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for ref, want := range map[string]string{
		strconv.Itoa(okafor.Reference.Number): "/staff/cases/" + okafor.Reference.Slug(),
		okafor.Reference.String():             "/staff/cases/" + okafor.Reference.Slug(),
		"library refit":                       "/staff/cases?q=library+refit&status=all",
		"99999":                               "/staff/cases?q=99999&status=all",
	} {
		resp, err := noRedirect.Get(f.srv.URL + "/staff/go?" + url.Values{"ref": {ref}}.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || got != want {
			t.Errorf("go to %q: %d to %s, want %s", ref, resp.StatusCode, got, want)
		}
	}
}

func TestBulkAssignAndTeam(t *testing.T) {
	f := newStaffFixture(t)
	overdue, okafor := f.teamCases(t)
	c := f.signedIn(t, foi.RoleOfficer)
	rita := f.users[foi.RoleReviewer]

	// The admin's dashboard shows the unassigned overdue case (issue 15:
	// it said "Overdue (0)" while a case was 7 days overdue, unassigned).
	_, body := f.get(t, f.signedIn(t, foi.RoleAdmin), "/staff/dashboard")
	row := between(body, `id="team-none"`, "</tr>")
	if !strings.Contains(row, "Unassigned") || !strings.Contains(row, `assignee=none&amp;overdue=1">1<`) {
		t.Errorf("the team table's unassigned row does not count one overdue case: %s", row)
	}

	form := url.Values{"ref": {overdue.Reference.Slug(), okafor.Reference.Slug()}, "assignee": {itoa(rita.ID)}, "back": {"/staff/cases?assignee=none"}}
	resp := f.post(t, c, "/staff/cases/assign", form)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/staff/cases?assignee=none&notice=bulk-assigned" {
		t.Fatalf("bulk assign: %d to %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	for _, ref := range []foi.Reference{overdue.Reference, okafor.Reference} {
		r, _ := f.svc.Store.FindRequest(ctx, ref)
		if r.AssigneeID != rita.ID {
			t.Errorf("%s is assigned to %d, want Rita (%d)", ref, r.AssigneeID, rita.ID)
		}
		events, _ := f.svc.Store.FindEvents(ctx, r.ID)
		if e := events[len(events)-1]; e.Type != foi.EventAssigned || e.Actor != "Olu Officer" || !strings.Contains(e.Note, "Rita Reviewer (with 2 selected cases)") {
			t.Errorf("%s's last event is %s %q by %s", ref, e.Type, e.Note, e.Actor)
		}
	}
	_, body = f.get(t, c, "/staff/dashboard")
	if row := between(body, `id="team-`+itoa(rita.ID)+`"`, "</tr>"); !strings.Contains(row, "Rita Reviewer") || !strings.Contains(row, "overdue=1\">1<") {
		t.Errorf("after the bulk assign, Rita's team row does not count her overdue case: %s", row)
	}

	// A bad reference, or a contributor as the assignee, changes nothing.
	dept := f.users[foi.RoleContributor]
	for _, bad := range []url.Values{
		{"ref": {f.ref.Slug(), "not-a-ref"}, "assignee": {"me"}},
		{"ref": {f.ref.Slug()}, "assignee": {itoa(dept.ID)}},
		{"ref": {f.ref.Slug(), "foi-99999"}, "assignee": {"me"}},
		{"assignee": {"me"}},
	} {
		if resp := f.post(t, c, "/staff/cases/assign", bad); resp.StatusCode < 400 {
			t.Errorf("bulk assign %v: %d, want refused", bad, resp.StatusCode)
		}
	}
	if r, _ := f.svc.Store.FindRequest(ctx, f.ref); r.AssigneeID != 0 {
		t.Errorf("a refused bulk assign assigned %s to %d", f.ref, r.AssigneeID)
	}
	if resp := f.post(t, f.signedIn(t, foi.RoleContributor), "/staff/cases/assign", url.Values{"ref": {f.ref.Slug()}, "assignee": {"me"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a department contact bulk assigning: %d, want 403", resp.StatusCode)
	}
}

// TestDashboardBuckets: the team table has every bucket issue 15 lists —
// overdue, due soon, unassigned (its row), clock stopped, awaiting
// department input, in internal review, with the regulator — and counts
// a case awaiting input until the department gives it, and a closed case
// whose complaint to the ICO is still open.
func TestDashboardBuckets(t *testing.T) {
	f := newStaffFixture(t) // the seed case: unassigned, part 1 asked of Children's Services
	admin := f.signedIn(t, foi.RoleAdmin)
	_, body := f.get(t, admin, "/staff/dashboard")
	head := between(body, `id="team-table"`, "</thead>")
	for _, h := range []string{"Overdue", "Due within", "Clock stopped", "Awaiting department input", "In internal review", "With the regulator"} {
		if !strings.Contains(head, h) {
			t.Errorf("the team table has no %q column", h)
		}
	}
	awaiting := between(between(body, `id="team-none"`, "</tr>"), `dsc-awaiting-input">`, "<")
	if awaiting != "1" {
		t.Errorf("the unassigned row counts %q awaiting department input, want 1", awaiting)
	}
	if err := f.svc.AddPartInput(ctx, f.users[foi.RoleContributor], f.ref, 1, "412 placements."); err != nil {
		t.Fatal(err)
	}
	_, body = f.get(t, admin, "/staff/dashboard")
	if got := between(between(body, `id="team-none"`, "</tr>"), `dsc-awaiting-input">`, "<"); got != "0" {
		t.Errorf("after the department gave its input, the unassigned row counts %q awaiting input, want 0", got)
	}

	officer := f.users[foi.RoleOfficer]
	closed := f.publishedCase(t, "How many parks are there?", "41 parks.", "Parks")
	if err := f.svc.AssignCase(ctx, officer, closed, officer.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.LogComplaint(ctx, officer, closed, "IC-123456-A1B2", time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), "refused in part"); err != nil {
		t.Fatal(err)
	}
	_, body = f.get(t, admin, "/staff/dashboard")
	if got := between(between(body, `id="team-`+itoa(officer.ID)+`"`, "</tr>"), `dsc-with-regulator">`, "<"); got != "1" {
		t.Errorf("Olu's row counts %q with the regulator, want 1", got)
	}
}
