// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"strings"
	"testing"
)

func TestParseOutcome(t *testing.T) {
	for _, o := range Outcomes {
		got, err := ParseOutcome(string(o))
		if err != nil || got != o {
			t.Errorf("ParseOutcome(%q) = %q, %v", o, got, err)
		}
	}
	for _, s := range []string{"", "Granted", "refused", "partially withheld", " granted"} {
		_, err := ParseOutcome(s)
		if ErrorCode(err) != EINVALID {
			t.Errorf("ParseOutcome(%q): got %v, want an EINVALID error", s, err)
			continue
		}
		msg := ErrorMessage(err)
		if !strings.Contains(msg, "granted, partially-withheld, withheld, not-held, ncnd, cost-limit, vexatious, repeated, withdrawn, lapsed, advice-only") {
			t.Errorf("ParseOutcome(%q): message %q does not list the codes", s, msg)
		}
	}
}

func TestOutcomeContract(t *testing.T) {
	// The codes are the API contract (DESIGN.md); the titles are the
	// Cabinet Office statistics wording.
	want := []struct {
		o     Outcome
		code  string
		title string
		needs bool
	}{
		{Granted, "granted", "Granted in full", false},
		{PartiallyWithheld, "partially-withheld", "Partially withheld", true},
		{Withheld, "withheld", "Withheld in full", true},
		{NotHeld, "not-held", "Information not held", false},
		{NCND, "ncnd", "Neither confirm nor deny", true},
		{CostLimit, "cost-limit", "Refused: cost limit (s.12)", false},
		{Vexatious, "vexatious", "Refused: vexatious (s.14(1))", false},
		{Repeated, "repeated", "Refused: repeated (s.14(2))", false},
		{Withdrawn, "withdrawn", "Withdrawn", false},
		{Lapsed, "lapsed", "Lapsed", false},
		{AdviceOnly, "advice-only", "Advice and assistance only", false},
	}
	if len(Outcomes) != len(want) {
		t.Fatalf("Outcomes has %d entries, want %d", len(Outcomes), len(want))
	}
	for i, w := range want {
		if Outcomes[i] != w.o || string(w.o) != w.code {
			t.Errorf("Outcomes[%d] = %q, want %q", i, Outcomes[i], w.code)
		}
		if got := w.o.Title(); got != w.title {
			t.Errorf("%s.Title() = %q, want %q", w.o, got, w.title)
		}
		if got := w.o.NeedsExemption(); got != w.needs {
			t.Errorf("%s.NeedsExemption() = %v, want %v", w.o, got, w.needs)
		}
	}
	if got := Outcome("nonsense").Title(); got != "unknown outcome nonsense" {
		t.Errorf("unknown Title() = %q", got)
	}
}

func TestRollUp(t *testing.T) {
	type o = []Outcome
	tests := []struct {
		name  string
		parts []Outcome
		want  Outcome
	}{
		// Rule 1: nothing to roll up.
		{"no parts", nil, ""},
		{"a part not answered yet", o{Granted, ""}, ""},
		{"an unknown outcome", o{Granted, "refused"}, ""},

		// Single parts are their own outcome.
		{"one granted", o{Granted}, Granted},
		{"one partially withheld", o{PartiallyWithheld}, PartiallyWithheld},
		{"one withheld", o{Withheld}, Withheld},
		{"one not held", o{NotHeld}, NotHeld},
		{"one ncnd", o{NCND}, NCND},
		{"one cost limit", o{CostLimit}, CostLimit},
		{"one vexatious", o{Vexatious}, Vexatious},
		{"one repeated", o{Repeated}, Repeated},
		{"one withdrawn", o{Withdrawn}, Withdrawn},
		{"one lapsed", o{Lapsed}, Lapsed},
		{"one advice only", o{AdviceOnly}, AdviceOnly},

		// Rule 2: request-level refusals.
		{"cost limit on one part refuses the request", o{Granted, Granted, CostLimit}, CostLimit},
		{"vexatious on any part", o{Withheld, Vexatious}, Vexatious},
		{"repeated on any part", o{NotHeld, Repeated, Granted}, Repeated},
		{"vexatious beats cost limit", o{CostLimit, Vexatious}, Vexatious},
		{"vexatious beats repeated", o{Repeated, Vexatious}, Vexatious},
		{"repeated beats cost limit", o{CostLimit, Repeated}, Repeated},
		{"refusal beats withdrawn", o{Withdrawn, CostLimit}, CostLimit},

		// Rules 3 and 4: withdrawn, lapsed and advice-only parts.
		{"all withdrawn", o{Withdrawn, Withdrawn}, Withdrawn},
		{"all lapsed", o{Lapsed, Lapsed}, Lapsed},
		{"lapsed and withdrawn", o{Withdrawn, Lapsed}, Lapsed},
		{"advice and withdrawn", o{Withdrawn, AdviceOnly}, AdviceOnly},
		{"advice and lapsed", o{Lapsed, AdviceOnly}, AdviceOnly},
		{"withdrawn part set aside", o{Granted, Withdrawn}, Granted},
		{"lapsed part set aside", o{Withheld, Lapsed}, Withheld},
		{"advice part set aside", o{NotHeld, AdviceOnly}, NotHeld},

		// Rule 5: some given, some refused.
		{"granted and withheld", o{Granted, Withheld}, PartiallyWithheld},
		{"granted and ncnd", o{Granted, NCND}, PartiallyWithheld},
		{"any partially withheld", o{PartiallyWithheld, Withheld}, PartiallyWithheld},
		{"partially withheld and not held", o{PartiallyWithheld, NotHeld}, PartiallyWithheld},
		{"granted, withheld and not held", o{Granted, NotHeld, Withheld}, PartiallyWithheld},

		// Rule 6: everything held was given.
		{"all granted", o{Granted, Granted, Granted}, Granted},
		{"granted and not held", o{Granted, NotHeld}, Granted},

		// Rule 7: everything held was refused.
		{"all withheld", o{Withheld, Withheld}, Withheld},
		{"withheld and not held", o{Withheld, NotHeld}, Withheld},
		{"withheld and ncnd", o{NCND, Withheld}, Withheld},
		{"all ncnd", o{NCND, NCND}, NCND},
		{"ncnd and not held", o{NCND, NotHeld}, NCND},

		// Rule 8.
		{"all not held", o{NotHeld, NotHeld}, NotHeld},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RollUp(tt.parts); got != tt.want {
				t.Errorf("RollUp(%q) = %q, want %q", tt.parts, got, tt.want)
			}
		})
	}
}

// TestRollUpOrder checks that the order of the parts never matters.
func TestRollUpOrder(t *testing.T) {
	all := append([]Outcome(nil), Outcomes...)
	for _, a := range all {
		for _, b := range all {
			for _, c := range all {
				x, y := RollUp([]Outcome{a, b, c}), RollUp([]Outcome{c, a, b})
				if x != y {
					t.Fatalf("RollUp(%s, %s, %s) = %q but RollUp(%s, %s, %s) = %q", a, b, c, x, c, a, b, y)
				}
				if x == "" {
					t.Fatalf("RollUp(%s, %s, %s) is empty", a, b, c)
				}
			}
		}
	}
}
