// SPDX-License-Identifier: AGPL-3.0-or-later

package csvsafe

import "testing"

func TestCell(t *testing.T) {
	for in, want := range map[string]string{
		"":                   "",
		"Bins":               "Bins",
		"=HYPERLINK(\"x\")":  "'=HYPERLINK(\"x\")",
		"+1+1":               "'+1+1",
		"-2+3":               "'-2+3",
		"-cmd|' /C calc'!A0": "'-cmd|' /C calc'!A0",
		"@SUM(A1)":           "'@SUM(A1)",
		"\t=1+1":             "'\t=1+1",
		"\r=1+1":             "'\r=1+1",
		"-5":                 "-5",
		"+0.5":               "+0.5",
		"2023-05-30":         "2023-05-30",
		"a = b":              "a = b",
	} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}
