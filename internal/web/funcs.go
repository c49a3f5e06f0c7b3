// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"html/template"
	"strconv"
	"strings"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/i18n"
)

// templateFuncs are the helpers every template may use.
func (s *Server) templateFuncs() template.FuncMap {
	m := template.FuncMap{
		"datetime":        govukDateTime,
		"asset":           s.assets.url,
		"isoDate":         foi.FormatDate,
		"lower":           strings.ToLower,
		"add":             func(a, b int) int { return a + b },
		"join":            strings.Join,
		"joinInts":        joinInts,
		"publishedPart":   publishedPart,
		"welshPart":       welshPart,
		"responsePart":    responsePart,
		"exemptionAnchor": exemptionAnchor,
		"languageSource":  languageSource,
		"navItem":         newNavItem,
		"signInWays":      func(u *foi.User) string { return u.SignInWays() },
		"count":           formatCount,
		"checkRow":        newCheckRow,
		"blocks":          textBlocks,
		"history":         historyWords,
		"link":            htmlLink,
		"typedLink":       typedLink,
		"mailto":          mailto,
		"strong":          strong,
		"code":            code,
		"categoryHref": func(c string) string {
			return logQuery(foi.PublicationFilter{Category: c}, 1)
		},
	}
	for k, v := range staffFuncs() {
		m[k] = v
	}
	for k, v := range regulatorFuncs() {
		m[k] = v
	}
	return m
}

// navItem is one link of the service navigation.
type navItem struct {
	Href, Text string
	Current    bool
}

func newNavItem(path, href, text string) navItem {
	return navItem{Href: href, Text: text, Current: path == href || (href != "/" && strings.HasPrefix(path, href+"/"))}
}

// govukDateTime writes an instant in UK time: "30 May 2023, 2:05pm".
func govukDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return strings.Replace(t.In(casework.UK).Format("2 January 2006, 3:04pm"), ":00", "", 1)
}

// formatCount writes a count with thousands separators: "12,000".
func formatCount(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + formatCount(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// checkRow is one row of a "Check your answers" summary list.
type checkRow struct {
	Key, Value, Field, Hidden string // Hidden completes "Change" for screen readers
	None, Change              string // the words for no answer and for Change
}

func newCheckRow(key, value, field, hidden, none, change string) checkRow {
	return checkRow{Key: key, Value: value, Field: field, Hidden: hidden, None: none, Change: change}
}

// monthName writes "2023-05" as "May 2023" (or "Mai 2023").
func monthName(l i18n.Lang, m string) string {
	t, err := foi.ParseMonth(m)
	if err != nil {
		return m
	}
	return l.MonthYear(t)
}

// joinInts writes part numbers as "1, 3".
func joinInts(ns []int) string { return joinNumbers(ns, ", ") }

// joinNumbers writes numbers with sep between them.
func joinNumbers(ns []int, sep string) string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = strconv.Itoa(n)
	}
	return strings.Join(out, sep)
}
