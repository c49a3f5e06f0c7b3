// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"slices"
	"strings"
)

// Exemption is a ground for withholding information: an exemption under
// FOIA or FOISA, an exception under the EIR or EISR.
type Exemption struct {
	Code     string   // as the law writes it: "s40(2)", "s43(2)", "reg12(5)(e)", "reg13"
	Regimes  []Regime // the regimes it belongs to
	Title    string   // short name: "Personal information", "Commercial interests"
	Absolute bool     // absolute exemptions need no public-interest test
	Section  string   // human citation: "Freedom of Information Act 2000, s.40(2)"
}

// NeedsPublicInterestTest reports whether withholding under the exemption
// needs the public-interest balance (FOIA s.2(2)(b), FOISA s.2(1)(b), EIR
// reg 12(1)(b), EISR reg 10(1)(b)): every exemption that is not absolute.
func (e Exemption) NeedsPublicInterestTest() bool { return !e.Absolute }

// Exemptions returns the catalogue for a regime in statutory order, or nil
// for an unknown regime. The slice is the caller's to change.
func Exemptions(r Regime) []Exemption {
	var out []Exemption
	for _, e := range exemptions {
		if slices.Contains(e.Regimes, r) {
			e.Regimes = slices.Clone(e.Regimes)
			out = append(out, e)
		}
	}
	return out
}

// LookupExemption finds an exemption of the regime by its code, written as
// the law writes it or as people type it: case does not matter, nor do
// spaces and dots, and "section"/"sec." and "regulation" may be spelt out
// ("S.40(2)", "section 40(2)", "Reg 12(5)(e)"). A bare number is read in
// the regime ("40(2)" is s40(2) under FOIA, "13" is reg13 under the EIR).
// A code of another regime, or one the catalogue does not have, is an
// EINVALID error naming the regime.
func LookupExemption(r Regime, code string) (Exemption, error) {
	word := "exemption"
	if r.Environmental() {
		word = "exception"
	}
	if !slices.Contains(Regimes, r) {
		return Exemption{}, Errorf(EINVALID, "exemption %q: unknown regime %q", code, string(r))
	}
	norm, explicit := normaliseExemptionCode(code, r)
	for _, e := range Exemptions(r) {
		if strings.ToLower(e.Code) == norm {
			return e, nil
		}
	}
	// Say why, as helpfully as we can: a code of another regime (s40(2)
	// under FOISA, reg13 under FOIA), or a section cited without the
	// subsection that decides what it is (s43 under FOIA).
	if explicit {
		for _, other := range Regimes {
			if other == r {
				continue
			}
			for _, e := range exemptions {
				if slices.Contains(e.Regimes, other) && strings.ToLower(e.Code) == norm {
					return Exemption{}, Errorf(EINVALID, "%s %q does not apply under %s (it is %s code; see %s)",
						word, code, r, regimeWithArticle(other), e.Section)
				}
			}
		}
	}
	var more []string
	for _, e := range Exemptions(r) {
		if strings.HasPrefix(strings.ToLower(e.Code), norm+"(") {
			more = append(more, e.Code)
		}
	}
	if len(more) > 0 {
		return Exemption{}, Errorf(EINVALID, "%s %q does not apply under %s: say which, %s",
			word, code, r, strings.Join(more, " or "))
	}
	return Exemption{}, Errorf(EINVALID, "%s %q does not apply under %s: there is no such %s", word, code, r, word)
}

// regimeWithArticle is "a foia" or "an eir": the regime code with its regimeWithArticle.
func regimeWithArticle(r Regime) string {
	if strings.ContainsRune("aeiou", rune(string(r)[0])) {
		return "an " + string(r)
	}
	return "a " + string(r)
}

// normaliseExemptionCode lower-cases a code, drops spaces and dots, and
// spells the prefix "s" or "reg". explicit is false when the code had no
// prefix and the regime's was assumed.
func normaliseExemptionCode(code string, r Regime) (norm string, explicit bool) {
	s := strings.Map(func(c rune) rune {
		switch c {
		case ' ', '\t', '.', '\u00a0', '\n', '\r':
			return -1
		}
		return c
	}, strings.ToLower(code))
	for _, p := range []struct{ long, short string }{
		{"regulation", "reg"}, {"reg", "reg"}, {"section", "s"}, {"sect", "s"}, {"sec", "s"}, {"s", "s"},
	} {
		if rest, ok := strings.CutPrefix(s, p.long); ok && rest != "" && asciiDigit(rest[0]) {
			return p.short + rest, true
		}
	}
	if s != "" && asciiDigit(s[0]) {
		if r.Environmental() {
			return "reg" + s, false
		}
		return "s" + s, false
	}
	return s, true
}

// The catalogue. Sources: FOIA ss.21-44 and s.2(3), EIR regs 12 and 13,
// FOISA s.2(2) and ss.25-41, EISR regs 10 and 11, as summarised in
// docs/statutory-rules.md §6. Codes are unique within a regime.
var exemptions = slices.Concat(
	exemptionRows(FOIA, "s", []exemptionRow{
		{"21", "Information accessible by other means", true},
		{"22", "Information intended for future publication", false},
		{"22A", "Research", false},
		{"23", "Information supplied by, or relating to, security bodies", true},
		{"24", "National security", false},
		// s.25 is about certificates under ss.23-24, not an exemption.
		{"26", "Defence", false},
		{"27", "International relations", false},
		{"28", "Relations within the United Kingdom", false},
		{"29", "The economy", false},
		{"30", "Investigations and proceedings", false},
		{"31", "Law enforcement", false},
		{"32", "Court records", true},
		{"33", "Audit functions", false},
		{"34", "Parliamentary privilege", true},
		{"35", "Formulation of government policy", false},
		// s.36 is absolute only for information held by the House of
		// Commons or the House of Lords (s.2(3)(e)); for every authority
		// that uses Disclose it is qualified.
		{"36", "Prejudice to effective conduct of public affairs", false},
		// s.37(1)(a)-(ab) were made absolute by the Constitutional Reform
		// and Governance Act 2010 (s.2(3)(ea)); (ac), (ad) and (b) stay
		// qualified. We have not read the 2010 change in the consolidated
		// text (docs/statutory-rules.md §6, §13); this is the reading
		// practitioners and the ICO use.
		{"37(1)(a)", "Communications with the Sovereign", true},
		{"37(1)(aa)", "Communications with the heir to the Throne or second in line", true},
		{"37(1)(ab)", "Communications with a person who has since become Sovereign, heir or second in line", true},
		{"37(1)(ac)", "Communications with other members of the Royal Family", false},
		{"37(1)(ad)", "Communications with the Royal Household", false},
		{"37(1)(b)", "Honours and dignities", false},
		{"38", "Health and safety", false},
		{"39", "Environmental information", false},
		{"40(1)", "Personal information of the requester", true},
		// s.40(2) is absolute only where the first condition applies
		// (disclosure would contravene the data protection principles,
		// s.2(3)(fa), s.40(3A)); the second and third conditions (an
		// objection, or an exemption from subject access) are qualified.
		// The first condition is the one relied on in practically every
		// case, so practitioners treat s.40(2) as absolute, and so do we.
		{"40(2)", "Personal information", true},
		{"41", "Information provided in confidence", true},
		{"42", "Legal professional privilege", false},
		{"43(1)", "Trade secrets", false},
		{"43(2)", "Commercial interests", false},
		{"44", "Prohibitions on disclosure", true},
	}),
	exemptionRows(EIR, "reg", []exemptionRow{
		// reg 5(3) is not an exception but takes the requester's own
		// personal data out of the EIR (to subject access), like FOIA
		// s.40(1); authorities cite it in the same place.
		{"5(3)", "Personal information of the requester", true},
		// Every reg 12 exception is qualified (reg 12(1)(b)), with a
		// presumption in favour of disclosure (reg 12(2)). reg 12(4)(a) is
		// formally subject to the public-interest test too, though there is
		// nothing to weigh when the information is not held.
		{"12(4)(a)", "Information not held", false},
		{"12(4)(b)", "Manifestly unreasonable", false},
		{"12(4)(c)", "Request formulated in too general a manner", false},
		{"12(4)(d)", "Material in the course of completion, unfinished documents or incomplete data", false},
		{"12(4)(e)", "Internal communications", false},
		{"12(5)(a)", "International relations, defence, national security or public safety", false},
		{"12(5)(b)", "Course of justice, fair trial or inquiries", false},
		{"12(5)(c)", "Intellectual property rights", false},
		{"12(5)(d)", "Confidentiality of proceedings", false},
		{"12(5)(e)", "Confidentiality of commercial or industrial information", false},
		{"12(5)(f)", "Interests of the person who provided the information", false},
		{"12(5)(g)", "Protection of the environment", false},
		// reg 13 mirrors FOIA s.40(2): no public-interest test where the
		// first condition applies (reg 13(2A)), which is practically every
		// case, so it is treated as absolute like s.40(2).
		{"13", "Personal information", true},
	}),
	exemptionRows(FOISA, "s", []exemptionRow{
		// Absolute per FOISA s.2(2): ss.25, 26, 36(2), 37 and 38(1)(a),
		// (c), (d), and (b) in specified cases (docs/statutory-rules.md §6).
		{"25", "Information otherwise accessible", true},
		{"26", "Prohibitions on disclosure", true},
		{"27(1)", "Information intended for future publication", false},
		{"27(2)", "Research", false},
		{"28", "Relations within the United Kingdom", false},
		{"29", "Formulation of Scottish Administration policy", false},
		{"30", "Prejudice to effective conduct of public affairs", false},
		{"31(1)", "National security", false},
		{"31(4)", "Defence", false},
		{"32", "International relations", false},
		{"33(1)(a)", "Trade secrets", false},
		{"33(1)(b)", "Commercial interests", false},
		{"33(2)", "The economy", false},
		{"34", "Investigations and proceedings", false},
		{"35", "Law enforcement", false},
		{"36(1)", "Confidentiality of communications (legal professional privilege)", false},
		{"36(2)", "Information provided in confidence", true},
		{"37", "Court records", true},
		{"38(1)(a)", "Personal information of the requester", true},
		// s.38(1)(b) is absolute only in the cases s.2(2)(e)(ii) specifies
		// (the first condition: disclosure would contravene the data
		// protection principles). As with FOIA s.40(2), that is
		// practically every case, so it is treated as absolute.
		{"38(1)(b)", "Personal information", true},
		{"38(1)(c)", "Personal census information", true},
		{"38(1)(d)", "Deceased person's health record", true},
		{"39(1)", "Health and safety", false},
		{"39(2)", "Environmental information", false},
		{"40", "Audit functions", false},
		// Unlike FOIA s.37, FOISA s.41 has no absolute limb.
		{"41(a)", "Communications with the Sovereign and the Royal Family", false},
		{"41(b)", "Honours and dignities", false},
	}),
	exemptionRows(EISR, "reg", []exemptionRow{
		// The Scottish regulations number the exceptions reg 10(4), 10(5)
		// and 11, not 12 and 13 (SSI 2004/520); each is qualified
		// (reg 10(1)(b)) except personal data.
		{"10(4)(a)", "Information not held", false},
		{"10(4)(b)", "Manifestly unreasonable", false},
		{"10(4)(c)", "Request formulated in too general a manner", false},
		{"10(4)(d)", "Material in the course of completion, unfinished documents or incomplete data", false},
		{"10(4)(e)", "Internal communications", false},
		{"10(5)(a)", "International relations, defence, national security or public safety", false},
		{"10(5)(b)", "Course of justice, fair trial or inquiries", false},
		{"10(5)(c)", "Intellectual property rights", false},
		{"10(5)(d)", "Confidentiality of proceedings", false},
		{"10(5)(e)", "Confidentiality of commercial or industrial information", false},
		{"10(5)(f)", "Interests of the person who provided the information", false},
		{"10(5)(g)", "Protection of the environment", false},
		// reg 11(1): the requester's own personal data (to subject access);
		// reg 11(2): third parties' personal data, treated as absolute for
		// the same reason as FOIA s.40(2) and EIR reg 13.
		{"11(1)", "Personal information of the requester", true},
		{"11(2)", "Personal information", true},
	}),
)

// exemptionRow is one row of the catalogue as written above.
type exemptionRow struct {
	number   string // after the prefix: "40(2)", "12(5)(e)"
	title    string
	absolute bool
}

// exemptionRows turns catalogue rows into Exemptions of one regime.
func exemptionRows(r Regime, prefix string, rows []exemptionRow) []Exemption {
	cite := "s."
	if prefix == "reg" {
		cite = "regulation "
	}
	out := make([]Exemption, len(rows))
	for i, row := range rows {
		out[i] = Exemption{
			Code:     prefix + row.number,
			Regimes:  []Regime{r},
			Title:    row.title,
			Absolute: row.absolute,
			Section:  r.Title() + ", " + cite + row.number,
		}
	}
	return out
}
