// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

func storeInbound(t *testing.T, svc *casework.Service, raw string) int64 {
	t.Helper()
	m := &foi.InboundMessage{Raw: []byte(raw), ReceivedAt: time.Date(2026, 11, 24, 23, 30, 0, 0, time.UTC)}
	if err := svc.Store.Update(ctx, func(tx foi.Tx) error { return tx.CreateInbound(ctx, m) }); err != nil {
		t.Fatal(err)
	}
	return m.ID
}

func TestReceiveEmailMakesARequestOnce(t *testing.T) {
	svc := newService(t)
	id := storeInbound(t, svc, "raw")
	e := casework.ReceivedEmail{InboundID: id, Kind: casework.EmailNewRequest, FromName: "Alex Requester",
		FromEmail: "alex@example.org", Subject: "Bins", Text: "1. How many bins?\n2. What colour?"}
	m, err := svc.ReceiveEmail(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != foi.InboundRequestCreated || m.RequestID == 0 {
		t.Fatalf("inbound after sorting: %s, request %d", m.Status, m.RequestID)
	}
	r, err := svc.Store.FindRequestByID(ctx, m.RequestID)
	if err != nil {
		t.Fatal(err)
	}
	// 23:30 UTC on 24 November is still 24 November in London (GMT).
	if r.Channel != foi.ChannelEmail || foi.FormatDate(r.ReceivedOn) != "2026-11-24" || len(r.Parts) != 2 {
		t.Errorf("request by %s received %s with %d parts; want email, 2026-11-24, 2", r.Channel, foi.FormatDate(r.ReceivedOn), len(r.Parts))
	}
	// Sorting again (another process, or after a crash) changes nothing.
	again, err := svc.ReceiveEmail(ctx, e)
	if err != nil || again.RequestID != m.RequestID {
		t.Errorf("second sort: %v, request %d; want the first request", err, again.RequestID)
	}
	if _, n, _ := svc.Store.FindRequests(ctx, foi.RequestFilter{}); n != 1 {
		t.Errorf("%d requests after sorting one message twice", n)
	}
}

func TestReceiveEmailHoldingPenAndSuggestions(t *testing.T) {
	svc := newService(t)
	// No name: FOIA s.8(1)(b) needs one, so staff decide.
	m, err := svc.ReceiveEmail(ctx, casework.ReceivedEmail{InboundID: storeInbound(t, svc, "a"), Kind: casework.EmailNewRequest,
		FromEmail: "anon@example.org", Text: "How many libraries?"})
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != foi.InboundHoldingPen || !strings.Contains(m.Note, "name") {
		t.Errorf("nameless request: %s %q, want the holding pen with the reason", m.Status, m.Note)
	}
	// A reply to a case that does not exist is kept for staff too.
	m, _ = svc.ReceiveEmail(ctx, casework.ReceivedEmail{InboundID: storeInbound(t, svc, "b"), Kind: casework.EmailReply, CaseNumber: 999})
	if m.Status != foi.InboundHoldingPen {
		t.Errorf("reply to a missing case: %s", m.Status)
	}

	r := submit(t, svc, foi.FOIA, "2026-11-02", "1. How many?")
	if _, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventClarificationRequested}); err != nil {
		t.Fatal(err)
	}
	m, _ = svc.ReceiveEmail(ctx, casework.ReceivedEmail{InboundID: storeInbound(t, svc, "c"), Kind: casework.EmailReply,
		CaseNumber: r.Reference.Number, FromEmail: "sam@example.org", Subject: "Re: clarify", Text: "I meant 2025."})
	if m.Status != foi.InboundThreaded || m.Suggestion != foi.EventClarificationReceived {
		t.Errorf("reply while awaiting clarification: %s, suggestion %q", m.Status, m.Suggestion)
	}
	got, _ := svc.Store.FindRequest(ctx, r.Reference)
	if got.Status != foi.StatusAwaitingClarification {
		t.Errorf("the suggestion changed the clock by itself: status %s", got.Status)
	}

	if _, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventClarificationReceived}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AnswerPart(ctx, officer, r.Reference, 1, casework.Answer{Text: "Four.", Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventResponded}); err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{
		"Thank you very much.":                   "",
		"Please carry out an internal review.":   foi.EventReviewRequested,
		"I am not satisfied with this response.": foi.EventReviewRequested,
	} {
		m, _ = svc.ReceiveEmail(ctx, casework.ReceivedEmail{InboundID: storeInbound(t, svc, text), Kind: casework.EmailReply,
			CaseNumber: r.Reference.Number, FromEmail: "sam@example.org", Text: text})
		if m.Suggestion != want {
			t.Errorf("reply %q after the response: suggestion %q, want %q", text, m.Suggestion, want)
		}
	}
}

// A request by e-mail that signs off ("Yours faithfully, Priya Sender"),
// or ends with the requester's bare name, or carries WhatDoTheyKnow's
// footer, gives parts without the sign-off: the requester's name is in no
// part, and the request's text keeps the whole message.
func TestEmailSignOffIsNoPart(t *testing.T) {
	svc := newService(t)
	for i, text := range []string{
		"1. How many bins?\n2. What colour?\n\nYours faithfully,\nPriya Sender",
		"1. How many bins?\n2. What colour?\nYours faithfully, Priya Sender",
		"1. How many bins?\n2. What colour?\n\nPriya Sender",
		"1. How many bins?\n2. What colour?\n\nKind regards\nPriya\n\n-------------------------------------------------------------------\n\nPlease use this email address for all replies to this request:\nrequest-1234567-8a9b0c1d@whatdotheyknow.com\n\nDisclaimer: This message and any reply that you make will be published on the internet. Our privacy and copyright policies:\nhttps://www.whatdotheyknow.com/help/officers",
	} {
		m, err := svc.ReceiveEmail(ctx, casework.ReceivedEmail{InboundID: storeInbound(t, svc, text), Kind: casework.EmailNewRequest,
			FromName: "Priya Sender", FromEmail: "priya@example.org", Subject: "Bins", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		r, err := svc.Store.FindRequestByID(ctx, m.RequestID)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Parts) != 2 || r.Parts[1].Text != "What colour?" {
			t.Errorf("message %d: parts %+v, want the second to be only its question", i+1, r.Parts)
		}
		if r.Text != text {
			t.Errorf("message %d: the request's text lost its closing: %q", i+1, r.Text)
		}
	}
}
