// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"fmt"
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/mail"
)

// TestLetterPageWarnsThatWDTKPublishesAtOnce: before a letter to a
// WhatDoTheyKnow address is sent, its page says that the email and its
// attachments will be public at once; a letter to anyone else says nothing
// of the kind.
func TestLetterPageWarnsThatWDTKPublishesAtOnce(t *testing.T) {
	f := newStaffFixture(t)
	addrs, err := mail.NewAddresses("Thurrock FOI <foi@thurrock.example>", "", []byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	if f.svc.Mail, err = mail.NewComposer(addrs); err != nil {
		t.Fatal(err)
	}
	officer := f.users[foi.RoleOfficer]
	r, err := f.svc.SubmitRequest(ctx, officer, casework.NewRequest{
		Requester: foi.Requester{Name: "Priya Patel", Email: "request-812345-1a2b3c4d@whatdotheyknow.com"},
		Text:      "How many social value questions were in your last tender?", Regime: foi.FOIA, Channel: foi.ChannelWDTK,
	})
	if err != nil {
		t.Fatal(err)
	}
	l, err := f.svc.DraftLetter(ctx, officer, r.Reference, foi.LetterAcknowledgement, "")
	if err != nil {
		t.Fatal(err)
	}
	c := f.signedIn(t, foi.RoleOfficer)
	_, body := f.get(t, c, fmt.Sprintf("/staff/cases/%s/letters/%d", r.Reference.Slug(), l.ID))
	if !strings.Contains(body, `id="public-at-once"`) || !strings.Contains(body, "public on WhatDoTheyKnow as soon as they are sent") {
		t.Errorf("the letter to WDTK does not warn that it is public at once:\n%s", body)
	}
	_, body = f.get(t, c, fmt.Sprintf("/staff/cases/%s/letters/%d", f.ref.Slug(), f.letterID))
	if strings.Contains(body, `id="public-at-once"`) || !strings.Contains(body, `id="send"`) {
		t.Errorf("a letter to an ordinary address warns, or cannot be sent:\n%s", body)
	}
}
