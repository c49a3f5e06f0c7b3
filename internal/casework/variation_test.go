// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/clock"
	"disclose/internal/foi"
)

// nthWorkingDay is the nth FOIA working day after received.
func nthWorkingDay(t *testing.T, svc *casework.Service, received string, n int) time.Time {
	t.Helper()
	d, err := svc.Calendar().AddWorkingDays(clock.FOIA, clock.DateOf(date(received)), n)
	if err != nil {
		t.Fatal(err)
	}
	return d.Time()
}

// The Time for Compliance Regulations 2004 (SI 2004/3364) put a later day
// in place of FOIA s.10(1)'s 20th working day: the 30th for an archive's
// transferred public records (reg 4); for the armed forces (reg 5) and
// information held outside the UK (reg 6), the day the Commissioner
// specifies, no later than the 60th. The case's deadline is recounted and
// the reason kept; what the regulations do not allow is refused, changing
// nothing.
func TestVaryTime(t *testing.T) {
	svc := newService(t)
	off := &foi.User{Email: "olu@council.example", Name: "Olu Officer", Role: foi.RoleOfficer}
	if err := svc.Store.Update(ctx, func(tx foi.Tx) error { return tx.CreateUser(ctx, off) }); err != nil {
		t.Fatal(err)
	}
	const received = "2026-11-02"
	day := func(n int) time.Time { return nthWorkingDay(t, svc, received, n) }
	for _, tc := range []struct {
		name      string
		variation string
		specified time.Time
		want      time.Time
	}{
		{"reg 4: archives, the 30th working day", "archives", time.Time{}, day(30)},
		{"reg 5: armed forces, the day specified", "armed-forces", day(45), day(45)},
		{"reg 6: held abroad, up to the 60th working day", "held-abroad", day(60), day(60)},
		{"reg 6: held abroad, the 21st working day", "held-abroad", day(21), day(21)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := submit(t, svc, foi.FOIA, received, "Minutes of the twinning committee's visits abroad?")
			got, err := svc.VaryTime(ctx, off, r.Reference, casework.VariationInput{Variation: tc.variation, Specified: tc.specified, Reason: "The records are held by our office in Brussels"})
			if err != nil {
				t.Fatal(err)
			}
			if !got.DueOn.Equal(tc.want) {
				t.Errorf("due %s; want %s", foi.FormatDate(got.DueOn), foi.FormatDate(tc.want))
			}
			stored, events, _ := svc.FindRequest(ctx, off, r.Reference)
			if !stored.DueOn.Equal(tc.want) {
				t.Errorf("stored due %s; want %s", foi.FormatDate(stored.DueOn), foi.FormatDate(tc.want))
			}
			var last *foi.Event
			for _, e := range events {
				if e.Type == foi.EventTimeVaried {
					last = e
				}
			}
			if last == nil || last.Type != foi.EventTimeVaried || !strings.Contains(last.Note, "Brussels") || !strings.Contains(last.Note, "SI 2004/3364") || last.ActorID != off.ID {
				t.Errorf("the event recorded: %+v", last)
			}
			if due, steps, err := svc.ExplainDeadline(ctx, stored, events); err != nil || due.Time() != tc.want || !strings.Contains(steps[len(steps)-1].Note, "varied under SI 2004/3364") {
				t.Errorf("ExplainDeadline = %s, last step %+v, %v", due, steps[len(steps)-1], err)
			}
		})
	}

	// The requester's tracking page tells them why the date moved.
	tracked, secret := submitPublic(t, svc, "192.0.2.7")
	if _, err := svc.VaryTime(ctx, off, tracked.Reference, casework.VariationInput{Variation: "held-abroad",
		Specified: nthWorkingDay(t, svc, foi.FormatDate(tracked.ReceivedOn), 30), Reason: "Held in Brussels"}); err != nil {
		t.Fatal(err)
	}
	view, err := svc.TrackRequest(ctx, secret)
	if err != nil {
		t.Fatal(err)
	}
	if last := view.History[len(view.History)-1]; last.Type != foi.EventTimeVaried || last.Note != "" {
		t.Errorf("the tracking history ends %+v; want the variation, without the officer's note", last)
	}

	r := submit(t, svc, foi.FOIA, received, "Minutes of the twinning committee's visits abroad?")
	abroad := casework.VariationInput{Variation: "held-abroad", Specified: day(40), Reason: "Held by our office in Brussels"}
	for _, tc := range []struct {
		name string
		ref  foi.Reference
		by   *foi.User
		edit func(*casework.VariationInput)
		code string
		msg  string
	}{
		{"EIR: not varied", submit(t, svc, foi.EIR, received, "Air quality abroad?").Reference, off, nil, foi.EINVALID, "FOIA s.10(1) only"},
		{"FOISA: not varied", submit(t, svc, foi.FOISA, received, "Minutes?").Reference, off, nil, foi.EINVALID, "FOIA s.10(1) only"},
		{"EISR: not varied", submit(t, svc, foi.EISR, received, "Water quality?").Reference, off, nil, foi.EINVALID, "FOIA s.10(1) only"},
		{"no reason", r.Reference, off, func(in *casework.VariationInput) { in.Reason = " " }, foi.EINVALID, "say why"},
		{"reg 6: no day specified", r.Reference, off, func(in *casework.VariationInput) { in.Specified = time.Time{} }, foi.EINVALID, "no day specified"},
		{"reg 6: after the 60th working day", r.Reference, off, func(in *casework.VariationInput) { in.Specified = day(61) }, foi.EINVALID, "after the 60th working day"},
		{"reg 6: the 20th working day needs none", r.Reference, off, func(in *casework.VariationInput) { in.Specified = day(20) }, foi.EINVALID, "not after the 20th working day"},
		{"reg 4: the day is fixed", r.Reference, off, func(in *casework.VariationInput) { in.Variation = "archives" }, foi.EINVALID, "fixed"},
		{"unknown variation", r.Reference, off, func(in *casework.VariationInput) { in.Variation = "pandemic" }, foi.EINVALID, "unknown variation"},
		{"a department contact", r.Reference, &foi.User{ID: 77, Name: "HR", Role: foi.RoleContributor}, nil, foi.EFORBIDDEN, "vary the time"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := abroad
			if tc.edit != nil {
				tc.edit(&in)
			}
			before, _, _ := svc.FindRequest(ctx, off, tc.ref)
			_, err := svc.VaryTime(ctx, tc.by, tc.ref, in)
			if foi.ErrorCode(err) != tc.code || !strings.Contains(foi.ErrorMessage(err), tc.msg) {
				t.Errorf("VaryTime = %v; want %s saying %q", err, tc.code, tc.msg)
			}
			if after, _, _ := svc.FindRequest(ctx, off, tc.ref); !after.DueOn.Equal(before.DueOn) || after.Version != before.Version {
				t.Errorf("a refused variation changed the case: due %s -> %s", foi.FormatDate(before.DueOn), foi.FormatDate(after.DueOn))
			}
		})
	}

	// Varied, a fees notice or an extension is refused rather than counted
	// wrongly; a clarification makes a new request, counted afresh.
	if _, err := svc.VaryTime(ctx, off, r.Reference, abroad); err != nil {
		t.Fatal(err)
	}
	for _, typ := range []string{foi.EventFeeNotice, foi.EventExtended} {
		if _, err := svc.RecordEvent(ctx, off, r.Reference, casework.ClockEvent{Type: typ, On: date("2026-11-10")}); foi.ErrorCode(err) != foi.EINVALID || !strings.Contains(foi.ErrorMessage(err), "varied under SI 2004/3364") {
			t.Errorf("%s after a variation: %v; want refused naming the variation", typ, err)
		}
	}
	for _, ev := range []casework.ClockEvent{{Type: foi.EventClarificationRequested, On: date("2026-11-10")}, {Type: foi.EventClarificationReceived, On: date("2026-11-16")}} {
		if _, err := svc.RecordEvent(ctx, off, r.Reference, ev); err != nil {
			t.Fatal(err)
		}
	}
	got, _, _ := svc.FindRequest(ctx, off, r.Reference)
	if want := nthWorkingDay(t, svc, "2026-11-16", 20); !got.DueOn.Equal(want) {
		t.Errorf("after the clarification, due %s; want the 20th working day after it, %s", foi.FormatDate(got.DueOn), foi.FormatDate(want))
	}
	// An extended request is not varied.
	x := submit(t, svc, foi.FOIA, received, "Minutes?")
	if _, err := svc.RecordEvent(ctx, off, x.Reference, casework.ClockEvent{Type: foi.EventExtended, On: date("2026-11-10")}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.VaryTime(ctx, off, x.Reference, abroad); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("varying an extended request: %v; want a conflict", err)
	}
}
