// SPDX-License-Identifier: AGPL-3.0-or-later

package demo

import (
	"context"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// loadWelsh adds what a council in Wales has (issue 19): a request made in
// Welsh, answered in Welsh, whose response is published in both languages,
// the seed entry's Welsh title and summary, and an open Welsh request.
// The Welsh is Disclose's own; a native speaker should review it.
func loadWelsh(ctx context.Context, svc *casework.Service, staff *foi.User) error {
	today := foi.Date(svc.Now().In(casework.UK))
	welsh := foi.RequestLanguage{Lang: foi.LangWelsh, Source: foi.LanguageFromEmail}
	r, err := svc.SubmitRequest(ctx, staff, casework.NewRequest{
		Requester: foi.Requester{Name: "Gwenllian Morgan", Email: "gwenllian.morgan@example.org"},
		Text: "I would like to know:\n1. How many pupils are taught in Welsh-medium primary schools in the borough?\n" +
			"2. How many Welsh-medium places will be added by 2027?",
		Regime: foi.FOIA, Channel: foi.ChannelEmail, ReceivedOn: today.AddDate(0, 0, -45), Language: welsh,
	})
	if err != nil {
		return err
	}
	answers := []string{"412 pupils, in two schools.", "60 places, when the new school opens in September 2027."}
	for i, p := range r.Parts {
		if _, err := svc.AnswerPart(ctx, staff, r.Reference, p.Number, casework.Answer{Text: answers[i], Outcome: foi.Granted}); err != nil {
			return err
		}
	}
	if _, err := svc.RecordEvent(ctx, staff, r.Reference, casework.ClockEvent{Type: foi.EventResponded, On: today.AddDate(0, 0, -20)}); err != nil {
		return err
	}
	if _, err := svc.Publish(ctx, staff, r.Reference, casework.PublishInput{Title: "Welsh-medium school places",
		Category: "Education", Summary: "Pupils in Welsh-medium primary schools and places planned", PublishedOn: today.AddDate(0, 0, -19)}); err != nil {
		return err
	}
	if err := svc.SetWelshEntry(ctx, staff, r.Reference, foi.WelshPublication{
		Title:   "Lleoedd mewn ysgolion cyfrwng Cymraeg",
		Summary: "Disgyblion mewn ysgolion cynradd cyfrwng Cymraeg a’r lleoedd sydd wedi’u cynllunio",
		Request: "Hoffwn wybod:\n1. Faint o ddisgyblion sy’n cael eu haddysgu mewn ysgolion cynradd cyfrwng Cymraeg yn y fwrdeistref?\n" +
			"2. Faint o leoedd cyfrwng Cymraeg fydd yn cael eu hychwanegu erbyn 2027?",
		Parts: []foi.WelshPart{
			{Number: 1, Text: "Faint o ddisgyblion sy’n cael eu haddysgu mewn ysgolion cynradd cyfrwng Cymraeg yn y fwrdeistref?", Answer: "412 o ddisgyblion, mewn dwy ysgol."},
			{Number: 2, Text: "Faint o leoedd cyfrwng Cymraeg fydd yn cael eu hychwanegu erbyn 2027?", Answer: "60 o leoedd, pan fydd yr ysgol newydd yn agor ym mis Medi 2027."},
		},
	}); err != nil {
		return err
	}
	if err := svc.SetWelshEntry(ctx, staff, foi.Reference{Prefix: "FOI", Number: 12748}, foi.WelshPublication{
		Title:   "Lleoliadau",
		Summary: "Lleoliadau plant sy’n derbyn gofal a’u costau",
	}); err != nil {
		return err
	}
	_, err = svc.SubmitRequest(ctx, staff, casework.NewRequest{
		Requester: foi.Requester{Name: "Dafydd ap Gruffydd", Email: "dafydd@example.cymru"},
		Text:      "Annwyl Gyngor,\n\nHoffwn gael gwybodaeth am nifer y goleuadau stryd a gafodd eu trwsio yn 2025.\n\nDiolch, Dafydd",
		Regime:    foi.FOIA, Channel: foi.ChannelEmail, ReceivedOn: today.AddDate(0, 0, -3), Language: welsh,
	})
	return err
}
