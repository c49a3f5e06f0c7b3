// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
	"disclose/internal/casework"
	"disclose/internal/foi"
)

// TestDashboard: an officer sees their case due soon and the statistics of
// the financial year, each chart beside its table, with the downloads; a
// department contact sees only the part waiting for their input, never the
// requester and never the statistics.
func TestDashboard(t *testing.T) {
	f := newStaffFixture(t)
	officer := f.users[foi.RoleOfficer]
	if err := f.svc.AssignCase(ctx, officer, f.ref, officer.ID); err != nil {
		t.Fatal(err)
	}
	c := f.signedIn(t, foi.RoleOfficer)
	resp, body := f.get(t, c, "/staff/dashboard")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("dashboard: %d", resp.StatusCode)
	}
	for _, want := range []string{
		"Overdue (0)", "Due within 5 working days (1)", `href="/staff/cases/` + f.ref.Slug() + `"`, "1 December 2026",
		`value="2026-04-01"`, `value="2027-03-31"`, // the financial year by default
		"Timeliness by month of receipt", "Requests received by category", "Outcomes",
		`href="/staff/statistics/quarterly-csv?from=2026-04-01&amp;to=2027-03-31"`,
		`<th scope="row" class="govuk-table__header">2026-11</th>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("officer's dashboard lacks %q", want)
		}
	}
	if n := strings.Count(body, "<svg"); n != 4 {
		t.Errorf("dashboard has %d charts, want 4", n)
	}
	// The seed case's part 1 was asked of Children's Services.
	if !strings.Contains(body, `<th scope="row" class="govuk-table__header">Children&#39;s Services</th>`) || !strings.Contains(body, "Requests by department") {
		t.Error("the dashboard lacks the department table")
	}

	resp, body = f.get(t, c, "/staff/statistics/quarterly-csv?from=2026-04-01&to=2027-03-31")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") || !strings.Contains(body, "\n2026 Q4,1,") {
		t.Errorf("quarterly CSV: %d %q %q\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"), body)
	}
	if resp, body = f.get(t, c, "/staff/statistics/json?from=2026-11-01&to=2026-11-30"); resp.StatusCode != http.StatusOK || !strings.Contains(body, `"received": 1`) {
		t.Errorf("JSON: %d\n%s", resp.StatusCode, body)
	}
	resp, body = f.get(t, c, "/staff/dashboard?from=2027-01-01&to=2026-01-01")
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "The end date must be on or after the start date") {
		t.Errorf("a backwards period: %d", resp.StatusCode)
	}
	if resp, _ = f.get(t, c, "/staff/statistics/xml"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown download format: %d, want 404", resp.StatusCode)
	}

	dept := f.signedIn(t, foi.RoleContributor)
	resp, body = f.get(t, dept, "/staff/dashboard")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Your input on part 1") || !strings.Contains(body, f.ref.String()) {
		t.Errorf("department's dashboard: %d, want the part waiting for their input", resp.StatusCode)
	}
	if strings.Contains(body, "Sam Researcher") || strings.Contains(body, `id="statistics"`) {
		t.Error("department's dashboard shows the requester or the statistics")
	}
	if resp, _ = f.get(t, dept, "/staff/statistics/csv"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("department downloading statistics: %d, want 403", resp.StatusCode)
	}
}

// TestDashboardInABrowser: the dashboard passes axe-core with its charts
// and tables, and the period form works from the keyboard alone.
func TestDashboardInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	officer := f.users[foi.RoleOfficer]
	if err := f.svc.AssignCase(ctx, officer, f.ref, officer.ID); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	do("sign in",
		chromedp.Navigate(f.srv.URL+"/staff/sign-in?next=/staff/dashboard"),
		chromedp.SetValue(chromedp.CSS("#email"), "officer@council.example"),
		chromedp.SetValue(chromedp.CSS("#password"), testPassword),
		chromedp.Evaluate[chromedp.Void](`setTimeout(() => document.querySelector("main button[type=submit]").click(), 0)`),
		waitUntil(`document.readyState === 'complete' && location.pathname === '/staff/dashboard' && document.querySelector('main') !== null`))
	browsertest.CheckAxe(t, b, "dashboard")
	screenshotter(t, b)("dashboard")

	// Keyboard only: focus the start date, type a new one, press Enter.
	do("change the period by keyboard",
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#from').focus(); document.querySelector('#from').select()`),
		chromedp.KeyEvent("2026-11-01"),
		chromedp.KeyEvent("\r"),
		waitUntil(`document.readyState === 'complete' && location.search.includes('from=2026-11-01') && document.querySelector('main') !== null`))
	if v, err := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector('#from').value`)); err != nil || v != "2026-11-01" {
		t.Errorf("after submitting, the start date reads %q (%v)", v, err)
	}
	if n, _ := chromedp.Run(b, chromedp.Evaluate[int](`document.querySelectorAll('main svg[role=img]').length`)); n != 4 {
		t.Errorf("%d charts after changing the period, want 4", n)
	}
	browsertest.CheckAxe(t, b, "dashboard, November")

	do("a backwards period", chromedp.Navigate(f.srv.URL+"/staff/dashboard?from=2027-01-01&to=2026-01-01"),
		waitUntil(`document.readyState === 'complete' && document.querySelector('.govuk-error-summary') !== null`))
	browsertest.CheckAxe(t, b, "dashboard with an error")
}

// TestDigestSettingsForm: an administrator sets the digest's "due within"
// and time on the settings page; a bad value is refused beside its field
// and changes nothing.
func TestDigestSettingsForm(t *testing.T) {
	f := newStaffFixture(t)
	admin := f.signedIn(t, foi.RoleAdmin)
	if _, body := f.get(t, admin, "/staff/admin"); !strings.Contains(body, `id="digest_days" name="digest_days" type="text" inputmode="numeric" value="5"`) ||
		!strings.Contains(body, `value="07:00"`) {
		t.Fatal("the settings page does not show the digest's defaults")
	}
	if resp := f.post(t, admin, "/staff/admin/digest", url.Values{"digest_days": {"3"}, "digest_time": {"06:30"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the digest settings: %d", resp.StatusCode)
	}
	for _, bad := range []url.Values{
		{"digest_days": {"three"}, "digest_time": {"06:30"}},
		{"digest_days": {"90"}, "digest_time": {"06:30"}},
		{"digest_days": {"3"}, "digest_time": {"25:00"}},
	} {
		resp, body := f.postBody(t, admin, "/staff/admin/digest", bad)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "govuk-error-message") {
			t.Errorf("%v: %d, want 400 with the error beside the field", bad, resp.StatusCode)
		}
	}
	days, at, err := f.svc.DigestSettings(ctx)
	if err != nil || days != 3 || at != "06:30" {
		t.Errorf("digest settings = %d, %q, %v; want 3 and 06:30 kept", days, at, err)
	}
	if w, err := f.svc.Workload(ctx, f.users[foi.RoleContributor]); err != nil || w.Within != 3 {
		t.Errorf("the workload counts %d working days (%v), want the new setting", w.Within, err)
	}
}

// The dashboard's statistics count the period's round-robin cases: two
// cases linked as one round robin count 2, an unlinked one nothing, and a
// period before them 0.
func TestDashboardCountsRoundRobins(t *testing.T) {
	f := newStaffFixture(t)
	officer := f.users[foi.RoleOfficer]
	first, _, err := f.svc.FindRequest(ctx, officer, f.ref)
	if err != nil {
		t.Fatal(err)
	}
	second, err := f.svc.SubmitRequest(ctx, officer, casework.NewRequest{Requester: foi.Requester{Name: "Robin Round", Email: "robin@example.org"},
		Text: "Does the council give consideration to social value when commissioning children's placements?", Channel: foi.ChannelEmail})
	if err != nil {
		t.Fatal(err)
	}
	c := f.signedIn(t, foi.RoleOfficer)
	count := func(q string) string {
		_, body := f.get(t, c, "/staff/dashboard"+q)
		return between(body, `<span id="round-robins">`, `</span>`)
	}
	if got := count(""); got != "0" {
		t.Errorf("round robins before any link = %q, want 0", got)
	}
	if err := f.svc.Store.Update(ctx, func(tx foi.Tx) error { return tx.LinkRoundRobin(ctx, first.ID, second.ID) }); err != nil {
		t.Fatal(err)
	}
	if got := count(""); got != "2" {
		t.Errorf("round robins with two cases linked = %q, want 2", got)
	}
	if got := count("?from=2025-04-01&to=2026-03-31"); got != "0" {
		t.Errorf("round robins in a period before both = %q, want 0", got)
	}
}
