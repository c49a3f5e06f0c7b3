// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// The settings API reads and sets the kind of authority, a school's terms
// and the department-input settings through the settings page's casework
// functions: administrators only, the same refusals (nothing saved), the
// open deadlines recounted, each change audited.
func TestSettingsThroughTheAPI(t *testing.T) {
	f := newFixture(t)
	admin, officer := f.tokens[foi.RoleAdmin], f.tokens[foi.RoleOfficer]
	contact, err := f.store.FindUserByEmail(ctx, "contributor@council.example")
	if err != nil {
		t.Fatal(err)
	}
	r, err := f.svc.SubmitRequest(ctx, casework.CommandLine, casework.NewRequest{Requester: foi.Requester{Name: "Sam", Email: "sam@example.org"},
		Text: "How many pupils?", Regime: foi.FOIA, Channel: foi.ChannelEmail, ReceivedOn: time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/v1/settings/school", "/api/v1/settings/department-input"} {
		if status, _ := f.call(t, "GET", path, officer, ""); status != 403 {
			t.Errorf("an officer reading %s: %d, want 403", path, status)
		}
		if status, _ := f.call(t, "PUT", path, officer, `{"kind":"school","days":3}`); status != 403 && status != 400 {
			t.Errorf("an officer setting %s: %d, want refused", path, status)
		}
	}
	for _, tc := range []struct{ name, path, body, msg string }{
		{"a school without terms", "/api/v1/settings/school", `{"kind":"school","terms":[]}`, "enter its terms"},
		{"an unknown kind", "/api/v1/settings/school", `{"kind":"parish","terms":[]}`, "unknown kind of authority"},
		{"no kind", "/api/v1/settings/school", `{"terms":[{"start":"2026-09-02","end":"2026-10-23"}]}`, "kind is required"},
		{"terms overlapping", "/api/v1/settings/school", `{"kind":"school","terms":[{"start":"2026-09-02","end":"2026-12-18"},{"start":"2026-12-01","end":"2027-02-12"}]}`, "term dates"},
		{"a request outside the terms", "/api/v1/settings/school", `{"kind":"school","terms":[{"start":"2026-09-02","end":"2026-11-27"}]}`, r.Reference.String()},
		{"no days", "/api/v1/settings/department-input", `{"managers":[]}`, "days is required"},
		{"days out of range", "/api/v1/settings/department-input", `{"days":20}`, "from 0 to 19"},
		{"a manager that is not an email", "/api/v1/settings/department-input", fmt.Sprintf(`{"days":4,"managers":[{"contact_id":%d,"manager_email":"the boss"}]}`, contact.ID), "not an email address"},
		{"a manager of an officer", "/api/v1/settings/department-input", `{"days":4,"managers":[{"contact_id":1,"manager_email":"boss@council.example"}]}`, "is not a department contact"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, got := f.call(t, "PUT", tc.path, admin, tc.body)
			if msg, _ := got["error"].(string); status != 400 || !strings.Contains(msg, tc.msg) {
				t.Errorf("= %d %v; want 400 saying %q", status, got, tc.msg)
			}
		})
	}
	if status, got := f.call(t, "GET", "/api/v1/settings/school", admin, ""); status != 200 || got["kind"] != "other" || len(got["terms"].([]any)) != 0 {
		t.Errorf("after the refusals: %d %v; want other, no terms", status, got)
	}

	// A school: r's deadline is counted in school days (SI 2004/3364 reg 3).
	status, got := f.call(t, "PUT", "/api/v1/settings/school", admin, `{"kind":"school","terms":[{"start":"2026-09-02","end":"2026-10-23"},{"start":"2026-11-02","end":"2026-11-27"},{"start":"2026-12-07","end":"2026-12-18"},{"start":"2027-01-05","end":"2027-02-12"}]}`)
	if status != 200 || got["kind"] != "school" || len(got["terms"].([]any)) != 4 {
		t.Fatalf("setting a school: %d %v", status, got)
	}
	// 16 Nov 2026 + 20 school days (9 to 27 Nov, 10 in December's term): 5 Jan 2027.
	if r, err = f.store.FindRequest(ctx, r.Reference); err != nil || foi.FormatDate(r.DueOn) != "2027-01-05" {
		t.Errorf("%s due %s after the school's terms were set (%v); want 2027-01-05", r.Reference, foi.FormatDate(r.DueOn), err)
	}
	status, got = f.call(t, "PUT", "/api/v1/settings/department-input", admin, fmt.Sprintf(`{"days":4,"managers":[{"contact_id":%d,"manager_email":"head@school.example"}]}`, contact.ID))
	if m, _ := got["managers"].([]any); status != 200 || got["days"] != 4.0 || len(m) != 1 || m[0].(map[string]any)["manager_email"] != "head@school.example" {
		t.Errorf("setting department input: %d %v", status, got)
	}
	if is, _ := f.svc.InputSettings(ctx); is.Days != 4 || is.Managers[contact.ID] != "head@school.example" {
		t.Errorf("department input saved as %+v", is)
	}
	events, err := f.store.FindEvents(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	recounted := false
	for _, e := range events {
		recounted = recounted || (e.Type == foi.EventSettingsChanged && e.Actor == "A admin")
	}
	if !recounted {
		t.Errorf("%s's trail does not record the recount by the administrator", r.Reference)
	}
}
