// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

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

func testWelshPublication(t *testing.T, s foi.Store) {
	a := create(t, s, newRequest(foi.FOIA, "2023-05-02"))
	b := create(t, s, newRequest(foi.FOIA, "2023-05-03"))
	if _, err := s.FindWelshPublication(ctx, a.ID); !foi.IsNotFound(err) {
		t.Fatalf("no Welsh version yet: %v, want not found", err)
	}
	wa := &foi.WelshPublication{RequestID: a.ID, Title: "Oriau agor llyfrgelloedd", Summary: "Yr oriau yn 2023",
		Request: "Beth yw oriau agor y llyfrgelloedd?", Parts: []foi.WelshPart{{Number: 1, Text: "Beth yw’r oriau?", Answer: "Naw tan bump."}}}
	wb := &foi.WelshPublication{RequestID: b.ID, Title: "Costau ffyrdd", Request: "Faint o 100% y gyllideb_ffyrdd?"}
	err := s.Update(ctx, func(tx foi.Tx) error {
		if err := tx.SetWelshPublication(ctx, wa); err != nil {
			return err
		}
		return tx.SetWelshPublication(ctx, wb)
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.FindWelshPublication(ctx, a.ID)
	if err != nil || got.Title != wa.Title || got.Summary != wa.Summary || got.Request != wa.Request || len(got.Parts) != 1 || got.Parts[0] != wa.Parts[0] {
		t.Fatalf("found %+v, %v; want %+v", got, err, wa)
	}
	for _, c := range []struct {
		words []string
		want  []int64
	}{
		{[]string{"llyfrgelloedd"}, []int64{a.ID}},
		{[]string{"naw", "bump"}, []int64{a.ID}},
		{[]string{"oriau", "costau"}, nil},
		{[]string{"LLYFRGELLOEDD"}, []int64{a.ID}}, // case does not matter
		{[]string{"’r"}, []int64{a.ID}},
		{[]string{"100%"}, []int64{b.ID}}, // a wildcard is matched as written
		{[]string{"gyllideb_"}, []int64{b.ID}},
		{[]string{"%"}, []int64{b.ID}},
		{[]string{"_"}, []int64{b.ID}},
		{[]string{"library"}, nil}, // no English stemming or translation
	} {
		ids, err := s.FindWelshMatches(ctx, c.words, 10)
		if err != nil || !slices.Equal(ids, c.want) {
			t.Errorf("FindWelshMatches(%q) = %v, %v; want %v", c.words, ids, err, c.want)
		}
	}
	if ids, _ := s.FindWelshMatches(ctx, []string{"o"}, 1); len(ids) != 1 || ids[0] != b.ID {
		t.Errorf("the limit and newest-first order: %v", ids)
	}
	// Replacing it replaces the search text too; deleting removes it.
	wa.Title, wa.Parts = "Oriau agor", nil
	wa.Request, wa.Summary = "", ""
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.SetWelshPublication(ctx, wa) }); err != nil {
		t.Fatal(err)
	}
	if ids, _ := s.FindWelshMatches(ctx, []string{"llyfrgelloedd"}, 10); len(ids) != 0 {
		t.Errorf("the old Welsh text is still found: %v", ids)
	}
	if got, _ := s.FindWelshPublication(ctx, a.ID); got == nil || len(got.Parts) != 0 || got.Title != "Oriau agor" {
		t.Errorf("after replacing: %+v", got)
	}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.DeleteWelshPublication(ctx, a.ID) }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindWelshPublication(ctx, a.ID); !foi.IsNotFound(err) {
		t.Errorf("after deleting: %v", err)
	}
	err = s.Update(ctx, func(tx foi.Tx) error {
		return tx.SetWelshPublication(ctx, &foi.WelshPublication{RequestID: b.ID + 1000, Title: "x"})
	})
	if !foi.IsNotFound(err) {
		t.Errorf("a Welsh version of no request: %v, want not found", err)
	}
}

// testPublicationWithWelsh reads an entry and its Welsh version at once:
// the same as reading each, and no Welsh for an entry that has none.
func testPublicationWithWelsh(t *testing.T, s foi.Store) {
	_, en := publishable(t, s, "Library opening hours", "Nine to five.")
	save(t, s, en)
	_, cy := publishable(t, s, "Road costs", "Ten thousand pounds.")
	save(t, s, cy)
	w := &foi.WelshPublication{RequestID: cy.RequestID, Title: "Costau ffyrdd", Summary: "Y gost",
		Request: "Faint yw’r gost?", Parts: []foi.WelshPart{{Number: 1, Answer: "Deg mil o bunnoedd."}}}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.SetWelshPublication(ctx, w) }); err != nil {
		t.Fatal(err)
	}
	for _, want := range []*foi.Publication{en, cy} {
		p, gotW, err := s.FindPublicationWithWelsh(ctx, want.Reference)
		if err != nil {
			t.Fatalf("FindPublicationWithWelsh(%s): %v", want.Reference, err)
		}
		alone, err := s.FindPublication(ctx, want.Reference)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(alone, p); diff != "" {
			t.Errorf("%s read with its Welsh differs from read alone (-alone +with):\n%s", want.Reference, diff)
		}
		var wantW *foi.WelshPublication
		if want == cy {
			wantW = w
		}
		if diff := cmp.Diff(wantW, gotW); diff != "" {
			t.Errorf("%s Welsh (-want +got):\n%s", want.Reference, diff)
		}
	}
	if _, _, err := s.FindPublicationWithWelsh(ctx, foi.Reference{Prefix: "FOI", Number: 999999}); !foi.IsNotFound(err) {
		t.Errorf("no such entry: %v, want not found", err)
	}
}
