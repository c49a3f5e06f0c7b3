// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/mail"
)

// composer is the real mailer, with a made-up secret.
func composer(t *testing.T) casework.Mailer {
	t.Helper()
	a, err := mail.NewAddresses("Thurrock FOI <foi@thurrock.example>", "", []byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := mail.NewComposer(a)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestLetterToWDTKIsCheckedAsAPublication: a letter to a WhatDoTheyKnow
// address is public the moment it arrives, so the requester's postal
// address in it blocks the send as it would block publication; their name,
// which WDTK already shows, does not. The same letter to an ordinary
// address goes.
func TestLetterToWDTKIsCheckedAsAPublication(t *testing.T) {
	for _, tc := range []struct {
		email   string
		blocked bool
	}{
		{"request-812345-1a2b3c4d@whatdotheyknow.com", true},
		{"priya.patel@example.net", false},
	} {
		svc := newService(t)
		svc.Mail = composer(t)
		r, err := svc.SubmitRequest(ctx, officer, casework.NewRequest{
			Requester: foi.Requester{Name: "Priya Patel", Email: tc.email, Address: "14 Orsett Heath Road, Grays RM16 4AB"},
			Text:      "How many social value questions were in your last tender?", Regime: foi.FOIA, Channel: foi.ChannelEmail,
			ReceivedOn: date("2026-11-23"),
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AnswerPart(ctx, officer, r.Reference, 1, casework.Answer{Text: "Two.", Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
		l, err := svc.DraftLetter(ctx, officer, r.Reference, foi.LetterResponse, "")
		if err != nil {
			t.Fatal(err)
		}
		body := "Dear Priya Patel,\n\nAs you live on 14 Orsett Heath Road, you may know the answer is two.\n"
		if err := svc.EditLetter(ctx, officer, r.Reference, l.ID, body); err != nil {
			t.Fatal(err)
		}
		_, err = svc.SendLetter(ctx, officer, r.Reference, l.ID)
		if tc.blocked {
			if msg := foi.ErrorMessage(err); foi.ErrorCode(err) != foi.ECONFLICT || !strings.Contains(msg, "1 open finding") || !strings.Contains(msg, "personal-data:requester") || strings.Contains(msg, "P****") {
				t.Errorf("to %s: sending = %v, want blocked by the requester's street address alone", tc.email, err)
			}
		} else if err != nil {
			t.Errorf("to %s: sending = %v, want sent (their own address belongs in their letter)", tc.email, err)
		}
	}
}
