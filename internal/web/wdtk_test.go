// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

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

const wdtkPageURL = "https://www.whatdotheyknow.com/request/social_value_in_placements_2"

// wdtkCase is a request made through WhatDoTheyKnow,
// answered and responded.
func wdtkCase(t *testing.T, f *staffFixture) *foi.Request {
	t.Helper()
	officer := f.users[foi.RoleOfficer]
	r, err := f.svc.SubmitRequest(ctx, officer, casework.NewRequest{
		Requester: foi.Requester{Name: "Priya Patel", Email: "request-812345-1a2b3c4d@whatdotheyknow.com"},
		Text:      "How many social value questions were in your last tender?", Regime: foi.FOIA, Channel: foi.ChannelWDTK,
		ReceivedOn: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AnswerPart(ctx, officer, r.Reference, 1, casework.Answer{Text: "Three.", Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventResponded}); err != nil {
		t.Fatal(err)
	}
	return r
}

// wdtkReview threads WDTK's internal review form, which gives the
// request's page, to the case by email, as intake does.
func wdtkReview(t *testing.T, f *staffFixture, r *foi.Request) {
	t.Helper()
	// WDTK's internal review form, which gives the request's page, comes
	// in by email and threads to the case.
	review := "Dear Thurrock Council,\n\nPlease pass this on to the person who conducts Freedom of Information reviews.\n\n" +
		"I am writing to request an internal review.\n\nA full history of my FOI request and all correspondence is available on the Internet at this address: " +
		wdtkPageURL + "\n\nYours faithfully,\n\nPriya Patel\n"
	m := &foi.InboundMessage{Raw: []byte("Subject: review\r\n\r\n" + review), ReceivedAt: f.now.UTC(), EnvelopeFrom: r.Requester.Email,
		EnvelopeTo: []string{"foi@thurrock.example"}, FromEmail: r.Requester.Email, FromName: "Priya Patel",
		Subject: "Internal review of Freedom of Information request - Social value questions", Text: review}
	if err := f.svc.Store.Update(ctx, func(tx foi.Tx) error { return tx.CreateInbound(ctx, m) }); err != nil {
		t.Fatal(err)
	}
	if got, err := f.svc.ReceiveEmail(ctx, casework.ReceivedEmail{InboundID: m.ID, Kind: casework.EmailNewRequest, FromName: m.FromName,
		FromEmail: m.FromEmail, Subject: m.Subject, Text: m.Text}); err != nil || got.RequestID != r.ID {
		t.Fatalf("the review message did not thread to the case: %v %+v", err, got)
	}
}

// TestPublishLinksTheWDTKPageOnlyWhenChosen: the publish form of a WDTK
// case offers the link, off, with the warning that the page names the
// requester and the page found in the case's text; publishing without
// ticking it links nothing; ticking it links the page on the entry (in
// English and Welsh) and in the API; a page elsewhere, or a link for a
// case that did not come through WDTK, is refused with a clear error and
// changes nothing; republishing unticked drops it.
func TestPublishLinksTheWDTKPageOnlyWhenChosen(t *testing.T) {
	f := newStaffFixture(t)
	r := wdtkCase(t, f)
	wdtkReview(t, f, r)
	c := f.signedIn(t, foi.RoleOfficer)
	page := "/staff/cases/" + r.Reference.Slug()
	_, body := f.get(t, c, page)
	box := body[strings.Index(body, `id="publish-wdtk-group"`):]
	box, _, _ = strings.Cut(box, "</fieldset>")
	if !strings.Contains(box, "shows the requester's name") || strings.Contains(box, "checked") ||
		!strings.Contains(box, `value="`+wdtkPageURL+`"`) {
		t.Errorf("the publish form's WDTK box is not offered unticked, with the warning and the page found:\n%s", box)
	}
	if _, body := f.get(t, c, "/staff/cases/"+f.ref.Slug()); strings.Contains(body, `id="publish-wdtk"`) {
		t.Error("the publish form of a case by email offers a WDTK link")
	}

	form := url.Values{"title": {"Social value questions"}, "category": {"Procurement"}, "wdtk_offered": {"1"}, "wdtk_page": {wdtkPageURL}}
	if resp := f.post(t, c, page+"/publish", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publishing without the link: %d", resp.StatusCode)
	}
	if _, body := f.get(t, c, "/disclosure-log/"+r.Reference.Slug()); strings.Contains(body, "whatdotheyknow.com") {
		t.Error("published unticked, the entry links WhatDoTheyKnow")
	}

	for bad, want := range map[string]string{
		"https://www.whatdotheyknow.com/user/priya_patel":                    "must be a link like",
		"https://evil.example/request/social_value_in_placements_2":          "must be a link like",
		"http://www.whatdotheyknow.com/request/social_value_in_placements_2": "must be a link like",
		wdtkPageURL + "#incoming-1":                                          "must be a link like",
		"":                                                                   "Enter the address",
	} {
		form.Set("wdtk_link", "1")
		form.Set("wdtk_page", bad)
		resp, body := f.postBody(t, c, page+"/publish", form)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, want) || !strings.Contains(body, `id="publish-wdtk-error"`) {
			t.Errorf("linking %q: %d, want 400 with %q beside the box", bad, resp.StatusCode, want)
		}
	}
	if p, _ := f.svc.Disclosure(ctx, r.Reference); p.WDTKPage != "" {
		t.Errorf("a refused link changed the entry: %q", p.WDTKPage)
	}

	form.Set("wdtk_page", wdtkPageURL)
	if resp := f.post(t, c, page+"/publish", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publishing with the link: %d", resp.StatusCode)
	}
	for _, lang := range []string{"en", "cy"} {
		_, body := f.get(t, c, "/disclosure-log/"+r.Reference.Slug()+"?lang="+lang)
		want := map[string]string{"en": "This request was also made through WhatDoTheyKnow.", "cy": "Gwnaed y cais hwn drwy WhatDoTheyKnow hefyd."}[lang]
		if !strings.Contains(body, want) || !strings.Contains(body, `href="`+wdtkPageURL+`"`) {
			t.Errorf("the entry (%s) does not link the WDTK page with %q", lang, want)
		}
		if strings.Contains(body, "Priya Patel") || strings.Contains(body, "request-812345") {
			t.Errorf("the entry (%s) shows who asked", lang)
		}
	}
	_, body = f.get(t, c, page)
	if box := body[strings.Index(body, `id="publish-wdtk-group"`):]; !strings.Contains(box[:strings.Index(box, "</fieldset>")], "checked") {
		t.Error("republishing does not start from the entry's link")
	}
	form.Del("wdtk_link")
	if resp := f.post(t, c, page+"/publish", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("republishing without the link: %d", resp.StatusCode)
	}
	if p, _ := f.svc.Disclosure(ctx, r.Reference); p.WDTKPage != "" {
		t.Errorf("republished unticked, the entry still links %q", p.WDTKPage)
	}

	// The same rule through the service for a case that came by email.
	f.answerFromSeed(t, nil)
	if _, err := f.svc.RecordEvent(ctx, f.users[foi.RoleOfficer], f.ref, casework.ClockEvent{Type: foi.EventResponded}); err != nil {
		t.Fatal(err)
	}
	_, err := f.svc.Publish(ctx, f.users[foi.RoleOfficer], f.ref, casework.PublishInput{Title: "Placements", Category: "Children's services", WDTKPage: wdtkPageURL})
	if foi.ErrorCode(err) != foi.EINVALID || !strings.Contains(foi.ErrorMessage(err), "only a request made through WhatDoTheyKnow") {
		t.Errorf("linking a WDTK page to a case by email: %v, want EINVALID", err)
	}
}
