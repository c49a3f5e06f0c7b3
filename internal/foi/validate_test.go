// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"testing"
	"time"
)

// Each check refuses what a store used to refuse (the stores now only
// persist), with EINVALID, and lets a good record through.
func TestValidate(t *testing.T) {
	day := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
	goodRequest := func() *Request {
		return &Request{Regime: FOIA, ReceivedOn: day, ReceivedAt: day, Parts: []Part{{Number: 1}, {Number: 2}}}
	}
	goodMessage := func() *OutboxMessage {
		return &OutboxMessage{Key: "k", Kind: EmailAcknowledgement, From: "foi@council.example", To: "a@example.org"}
	}
	goodPublication := func() *Publication {
		return &Publication{RequestID: 1, Reference: Reference{Prefix: "FOI", Number: 1}, Regime: FOIA,
			Title: "Bins", Category: "Waste", PublishedOn: day}
	}
	with := func(r *Request, f func(*Request)) *Request { f(r); return r }
	withM := func(m *OutboxMessage, f func(*OutboxMessage)) *OutboxMessage { f(m); return m }
	withP := func(p *Publication, f func(*Publication)) *Publication { f(p); return p }
	tests := []struct {
		name string
		err  error
		ok   bool
	}{
		{"request", goodRequest().Validate(), true},
		{"request without a regime", with(goodRequest(), func(r *Request) { r.Regime = "" }).Validate(), false},
		{"request without a day", with(goodRequest(), func(r *Request) { r.ReceivedOn = time.Time{} }).Validate(), false},
		{"request without an instant", with(goodRequest(), func(r *Request) { r.ReceivedAt = time.Time{} }).Validate(), false},
		{"negative reference", with(goodRequest(), func(r *Request) { r.Reference.Number = -1 }).Validate(), false},
		{"two parts numbered alike", with(goodRequest(), func(r *Request) { r.Parts[1].Number = 1 }).Validate(), false},
		{"part numbered 0", with(goodRequest(), func(r *Request) { r.Parts[0].Number = 0 }).Validate(), false},
		{"message", goodMessage().Validate(), true},
		{"message already queued", withM(goodMessage(), func(m *OutboxMessage) { m.ID = 3 }).Validate(), false},
		{"message without a key", withM(goodMessage(), func(m *OutboxMessage) { m.Key = " " }).Validate(), false},
		{"message without a kind", withM(goodMessage(), func(m *OutboxMessage) { m.Kind = "" }).Validate(), false},
		{"message without a recipient", withM(goodMessage(), func(m *OutboxMessage) { m.To = "" }).Validate(), false},
		{"message claim", CheckMessageClaim("w", time.Minute, 1), true},
		{"message claim without a lease", CheckMessageClaim("w", 0, 1), false},
		{"delivery sent", CheckDelivery(&OutboxMessage{Status: OutboxSent}), true},
		{"delivery still sending", CheckDelivery(&OutboxMessage{Status: OutboxSending}), false},
		{"resolution queued", CheckResolution(OutboxQueued), true},
		{"resolution sending", CheckResolution(OutboxSending), false},
		{"inbound", (&InboundMessage{Raw: []byte("x")}).Validate(), true},
		{"inbound without bytes", (&InboundMessage{}).Validate(), false},
		{"inbound already stored", (&InboundMessage{ID: 1, Raw: []byte("x")}).Validate(), false},
		{"job claim", CheckJobClaim(JobDigest, day, "w"), true},
		{"job claim without a day", CheckJobClaim(JobDigest, time.Time{}, "w"), false},
		{"session", (&Session{Hash: "h", UserID: 1}).Validate(), true},
		{"session without a user", (&Session{Hash: "h"}).Validate(), false},
		{"calendar", (&Calendar{Version: "v1"}).Validate(), true},
		{"calendar without a version", (&Calendar{}).Validate(), false},
		{"filter", RequestFilter{Order: OrderReceived, Limit: 5}.Validate(), true},
		{"filter with an unknown order", RequestFilter{Order: "size"}.Validate(), false},
		{"filter with a negative offset", RequestFilter{Offset: -1}.Validate(), false},
		{"publication", goodPublication().Validate(), true},
		{"publication without a title", withP(goodPublication(), func(p *Publication) { p.Title = " " }).Validate(), false},
		{"publication without a category", withP(goodPublication(), func(p *Publication) { p.Category = "" }).Validate(), false},
		{"publication without a date", withP(goodPublication(), func(p *Publication) { p.PublishedOn = time.Time{} }).Validate(), false},
	}
	for _, tt := range tests {
		if tt.ok && tt.err != nil {
			t.Errorf("%s: %v, want it accepted", tt.name, tt.err)
		}
		if !tt.ok && ErrorCode(tt.err) != EINVALID {
			t.Errorf("%s: %v, want EINVALID", tt.name, tt.err)
		}
	}
}
