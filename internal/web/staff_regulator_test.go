package web_test

import (
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
	} {
		if !strings.Contains(want.where, want.text) {
			t.Errorf("regulator view lacks %q", want.text)
		}
	}
	if strings.Contains(backlog, f.ref.Slug()) {
		t.Error("the backlog lists a request 17 working days old")
	}
	if strings.Contains(section(body, `id="regulator"`, `id="statistics"`), "Quinn") {
		t.Error("the regulator view names a requester")
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
