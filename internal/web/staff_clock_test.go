// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// TestStoppedClockIsShownStopped asks the requester to clarify: the case
// page, the case list and the dashboard say the clock is stopped, since
// when, why and what restarts it, and count no days; then a fees notice.
func TestStoppedClockIsShownStopped(t *testing.T) {
	f := newStaffFixture(t)
	officer := f.users[foi.RoleOfficer]
	if err := f.svc.AssignCase(ctx, officer, f.ref, officer.ID); err != nil {
		t.Fatal(err)
	}
	on := func(typ, day string) {
		t.Helper()
		d, _ := foi.ParseDate(day)
		if _, err := f.svc.RecordEvent(ctx, officer, f.ref, casework.ClockEvent{Type: typ, On: d}); err != nil {
			t.Fatal(err)
		}
	}
	on(foi.EventClarificationRequested, "2026-11-10")
	c := f.signedIn(t, foi.RoleOfficer)

	_, page := f.get(t, c, "/staff/cases/"+f.ref.Slug())
	due := between(page, `id="due">`, "</dd>")
	if !strings.Contains(due, "Clock stopped") || !strings.Contains(due, "since 10 November 2026: clarification asked for") ||
		!strings.Contains(due, "when the requester&#39;s clarification is received: the count starts again from that day (FOIA s.1(3), s.10(6)(b))") || strings.Contains(due, "days left") {
		t.Errorf("the case page's due date reads %q", due)
	}
	_, list := f.get(t, c, "/staff/cases")
	if row := between(list, f.ref.String(), "</tr>"); !strings.Contains(row, "Stopped") || !strings.Contains(row, "since 10 November 2026: clarification asked for") {
		t.Errorf("the case list's row reads %q", row)
	}
	if _, soon := f.get(t, c, "/staff/cases?within=20"); strings.Contains(soon, `href="/staff/cases/`+f.ref.Slug()+`"`) {
		t.Error("a case with its clock stopped is listed as due within 20 working days")
	}
	_, dash := f.get(t, c, "/staff/dashboard")
	if stopped := between(dash, `id="stopped"`, "</table>"); !strings.Contains(stopped, f.ref.String()) || !strings.Contains(stopped, "10 November 2026") {
		t.Errorf("the dashboard's stopped cases read %q", stopped)
	}

	f.now = time.Date(2026, 11, 26, 10, 0, 0, 0, casework.UK)
	on(foi.EventClarificationReceived, "2026-11-25")
	on(foi.EventFeeNotice, "2026-11-26")
	_, page = f.get(t, f.signedIn(t, foi.RoleOfficer), "/staff/cases/"+f.ref.Slug())
	due = between(page, `id="due">`, "</dd>")
	if !strings.Contains(due, "since 26 November 2026: fees notice given") || !strings.Contains(due, "when the fee is paid: the count goes on from where it stopped (FOIA s.10(2))") ||
		!strings.Contains(due, "lapses after") || strings.Contains(due, "days left") {
		t.Errorf("with a fees notice the due date reads %q", due)
	}
}
