// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"disclose/internal/clock"
)

func due(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = runDue(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestDuePrintsTheDate(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"C1 FOIA", []string{"--regime", "foia", "--received", "2024-03-21"}, "2024-04-22"},
		{"C1s FOISA", []string{"--regime", "foisa", "--received", "2024-03-21"}, "2024-04-19"},
		{"C14 EIR extended", []string{"--regime", "eir", "--received", "2025-12-01", "--extended"}, "2026-01-30"},
		{"EISR extended", []string{"--regime", "eir-scotland", "--received", "2026-02-02", "--extended"}, "2026-03-30"},
		{"C16 fees", []string{"--regime", "foia", "--received", "2026-02-02", "--fee-notice", "2026-02-16", "--fee-paid", "2026-03-04"}, "2026-03-20"},
		{"two fees notices, each paid: both pause (s.10(2))", []string{"--regime", "foia", "--received", "2023-04-10", "--fee-notice", "2023-04-21", "--fee-paid", "2023-04-21", "--fee-notice", "2023-04-28", "--fee-paid", "2023-04-28"}, "2023-05-12"},
		{"two fees notices, notices first", []string{"--regime", "foia", "--received", "2023-04-10", "--fee-notice", "2023-04-21", "--fee-notice", "2023-04-28", "--fee-paid", "2023-04-21", "--fee-paid", "2023-04-28"}, "2023-05-12"},
		{"EIR two advance-payment notices", []string{"--regime", "eir", "--received", "2023-04-10", "--fee-notice", "2023-04-21", "--fee-paid", "2023-04-21", "--fee-notice", "2023-04-28", "--fee-paid", "2023-04-28"}, "2023-05-12"},
		{"C17 clarification", []string{"--regime", "foia", "--received", "2026-02-02", "--clarification-received", "2026-02-12"}, "2026-03-12"},
		{"C18 review", []string{"--regime", "foia", "--stage", "review", "--received", "2026-01-09"}, "2026-02-06"},
		{"C18 review extended", []string{"--regime", "foia", "--stage", "review", "--received", "2026-01-09", "--extended"}, "2026-03-06"},
		{"C20 EIR review", []string{"--regime", "eir", "--stage", "review", "--received", "2026-03-02"}, "2026-04-30"},
		{"explicit request stage, flags with =", []string{"--regime=foia", "--stage=request", "--received=2026-02-07"}, "2026-03-06"},
		{"single-dash flags", []string{"-regime", "foia", "-received", "2026-02-07"}, "2026-03-06"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := due(tc.args...)
			if code != 0 || stdout != tc.want+"\n" || stderr != "" {
				t.Errorf("disclose due %s\n= exit %d, stdout %q, stderr %q\nwant exit 0, stdout %q, no stderr",
					strings.Join(tc.args, " "), code, stdout, stderr, tc.want+"\n")
			}
		})
	}
}

func TestDueExplain(t *testing.T) {
	code, stdout, stderr := due("--regime", "foia", "--received", "2026-02-02", "--fee-notice", "2026-02-16", "--fee-paid", "2026-03-04", "--explain")
	if code != 0 || stdout != "2026-03-20\n" {
		t.Fatalf("exit %d, stdout %q; want 0, \"2026-03-20\\n\"", code, stdout)
	}
	for _, want := range []string{
		"FOIA (Freedom of Information Act 2000), request stage\n",
		"calendar " + clock.Embedded().Version() + ": bank holidays 2017-2028 (embedded)\n",
		"rules:\n",
		"bank holidays in any part of the UK (FOIA s.10(6))",
		"(FOIA s.10(2))",
		"  2026-02-02 Mon   -  day of receipt (day 0)\n",
		"  2026-02-03 Tue   1\n",
		"  2026-02-07 Sat   -  Saturday\n",
		"  2026-02-16 Mon   -  fees notice given: the clock stops (FOIA s.10(2))\n",
		"  2026-02-17 Tue   -  fees notice pause\n",
		"  2026-03-05 Thu  10\n",
		"  2026-03-17 Tue   -  St Patrick's Day (Northern Ireland)\n",
		"  2026-03-20 Fri  20  deadline: working day 20\n",
		"due: 2026-03-20 (Friday 20 March 2026)\n",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("--explain output lacks %q:\n%s", want, stderr)
		}
	}
}

// --holidays counts with another calendar: without the Scottish World Cup
// holiday (15 Jun 2026), C10 is due a day earlier.
func TestDueHolidaysFile(t *testing.T) {
	var f map[string]struct {
		Division string           `json:"division"`
		Events   []map[string]any `json:"events"`
	}
	if err := json.Unmarshal(clock.EmbeddedData(), &f); err != nil {
		t.Fatal(err)
	}
	sc := f["scotland"]
	var kept []map[string]any
	for _, e := range sc.Events {
		if e["date"] != "2026-06-15" {
			kept = append(kept, e)
		}
	}
	sc.Events = kept
	f["scotland"] = sc
	data, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "bank-holidays.json")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}

	if code, stdout, _ := due("--regime", "foia", "--received", "2026-06-01"); code != 0 || stdout != "2026-06-30\n" {
		t.Errorf("embedded: exit %d, %q; want 2026-06-30", code, stdout)
	}
	code, stdout, stderr := due("--regime", "foia", "--received", "2026-06-01", "--holidays", file, "--explain")
	if code != 0 || stdout != "2026-06-29\n" {
		t.Errorf("--holidays: exit %d, %q; want 2026-06-29", code, stdout)
	}
	if !strings.Contains(stderr, "("+file+")") {
		t.Errorf("--explain does not name the holidays file:\n%s", stderr)
	}
}

func TestDueErrors(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"england-and-wales": {"division": "england-and-wales", "events": []}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no arguments", nil, "--regime is required"},
		{"missing --received", []string{"--regime", "foia"}, "--received is required"},
		{"missing --regime", []string{"--received", "2026-02-02"}, "--regime is required"},
		{"unknown regime", []string{"--regime", "gdpr", "--received", "2026-02-02"}, `unknown regime "gdpr"`},
		{"impossible date", []string{"--regime", "foia", "--received", "2023-02-30"}, `--received: invalid date "2023-02-30": February 2023 has 28 days`},
		{"badly written date", []string{"--regime", "foia", "--received", "30/05/2023"}, "want YYYY-MM-DD"},
		{"impossible fee date", []string{"--regime", "foia", "--received", "2026-02-02", "--fee-notice", "2026-02-31", "--fee-paid", "2026-03-01"}, "--fee-notice: invalid date"},
		{"FOISA extended", []string{"--regime", "foisa", "--received", "2026-02-02", "--extended"}, "FOISA has no extension of the time for compliance (FOISA s.10)"},
		{"EIR review extended", []string{"--regime", "eir", "--stage", "review", "--received", "2026-02-02", "--extended"}, "EIR has no extension"},
		{"unknown stage", []string{"--regime", "foia", "--stage", "appeal", "--received", "2026-02-02"}, `unknown stage "appeal"`},
		{"clarification at review", []string{"--regime", "foia", "--stage", "review", "--received", "2026-02-02", "--clarification-received", "2026-02-03"}, "not to a review"},
		{"clarification before receipt", []string{"--regime", "foia", "--received", "2026-02-02", "--clarification-received", "2026-02-01"}, "before the request was received"},
		{"fee paid before notice", []string{"--regime", "foia", "--received", "2026-01-20", "--fee-notice", "2026-02-16", "--fee-paid", "2026-02-01"}, "fee paid (2026-02-01) before the fees notice (2026-02-16)"},
		{"--fee-paid without --fee-notice", []string{"--regime", "foia", "--received", "2026-02-02", "--fee-paid", "2026-02-10"}, "--fee-paid needs --fee-notice"},
		{"more payments than notices", []string{"--regime", "foia", "--received", "2026-02-02", "--fee-notice", "2026-02-09", "--fee-paid", "2026-02-10", "--fee-paid", "2026-02-11"}, "--fee-paid needs --fee-notice"},
		{"second notice unpaid", []string{"--regime", "foia", "--received", "2026-02-02", "--fee-notice", "2026-02-09", "--fee-paid", "2026-02-10", "--fee-notice", "2026-02-16"}, "the clock is stopped awaiting the fee (fees notice 2026-02-16)"},
		{"--fee-notice without --fee-paid", []string{"--regime", "foia", "--received", "2026-02-02", "--fee-notice", "2026-02-16"}, "the clock is stopped awaiting the fee (fees notice 2026-02-16): the request lapses unless the fee is paid by 2026-05-15"},
		{"fee paid after the lapse", []string{"--regime", "foia", "--received", "2026-02-02", "--fee-notice", "2026-02-16", "--fee-paid", "2026-05-18"}, "after the request lapsed"},
		{"unknown flag", []string{"--regime", "foia", "--received", "2026-02-02", "--urgent"}, "flag provided but not defined: -urgent"},
		{"flag without its value", []string{"--regime", "foia", "--received"}, "flag needs an argument: -received"},
		{"bad boolean", []string{"--regime", "foia", "--received", "2026-02-02", "--extended=perhaps"}, "-extended"},
		{"stray argument", []string{"--regime", "foia", "--received", "2026-02-02", "tomorrow"}, `unexpected argument "tomorrow"`},
		{"stray argument before flags", []string{"foia", "--received", "2026-02-02"}, `unexpected argument "foia"`},
		{"year before the data", []string{"--regime", "foia", "--received", "2015-06-01"}, "no bank-holiday data for 2015"},
		{"year after the data", []string{"--regime", "foia", "--received", "2029-03-01"}, "no bank-holiday data for 2029"},
		{"deadline after the data", []string{"--regime", "eir", "--received", "2028-12-01", "--extended"}, "no bank-holiday data for 2029"},
		{"error with --explain", []string{"--regime", "foisa", "--received", "2026-02-02", "--extended", "--explain"}, "FOISA has no extension"},
		{"missing holidays file", []string{"--regime", "foia", "--received", "2026-02-02", "--holidays", filepath.Join(t.TempDir(), "none.json")}, "--holidays: open"},
		{"invalid holidays file", []string{"--regime", "foia", "--received", "2026-02-02", "--holidays", bad}, "has no events"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := due(tc.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			if !strings.HasPrefix(stderr, "disclose due: ") || !strings.HasSuffix(stderr, "\n") || strings.Count(stderr, "\n") != 1 {
				t.Errorf("stderr %q, want one line beginning \"disclose due: \"", stderr)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr %q does not mention %q", stderr, tc.want)
			}
		})
	}
}

func TestDueHelp(t *testing.T) {
	code, stdout, _ := due("--help")
	if code != 0 || !strings.Contains(stdout, "usage: disclose due --regime") || !strings.Contains(stdout, "-fee-notice") {
		t.Errorf("--help: exit %d, stdout:\n%s", code, stdout)
	}
}

// SI 2004/3364 from the command line: a school's terms from a file, and
// the other variations.
func TestDueTimeForComplianceRegulations(t *testing.T) {
	dir := t.TempDir()
	terms := filepath.Join(dir, "terms.txt")
	if err := os.WriteFile(terms, []byte("# 2025/26, half terms out\n2025-09-03 2025-10-24\n2025-11-03 to 2025-12-19\n2026-01-05 2026-02-13\n2026-02-23 2026-03-27\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("autumn term\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
		code int
	}{
		{[]string{"--regime", "foia", "--received", "2026-02-02", "--school-terms", terms}, "2026-03-09\n", 0},
		{[]string{"--regime", "foia", "--received", "2026-03-13", "--school-terms", terms}, "2026-03-30 is outside the entered terms (2025-09-03 to 2026-03-27)", 2},
		{[]string{"--regime", "foia", "--received", "2026-02-02", "--school-terms", bad}, `line 1: invalid date "autumn"`, 2},
		{[]string{"--regime", "eir", "--received", "2026-02-02", "--school-terms", terms}, "under FOIA only, not EIR", 2},
		{[]string{"--regime", "foia", "--received", "2026-02-02", "--school-terms", terms, "--fee-notice", "2026-02-09", "--fee-paid", "2026-02-09"}, "count a plain request", 2},
		{[]string{"--regime", "foia", "--received", "2026-02-02", "--variation", "archives"}, "2026-03-16\n", 0},
		{[]string{"--regime", "foia", "--received", "2026-02-02", "--variation", "held-abroad", "--specified", "2026-04-30"}, "2026-04-30\n", 0},
		{[]string{"--regime", "foia", "--received", "2026-02-02", "--variation", "armed-forces", "--specified", "2026-05-01"}, "after the 60th working day (2026-04-30)", 2},
		{[]string{"--regime", "foia", "--received", "2026-02-02", "--specified", "2026-04-01"}, "--specified goes with --variation", 2},
	} {
		code, stdout, stderr := due(tc.args...)
		out := stdout
		if tc.code != 0 {
			out = stderr
		}
		if code != tc.code || !strings.Contains(out, tc.want) {
			t.Errorf("disclose due %s\n= exit %d, stdout %q, stderr %q; want exit %d with %q", strings.Join(tc.args, " "), code, stdout, stderr, tc.code, tc.want)
		}
	}
}
