// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"testing"

	"disclose/internal/foi"
)

func testRequestLanguage(t *testing.T, s foi.Store) {
	r := create(t, s, newRequest(foi.FOIA, "2023-05-02"))
	if l, err := s.FindRequestLanguage(ctx, r.ID); err != nil || l != (foi.RequestLanguage{}) {
		t.Fatalf("a new request's language = %+v, %v; want none recorded", l, err)
	}
	welsh := foi.RequestLanguage{Lang: foi.LangWelsh, Source: foi.LanguageFromPage}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.SetRequestLanguage(ctx, r.ID, welsh) }); err != nil {
		t.Fatal(err)
	}
	if l, err := s.FindRequestLanguage(ctx, r.ID); err != nil || l != welsh {
		t.Errorf("language = %+v, %v; want %+v", l, err, welsh)
	}
	// Saving the request keeps its language.
	got, _ := s.FindRequestByID(ctx, r.ID)
	got.Text += " (clarified)"
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.UpdateRequest(ctx, got) }); err != nil {
		t.Fatal(err)
	}
	if l, _ := s.FindRequestLanguage(ctx, r.ID); l != welsh {
		t.Errorf("after UpdateRequest the language is %+v", l)
	}
	err := s.Update(ctx, func(tx foi.Tx) error {
		return tx.SetRequestLanguage(ctx, r.ID, foi.RequestLanguage{Lang: "fr", Source: foi.LanguageFromStaff})
	})
	if foi.ErrorCode(err) != foi.EINVALID {
		t.Errorf("French: %v, want invalid", err)
	}
	if l, _ := s.FindRequestLanguage(ctx, r.ID); l != welsh {
		t.Errorf("a refused language changed it to %+v", l)
	}
	err = s.Update(ctx, func(tx foi.Tx) error { return tx.SetRequestLanguage(ctx, r.ID+1000, welsh) })
	if !foi.IsNotFound(err) {
		t.Errorf("no such request: %v, want not found", err)
	}
	if _, err := s.FindRequestLanguage(ctx, r.ID+1000); !foi.IsNotFound(err) {
		t.Errorf("finding the language of no request: %v, want not found", err)
	}
}
