// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"strings"
	"testing"
)

func TestLookupExemption(t *testing.T) {
	tests := []struct {
		regime   Regime
		code     string
		want     string // the catalogue code
		title    string
		absolute bool
	}{
		// The DESIGN.md examples and their FOISA equivalents.
		{FOIA, "s40(2)", "s40(2)", "Personal information", true},
		{FOIA, "s43(2)", "s43(2)", "Commercial interests", false},
		{FOISA, "s38(1)(b)", "s38(1)(b)", "Personal information", true},
		{FOISA, "s33(1)(b)", "s33(1)(b)", "Commercial interests", false},
		{EIR, "reg12(5)(e)", "reg12(5)(e)", "Confidentiality of commercial or industrial information", false},
		{EIR, "reg13", "reg13", "Personal information", true},
		{EISR, "reg10(5)(e)", "reg10(5)(e)", "Confidentiality of commercial or industrial information", false},
		{EISR, "reg11(2)", "reg11(2)", "Personal information", true},
		// Absolute and qualified limbs.
		{FOIA, "s21", "s21", "Information accessible by other means", true},
		{FOIA, "s36", "s36", "Prejudice to effective conduct of public affairs", false},
		{FOIA, "s37(1)(a)", "s37(1)(a)", "Communications with the Sovereign", true},
		{FOIA, "s37(1)(b)", "s37(1)(b)", "Honours and dignities", false},
		{FOIA, "s40(1)", "s40(1)", "Personal information of the requester", true},
		{FOIA, "s41", "s41", "Information provided in confidence", true},
		{FOISA, "s36(1)", "s36(1)", "Confidentiality of communications (legal professional privilege)", false},
		{FOISA, "s36(2)", "s36(2)", "Information provided in confidence", true},
		{FOISA, "s37", "s37", "Court records", true},
		{EIR, "reg12(4)(a)", "reg12(4)(a)", "Information not held", false},
		// Spellings people type.
		{FOIA, "S40(2)", "s40(2)", "Personal information", true},
		{FOIA, "s 40(2)", "s40(2)", "Personal information", true},
		{FOIA, "s.40(2)", "s40(2)", "Personal information", true},
		{FOIA, "S. 40 (2)", "s40(2)", "Personal information", true},
		{FOIA, "section 40(2)", "s40(2)", "Personal information", true},
		{FOIA, "Section 43(2)", "s43(2)", "Commercial interests", false},
		{FOIA, "sec. 43(2)", "s43(2)", "Commercial interests", false},
		{FOIA, "40(2)", "s40(2)", "Personal information", true},
		{FOIA, "s22a", "s22A", "Research", false},
		{FOIA, " s22A ", "s22A", "Research", false},
		{EIR, "Reg 12(5)(e)", "reg12(5)(e)", "Confidentiality of commercial or industrial information", false},
		{EIR, "regulation 12(5)(E)", "reg12(5)(e)", "Confidentiality of commercial or industrial information", false},
		{EIR, "reg. 13", "reg13", "Personal information", true},
		{EIR, "13", "reg13", "Personal information", true},
		{EISR, "Regulation 10(4)(b)", "reg10(4)(b)", "Manifestly unreasonable", false},
	}
	for _, tt := range tests {
		t.Run(string(tt.regime)+" "+tt.code, func(t *testing.T) {
			e, err := LookupExemption(tt.regime, tt.code)
			if err != nil {
				t.Fatal(err)
			}
			if e.Code != tt.want || e.Title != tt.title || e.Absolute != tt.absolute {
				t.Errorf("got %s %q absolute=%v, want %s %q absolute=%v", e.Code, e.Title, e.Absolute, tt.want, tt.title, tt.absolute)
			}
			if e.NeedsPublicInterestTest() == tt.absolute {
				t.Errorf("NeedsPublicInterestTest() = %v for absolute=%v", e.NeedsPublicInterestTest(), tt.absolute)
			}
			if len(e.Regimes) != 1 || e.Regimes[0] != tt.regime {
				t.Errorf("Regimes = %v, want [%s]", e.Regimes, tt.regime)
			}
		})
	}
}

func TestLookupExemptionSection(t *testing.T) {
	for _, tt := range []struct {
		regime Regime
		code   string
		want   string
	}{
		{FOIA, "s40(2)", "Freedom of Information Act 2000, s.40(2)"},
		{FOISA, "s33(1)(b)", "Freedom of Information (Scotland) Act 2002, s.33(1)(b)"},
		{EIR, "reg12(5)(e)", "Environmental Information Regulations 2004, regulation 12(5)(e)"},
		{EISR, "reg11(2)", "Environmental Information (Scotland) Regulations 2004, regulation 11(2)"},
	} {
		e, err := LookupExemption(tt.regime, tt.code)
		if err != nil {
			t.Fatal(err)
		}
		if e.Section != tt.want {
			t.Errorf("%s %s: Section = %q, want %q", tt.regime, tt.code, e.Section, tt.want)
		}
	}
}

func TestLookupExemptionRejects(t *testing.T) {
	tests := []struct {
		regime Regime
		code   string
		want   string // the whole message
	}{
		{FOIA, "reg13", `exemption "reg13" does not apply under foia (it is an eir code; see Environmental Information Regulations 2004, regulation 13)`},
		{FOIA, "reg12(5)(e)", `exemption "reg12(5)(e)" does not apply under foia (it is an eir code; see Environmental Information Regulations 2004, regulation 12(5)(e))`},
		{EIR, "s40(2)", `exception "s40(2)" does not apply under eir (it is a foia code; see Freedom of Information Act 2000, s.40(2))`},
		{FOISA, "s40(2)", `exemption "s40(2)" does not apply under foisa (it is a foia code; see Freedom of Information Act 2000, s.40(2))`},
		{FOISA, "s43(2)", `exemption "s43(2)" does not apply under foisa (it is a foia code; see Freedom of Information Act 2000, s.43(2))`},
		{FOIA, "s38(1)(b)", `exemption "s38(1)(b)" does not apply under foia (it is a foisa code; see Freedom of Information (Scotland) Act 2002, s.38(1)(b))`},
		{EISR, "reg13", `exception "reg13" does not apply under eir-scotland (it is an eir code; see Environmental Information Regulations 2004, regulation 13)`},
		{EIR, "reg11(2)", `exception "reg11(2)" does not apply under eir (it is an eir-scotland code; see Environmental Information (Scotland) Regulations 2004, regulation 11(2))`},
		{FOIA, "s43", `exemption "s43" does not apply under foia: say which, s43(1) or s43(2)`},
		{FOIA, "s99", `exemption "s99" does not apply under foia: there is no such exemption`},
		{FOIA, "s12", `exemption "s12" does not apply under foia: there is no such exemption`},
		{FOIA, "s14(1)", `exemption "s14(1)" does not apply under foia: there is no such exemption`},
		{FOIA, "s36(2)(b)(i)", `exemption "s36(2)(b)(i)" does not apply under foia: there is no such exemption`},
		{FOIA, "", `exemption "" does not apply under foia: there is no such exemption`},
		{FOIA, "commercial", `exemption "commercial" does not apply under foia: there is no such exemption`},
		{"gdpr", "s40(2)", `exemption "s40(2)": unknown regime "gdpr"`},
	}
	for _, tt := range tests {
		t.Run(string(tt.regime)+" "+tt.code, func(t *testing.T) {
			_, err := LookupExemption(tt.regime, tt.code)
			if ErrorCode(err) != EINVALID {
				t.Fatalf("got error %v (code %q), want an EINVALID error", err, ErrorCode(err))
			}
			if got := ErrorMessage(err); got != tt.want {
				t.Errorf("message:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestExemptionsCatalogue(t *testing.T) {
	for _, r := range Regimes {
		t.Run(string(r), func(t *testing.T) {
			list := Exemptions(r)
			if len(list) == 0 {
				t.Fatal("empty catalogue")
			}
			seen := map[string]bool{}
			for _, e := range list {
				norm := strings.ToLower(e.Code)
				if seen[norm] {
					t.Errorf("duplicate code %s", e.Code)
				}
				seen[norm] = true
				if e.Title == "" || e.Section == "" {
					t.Errorf("%s: missing title or section: %+v", e.Code, e)
				}
				if !strings.HasPrefix(e.Section, r.Title()+", ") {
					t.Errorf("%s: section %q does not cite %s", e.Code, e.Section, r.Title())
				}
				if len(e.Regimes) != 1 || e.Regimes[0] != r {
					t.Errorf("%s: Regimes = %v, want [%s]", e.Code, e.Regimes, r)
				}
				// Every code is in the form the lookup produces, and finds itself.
				if n, _ := normaliseExemptionCode(e.Code, r); n != norm {
					t.Errorf("%s: normalises to %q", e.Code, n)
				}
				got, err := LookupExemption(r, e.Code)
				if err != nil || got.Code != e.Code {
					t.Errorf("LookupExemption(%s, %s) = %v, %v", r, e.Code, got.Code, err)
				}
			}
		})
	}
	if Exemptions("gdpr") != nil {
		t.Error("an unknown regime has a catalogue")
	}
}

// TestExemptionsAbsolute pins the absolute exemptions: FOIA s.2(3) (with
// s.36 qualified outside Parliament and s.40(2) treated as absolute), FOISA
// s.2(2), and personal data under the environmental regulations.
func TestExemptionsAbsolute(t *testing.T) {
	want := map[Regime]string{
		FOIA:  "s21 s23 s32 s34 s37(1)(a) s37(1)(aa) s37(1)(ab) s40(1) s40(2) s41 s44",
		EIR:   "reg5(3) reg13",
		FOISA: "s25 s26 s36(2) s37 s38(1)(a) s38(1)(b) s38(1)(c) s38(1)(d)",
		EISR:  "reg11(1) reg11(2)",
	}
	for _, r := range Regimes {
		var got []string
		for _, e := range Exemptions(r) {
			if e.Absolute {
				got = append(got, e.Code)
			}
		}
		if g := strings.Join(got, " "); g != want[r] {
			t.Errorf("%s absolute:\n got %s\nwant %s", r, g, want[r])
		}
	}
}

// TestExemptionsOrder checks the catalogue is in statutory order, which is
// how pickers and statistics list it.
func TestExemptionsOrder(t *testing.T) {
	for _, r := range Regimes {
		list := Exemptions(r)
		for i := 1; i < len(list); i++ {
			if !citationLess(list[i-1].Code, list[i].Code) {
				t.Errorf("%s: %s listed before %s", r, list[i-1].Code, list[i].Code)
			}
		}
	}
}

// citationLess orders codes like "s22" < "s22A" < "s23" and
// "reg12(4)(e)" < "reg12(5)(a)" < "reg13".
func citationLess(a, b string) bool {
	num := func(s string) (int, string) {
		s = strings.TrimLeft(s, "regs")
		n := 0
		for s != "" && s[0] >= '0' && s[0] <= '9' {
			n = n*10 + int(s[0]-'0')
			s = s[1:]
		}
		return n, s
	}
	na, ra := num(a)
	nb, rb := num(b)
	if na != nb {
		return na < nb
	}
	return ra < rb
}

func TestExemptionsIsACopy(t *testing.T) {
	list := Exemptions(FOIA)
	list[0].Regimes[0] = EIR
	list[0].Title = "changed"
	if e := Exemptions(FOIA)[0]; e.Regimes[0] != FOIA || e.Title == "changed" {
		t.Errorf("changing the returned catalogue changed the catalogue: %+v", e)
	}
}
