// SPDX-License-Identifier: AGPL-3.0-or-later

// Package csvsafe keeps the CSV files Disclose writes from running as
// formulas when a spreadsheet opens them (CSV injection): a cell that
// starts with = + - @, a tab or a carriage return is read as a formula by
// Excel, LibreOffice and Google Sheets, and the text in our files comes
// from requesters and imported logs.
package csvsafe

import "strconv"

// Cell returns s as a cell no spreadsheet evaluates: one starting with a
// formula character is prefixed with an apostrophe, which spreadsheets
// read as "text" and do not show. A plain number ("-5", "+0.5") is left
// alone: it is a value, not a formula.
func Cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return s
		}
		return "'" + s
	}
	return s
}

// Row applies Cell to every cell of a record, in place, and returns it.
func Row(rec []string) []string {
	for i, s := range rec {
		rec[i] = Cell(s)
	}
	return rec
}
