// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// regulatorCases adds to the staff fixture (today 25 November 2026) a
// request received in July and answered in time, and one received in
// August still open: the quarter July to September is 1 of 2 in time
// (Unsatisfactory), July alone Good, and the August one is in the backlog.
func regulatorCases(t *testing.T, f *staffFixture) (answered, old *foi.Request) {
	t.Helper()
	officer := f.users[foi.RoleOfficer]
	submit := func(received time.Time) *foi.Request {
		r, err := f.svc.SubmitRequest(ctx, officer, casework.NewRequest{
			Requester: foi.Requester{Name: "Quinn Backlog", Email: "quinn@example.org"}, Text: "1. How many benches?",
			Regime: foi.FOIA, Channel: foi.ChannelEmail, ReceivedOn: received})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	answered = submit(time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC))
	if _, err := f.svc.AnswerPart(ctx, officer, answered.Reference, 1, casework.Answer{Text: "Forty.", Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RecordEvent(ctx, officer, answered.Reference, casework.ClockEvent{Type: foi.EventResponded,
		On: time.Date(2026, 7, 20, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	return answered, submit(time.Date(2026, 8, 3, 0, 0, 0, 0, time.UTC))
}

// TestDashboardRegulatorView: officers see the bands of the latest
// complete quarter and of each month, the backlog by age with the old
// request's reference and status (never who asked), and the unsorted
// mail; a department contact sees none of it.
func TestDashboardRegulatorView(t *testing.T) {
	f := newStaffFixture(t)
	_, old := regulatorCases(t, f)
	c := f.signedIn(t, foi.RoleOfficer)
	resp, body := f.get(t, c, "/staff/dashboard")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("dashboard: %d", resp.StatusCode)
	}
	quarter := section(body, `id="bands-quarter"`, "</table>")
	months := section(body, `id="bands-months"`, "</table>")
	backlog := section(body, `id="backlog"`, `id="unlogged"`)
	for _, want := range []struct{ where, text string }{
		{body, "The regulator's view"},
		{quarter, "Latest complete quarter: July to September 2026"},
		{quarter, "Unsatisfactory</strong> 50.0% (1 of 2)"},
		{quarter, "No reviews"},
		{quarter, ">EIR<"}, // the authority's other regime, with nothing received
		{quarter, "No requests"},
		{months, "July 2026"},
		{months, "Good</strong> 100.0% (1 of 1)"},
		{months, "November 2026"},
		{backlog, `href="/staff/cases/` + old.Reference.Slug() + `"`},
		{backlog, "3 August 2026"},
		{backlog, "3 months"},
		{backlog, "open"},
		{body, "Possibly unlogged"},
		{body, "<strong>1</strong>, of which 0 over 20 working days"},
		{section(body, `id="unlogged-list"`, "</table>"), fmt.Sprintf(`href="/staff/mail/%d">Message %d</a>`, f.inbound, f.inbound)},
	} {
		if !strings.Contains(want.where, want.text) {
			t.Errorf("regulator view lacks %q", want.text)
		}
	}
	if strings.Contains(backlog, f.ref.Slug()) {
		t.Error("the backlog lists a request 17 working days old")
	}
	for _, secret := range []string{"Quinn", "quinn@example.org", "pat@example.net", "Parking fines"} {
		if strings.Contains(section(body, `id="regulator"`, `id="statistics"`), secret) {
			t.Errorf("the regulator view shows %q", secret)
		}
	}
	// A mistyped period leaves the regulator's view in place.
	if resp, body := f.get(t, c, "/staff/dashboard?from=2026-13-01"); resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body, "Latest complete quarter: July to September 2026") {
		t.Errorf("with a bad period: %d, the regulator's view gone", resp.StatusCode)
	}
	_, body = f.get(t, f.signedIn(t, foi.RoleContributor), "/staff/dashboard")
	if strings.Contains(body, "regulator") || strings.Contains(body, "Backlog") {
		t.Error("a department contact sees the regulator view")
	}
}

// section is the part of body from the first start to the next end after it.
func section(body, start, end string) string {
	i := strings.Index(body, start)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], end)
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j]
}

// TestOfficialReturnDownloads: the s.45 set and the Scottish return for
// the whole quarters of the period, for those who handle cases only.
func TestOfficialReturnDownloads(t *testing.T) {
	f := newStaffFixture(t)
	regulatorCases(t, f)
	c := f.signedIn(t, foi.RoleOfficer)
	resp, body := f.get(t, c, "/staff/statistics/s45-csv?from=2026-08-01&to=2026-08-31")
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Disposition"), "foi-s45-2026-07-01-to-2026-09-30.csv") ||
		!strings.Contains(body, "\n2026-07-01,2026-09-30,July to September 2026,all,2,1,0,1,1,1,0,50.0,unsatisfactory,") {
		t.Errorf("s.45 CSV: %d %s\n%s", resp.StatusCode, resp.Header.Get("Content-Disposition"), body)
	}
	resp, body = f.get(t, c, "/staff/statistics/sic-csv?from=2026-07-01&to=2026-09-30")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, "period_start,period_end,regime,section,measure,value,note\n") ||
		!strings.Contains(body, "2026-07-01,2026-09-30,EIRs,Exceptions,reg 10(5)(e)") {
		t.Errorf("SIC return: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ = f.get(t, f.signedIn(t, foi.RoleContributor), "/staff/statistics/s45-json"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a department downloading the s.45 set: %d, want 403", resp.StatusCode)
	}
}

// TestEvidencePackForAdmins: an admin opens the evidence pack from the
// dashboard for the statistics period; it lists the old request and names
// no requester. Officers get no button and a 403.
func TestEvidencePackForAdmins(t *testing.T) {
	f := newStaffFixture(t)
	_, old := regulatorCases(t, f)
	admin := f.signedIn(t, foi.RoleAdmin)
	_, body := f.get(t, admin, "/staff/dashboard?from=2026-07-01&to=2026-09-30")
	if !strings.Contains(body, `href="/staff/regulator/evidence?from=2026-07-01&amp;to=2026-09-30"`) {
		t.Fatal("the admin's dashboard has no evidence pack button")
	}
	resp, doc := f.get(t, admin, "/staff/regulator/evidence?from=2026-07-01&to=2026-09-30")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("evidence pack: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{"Thurrock Council", "Requests received from 1 July 2026 to 30 September 2026",
		"<td>" + old.Reference.String() + "</td>", "Unsatisfactory</span> 50.0% (1 of 2)"} {
		if !strings.Contains(doc, want) {
			t.Errorf("the pack lacks %q", want)
		}
	}
	for _, secret := range []string{"Quinn", "quinn@example.org", "Sam Researcher", "sam@example.org", "pat@example.net"} {
		if strings.Contains(doc, secret) {
			t.Errorf("the pack holds %q", secret)
		}
	}
	officer := f.signedIn(t, foi.RoleOfficer)
	if _, body = f.get(t, officer, "/staff/dashboard"); strings.Contains(body, "/staff/regulator/evidence") {
		t.Error("an officer is offered the evidence pack")
	}
	if resp, _ = f.get(t, officer, "/staff/regulator/evidence"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an officer opening the evidence pack: %d, want 403", resp.StatusCode)
	}
}

// TestRegulatorViewScottish: a Scottish authority's bands are FOISA and
// the EISR, shown even before any request is received under them, beside
// any other regime it has requests under.
func TestRegulatorViewScottish(t *testing.T) {
	f := newStaffFixture(t)
	if err := f.svc.SetAuthority(ctx, f.users[foi.RoleAdmin], casework.Authority{Name: "Falkirk Council", FOIEmail: "foi@falkirk.example",
		ReviewTeam: "a senior officer", DefaultRegime: foi.FOISA}); err != nil {
		t.Fatal(err)
	}
	_, body := f.get(t, f.signedIn(t, foi.RoleReviewer), "/staff/dashboard")
	quarter := section(body, `id="bands-quarter"`, "</table>")
	for _, want := range []string{">FOIA<", ">FOISA<", ">EISR<"} {
		if !strings.Contains(quarter, want) {
			t.Errorf("a Scottish authority's quarter lacks %s:\n%s", want, quarter)
		}
	}
	if strings.Contains(quarter, ">EIR<") {
		t.Error("a Scottish authority is shown the EIR with no EIR requests")
	}
}
