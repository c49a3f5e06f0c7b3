// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"fmt"

	"disclose/internal/foi"
	"disclose/internal/i18n"
)

// The requester's language (the Welsh Language Standards, standard 2: ask
// whether the person wants correspondence in Welsh, keep a record of the
// wish, and correspond in Welsh from then on; the 2023 regulations apply it
// to system-generated correspondence). It is recorded with the request, from
// the language of the web form used, the language an email was written in
// (i18n.Detect), or by staff, and every email and letter to the requester is
// written in it.

// EventLanguageSet records staff changing a requester's language.
const EventLanguageSet = foi.EventLanguageSet

// RequestLanguage is the language recorded for a request.
func (s *Service) RequestLanguage(ctx context.Context, requestID int64) (foi.RequestLanguage, error) {
	return s.Store.FindRequestLanguage(ctx, requestID)
}

// correspondenceLang is the language letters and emails to the requester
// are written in: Welsh when they chose it, otherwise English.
func correspondenceLang(l foi.RequestLanguage) i18n.Lang {
	if l.Welsh() {
		return i18n.Welsh
	}
	return i18n.English
}

// requesterLang reads the language of r's correspondence inside a transaction.
func requesterLang(ctx context.Context, tx foi.Reader, r *foi.Request) (i18n.Lang, error) {
	l, err := tx.FindRequestLanguage(ctx, r.ID)
	return correspondenceLang(l), err
}

// SetRequesterLanguage records the language a requester chose ("en" or
// "cy"), as told to staff; audited.
func (s *Service) SetRequesterLanguage(ctx context.Context, actor *foi.User, ref foi.Reference, lang string) error {
	if err := require(actor, PermWorkCases, "change a requester's language"); err != nil {
		return err
	}
	l := foi.RequestLanguage{Lang: lang, Source: foi.LanguageFromStaff}
	if err := l.Validate(); err != nil {
		return err
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		before, err := tx.FindRequestLanguage(ctx, r.ID)
		if err != nil {
			return err
		}
		if before.Lang == l.Lang {
			return nil
		}
		if err := tx.SetRequestLanguage(ctx, r.ID, l); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventLanguageSet, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("correspondence language set to %s", i18n.Lang(lang).EnglishName())})
	})
}

// languageOfEmail is the language of a request made by email: Welsh when
// the message is written in Welsh.
func languageOfEmail(text string) foi.RequestLanguage {
	if i18n.Detect(text) == i18n.Welsh {
		return foi.RequestLanguage{Lang: foi.LangWelsh, Source: foi.LanguageFromEmail}
	}
	return foi.RequestLanguage{}
}

// WelshSettings are the authority's choices for Welsh on its public pages.
type WelshSettings struct {
	// Offered: the public pages have a language switch and Welsh versions.
	// On unless turned off (an authority outside Wales may turn it off).
	Offered bool
	// WelshFirst: Welsh comes first where both are shown (the language
	// switch), and is the language of a first visit (the Standards let a
	// body put Welsh first).
	WelshFirst bool
}

const (
	SettingWelshOffered = "welsh_offered"
	SettingWelshFirst   = "welsh_first"
)

// WelshSettings reads the authority's Welsh settings.
func (s *Service) WelshSettings(ctx context.Context) (WelshSettings, error) {
	ws := WelshSettings{Offered: true}
	for key, dst := range map[string]*bool{SettingWelshOffered: &ws.Offered, SettingWelshFirst: &ws.WelshFirst} {
		v, err := s.Store.FindSetting(ctx, key)
		switch {
		case err == nil && v != "":
			*dst = v == "true"
		case err != nil && !foi.IsNotFound(err):
			return ws, err
		}
	}
	return ws, nil
}

// SetWelshSettings saves them (admins only), audited.
func (s *Service) SetWelshSettings(ctx context.Context, actor *foi.User, ws WelshSettings) error {
	if err := require(actor, PermAdminister, "change settings"); err != nil {
		return err
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		if err := tx.SetSetting(ctx, SettingWelshOffered, fmt.Sprint(ws.Offered)); err != nil {
			return err
		}
		if err := tx.SetSetting(ctx, SettingWelshFirst, fmt.Sprint(ws.WelshFirst)); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{Type: foi.EventSettingsChanged, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("Welsh offered: %v; Welsh first: %v", ws.Offered, ws.WelshFirst)})
	})
}
