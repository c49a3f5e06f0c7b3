// SPDX-License-Identifier: AGPL-3.0-or-later

package i18n

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

var verbRE = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// verbs lists a message's fmt verbs, in argument order (explicit indexes
// put back in order), so the Welsh takes the same arguments as the English.
func verbs(s string) []string {
	var out []string
	for _, v := range verbRE.FindAllString(s, -1) {
		out = append(out, regexp.MustCompile(`\[\d+\]`).ReplaceAllString(v, ""))
	}
	slices.Sort(out)
	return out
}

func TestWelshTakesTheSameArguments(t *testing.T) {
	for _, m := range welsh {
		if !slices.Equal(verbs(m.en), verbs(m.cy)) {
			t.Errorf("%q: the Welsh %q has verbs %v, the English %v", m.en, m.cy, verbs(m.cy), verbs(m.en))
		}
		if strings.TrimSpace(m.cy) == "" || (m.cy == m.en && len(verbs(m.en)) == 0) {
			t.Errorf("%q has no Welsh", m.en)
		}
	}
}

func TestWelshDates(t *testing.T) {
	d := time.Date(2023, 5, 30, 14, 5, 0, 0, time.UTC)
	for _, c := range []struct{ got, want string }{
		{Welsh.Date(d), "30 Mai 2023"},
		{English.Date(d), "30 May 2023"},
		{Welsh.Date(time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)), "1 Gorffennaf 2026"},
		{Welsh.MonthYear(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)), "Chwefror 2026"},
		{Welsh.DateTime(d), "30 Mai 2023, 2:05yp"},
		{English.DateTime(d), "30 May 2023, 2:05pm"},
		{Welsh.DateTime(time.Date(2023, 5, 30, 9, 0, 0, 0, time.UTC)), "30 Mai 2023, 9yb"},
		{Welsh.Date(time.Time{}), ""},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestPrinter(t *testing.T) {
	cy := NewPrinter(Welsh)
	var missed []string
	cy.Missing = func(k string) { missed = append(missed, k) }
	if got := cy.T("Question %d", 3); got != "Cwestiwn 3" {
		t.Errorf("T = %q", got)
	}
	if got := cy.T("No such message %s", "x"); got != "No such message x" || !slices.Equal(missed, []string{"No such message %s"}) {
		t.Errorf("a missing message = %q, reported %v", got, missed)
	}
	if got := string(cy.HTML("You can also write to %s or send a letter.", "<a@b>")); got != "Gallwch hefyd ysgrifennu at &lt;a@b&gt; neu anfon llythyr." {
		t.Errorf("HTML escapes its arguments: %q", got)
	}
	if got, ok := cy.Translated("Enter your name"); !ok || got != "Rhowch eich enw" {
		t.Errorf("Translated = %q, %v", got, ok)
	}
	if _, ok := cy.Translated("Something from elsewhere"); ok {
		t.Error("an unknown message is reported as Welsh")
	}
	if got := NewPrinter(English).T("Question %d", 3); got != "Question 3" {
		t.Errorf("English T = %q", got)
	}
	for in, want := range map[string]Lang{"cy": Welsh, "CY-gb": Welsh, "en": English, "en_GB": English} {
		if got, ok := Parse(in); !ok || got != want {
			t.Errorf("Parse(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := Parse("fr"); ok {
		t.Error("Parse accepts fr")
	}
	if len(NeedsReview()) == 0 || len(NeedsReview()) >= len(Keys()) {
		t.Errorf("%d of %d messages marked for review", len(NeedsReview()), len(Keys()))
	}
}

func TestDetect(t *testing.T) {
	for text, want := range map[string]Lang{
		"Annwyl Syr/Fadam,\n\nHoffwn gael gwybodaeth am nifer y plant yn ysgolion y sir yn 2024.\n\nDiolch, Siân": Welsh,
		"Faint mae’r cyngor wedi’i wario ar atgyweirio ffyrdd ers 2020?":                                          Welsh,
		"Dear Sir or Madam, please tell me how many potholes were repaired in 2024. Thank you.":                   English,
		"How many libraries are there in Ynys Môn and Pen-y-bont?":                                                English,
		"FOI 12": English,
		"":       English,
	} {
		if got := Detect(text); got != want {
			t.Errorf("Detect(%q) = %s, want %s", text, got, want)
		}
	}
}
