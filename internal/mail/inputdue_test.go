// SPDX-License-Identifier: AGPL-3.0-or-later

package mail_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/mailtest"
)

// Department input not given by its date (issue 17 §1) is listed in the
// case officer's digest, and the officer and the department's manager are
// emailed once through the outbox, delivered to a real SMTP server; the
// next day's run lists it again but does not email again, and input given
// ends it.
func TestOverdueInputIsEscalatedOnce(t *testing.T) {
	pit := mailtest.StartMailpit(t)
	f := newFixture(t)
	admin := &foi.User{Email: "admin@thurrock.example", Name: "Ada Admin", Role: foi.RoleAdmin, PasswordHash: "x"}
	officer := &foi.User{Email: "olu@thurrock.example", Name: "Olu Officer", Role: foi.RoleOfficer, PasswordHash: "x"}
	dept := &foi.User{Email: "highways@thurrock.example", Name: "Highways", Role: foi.RoleContributor, PasswordHash: "x"}
	for _, u := range []*foi.User{admin, officer, dept} {
		if err := f.store.Update(ctx, func(tx foi.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
			t.Fatal(err)
		}
	}
	r := f.submit(t) // 25 November 2026, due 24 December
	if err := f.svc.AssignCase(ctx, admin, r.Reference, officer.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.AssignPart(ctx, officer, r.Reference, 1, dept.ID, time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC), ""); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.SetInputSettings(ctx, admin, "5", map[int64]string{dept.ID: "head.of.highways@thurrock.example"}); err != nil {
		t.Fatal(err)
	}
	// Tuesday 1 December, 10:00: the input was due on Friday 27 November.
	f.svc.Now = func() time.Time { return time.Date(2026, 12, 1, 10, 0, 0, 0, casework.UK) }
	if _, err := f.svc.SendDigests(ctx, "w1"); err != nil {
		t.Fatal(err)
	}
	w := f.worker(smtpTo(t, pit.SMTP))
	for runOnce(t, w) > 0 {
	}
	got := pit.Messages(t)
	var subjects []string
	to := map[string][]string{}
	for _, m := range got {
		subjects = append(subjects, m.Subject)
		to[m.To[0].Address] = append(to[m.To[0].Address], m.Subject)
	}
	if len(to["head.of.highways@thurrock.example"]) != 1 || !strings.Contains(to["head.of.highways@thurrock.example"][0], "Department input overdue") {
		t.Errorf("the manager got %v; want one message saying the input is overdue (all: %v)", to["head.of.highways@thurrock.example"], subjects)
	}
	officerMail := to["olu@thurrock.example"]
	if len(officerMail) != 2 || !slices.ContainsFunc(officerMail, func(s string) bool { return strings.Contains(s, "Department input overdue") }) {
		t.Errorf("the officer got %v; want the digest and the escalation", officerMail)
	}
	for _, m := range got {
		if m.To[0].Address != "olu@thurrock.example" || !strings.HasPrefix(m.Subject, "FOI cases for") {
			continue
		}
		if body := pit.Message(t, m.ID).Text; !strings.Contains(body, "input from Highways on part 1") || !strings.Contains(body, "27 November 2026") {
			t.Errorf("the officer's digest does not list the overdue input:\n%s", body)
		}
	}

	// Wednesday: listed again, not escalated again.
	f.svc.Now = func() time.Time { return time.Date(2026, 12, 2, 10, 0, 0, 0, casework.UK) }
	if _, err := f.svc.SendDigests(ctx, "w1"); err != nil {
		t.Fatal(err)
	}
	for runOnce(t, w) > 0 {
	}
	var second []string
	for _, m := range pit.Messages(t)[:len(pit.Messages(t))-len(got)] { // newest first
		second = append(second, m.To[0].Address+": "+m.Subject)
	}
	if len(second) != 2 || slices.ContainsFunc(second, func(s string) bool { return strings.Contains(s, "Department input overdue") }) {
		t.Errorf("the second day sent %v; want the officer's and the contact's digests, no escalation", second)
	}
	work, err := f.svc.Workload(ctx, officer)
	if err != nil || len(work.InputsOverdue) != 1 || work.InputsOverdue[0].InputFrom != "Highways" {
		t.Fatalf("the officer's workload lists %+v, %v; want the overdue input from Highways", work.InputsOverdue, err)
	}
	if err := f.svc.AddPartInput(ctx, dept, r.Reference, 1, "412 potholes."); err != nil {
		t.Fatal(err)
	}
	if work, _ := f.svc.Workload(ctx, officer); len(work.InputsOverdue) != 0 {
		t.Errorf("after the input was given, still overdue: %+v", work.InputsOverdue)
	}
}
