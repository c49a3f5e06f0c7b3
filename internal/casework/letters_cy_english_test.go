// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// setWelshAuthority gives the authority its name and review team in Welsh.
func setWelshAuthority(t *testing.T, svc *casework.Service) {
	t.Helper()
	admin := &foi.User{ID: 1, Name: "Admin", Role: foi.RoleAdmin}
	if err := svc.SetAuthorityWelsh(ctx, admin, casework.AuthorityWelsh{Name: "Cyngor Thurrock",
		ReviewTeam: "uwch aelod o’r Tîm Rheoli Gwybodaeth"}); err != nil {
		t.Fatal(err)
	}
}

// TestWelshCostRefusalHasNoEnglish: a Welsh refusal under s.12 gives each
// search's activity, what counts towards the limit, its source and the
// sections in Welsh, and the authority's name and review team from their
// Welsh settings; the English letter is unchanged. Until the Welsh
// settings are given, the English ones are used and named as such.
func TestWelshCostRefusalHasNoEnglish(t *testing.T) {
	svc := newService(t)
	r := submit(t, svc, foi.FOIA, "2026-11-02", "1. Every email about parking in 2025?\n2. How many permits?")
	admin := &foi.User{ID: 1, Name: "Admin", Role: foi.RoleAdmin}
	if err := svc.SetAuthority(ctx, admin, casework.Authority{Name: "Thurrock Council", FOIEmail: "information.matters@thurrock.gov.uk",
		ReviewTeam: "a senior member of the Information Management Team"}); err != nil {
		t.Fatal(err)
	}
	off, dept := searchStaff(t, svc, r)
	if _, err := svc.AnswerPart(ctx, off, r.Reference, 1, casework.Answer{Text: "Mae dod o hyd i’r rhain yn uwch na’r terfyn cost.", Outcome: foi.CostLimit}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AnswerPart(ctx, off, r.Reference, 2, casework.Answer{Text: "4,210.", Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	for _, in := range []casework.SearchInput{
		{Part: 1, Where: "Archif e-bost (sampl o wythnos)", Terms: "parcio", Activity: "locate", Minutes: 90},
		{Part: 1, Where: "Archif e-bost, y 51 wythnos arall", Activity: "extract", Minutes: 1020, Estimated: true},
	} {
		if _, err := svc.RecordSearch(ctx, dept, r.Reference, in); err != nil {
			t.Fatal(err)
		}
	}
	advice := "Os byddwch yn cyfyngu eich cais i negeseuon e-bost a anfonwyd gan y tîm parcio mewn un mis, disgwyliwn allu ei ateb."
	if err := svc.SetRequesterLanguage(ctx, off, r.Reference, "cy"); err != nil {
		t.Fatal(err)
	}
	l, err := svc.DraftLetter(ctx, off, r.Reference, foi.LetterRefusal, advice)
	if err != nil {
		t.Fatal(err)
	}
	left, err := svc.EnglishSettingsIn(ctx, l.Body)
	if err != nil || strings.Join(left, "; ") != "the authority's name; who decides internal reviews" {
		t.Errorf("before the Welsh settings, EnglishSettingsIn = %q, %v; want the name and the review team", left, err)
	}

	setWelshAuthority(t, svc)
	l, err = svc.DraftLetter(ctx, off, r.Reference, foi.LetterRefusal, advice)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "cy-refusal-cost", l.Body)
	for _, english := range []string{"minutes", "locating", "extracting", "estimated", "section", "Freedom of Information Act",
		"FOIA s.12", "regs 3 and 4", "determining whether", "Thurrock Council", "senior member"} {
		if strings.Contains(l.Body, english) {
			t.Errorf("the Welsh s.12 refusal has %q in English:\n%s", english, l.Body)
		}
	}
	for _, want := range []string{"- Archif e-bost (sampl o wythnos): 90 munud yn dod o hyd i’r wybodaeth",
		"- Archif e-bost, y 51 wythnos arall: 1020 munud yn echdynnu’r wybodaeth (amcangyfrif)",
		"O dan adran 12 o Ddeddf Rhyddid Gwybodaeth 2000", "hysbysiad o dan adran 17(5) o Ddeddf Rhyddid Gwybodaeth 2000",
		"O dan adran 16 o Ddeddf Rhyddid Gwybodaeth 2000", "Caiff ei benderfynu gan uwch aelod o’r Tîm Rheoli Gwybodaeth",
		"Cyngor Thurrock\nEin cyfeirnod"} {
		if !strings.Contains(l.Body, want) {
			t.Errorf("the Welsh s.12 refusal lacks %q", want)
		}
	}
	if left, err := svc.EnglishSettingsIn(ctx, l.Body); err != nil || len(left) != 0 {
		t.Errorf("with the Welsh settings, EnglishSettingsIn = %q, %v; want none", left, err)
	}

	// The English letter keeps the English.
	if err := svc.SetRequesterLanguage(ctx, off, r.Reference, "en"); err != nil {
		t.Fatal(err)
	}
	en, err := svc.DraftLetter(ctx, off, r.Reference, foi.LetterRefusal, advice)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Thurrock Council\n", "90 minutes locating", "1020 minutes extracting (estimated)",
		"a senior member of the Information Management Team", "Under section 12 of the Freedom of Information Act 2000"} {
		if !strings.Contains(en.Body, want) {
			t.Errorf("the English s.12 refusal lacks %q:\n%s", want, en.Body)
		}
	}
}
