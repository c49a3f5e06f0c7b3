// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/mail"
	"disclose/internal/mailtest"
)

// TestWhatDoTheyKnowRequestToSentReply is issue 18's WhatDoTheyKnow end to
// end with real SMTP: a request in WDTK's layout (its footers included)
// reaches `disclose serve`'s listener and becomes a case by WhatDoTheyKnow
// with the exact request address and subject kept and the footers left out
// of its parts; the acknowledgement and the response go to that address
// only, from the FOI mailbox (which accepts replies), under WDTK's subject,
// the released file attached rather than linked, after the route warned
// that it is public at once; a request for internal review arriving later
// with a new subject threads to the case and opens the review.
func TestWhatDoTheyKnowRequestToSentReply(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real servers; skipped with -short")
	}
	const wdtk = "request-812345-1a2b3c4d@whatdotheyknow.com"
	const subject = "Freedom of Information request - Social value in children's placements"
	bin := buildDisclose(t)
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "disclose.db")
	pit := mailtest.StartMailpit(t)
	smtpAddr := mailtest.FreePort(t)
	t.Setenv("DISCLOSE_SMTP", "smtp://"+pit.SMTP)
	startServe(t, bin, dsn, "--mailbox", "Thurrock FOI <foi@thurrock.example>", "--smtp-addr", smtpAddr, "--outbox-poll", "100ms")
	ctx := context.Background()
	store, err := openStore(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()

	if out, ok := swaks(t, smtpAddr, wdtk, "foi@thurrock.example", mailFixture(t, "wdtk-request.eml")); !ok {
		t.Fatalf("the listener refused the WDTK request:\n%s", out)
	}
	created := waitInbound(t, store, foi.InboundFilter{Status: foi.InboundRequestCreated}, 1)
	if len(created) != 1 {
		t.Fatalf("no request was created from the WDTK message")
	}
	r, err := store.FindRequestByID(ctx, created[0].RequestID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Channel != foi.ChannelWDTK || r.Requester.Email != wdtk || r.Requester.Name != "Priya Patel" || r.Subject != subject {
		t.Errorf("case by %s from %+v, subject %q; want WhatDoTheyKnow, Priya Patel <%s>, %q", r.Channel, r.Requester, r.Subject, wdtk, subject)
	}
	if len(r.Parts) != 3 || strings.Contains(r.Parts[2].Text, "whatdotheyknow") || strings.Contains(r.Parts[2].Text, "Yours faithfully") {
		t.Fatalf("parts = %+v, want the three questions without WDTK's footers or the sign-off", r.Parts)
	}

	ack := pit.WaitFor(t, 1, 20*time.Second)
	if len(ack) != 1 || len(ack[0].To) != 1 || ack[0].To[0].Address != wdtk || ack[0].From.Address != "foi@thurrock.example" ||
		!strings.HasPrefix(ack[0].Subject, "Re: "+subject+" [") || !strings.Contains(ack[0].Subject, r.Reference.String()) {
		t.Fatalf("acknowledgement %+v, want one to %s only, from the FOI mailbox, under WDTK's subject", ack, wdtk)
	}

	// An officer answers, releases a file and sends the response, as the
	// case page does (the serve process's outbox delivers it).
	svc, err := casework.New(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	secret, err := mailSecret(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	addrs, err := mail.NewAddresses("Thurrock FOI <foi@thurrock.example>", "", secret)
	if err != nil {
		t.Fatal(err)
	}
	if svc.Mail, err = mail.NewComposer(addrs); err != nil {
		t.Fatal(err)
	}
	officer := &foi.User{Email: "olu@thurrock.example", Name: "Olu Officer", Role: foi.RoleOfficer, PasswordHash: "unused"}
	if err := store.Update(ctx, func(tx foi.Tx) error { return tx.CreateUser(ctx, officer) }); err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Parts {
		if _, err := svc.AnswerPart(ctx, officer, r.Reference, p.Number, casework.Answer{Text: "Yes: see the attached evaluation criteria.", Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.AddAttachment(ctx, officer, r.Reference, casework.Upload{Name: "tender-evaluation-criteria.csv",
		Data: []byte("criterion,weighting\nquality,60%\nprice,37%\nsocial value,3%\n"), Release: true}); err != nil {
		t.Fatal(err)
	}
	route := svc.LetterRoute(r)
	if route.Email != wdtk || !route.Public {
		t.Errorf("route %+v, want the WDTK address, marked public at once (the letter page warns)", route)
	}
	l, err := svc.DraftLetter(ctx, officer, r.Reference, foi.LetterResponse, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SendLetter(ctx, officer, r.Reference, l.ID); err != nil {
		t.Fatalf("sending the response: %v", err)
	}
	sent := pit.WaitFor(t, 2, 20*time.Second)
	if len(sent) != 2 {
		t.Fatalf("mailpit holds %d messages, want the acknowledgement and the response", len(sent))
	}
	resp := sent[0]
	if resp.ID == ack[0].ID {
		resp = sent[1]
	}
	if len(resp.To) != 1 || resp.To[0].Address != wdtk || resp.From.Address != "foi@thurrock.example" ||
		!strings.HasPrefix(resp.Subject, "Re: "+subject+" [") || resp.Attachments != 1 {
		t.Errorf("response %+v, want to %s only, from the FOI mailbox, under WDTK's subject, with the file attached", resp, wdtk)
	}
	if h := pit.Headers(t, resp.ID); len(h["Cc"]) != 0 || len(h["Bcc"]) != 0 {
		t.Errorf("the response has Cc %v Bcc %v, want none", h["Cc"], h["Bcc"])
	}
	if msg := pit.Message(t, resp.ID); strings.Contains(msg.Text, "/track/") || strings.Contains(msg.Text, "download") {
		t.Errorf("the response links to files instead of attaching them:\n%s", msg.Text)
	}

	// The internal review comes with WDTK's own new subject, to the FOI
	// mailbox: it threads to the case and opens the review.
	if out, ok := swaks(t, smtpAddr, wdtk, "foi@thurrock.example", mailFixture(t, "wdtk-internal-review.eml")); !ok {
		t.Fatalf("the listener refused the internal review request:\n%s", out)
	}
	threaded := waitInbound(t, store, foi.InboundFilter{Status: foi.InboundThreaded}, 1)
	if len(threaded) != 1 || threaded[0].RequestID != r.ID {
		t.Fatalf("threaded = %+v, want the review request on %s", threaded, r.Reference)
	}
	after, err := store.FindRequestByID(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	reviews, err := store.FindReviews(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Status != foi.StatusInReview || len(reviews) != 1 {
		t.Errorf("after the WDTK review request: %s with %d review(s), want in review with one", after.Status, len(reviews))
	}
	if _, total, _ := store.FindRequests(ctx, foi.RequestFilter{}); total != 1 {
		t.Errorf("%d cases, want the review threaded to the one case, not a new request", total)
	}
}
