// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// Every public way in (the form and the anonymous API through
// SubmitPublicRequest, email through ReceiveEmail) refuses the same
// fields, with an error that names the field and what is wrong.
func TestPublicIntakeRefusesOversizedAndControlFields(t *testing.T) {
	svc := newService(t)
	ok := foi.Requester{Name: "Sam", Email: "sam@example.org"}
	long := strings.Repeat("n", 100_000)
	tests := []struct {
		name string
		in   casework.NewRequest
		msg  string
	}{
		{"100,000-character name", casework.NewRequest{Requester: foi.Requester{Name: long, Email: "a@example.org"}, Text: "x"}, "the requester's name is 100000 characters; the limit is 200"},
		{"text is a NUL", casework.NewRequest{Requester: ok, Text: "\x00"}, "the request text contains a NUL"},
		{"NUL inside text", casework.NewRequest{Requester: ok, Text: "How many\x00 bins?"}, "the request text contains a NUL"},
		{"escape in text", casework.NewRequest{Requester: ok, Text: "How many \x1b[2J bins?"}, "control character (U+001B)"},
		{"line break in name", casework.NewRequest{Requester: foi.Requester{Name: "Sam\nBcc: victim@example.org", Email: "a@example.org"}, Text: "x"}, "the requester's name contains a control character (U+000A)"},
		{"tab in email", casework.NewRequest{Requester: foi.Requester{Name: "Sam", Email: "a@exa\tmple.org"}, Text: "x"}, "the requester's email address contains a control character"},
		{"long email", casework.NewRequest{Requester: foi.Requester{Name: "Sam", Email: strings.Repeat("a", 250) + "@example.org"}, Text: "x"}, "email address is 262 characters; the limit is 254"},
		{"long phone", casework.NewRequest{Requester: foi.Requester{Name: "Sam", Email: "a@example.org", Phone: strings.Repeat("1", 41)}, Text: "x"}, "phone number is 41 characters; the limit is 40"},
		{"long address", casework.NewRequest{Requester: foi.Requester{Name: "Sam", Address: strings.Repeat("a", 1001)}, Text: "x"}, "postal address is 1001 characters; the limit is 1000"},
		{"long text", casework.NewRequest{Requester: ok, Text: strings.Repeat("é", casework.MaxRequestChars+1)}, "the request text is 12501 characters; the limit is 12500"},
		{"text only spaces", casework.NewRequest{Requester: ok, Text: " \n\t\u00a0 "}, "the request text is required"},
		{"bad UTF-8", casework.NewRequest{Requester: ok, Text: "caf\xe9"}, "not valid UTF-8"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := svc.SubmitPublicRequest(ctx, fmt.Sprintf("192.0.2.%d", i+1), tt.in)
			if foi.ErrorCode(err) != foi.EINVALID || !strings.Contains(foi.ErrorMessage(err), tt.msg) {
				t.Errorf("got %v, want an invalid error containing %q", err, tt.msg)
			}
			// Staff logging the same request meet the same limits.
			_, err = svc.SubmitRequest(ctx, officer, tt.in)
			if foi.ErrorCode(err) != foi.EINVALID || !strings.Contains(foi.ErrorMessage(err), tt.msg) {
				t.Errorf("staff: got %v, want an invalid error containing %q", err, tt.msg)
			}
		})
	}
	if _, n, _ := svc.Store.FindRequests(ctx, foi.RequestFilter{}); n != 0 {
		t.Errorf("refused requests stored %d", n)
	}

	// Tabs and line breaks (any style) are what a request is made of.
	r, _, err := svc.SubmitPublicRequest(ctx, "198.51.100.1", casework.NewRequest{
		Requester: foi.Requester{Name: "Sam", Address: "1 High St\r\nTown"}, Text: "1. How many?\r\n2.\tHow much?\r"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Text != "1. How many?\n2.\tHow much?" || r.Requester.Address != "1 High St\nTown" {
		t.Errorf("line breaks not normalised: %q, %q", r.Text, r.Requester.Address)
	}
}

// Only staff log a request through SubmitRequest: an anonymous caller has
// to come through SubmitPublicRequest and its limits.
func TestSubmitRequestIsForStaffOnly(t *testing.T) {
	svc := newService(t)
	in := casework.NewRequest{Requester: foi.Requester{Name: "Sam", Email: "sam@example.org"}, Text: "How many?"}
	if _, err := svc.SubmitRequest(ctx, nil, in); foi.ErrorCode(err) != foi.EUNAUTH {
		t.Errorf("anonymous SubmitRequest: %v, want unauthorized", err)
	}
	if _, err := svc.SubmitRequest(ctx, &foi.User{ID: 9, Role: foi.RoleContributor}, in); foi.ErrorCode(err) != foi.EFORBIDDEN {
		t.Errorf("contributor SubmitRequest: %v, want forbidden", err)
	}
}

// One email address cannot be sent acknowledgements without end by many
// clients, nor by email whose sender is forged.
func TestRequestsGivingOneEmailAddressAreLimited(t *testing.T) {
	svc := newService(t)
	victim := foi.Requester{Name: "Not Me", Email: "Victim@Example.org"}
	for i := range casework.RecipientLimit.Max {
		if _, _, err := svc.SubmitPublicRequest(ctx, fmt.Sprintf("203.0.113.%d", i+1), casework.NewRequest{Requester: victim, Text: "Spam?"}); err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
	}
	victim.Email = "victim@example.org"
	_, _, err := svc.SubmitPublicRequest(ctx, "203.0.113.200", casework.NewRequest{Requester: victim, Text: "Spam?"})
	if foi.ErrorCode(err) != foi.ETOOMANY || !strings.Contains(foi.ErrorMessage(err), "giving this email address") {
		t.Errorf("one request too many for one address from a fresh client: %v, want a rate-limit error", err)
	}
	m, err := svc.ReceiveEmail(ctx, casework.ReceivedEmail{InboundID: storeInbound(t, svc, "raw"), Kind: casework.EmailNewRequest,
		FromName: "Not Me", FromEmail: "victim@example.org", Text: "Spam by email?"})
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != foi.InboundHoldingPen || m.RequestID != 0 || !strings.Contains(m.Note, "no acknowledgement") {
		t.Errorf("email over the limit: %s, request %d, %q; want the holding pen", m.Status, m.RequestID, m.Note)
	}
	if _, n, _ := svc.Store.FindRequests(ctx, foi.RequestFilter{}); n != casework.RecipientLimit.Max {
		t.Errorf("%d requests stored, want %d", n, casework.RecipientLimit.Max)
	}
	// Another address is not affected.
	if _, _, err := svc.SubmitPublicRequest(ctx, "203.0.113.201", casework.NewRequest{Requester: foi.Requester{Name: "Sam", Email: "sam@example.org"}, Text: "How many?"}); err != nil {
		t.Errorf("another address: %v", err)
	}
}

// Email intake refuses the same fields: such a message waits for staff.
func TestEmailIntakeHoldsOversizedFields(t *testing.T) {
	svc := newService(t)
	m, err := svc.ReceiveEmail(ctx, casework.ReceivedEmail{InboundID: storeInbound(t, svc, "raw"), Kind: casework.EmailNewRequest,
		FromName: strings.Repeat("n", 300), FromEmail: "a@example.org", Text: "How many?"})
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != foi.InboundHoldingPen || !strings.Contains(m.Note, "the requester's name is 300 characters") {
		t.Errorf("email with a 300-character name: %s %q, want the holding pen with the reason", m.Status, m.Note)
	}
}

// A FOIA request must be in writing (s.8(1)(a)): a phone or in-person one
// is refused at the channel, naming what to do, and nothing is stored. The
// EIR and FOISA take it; a historical case keeps what happened.
func TestSpokenFOIARequestsNeedWriting(t *testing.T) {
	svc := newService(t)
	in := func(r foi.Regime, c foi.Channel) casework.NewRequest {
		return casework.NewRequest{Requester: foi.Requester{Name: "Sam", Phone: "01375 652652", Address: "1 High Street, Grays"}, Text: "How many bins?", Regime: r, Channel: c}
	}
	for _, c := range []foi.Channel{foi.ChannelPhone, foi.ChannelInPerson} {
		_, err := svc.SubmitRequest(ctx, officer, in(foi.FOIA, c))
		if foi.ErrorCode(err) != foi.EINVALID || casework.ErrorField(err) != casework.FieldChannel ||
			!strings.Contains(foi.ErrorMessage(err), "until it is in writing (s.8(1)(a))") {
			t.Errorf("a FOIA request made %s: %v (field %q), want refused at the channel", c, err, casework.ErrorField(err))
		}
	}
	if _, n, _ := svc.Store.FindRequests(ctx, foi.RequestFilter{}); n != 0 {
		t.Fatalf("%d requests stored after the refusals", n)
	}
	for _, ok := range []casework.NewRequest{in(foi.EIR, foi.ChannelPhone), in(foi.FOISA, foi.ChannelInPerson), in(foi.FOIA, foi.ChannelPost), in(foi.FOIA, foi.ChannelEmail)} {
		if _, err := svc.SubmitRequest(ctx, officer, ok); err != nil {
			t.Errorf("%s by %s: %v, want accepted", ok.Regime, ok.Channel, err)
		}
	}
	historical := in(foi.FOIA, foi.ChannelPhone)
	historical.Reference, historical.ReceivedOn = foi.Reference{Prefix: "FOI", Number: 90001}, time.Date(2019, 5, 1, 0, 0, 0, 0, casework.UK)
	if _, err := svc.SubmitRequest(ctx, officer, historical); err != nil {
		t.Errorf("a historical FOIA phone case: %v, want kept as it happened", err)
	}
}
