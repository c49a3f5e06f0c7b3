// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// Input asked for without a date is due the set number of working days
// before the statutory date (not before today); the setting is the
// administrator's, and bad values change nothing.
func TestDepartmentInputDefaultDueDate(t *testing.T) {
	svc := newService(t)
	// Received Friday 20 November 2026: due Monday 21 December (St Andrew's
	// Day, 30 November, is not a working day under FOIA).
	r := submit(t, svc, foi.FOIA, "2026-11-20", "1. How many?\n2. How much?\n3. Since when?")
	off, dept := searchStaff(t, svc, r) // part 1, by 27 November
	due := func(part int) string {
		t.Helper()
		as, err := svc.Store.FindPartAssignments(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range as {
			if a.Part == part {
				return foi.FormatDate(a.DueOn)
			}
		}
		return "none"
	}
	if got := due(1); got != "2026-11-27" {
		t.Errorf("a given date: %s, want 2026-11-27", got)
	}
	if err := svc.AssignPart(ctx, off, r.Reference, 2, dept.ID, time.Time{}, ""); err != nil {
		t.Fatal(err)
	}
	// 21 December less five working days: 14 December.
	if got := due(2); got != "2026-12-14" {
		t.Errorf("no date: %s, want 2026-12-14 (five working days before 21 December)", got)
	}
	for _, tc := range []struct {
		actor *foi.User
		days  string
		mgr   map[int64]string
		code  string
		msg   string
	}{
		{off, "3", nil, foi.EFORBIDDEN, "may not"},
		{admin, "twenty", nil, foi.EINVALID, "from 0 to 19"},
		{admin, "20", nil, foi.EINVALID, "from 0 to 19"},
		{admin, "3", map[int64]string{dept.ID: "not an address"}, foi.EINVALID, "the manager of HR Records"},
		{admin, "3", map[int64]string{off.ID: "a@b.example"}, foi.EINVALID, "is not a department contact"},
	} {
		if err := svc.SetInputSettings(ctx, tc.actor, tc.days, tc.mgr); foi.ErrorCode(err) != tc.code || !strings.Contains(foi.ErrorMessage(err), tc.msg) {
			t.Errorf("SetInputSettings(%q, %v) = %v; want %s saying %q", tc.days, tc.mgr, err, tc.code, tc.msg)
		}
	}
	if is, _ := svc.InputSettings(ctx); is.Days != casework.DefaultInputDays || len(is.Managers) != 0 {
		t.Errorf("after refusals the settings are %+v; want the defaults", is)
	}
	if err := svc.SetInputSettings(ctx, admin, "3", map[int64]string{dept.ID: "head.of.hr@council.example"}); err != nil {
		t.Fatal(err)
	}
	if err := svc.AssignPart(ctx, off, r.Reference, 3, dept.ID, time.Time{}, ""); err != nil {
		t.Fatal(err)
	}
	// Three working days before 21 December: 16 December.
	if got := due(3); got != "2026-12-16" {
		t.Errorf("with the setting at 3: %s, want 2026-12-16", got)
	}
	if is, _ := svc.InputSettings(ctx); is.Days != 3 || is.Managers[dept.ID] != "head.of.hr@council.example" {
		t.Errorf("saved settings read back as %+v", is)
	}
}
