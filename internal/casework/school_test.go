// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/stats"
)

var admin = &foi.User{ID: 1, Name: "Ada Admin", Role: foi.RoleAdmin}

// An English school's year 2025/26, half terms out, as an administrator
// types it (SI 2004/3364 reg 3 counts school days).
const schoolTerms = `# 2025/26
2025-09-03 to 2025-10-24
2025-11-03 to 2025-12-19
2026-01-05 to 2026-02-13
2026-02-23 to 2026-03-27
2026-04-13 to 2026-05-22
2026-06-01 to 2026-07-22`

// A school's FOIA deadlines count school days, in every path that sets one:
// intake, a clock event, and the explanation; its EIR requests keep the
// EIR's 20 working days (the regulations vary FOIA s.10(1) only).
func TestSchoolDeadlinesCountSchoolDays(t *testing.T) {
	svc := newService(t)
	if err := svc.SetSchool(ctx, admin, casework.KindSchool, schoolTerms); err != nil {
		t.Fatal(err)
	}
	foia := submit(t, svc, foi.FOIA, "2026-02-02", "How many pupils?")
	// 3 Feb to 13 Feb (9 school days), half term, 23 Feb to 6 Mar (19), 9 Mar (20).
	if got := foi.FormatDate(foia.DueOn); got != "2026-03-09" {
		t.Errorf("a school's FOIA request due %s, want 2026-03-09 (the 20th school day)", got)
	}
	if eir := submit(t, svc, foi.EIR, "2026-02-02", "Air quality at the gate?"); foi.FormatDate(eir.DueOn) != "2026-03-02" {
		t.Errorf("a school's EIR request due %s, want 2026-03-02 (EIR reg 5(2): 20 working days)", foi.FormatDate(eir.DueOn))
	}
	// A fees notice on 4 Mar (after the 20th working day, within the school's
	// time) paid on 5 Mar: two school days disregarded (FOIA s.10(2)).
	for _, ev := range []casework.ClockEvent{{Type: foi.EventFeeNotice, On: date("2026-03-04")}, {Type: foi.EventFeePaid, On: date("2026-03-05")}} {
		got, err := svc.RecordEvent(ctx, officer, foia.Reference, ev)
		if err != nil {
			t.Fatalf("%s: %v", ev.Type, err)
		}
		foia = got
	}
	if got := foi.FormatDate(foia.DueOn); got != "2026-03-11" {
		t.Errorf("after the fee, due %s, want 2026-03-11", got)
	}
	r, events, err := svc.FindRequest(ctx, officer, foia.Reference)
	if err != nil {
		t.Fatal(err)
	}
	due, steps, err := svc.ExplainDeadline(ctx, r, events)
	if err != nil || foi.FormatDate(due.Time()) != "2026-03-11" || !strings.Contains(steps[len(steps)-1].Note, "school day 20") {
		t.Errorf("ExplainDeadline = %s, %v; want 2026-03-11, ending on school day 20", due, err)
	}
}

// Saving the school's settings recounts every open request's deadline in
// the same transaction, recorded on each trail; settings an open request's
// count cannot be made from are refused, naming the request, and change
// nothing.
func TestSchoolSettingsRecountOpenRequests(t *testing.T) {
	svc := newService(t)
	r := submit(t, svc, foi.FOIA, "2026-02-02", "How many pupils?")
	if foi.FormatDate(r.DueOn) != "2026-03-02" {
		t.Fatalf("before the settings: due %s, want 2026-03-02", foi.FormatDate(r.DueOn))
	}
	for _, tc := range []struct {
		name  string
		actor *foi.User
		kind  casework.AuthorityKind
		terms string
		code  string
		msg   string
	}{
		{"an officer", officer, casework.KindSchool, schoolTerms, foi.EFORBIDDEN, "only an administrator"},
		{"a school without terms", admin, casework.KindSchool, "  ", foi.EINVALID, "enter its terms"},
		{"a bad line", admin, casework.KindSchool, "2026-01-05 2026-02-13\nthe spring term", foi.EINVALID, `line 2: "the spring term" is not a term`},
		{"overlapping terms", admin, casework.KindSchool, "2026-01-05 2026-02-13\n2026-02-10 2026-03-27", foi.EINVALID, "term 2 (from 2026-02-10) starts before"},
		{"an unknown kind", admin, "college", schoolTerms, foi.EINVALID, "unknown kind of authority"},
		{"terms that stop before an open request's count ends", admin, casework.KindSchool, "2026-01-05 2026-02-13", foi.EINVALID,
			r.Reference.String() + ": 2026-02-16 is outside the entered terms"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := svc.SetSchool(ctx, tc.actor, tc.kind, tc.terms)
			if foi.ErrorCode(err) != tc.code || !strings.Contains(foi.ErrorMessage(err), tc.msg) {
				t.Fatalf("SetSchool = %v; want %s saying %q", err, tc.code, tc.msg)
			}
			sc, err := svc.SchoolSettings(ctx)
			if err != nil || sc.Kind != casework.KindOther || sc.TermsText != "" {
				t.Errorf("after a refusal the settings are %+v, %v; want them unchanged", sc, err)
			}
			got, _, _ := svc.FindRequest(ctx, officer, r.Reference)
			if foi.FormatDate(got.DueOn) != "2026-03-02" {
				t.Errorf("after a refusal due %s, want 2026-03-02 unchanged", foi.FormatDate(got.DueOn))
			}
		})
	}
	if err := svc.SetSchool(ctx, admin, casework.KindSchool, schoolTerms); err != nil {
		t.Fatal(err)
	}
	got, events, err := svc.FindRequest(ctx, officer, r.Reference)
	if err != nil || foi.FormatDate(got.DueOn) != "2026-03-09" {
		t.Fatalf("after the settings: due %s, %v; want 2026-03-09", foi.FormatDate(got.DueOn), err)
	}
	recounted := false
	for _, e := range events {
		recounted = recounted || (e.Type == foi.EventSettingsChanged && strings.Contains(e.After, "2026-03-09") && e.Actor == admin.Name)
	}
	if !recounted {
		t.Errorf("no recount recorded on the request's trail: %v", eventTypes(events))
	}
	// Back to an ordinary authority: the 20 working days again.
	if err := svc.SetSchool(ctx, admin, casework.KindOther, ""); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := svc.FindRequest(ctx, officer, r.Reference); foi.FormatDate(got.DueOn) != "2026-03-02" {
		t.Errorf("no longer a school: due %s, want 2026-03-02", foi.FormatDate(got.DueOn))
	}
}

// A request whose school-day count needs days outside the entered terms is
// refused with the reason, not given a guessed date (SI 2004/3364 reg 3).
func TestSchoolRequestOutsideTheTermsIsRefused(t *testing.T) {
	svc := newService(t)
	if err := svc.SetSchool(ctx, admin, casework.KindSchool, schoolTerms); err != nil {
		t.Fatal(err)
	}
	_, err := svc.SubmitRequest(ctx, officer, casework.NewRequest{
		Requester: foi.Requester{Name: "Sam Researcher", Email: "sam@example.org"},
		Text:      "How many?", Regime: foi.FOIA, Channel: foi.ChannelEmail, ReceivedOn: date("2026-07-20"),
	})
	if foi.ErrorCode(err) != foi.EINVALID || !strings.Contains(foi.ErrorMessage(err), "2026-07-23 is outside the entered terms") {
		t.Errorf("a request the terms do not cover: %v; want it refused naming 2026-07-23", err)
	}
}

// The statistics read the stored deadline, so a school's answer on the
// 22nd working day but the 17th school day is in time (SI 2004/3364 reg 3),
// where an ordinary authority's would be late.
func TestSchoolTimelinessInTheStatistics(t *testing.T) {
	for _, tc := range []struct {
		school bool
		want   string
	}{{true, "in time"}, {false, "late"}} {
		svc := newService(t)
		if tc.school {
			if err := svc.SetSchool(ctx, admin, casework.KindSchool, schoolTerms); err != nil {
				t.Fatal(err)
			}
		}
		r := submit(t, svc, foi.FOIA, "2026-02-02", "How many pupils?")
		if _, err := svc.AnswerPart(ctx, officer, r.Reference, 1, casework.Answer{Text: "412.", Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventResponded, On: date("2026-03-04")}); err != nil {
			t.Fatal(err)
		}
		rep, err := stats.Build(ctx, svc.Store, date("2026-02-01"), date("2026-02-28"), date("2026-11-25"))
		if err != nil {
			t.Fatal(err)
		}
		c := rep.Sum(foi.FOIA, date("2026-02-01"), date("2026-02-28"))
		got := "late"
		if c.InTime == 1 && c.Late == 0 {
			got = "in time"
		}
		if got != tc.want {
			t.Errorf("school %v: answered on 4 March 2026 counted %s (%+v); want %s", tc.school, got, c, tc.want)
		}
	}
}
