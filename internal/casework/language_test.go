// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/i18n"
)

// TestWelshEmailIsAnsweredInWelsh: a request emailed in Welsh is recorded
// as Welsh (from its email), and its letters are drafted from the Welsh
// templates with Welsh dates and law; an English one stays English.
func TestWelshEmailIsAnsweredInWelsh(t *testing.T) {
	svc := newService(t)
	receive := func(name, text string) *foi.Request {
		m, err := svc.ReceiveEmail(ctx, casework.ReceivedEmail{InboundID: storeInbound(t, svc, "raw"), Kind: casework.EmailNewRequest,
			FromName: name, FromEmail: strings.ToLower(strings.Fields(name)[0]) + "@example.org", Subject: "Cais", Text: text})
		if err != nil || m.RequestID == 0 {
			t.Fatalf("receiving: %v, %+v", err, m)
		}
		r, err := svc.Store.FindRequestByID(ctx, m.RequestID)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	cy := receive("Siân Ceisydd", "Annwyl Gyngor,\n\nHoffwn gael gwybodaeth am nifer y plant yn ysgolion y sir.\n\nDiolch")
	en := receive("Alex Asker", "Dear Council, please tell me how many children are in the county's schools. Thank you.")
	if l, err := svc.RequestLanguage(ctx, cy.ID); err != nil || l != (foi.RequestLanguage{Lang: foi.LangWelsh, Source: foi.LanguageFromEmail}) {
		t.Errorf("a Welsh email's language = %+v, %v", l, err)
	}
	if l, _ := svc.RequestLanguage(ctx, en.ID); l.Welsh() {
		t.Errorf("an English email was recorded as Welsh")
	}

	letter, err := svc.DraftLetter(ctx, officer, cy.Reference, foi.LetterAcknowledgement, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Annwyl Siân Ceisydd", "Ein cyfeirnod: " + cy.Reference.String(), "Dyddiad: 25 Tachwedd 2026",
		"a ddaeth i law ar 24 Tachwedd 2026", "Deddf Rhyddid Gwybodaeth 2000", "Yn gywir"} {
		if !strings.Contains(letter.Body, want) {
			t.Errorf("the Welsh acknowledgement letter lacks %q:\n%s", want, letter.Body)
		}
	}
	if i18n.Detect(letter.Body) != i18n.Welsh {
		t.Errorf("the Welsh letter does not read as Welsh")
	}
	english, err := svc.DraftLetter(ctx, officer, en.Reference, foi.LetterAcknowledgement, "")
	if err != nil || !strings.Contains(english.Body, "Dear Alex Asker") || !strings.Contains(english.Body, "24 November 2026") {
		t.Errorf("the English letter: %v\n%s", err, english.Body)
	}

	// Staff change it (the requester asked by phone): the next letter is English, and it is audited.
	if err := svc.SetRequesterLanguage(ctx, officer, cy.Reference, "en"); err != nil {
		t.Fatal(err)
	}
	if l, _ := svc.RequestLanguage(ctx, cy.ID); l != (foi.RequestLanguage{Lang: foi.LangEnglish, Source: foi.LanguageFromStaff}) {
		t.Errorf("after staff set English: %+v", l)
	}
	again, err := svc.DraftLetter(ctx, officer, cy.Reference, foi.LetterAcknowledgement, "")
	if err != nil || !strings.Contains(again.Body, "Dear Siân Ceisydd") {
		t.Errorf("after staff set English the letter is not English: %v\n%s", err, again.Body)
	}
	events, _ := svc.Store.FindEvents(ctx, cy.ID)
	if e := events[len(events)-2]; e.Type != casework.EventLanguageSet || e.Actor != officer.Name {
		t.Errorf("the change is not audited: %+v", e)
	}
	if err := svc.SetRequesterLanguage(ctx, officer, cy.Reference, "fr"); foi.ErrorCode(err) != foi.EINVALID {
		t.Errorf("French: %v, want invalid", err)
	}
	contributor := &foi.User{ID: 9, Name: "Dept", Role: foi.RoleContributor}
	if err := svc.SetRequesterLanguage(ctx, contributor, cy.Reference, "cy"); foi.ErrorCode(err) != foi.EFORBIDDEN {
		t.Errorf("a contributor changed the language: %v", err)
	}

	// The administrator edits the Welsh template; the English one is untouched.
	admin := &foi.User{ID: 2, Name: "Ada Admin", Role: foi.RoleAdmin}
	if err := svc.SetLetterTemplateIn(ctx, admin, foi.LetterAcknowledgement, i18n.Welsh, "Annwyl {{.Requester.Name}}, diolch yn fawr."); err != nil {
		t.Fatal(err)
	}
	if text, def, _ := svc.LetterTemplateIn(ctx, foi.LetterAcknowledgement, i18n.Welsh); def || !strings.Contains(text, "diolch yn fawr") {
		t.Errorf("the Welsh template was not saved: %q", text)
	}
	if _, def, _ := svc.LetterTemplate(ctx, foi.LetterAcknowledgement); !def {
		t.Error("editing the Welsh template changed the English one")
	}
	if err := svc.SetRequesterLanguage(ctx, officer, cy.Reference, "cy"); err != nil {
		t.Fatal(err)
	}
	if l, err := svc.DraftLetter(ctx, officer, cy.Reference, foi.LetterAcknowledgement, ""); err != nil || l.Body != "Annwyl Siân Ceisydd, diolch yn fawr." {
		t.Errorf("the edited Welsh template was not used: %v %q", err, l.Body)
	}
}
