// SPDX-License-Identifier: AGPL-3.0-or-later

// Package i18n is the one translation catalogue of the public service: every
// string a member of the public reads, in English and Welsh (the Welsh
// Language Standards, standards 52-57: every page's text in Welsh). The key of
// a message is its English text, with fmt verbs for what varies; the Welsh is
// in catalogue_cy.go. Messages are formatted by golang.org/x/text/message, so
// a Welsh sentence may put its arguments in another order (%[2]s).
package i18n

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Lang is a language the public pages are written in.
type Lang string

const (
	English Lang = "en"
	Welsh   Lang = "cy"
)

// Langs are the languages, in the order a language switch lists them.
var Langs = []Lang{English, Welsh}

// Parse reads "en" or "cy" (any case, with or without a region: "cy-GB").
func Parse(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i > 0 {
		s = s[:i]
	}
	switch Lang(s) {
	case English, Welsh:
		return Lang(s), true
	}
	return "", false
}

// Other is the language a switch offers.
func (l Lang) Other() Lang {
	if l == Welsh {
		return English
	}
	return Welsh
}

// Name is the language's name in itself, as a language switch shows it.
func (l Lang) Name() string {
	if l == Welsh {
		return "Cymraeg"
	}
	return "English"
}

// welshTag is Welsh; x/text names no constant for it.
var welshTag = language.MustParse("cy")

// EnglishName is the language's name in English, for staff pages.
func (l Lang) EnglishName() string {
	if l == Welsh {
		return "Welsh"
	}
	return "English"
}

func (l Lang) tag() language.Tag {
	if l == Welsh {
		return welshTag
	}
	return language.BritishEnglish
}

// entry is one message: its Welsh, and whether a native speaker should check it
// (false only for wording taken from the GOV.UK Design System's own Welsh).
type entry struct {
	cy     string
	review bool
}

var (
	entries = map[string]entry{}
	isWelsh = map[string]bool{} // every Welsh message, to know one already translated
	cat     = catalog.NewBuilder(catalog.Fallback(language.BritishEnglish))
)

func init() {
	for _, m := range welsh {
		if _, dup := entries[m.en]; dup {
			panic("i18n: message twice in the catalogue: " + m.en)
		}
		entries[m.en] = entry{cy: m.cy, review: m.review}
		isWelsh[m.cy] = true
		if err := cat.SetString(welshTag, m.en, m.cy); err != nil {
			panic(err)
		}
		if err := cat.SetString(language.BritishEnglish, m.en, m.en); err != nil {
			panic(err)
		}
	}
}

// Has reports whether the catalogue has a Welsh translation of key.
func Has(key string) bool {
	_, ok := entries[key]
	return ok
}

// NeedsReview lists the keys whose Welsh a native speaker should check.
func NeedsReview() []string {
	var out []string
	for _, m := range welsh {
		if m.review {
			out = append(out, m.en)
		}
	}
	return out
}

// Keys lists every message of the catalogue.
func Keys() []string {
	out := make([]string, 0, len(welsh))
	for _, m := range welsh {
		out = append(out, m.en)
	}
	return out
}

// Printer writes messages in one language.
type Printer struct {
	Lang Lang
	p    *message.Printer
	// Missing, when set, is told of every key with no Welsh (the test that
	// every public page is Welsh uses it). Such a key is written in English.
	Missing func(key string)
}

// NewPrinter returns a printer for lang.
func NewPrinter(lang Lang) *Printer {
	return &Printer{Lang: lang, p: message.NewPrinter(lang.tag(), message.Catalog(cat))}
}

// T translates key and fills in its arguments.
func (p *Printer) T(key string, args ...any) string {
	if p.Lang == Welsh && !Has(key) {
		if p.Missing != nil {
			p.Missing(key)
		}
		return fmt.Sprintf(key, args...)
	}
	return p.p.Sprintf(key, args...)
}

// Text translates a message with no arguments (a status's name, a measure
// held in a variable).
func (p *Printer) Text(key string) string {
	if p.Lang == English {
		return key
	}
	e, ok := entries[key]
	if !ok {
		if p.Missing != nil {
			p.Missing(key)
		}
		return key
	}
	return e.cy
}

// Translated is T for a message that may come from elsewhere (an error from the
// casework service): it reports whether the text is in the printer's language,
// so the page can mark an English passage with lang="en". It reports no miss.
func (p *Printer) Translated(text string) (string, bool) {
	if p.Lang == English {
		return text, true
	}
	if e, ok := entries[text]; ok {
		return e.cy, true
	}
	if isWelsh[text] {
		return text, true
	}
	return text, false
}

// HTML is T for a sentence with links or emphasis in it: the message is
// escaped, and each argument is escaped too unless it is already
// template.HTML (a link made by the page).
func (p *Printer) HTML(key string, args ...any) template.HTML {
	marks := make([]any, len(args))
	for i := range args {
		marks[i] = "\x00" + strconv.Itoa(i) + "\x00"
	}
	out := html.EscapeString(p.T(key, marks...))
	for i, a := range args {
		var s string
		switch v := a.(type) {
		case template.HTML:
			s = string(v)
		default:
			s = html.EscapeString(fmt.Sprint(v))
		}
		out = strings.ReplaceAll(out, "\x00"+strconv.Itoa(i)+"\x00", s)
	}
	return template.HTML(out)
}

var welshMonths = [...]string{"Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin",
	"Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"}

// Month is a month's name: "May", "Mai".
func (l Lang) Month(m time.Month) string {
	if l == Welsh {
		return welshMonths[m-1]
	}
	return m.String()
}

// Date writes a date as GOV.UK does: "30 May 2023", "30 Mai 2023"; "" for none.
func (l Lang) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return strconv.Itoa(t.Day()) + " " + l.Month(t.Month()) + " " + strconv.Itoa(t.Year())
}

// MonthYear writes "May 2023", "Mai 2023".
func (l Lang) MonthYear(t time.Time) string {
	return l.Month(t.Month()) + " " + strconv.Itoa(t.Year())
}

// DateTime writes an instant already in UK time: "30 May 2023, 2:05pm",
// "30 Mai 2023, 2:05yp" (yb, y bore; yp, y prynhawn).
func (l Lang) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	clock := strings.Replace(t.Format("3:04"), ":00", "", 1)
	am, pm := "am", "pm"
	if l == Welsh {
		am, pm = "yb", "yp"
	}
	if t.Hour() < 12 {
		clock += am
	} else {
		clock += pm
	}
	return l.Date(t) + ", " + clock
}
