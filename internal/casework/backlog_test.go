// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// TestBacklogByAge: on 25 November 2026, open requests counted by age
// from receipt, the old ones listed oldest first, answered ones left out;
// unsorted mail counted by age too, without its sender.
func TestBacklogByAge(t *testing.T) {
	svc := newService(t)
	yearOld := submit(t, svc, foi.FOIA, "2025-11-03", "1. How many bins?")
	halfYear := submit(t, svc, foi.EIR, "2026-05-11", "1. How much litter?")
	month := submit(t, svc, foi.FOIA, "2026-10-19", "1. How many parks?") // 27 working days
	submit(t, svc, foi.FOIA, "2026-11-20", "1. How many pools?")          // 3 working days: not old
	paused := submit(t, svc, foi.FOIA, "2026-10-01", "1. How many roads?")
	if _, err := svc.RecordEvent(ctx, officer, paused.Reference, casework.ClockEvent{Type: foi.EventClarificationRequested, On: date("2026-10-02")}); err != nil {
		t.Fatal(err)
	}
	answered := submit(t, svc, foi.FOIA, "2025-06-02", "1. How many?")
	if _, err := svc.AnswerPart(ctx, officer, answered.Reference, 1, casework.Answer{Text: "Four.", Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RecordEvent(ctx, officer, answered.Reference, casework.ClockEvent{Type: foi.EventResponded, On: date("2025-06-20")}); err != nil {
		t.Fatal(err)
	}
	// Two messages nobody has sorted: one held since May, one new today.
	held := &foi.InboundMessage{Raw: []byte("x"), ReceivedAt: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}
	fresh := &foi.InboundMessage{Raw: []byte("y"), ReceivedAt: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	if err := svc.Store.Update(ctx, func(tx foi.Tx) error {
		for _, m := range []*foi.InboundMessage{held, fresh} {
			if err := tx.CreateInbound(ctx, m); err != nil {
				return err
			}
		}
		held.Status, held.Note = foi.InboundHoldingPen, "no name"
		return tx.UpdateInbound(ctx, held)
	}); err != nil {
		t.Fatal(err)
	}

	b, err := svc.Backlog(ctx, officer)
	if err != nil {
		t.Fatal(err)
	}
	if want := (stats4{5, 4, 2, 1}); (stats4{b.Open.All, b.Open.Over20Days, b.Open.Over6Months, b.Open.OverAYear}) != want {
		t.Errorf("open by age = %+v, want %v (all, over 20 working days, over 6 months, over a year)", b.Open, want)
	}
	var refs []foi.Reference
	for _, c := range b.Old {
		refs = append(refs, c.Reference)
	}
	if len(refs) != 4 || refs[0] != yearOld.Reference || refs[1] != halfYear.Reference || refs[2] != paused.Reference || refs[3] != month.Reference {
		t.Errorf("old requests = %v, want %v %v %v %v oldest first", refs, yearOld.Reference, halfYear.Reference, paused.Reference, month.Reference)
	}
	if b.Old[3].WorkingDays != 27 || b.Old[2].Status != foi.StatusAwaitingClarification {
		t.Errorf("FOI parks at %d working days, the paused one %s", b.Old[3].WorkingDays, b.Old[2].Status)
	}
	if want := (stats4{2, 1, 1, 0}); (stats4{b.Held.All, b.Held.Over20Days, b.Held.Over6Months, b.Held.OverAYear}) != want {
		t.Errorf("unsorted mail by age = %+v, want %v", b.Held, want)
	}
	if b.HeldList[0].ID != held.ID || b.HeldCapped {
		t.Errorf("held list = %+v, capped %v", b.HeldList, b.HeldCapped)
	}
	if _, err := svc.Backlog(ctx, &foi.User{ID: 9, Role: foi.RoleContributor}); foi.ErrorCode(err) != foi.EFORBIDDEN {
		t.Errorf("a department contact reading the backlog: %v", err)
	}
}

type stats4 [4]int
