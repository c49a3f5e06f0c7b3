// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"disclose/internal/foi"
)

// testGauges: the operator's counts (/metrics) on either engine.
func testGauges(t *testing.T, s foi.Store) {
	gr, ok := s.(foi.GaugeReader)
	if !ok {
		t.Fatal("the store does not read gauges")
	}
	open := newRequest(foi.FOIA, "2024-01-02")
	open.DueOn = day("2024-01-30")
	create(t, s, open)
	late := newRequest(foi.FOIA, "2024-01-03")
	late.DueOn, late.Status = day("2024-01-10"), foi.StatusExtended
	create(t, s, late)
	done := newRequest(foi.EIR, "2024-01-04")
	done.Status = foi.StatusResponded
	create(t, s, done)
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.QueueMessage(ctx, outboxMessage("gauge-1", open.ID)) }); err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, func(tx foi.Tx) error {
		return tx.CreateInbound(ctx, &foi.InboundMessage{Raw: []byte("Subject: hello\r\n\r\nhi")})
	}); err != nil {
		t.Fatal(err)
	}
	if ok, err := claimJob(s, day("2024-01-15"), "w", 0); err != nil || !ok {
		t.Fatalf("claim = %v, %v", ok, err)
	}
	if err := finishJob(s, day("2024-01-15"), "w"); err != nil {
		t.Fatal(err)
	}
	g, err := gr.Gauges(ctx, day("2024-01-20"))
	if err != nil {
		t.Fatal(err)
	}
	want := &foi.Gauges{
		Outbox:  map[foi.OutboxStatus]int64{foi.OutboxQueued: 1, foi.OutboxFailed: 0},
		Inbound: map[foi.InboundStatus]int64{foi.InboundNew: 1},
		Cases:   map[foi.Status]int64{foi.StatusOpen: 1, foi.StatusExtended: 1},
		Overdue: 1,
		Jobs:    []foi.JobGauge{{Job: foi.JobDigest, Finished: 1}},
	}
	if diff := cmp.Diff(want, g, cmpopts.IgnoreFields(foi.JobGauge{}, "LastFinished")); diff != "" {
		t.Errorf("gauges (-want +got):\n%s", diff)
	}
	if len(g.Jobs) == 1 && g.Jobs[0].LastFinished.IsZero() {
		t.Error("the finished run has no time")
	}
}
