// SPDX-License-Identifier: AGPL-3.0-or-later

package mail_test

import (
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/mailtest"
)

// TestWelshRequesterGetsWelshEmail: a request made on the Welsh form is
// acknowledged and answered in Welsh through a real SMTP server (the Welsh
// Language Standards: correspondence, system-generated included, in the
// language the person chose), while an English requester's stays English.
func TestWelshRequesterGetsWelshEmail(t *testing.T) {
	pit := mailtest.StartMailpit(t)
	f := newFixture(t)
	r, _, err := f.svc.SubmitPublicRequest(ctx, "192.0.2.10", casework.NewRequest{
		Requester: foi.Requester{Name: "Siân Ceisydd", Email: "sian@example.org"},
		Text:      "Hoffwn wybod:\n1. Faint o dyllau yn y ffordd a atgyweiriwyd yn 2025?\n2. Beth oedd y gost?",
		Language:  foi.RequestLanguage{Lang: foi.LangWelsh, Source: foi.LanguageFromPage},
	})
	if err != nil {
		t.Fatal(err)
	}
	english := f.submit(t)
	w := f.worker(smtpTo(t, pit.SMTP))
	runOnce(t, w)
	got := pit.WaitFor(t, 2, 5*time.Second)
	if len(got) != 2 {
		t.Fatalf("mailpit holds %d messages, want two acknowledgements", len(got))
	}
	byTo := map[string]*mailtest.Message{}
	for _, s := range got {
		m := pit.Message(t, s.ID)
		byTo[m.To[0].Address] = m
	}
	ack := byTo["sian@example.org"]
	if want := "Eich cais " + r.Reference.String() + ": wedi dod i law, i’w ateb erbyn 24 Rhagfyr 2026"; ack.Subject != want {
		t.Errorf("Welsh acknowledgement subject %q, want %q", ack.Subject, want)
	}
	for _, want := range []string{"Annwyl Siân Ceisydd", "Diolch am eich cais am wybodaeth", "25 Tachwedd 2026",
		"Deddf Rhyddid Gwybodaeth 2000", "Beth sy’n digwydd nesaf", "Yn gywir", "Thurrock Council"} {
		if !strings.Contains(ack.Text, want) {
			t.Errorf("the Welsh acknowledgement lacks %q:\n%s", want, ack.Text)
		}
	}
	if strings.Contains(ack.Text, "Dear ") || strings.Contains(ack.Text, "What happens next") {
		t.Errorf("the Welsh acknowledgement has English in it:\n%s", ack.Text)
	}
	if !strings.Contains(ack.HTML, `<html lang="cy">`) || !strings.Contains(ack.HTML, "<strong>24 Rhagfyr 2026</strong>") {
		t.Errorf("the Welsh acknowledgement's HTML is not marked Welsh or lacks the due date:\n%s", ack.HTML)
	}
	if en := byTo["zoe@example.org"]; !strings.HasPrefix(en.Subject, "Your request "+english.Reference.String()) || !strings.Contains(en.Text, "Dear Zoë Requester") {
		t.Errorf("the English requester's acknowledgement is not English: %q\n%s", en.Subject, en.Text)
	}

	officer := &foi.User{ID: 1, Name: "Jane Officer", Role: foi.RoleOfficer}
	if _, err := f.svc.AnswerPart(ctx, officer, r.Reference, 1, casework.Answer{Text: "1,204 o dyllau.", Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AnswerPart(ctx, officer, r.Reference, 2, casework.Answer{Outcome: foi.NotHeld}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventResponded}); err != nil {
		t.Fatal(err)
	}
	runOnce(t, w)
	got = pit.WaitFor(t, 3, 5*time.Second)
	if len(got) != 3 {
		t.Fatalf("mailpit holds %d messages, want the response too", len(got))
	}
	var resp *mailtest.Message
	for _, s := range got {
		if m := pit.Message(t, s.ID); strings.Contains(m.Subject, "ein hymateb") {
			resp = m
		}
	}
	if resp == nil {
		t.Fatalf("no Welsh response among %+v", got)
	}
	for _, want := range []string{"Annwyl Siân Ceisydd", "ein hymateb", "1,204 o dyllau.", "Nid yw’r wybodaeth gennym.",
		"adolygiad mewnol o fewn 40 diwrnod gwaith", "Swyddfa’r Comisiynydd Gwybodaeth"} {
		if !strings.Contains(resp.Text, want) {
			t.Errorf("the Welsh response lacks %q:\n%s", want, resp.Text)
		}
	}
}
