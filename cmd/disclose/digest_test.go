// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/mail"
	"disclose/internal/mailtest"
	"disclose/internal/pgtest"
)

// TestDigestOncePerUserAcrossProcesses is the digest's promise: two
// processes share one database, each running the scheduler and an outbox
// worker against a real SMTP server, and each member of staff with cases
// overdue or due soon receives exactly one digest for the day; someone
// with nothing due receives none.
func TestDigestOncePerUserAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real servers; skipped with -short")
	}
	t.Run("sqlite", func(t *testing.T) {
		digestAcrossProcesses(t, "sqlite:"+filepath.Join(t.TempDir(), "disclose.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		digestAcrossProcesses(t, pgtest.Start(t))
	})
}

// digestProcess is what one `disclose serve` holds: its own connection to
// the database, service, composer and outbox worker.
type digestProcess struct {
	store  migrator
	svc    *casework.Service
	worker *mail.Worker
}

func startDigestProcess(t *testing.T, dsn, smtp string, now func() time.Time) *digestProcess {
	t.Helper()
	ctx := context.Background()
	store, err := openStore(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	svc, err := casework.New(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	svc.Now = now
	secret, err := mailSecret(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	addrs, err := mail.NewAddresses("Thurrock FOI <foi@thurrock.example>", "", secret)
	if err != nil {
		t.Fatal(err)
	}
	composer, err := mail.NewComposer(addrs)
	if err != nil {
		t.Fatal(err)
	}
	composer.PublicURL = "https://foi.thurrock.example"
	svc.Mail = composer
	cfg, err := mail.ParseSMTP("smtp://" + smtp)
	if err != nil {
		t.Fatal(err)
	}
	w := &mail.Worker{Store: store, Sender: &mail.Sender{Config: cfg, Addresses: addrs}, Poll: 50 * time.Millisecond}
	return &digestProcess{store: store, svc: svc, worker: w}
}

func digestAcrossProcesses(t *testing.T, dsn string) {
	ctx := context.Background()
	pit := mailtest.StartMailpit(t)
	// Thursday 26 November 2026, 07:30 UK time: a working day, after 07:00.
	now := time.Date(2026, 11, 26, 7, 30, 0, 0, casework.UK)
	clockAt := func() time.Time { return now }
	a := startDigestProcess(t, dsn, pit.SMTP, clockAt)
	b := startDigestProcess(t, dsn, pit.SMTP, clockAt)

	var ann, ben, planning, admin *foi.User
	err := a.store.Update(ctx, func(tx foi.Tx) error {
		for _, u := range []**foi.User{&ann, &ben, &planning, &admin} {
			*u = &foi.User{PasswordHash: "unused"}
		}
		ann.Email, ann.Name, ann.Role = "ann@thurrock.example", "Ann Officer", foi.RoleOfficer
		ben.Email, ben.Name, ben.Role = "ben@thurrock.example", "Ben Officer", foi.RoleOfficer
		planning.Email, planning.Name, planning.Role = "planning@thurrock.example", "Planning", foi.RoleContributor
		admin.Email, admin.Name, admin.Role = "admin@thurrock.example", "FOI Admin", foi.RoleAdmin
		for _, u := range []*foi.User{ann, ben, planning, admin} {
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	submit := func(received, text string, assignee *foi.User) *foi.Request {
		t.Helper()
		r, err := a.svc.SubmitRequest(ctx, admin, casework.NewRequest{
			Requester: foi.Requester{Name: "Amara Okafor", Email: "amara@example.org"},
			Text:      text, Regime: foi.FOIA, Channel: foi.ChannelEmail, ReceivedOn: mustDate(t, received)})
		if err != nil {
			t.Fatal(err)
		}
		if assignee != nil {
			if err := a.svc.AssignCase(ctx, admin, r.Reference, assignee.ID); err != nil {
				t.Fatal(err)
			}
		}
		return r
	}
	overdue := submit("2026-10-20", "How many potholes were repaired in 2025?", ann)                          // due 17 November
	soon := submit("2026-11-02", "What did the council spend on agency staff?", ann)                          // due 1 December
	later := submit("2026-11-24", "1. How many parking fines were issued?\n2. How many were cancelled?", ann) // due 22 December
	if err := a.svc.AssignPart(ctx, admin, later.Reference, 2, planning.ID, mustDate(t, "2026-11-27"), "figures please"); err != nil {
		t.Fatal(err)
	}
	// Waiting on the requester: no days count, but the officer is reminded
	// that the case is theirs and what restarts it.
	paused := submit("2026-11-16", "How many library books were lost?", ann)
	if _, err := a.svc.RecordEvent(ctx, admin, paused.Reference, casework.ClockEvent{Type: foi.EventClarificationRequested,
		On: mustDate(t, "2026-11-18"), Note: "Which libraries?"}); err != nil {
		t.Fatal(err)
	}

	// Before 07:00, and on a Saturday, nothing is sent.
	for _, at := range []time.Time{time.Date(2026, 11, 26, 6, 59, 0, 0, casework.UK), time.Date(2026, 11, 28, 9, 0, 0, 0, casework.UK)} {
		a.svc.Now = func() time.Time { return at }
		if n, err := a.svc.SendDigests(ctx, "early"); err != nil || n != 0 {
			t.Fatalf("digests queued at %s = %d, %v; want none", at.Format(time.RFC1123), n, err)
		}
	}
	a.svc.Now = clockAt

	// Both processes run the scheduler and deliver, at the same time.
	runCtx, stop := context.WithCancel(ctx)
	log := slog.New(slog.DiscardHandler)
	var waits []func()
	for _, p := range []*digestProcess{a, b} {
		done := make(chan struct{})
		go func() { defer close(done); p.worker.Run(runCtx) }()
		waits = append(waits, func() { <-done }, startJobs(runCtx, p.svc, 10*time.Millisecond, p.worker.Wake, log))
	}
	got := pit.WaitFor(t, 3+2, 30*time.Second)
	time.Sleep(500 * time.Millisecond) // time for a duplicate to show
	stop()
	for _, w := range waits {
		w()
	}
	// The requests' acknowledgements went to the requester too.
	got = nil
	to := map[string]int{}
	for _, m := range pit.Messages(t) {
		if m.To[0].Address != "amara@example.org" {
			got = append(got, m)
			to[m.To[0].Address]++
		}
	}
	if len(got) != 2 || to[ann.Email] != 1 || to[planning.Email] != 1 {
		t.Fatalf("delivered %d digests to %v; want one each to Ann and Planning, none to Ben (nothing due) or the admin", len(got), to)
	}
	queued, err := a.store.FindMessages(ctx, foi.OutboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	digests := 0
	for _, m := range queued {
		if m.Kind == foi.EmailDigest {
			digests++
		}
	}
	if digests != 2 {
		t.Errorf("outbox holds %d digests, want 2", digests)
	}

	for _, s := range got {
		m := pit.Message(t, s.ID)
		switch s.To[0].Address {
		case ann.Email:
			for _, want := range []string{
				"Overdue (1)", overdue.Reference.String() + ", due 17 November 2026 (7 working days overdue)",
				"Due within 5 working days (1)", soon.Reference.String() + ", due 1 December 2026 (2 working days left)",
				"https://foi.thurrock.example/staff/cases/" + soon.Reference.Slug(), "agency staff",
				"Clock stopped (1)", paused.Reference.String() + ", clarification asked for on 18 November 2026",
				"when the requester's clarification is received",
			} {
				if !strings.Contains(m.Text, want) {
					t.Errorf("Ann's digest lacks %q:\n%s", want, m.Text)
				}
			}
			if strings.Contains(m.Text, later.Reference.String()) {
				t.Errorf("Ann's digest lists %s, due in December:\n%s", later.Reference, m.Text)
			}
		case planning.Email:
			want := later.Reference.String() + ", due 27 November 2026 (1 working day left), your input on part 2"
			if !strings.Contains(m.Text, want) || !strings.Contains(m.Text, "cancelled") {
				t.Errorf("Planning's digest lacks %q and part 2's question:\n%s", want, m.Text)
			}
			if strings.Contains(m.Text, "Amara") || strings.Contains(m.Text, overdue.Reference.String()) {
				t.Errorf("Planning's digest shows the requester or a case without their part:\n%s", m.Text)
			}
		}
		if !strings.Contains(s.Subject, "26 November 2026") {
			t.Errorf("subject %q does not name the day", s.Subject)
		}
	}

	// Running again the same day queues nothing new.
	if n, err := b.svc.SendDigests(ctx, "again"); err != nil || n != 0 {
		t.Errorf("second run the same day queued %d, %v; want none", n, err)
	}
}

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := foi.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestTwoServeProcessesSendOneDigest runs two real `disclose serve`
// processes on one database with the digest due from midnight: on a
// working day each member of staff with something due gets exactly one
// digest; on a weekend or bank holiday nobody gets one.
func TestTwoServeProcessesSendOneDigest(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real servers; skipped with -short")
	}
	bin := buildDisclose(t)
	t.Run("sqlite", func(t *testing.T) {
		twoServeDigests(t, bin, "sqlite:"+filepath.Join(t.TempDir(), "disclose.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		twoServeDigests(t, bin, pgtest.Start(t))
	})
}

func twoServeDigests(t *testing.T, bin, dsn string) {
	ctx := context.Background()
	pit := mailtest.StartMailpit(t)
	store, err := openStore(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := casework.New(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	officer := &foi.User{Email: "ann@thurrock.example", Name: "Ann Officer", Role: foi.RoleOfficer, PasswordHash: "unused"}
	dept := &foi.User{Email: "planning@thurrock.example", Name: "Planning", Role: foi.RoleContributor, PasswordHash: "unused"}
	err = store.Update(ctx, func(tx foi.Tx) error {
		for _, u := range []*foi.User{officer, dept} {
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
		}
		return tx.SetSetting(ctx, casework.SettingDigestTime, "00:00")
	})
	if err != nil {
		t.Fatal(err)
	}
	// Received 60 days ago: long overdue. Its part 2 is asked of Planning by today.
	today := svc.Today()
	r, err := svc.SubmitRequest(ctx, officer, casework.NewRequest{Requester: foi.Requester{Name: "Amara Okafor", Email: "amara@example.org"},
		Text: "1. How many parking fines were issued?\n2. How many were cancelled?", Regime: foi.FOIA, Channel: foi.ChannelEmail,
		ReceivedOn: today.AddDate(0, 0, -60)})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.AssignCase(ctx, officer, r.Reference, officer.ID); err != nil {
		t.Fatal(err)
	}
	if err := svc.AssignPart(ctx, officer, r.Reference, 2, dept.ID, today, ""); err != nil {
		t.Fatal(err)
	}
	due, err := svc.DigestDue(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	store.Close()

	t.Setenv("DISCLOSE_SMTP", "smtp://"+pit.SMTP)
	flags := []string{"--mailbox", "Thurrock FOI <foi@thurrock.example>", "--jobs-poll", "100ms", "--outbox-poll", "100ms"}
	startServe(t, bin, dsn, flags...)
	startServe(t, bin, dsn, flags...)
	if !due {
		// A weekend or a bank holiday: nothing may be sent all day.
		time.Sleep(3 * time.Second)
		if got := pit.Messages(t); len(got) != 0 {
			t.Fatalf("%d digests sent on a non-working day", len(got))
		}
		t.Logf("today (%s) is not a working day: checked that no digest was sent", foi.FormatDate(today))
		return
	}
	pit.WaitFor(t, 2, 30*time.Second)
	time.Sleep(2 * time.Second) // time for a duplicate to show
	to := map[string]int{}
	for _, m := range pit.Messages(t) {
		to[m.To[0].Address]++
		if !strings.Contains(m.Subject, "1 overdue") && !strings.Contains(m.Subject, "1 due within") {
			t.Errorf("digest subject %q", m.Subject)
		}
	}
	if len(to) != 2 || to[officer.Email] != 1 || to[dept.Email] != 1 {
		t.Errorf("digests delivered: %v; want exactly one each to Ann and Planning", to)
	}
}
