// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var requesterDetails = []string{"Amara Okafor", "amara.okafor@example.org", "07700 900456", "12 Acacia Avenue, Leeds LS1 4AB"}

// requesterFindings returns the requester findings in text, checking that
// each points at characters of the original text.
func requesterFindings(t *testing.T, details []string, text string) []Finding {
	t.Helper()
	var out []Finding
	for _, f := range Text("answer", text, Options{Requester: details}) {
		if f.Kind == "personal-data:requester" {
			out = append(out, f)
		}
	}
	return out
}

// TestRequesterFoundInOtherForms: each text holds one of the requester's
// details written differently; want is the original text that must be
// reported (its characters from the finding's position), so masking
// covers what is really there.
func TestRequesterFoundInOtherForms(t *testing.T) {
	tests := []struct {
		name, text, want string
		details          []string
	}{
		{"as given", "Dear Amara Okafor,", "Amara Okafor", nil},
		{"lower case", "dear amara okafor,", "amara okafor", nil},
		{"capitals", "DEAR AMARA OKAFOR", "AMARA OKAFOR", nil},
		{"mixed case", "AmArA oKaFoR wrote", "AmArA oKaFoR", nil},
		{"surname first with comma", "Requester: Okafor, Amara (by email)", "Okafor, Amara", nil},
		{"surname first", "Okafor Amara asked", "Okafor Amara", nil},
		{"surname first capitals", "OKAFOR, AMARA", "OKAFOR, AMARA", nil},
		{"initial with dot", "A. Okafor asked for", "A. Okafor", nil},
		{"initial without dot", "A Okafor asked for", "A Okafor", nil},
		{"initial run together", "Signed A.Okafor.", "A.Okafor", nil},
		{"surname then initial", "Okafor, A. wrote", "Okafor, A", nil},
		{"surname then initial at end", "From: Okafor A", "Okafor A", nil},
		{"title", "We wrote to Ms Okafor.", "Ms Okafor", nil},
		{"title with dot in capitals", "DR. OKAFOR", "DR. OKAFOR", nil},
		{"title lower case", "dear mrs okafor", "mrs okafor", nil},
		{"zero-width space inside", "Amara Oka\u200bfor", "Amara Oka\u200bfor", nil},
		{"zero-width joiner", "Am\u200dara Okafor", "Am\u200dara Okafor", nil},
		{"zero-width non-joiner", "Amara O\u200ckafor", "Amara O\u200ckafor", nil},
		{"soft hyphen", "Ama\u00adra Oka\u00adfor", "Ama\u00adra Oka\u00adfor", nil},
		{"word joiner", "Amara\u2060 Okafor", "Amara\u2060 Okafor", nil},
		{"byte-order mark", "\ufeffAmara Okafor", "Amara Okafor", nil},
		{"bidi marks", "\u200fAmara\u200e \u202bOkafor\u202c", "Amara\u200e \u202bOkafor", nil},
		{"bidi isolates", "\u2066Amara\u2069 \u2067Okafor\u2069", "Amara\u2069 \u2067Okafor", nil},
		{"line break between", "Amara\nOkafor", "Amara\nOkafor", nil},
		{"windows line break", "Amara\r\nOkafor", "Amara\r\nOkafor", nil},
		{"run of spaces", "Amara      Okafor", "Amara      Okafor", nil},
		{"tab", "Amara\tOkafor", "Amara\tOkafor", nil},
		{"non-breaking space", "Amara\u00a0Okafor", "Amara\u00a0Okafor", nil},
		{"full-width space", "Amara\u3000Okafor", "Amara\u3000Okafor", nil},
		{"full-width letters", "Ａｍａｒａ Ｏｋａｆｏｒ", "Ａｍａｒａ Ｏｋａｆｏｒ", nil},
		{"full-width initial", "Ａ. Okafor", "Ａ. Okafor", nil},
		{"run together", "user AmaraOkafor posted", "AmaraOkafor", nil},
		{"dotted handle", "handle amara.okafor on the forum", "amara.okafor", nil},
		{"underscore handle", "@amara_okafor", "amara_okafor", nil},
		{"letters spaced out", "A M A R A   O K A F O R", "A M A R A   O K A F O R", nil},
		{"hyphenated over a line", "Amara Oka-\nfor", "Amara Oka-\nfor", nil},
		{"composed accent in text", "Zoë Bédard replied", "Zoë Bédard", []string{"Zoe\u0308 Be\u0301dard"}},
		{"decomposed accent in text", "Zoe\u0308 Be\u0301dard replied", "Zoe\u0308 Be\u0301dard", []string{"Zoë Bédard"}},
		{"accent dropped", "Zoe Bedard replied", "Zoe Bedard", []string{"Zoë Bédard"}},
		{"middle name left out", "Dear Amara Okafor", "Amara Okafor", []string{"Amara Chioma Okafor"}},
		{"middle name kept", "Amara Chioma Okafor", "Amara Chioma Okafor", []string{"Amara Chioma Okafor"}},
		{"two initials", "A.C. Okafor", "A.C. Okafor", []string{"Amara Chioma Okafor"}},
		{"two initials spaced", "A C Okafor", "A C Okafor", []string{"Amara Chioma Okafor"}},
		{"initials run together", "AC Okafor", "AC Okafor", []string{"Amara Chioma Okafor"}},
		{"surname first given with comma", "Amara Okafor", "Amara Okafor", []string{"Okafor, Amara"}},
		{"title given with the name", "Amara Okafor", "Amara Okafor", []string{"Dr Amara Okafor"}},
		{"apostrophe left out", "Sean OBrien", "Sean OBrien", []string{"Seán O'Brien"}},
		{"curly apostrophe", "Seán O’Brien", "Seán O’Brien", []string{"Sean O'Brien"}},
		{"hyphenated surname spaced", "Amara Okafor Smith", "Amara Okafor Smith", []string{"Amara Okafor-Smith"}},
		{"ligature", "Dear Oﬃa Grant", "Oﬃa Grant", []string{"Offia Grant"}},
		{"Cyrillic look-alike letters", "Amara Оkаfоr", "Amara Оkаfоr", nil},
		{"Greek capital look-alikes", "ΑΜΑRΑ ΟΚΑFΟR", "ΑΜΑRΑ ΟΚΑFΟR", nil},
		{"mathematical bold letters", "𝐀𝐦𝐚𝐫𝐚 𝐎𝐤𝐚𝐟𝐨𝐫", "𝐀𝐦𝐚𝐫𝐚 𝐎𝐤𝐚𝐟𝐨𝐫", nil},
		{"circled letters", "Ⓐⓜⓐⓡⓐ Ⓞⓚⓐⓕⓞⓡ", "Ⓐⓜⓐⓡⓐ Ⓞⓚⓐⓕⓞⓡ", nil},
		{"surname first with middle initial", "Okafor, Amara C.", "Okafor, Amara", []string{"Amara Chioma Okafor"}},
		{"no space after comma", "Okafor,Amara", "Okafor,Amara", nil},
		{"sharp s", "Hans Strauss", "Hans Strauss", []string{"Hans Strauß"}},

		{"possessive", "Amara Okafor's request", "Amara Okafor", nil},
		{"possessive curly", "Ms Okafor’s letter", "Ms Okafor", nil},
		{"name with hyphen between", "Amara-Okafor", "Amara-Okafor", nil},
		{"title and initial", "Ms A. Okafor wrote", "A. Okafor", nil},
		{"email percent-encoded", "mailto:amara.okafor%40example.org", "amara.okafor%40example.org", nil},
		{"email HTML entity", "amara.okafor&#64;example.org", "amara.okafor&#64;example.org", nil},
		{"email in a URL query", "https://x.example/?u=amara.okafor%40example.org&y=1", "amara.okafor%40example.org", nil},
		{"name inside an address", "write to amaraokafor@mail.example", "amaraokafor", nil},
		{"middle initial not in the details", "Amara J. Okafor replied", "Amara J. Okafor", nil},
		{"middle initial without dot", "AMARA J OKAFOR", "AMARA J OKAFOR", nil},
		{"dash inside the surname", "Amara Oka-for", "Amara Oka-for", nil},
		{"star inside the surname", "Amara Oka*for", "Amara Oka*for", nil},
		{"dots between every letter", "A.M.A.R.A O.K.A.F.O.R", "A.M.A.R.A O.K.A.F.O.R", nil},
		{"underscores inside", "am_ara okaf_or", "am_ara okaf_or", nil},
		{"dashes between letters", "A-m-a-r-a O-k-a-f-o-r", "A-m-a-r-a O-k-a-f-o-r", nil},
		{"title and dotted surname", "Ms O.kafor", "Ms O.kafor", nil},
		{"email exactly", "copied to amara.okafor@example.org today", "amara.okafor@example.org", nil},
		{"email capitals", "AMARA.OKAFOR@EXAMPLE.ORG", "AMARA.OKAFOR@EXAMPLE.ORG", nil},
		{"email spaces around at", "amara.okafor @ example.org", "amara.okafor @ example.org", nil},
		{"email written out", "write to amara dot okafor at example dot org please", "amara dot okafor at example dot org", nil},
		{"email bracketed", "amara.okafor[at]example[dot]org", "amara.okafor[at]example[dot]org", nil},
		{"email round brackets", "amara.okafor (at) example.org", "amara.okafor (at) example.org", nil},
		{"email braces capitals", "AMARA.OKAFOR {AT} EXAMPLE {DOT} ORG", "AMARA.OKAFOR {AT} EXAMPLE {DOT} ORG", nil},
		{"email spaced dots", "amara . okafor @ example . org", "amara . okafor @ example . org", nil},
		{"email full-width at", "amara.okafor＠example．org", "amara.okafor＠example．org", nil},
		{"email zero-width inside", "amara.oka\u200bfor@exam\u200cple.org", "amara.oka\u200bfor@exam\u200cple.org", nil},
		{"email at end of sentence", "Email amara.okafor@example.org.", "amara.okafor@example.org", nil},
		{"email in angle brackets", "<amara.okafor@example.org>", "amara.okafor@example.org", nil},
		{"email over a line", "amara.okafor@\nexample.org", "amara.okafor@\nexample.org", nil},

		{"phone as given", "Tel 07700 900456", "07700 900456", nil},
		{"phone no spaces", "Tel 07700900456.", "07700900456", nil},
		{"phone dashes", "Tel 07700-900-456", "07700-900-456", nil},
		{"phone dots", "Tel 07700.900.456", "07700.900.456", nil},
		{"phone +44", "Tel +44 7700 900456", "+44 7700 900456", nil},
		{"phone +44 (0)", "Tel +44 (0)7700 900456", "+44 (0)7700 900456", nil},
		{"phone 0044", "Tel 0044 7700 900456", "0044 7700 900456", nil},
		{"phone brackets", "Tel (07700) 900 456", "(07700) 900 456", nil},
		{"phone full-width digits", "Tel ０７７００ ９００４５６", "０７７００ ９００４５６", nil},
		{"phone zero-width inside", "Tel 07700\u200b900456", "07700\u200b900456", nil},
		{"landline given with +44", "Tel 0113 496 0000", "0113 496 0000", []string{"+44 113 496 0000"}},

		{"address as given", "lives at 12 Acacia Avenue, Leeds LS1 4AB.", "12 Acacia Avenue, Leeds LS1 4AB", nil},
		{"address lower case no space", "12 acacia avenue, leeds ls14ab", "12 acacia avenue, leeds ls14ab", nil},
		{"address abbreviated", "12 Acacia Ave, Leeds, LS1 4AB", "12 Acacia Ave, Leeds, LS1 4AB", nil},
		{"address over lines", "12 Acacia Avenue\nLeeds\nLS1 4AB", "12 Acacia Avenue\nLeeds\nLS1 4AB", nil},
		{"first line alone", "the house at 12 Acacia Avenue was", "12 Acacia Avenue", nil},
		{"postcode alone", "postcode LS1 4AB", "LS1 4AB", nil},
		{"postcode lower case", "postcode ls1 4ab", "ls1 4ab", nil},
		{"postcode without space", "postcode LS14AB.", "LS14AB", nil},
		{"postcode full-width", "ＬＳ１ ４ＡＢ", "ＬＳ１ ４ＡＢ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			details := tt.details
			if details == nil {
				details = requesterDetails
			}
			fs := requesterFindings(t, details, tt.text)
			if len(fs) != 1 {
				t.Fatalf("want one requester finding, got:\n%s", describe(fs))
			}
			if got := charsAt(t, tt.text, fs[0].Where); got != tt.want {
				t.Errorf("finding covers %q, want %q", got, tt.want)
			}
			if strings.Contains(fs[0].Excerpt, "kafor") || strings.Contains(fs[0].Excerpt, "900456") {
				t.Errorf("excerpt not masked: %q", fs[0].Excerpt)
			}
		})
	}
}

// charsAt returns the characters a finding's "characters A-B" names.
func charsAt(t *testing.T, text, where string) string {
	t.Helper()
	i := strings.LastIndex(where, "characters ")
	var a, b int
	if i < 0 {
		t.Fatalf("no position in %q", where)
	}
	if _, err := fmtSscanf(where[i:], "characters %d-%d", &a, &b); err != nil {
		t.Fatalf("position %q: %v", where, err)
	}
	rs := []rune(text)
	return string(rs[a-1 : b])
}

// TestRequesterNearMissesNotFound: text that looks like the requester's
// details but is not must not be reported as theirs.
func TestRequesterNearMissesNotFound(t *testing.T) {
	email := []string{"amara.okafor@example.org"}
	tests := []struct {
		text    string
		details []string
	}{
		{"John Okafor, the council's engineer, replied.", nil},
		{"J. Okafor signed the contract.", nil},
		{"The Okafor family business was paid £300.", nil},
		{"Okaforson Ltd and Amaranth Okafors were suppliers.", nil},
		{"Amara is a town; Okafor is a surname.", nil},
		{"We met at the office at noon and looked at example figures.", nil},
		{"Write to the team at example dot org for the policy.", nil},
		{"Staff from Example Org attended.", nil},
		{"a okafor appears in lower case only.", nil},
		{"We wrote to Ms Okafor-Smith.", nil},
		{"Amara Okafor-Jones is another person.", nil},
		{"The grade was a. Okafor-Jones said so.", nil},
		{"Okafor. A reply was sent on Monday.", nil},
		{"Okafor, A director of the firm, replied.", nil},
		{"Call 07700 900457 or 17700 900456 or 077009004567.", nil},
		{"+447700 9004567 is longer.", nil},
		{"14 Acacia Avenue, Leeds LS1 4AC is next door.", nil},
		{"12 Acacia Road, York YO1 7HH.", nil},
		{"LS1 4ABC and XLS1 4AB are references.", nil},
		{"Oka for the rest of the day.", nil},
		{"Amara a Okafor-like word: Amara a okafor", nil},
		{"Amara and Okafor are two towns.", nil},
		{"an amara okaforest", nil},
		{"amara.okafor@example.org.uk is another address.", email},
		{"amara.okafor@example.organisation was never used.", email},
		{"bob.amara.okafor@example.org and xamara.okafor@example.org are others", email},
		{"bob dot amara dot okafor at example dot org", email},
		{"amara.okafor@other.org", email},
		{"amara.okafor at the example dot org office", email},
		{"Amara Okafor at Example dot Org", email},
	}
	for _, tt := range tests {
		details := tt.details
		if details == nil {
			details = requesterDetails
		}
		if fs := requesterFindings(t, details, tt.text); len(fs) != 0 {
			t.Errorf("%q gave:\n%s", tt.text, describe(fs))
		}
	}
}

var fmtSscanf = fmt.Sscanf

// A name over a first-name and a surname column is found in spreadsheets
// and CSV; another person's row, or the two names in different rows, is not.
func TestRequesterAcrossCells(t *testing.T) {
	opts := Options{Requester: []string{"Amara Okafor", "12 Acacia Avenue, Leeds LS1 4AB"}}
	book := newXLSX(t, func(f *excelize.File) {
		must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"First name", "Surname", "Amount"}))
		must(t, f.SetSheetRow("Sheet1", "A2", &[]any{"John", "Okafor", 12}))
		must(t, f.SetSheetRow("Sheet1", "A3", &[]any{"Amara", "Okafor", 30}))
		must(t, f.SetSheetRow("Sheet1", "A4", &[]any{"Amara", "Smith", 5}))
		must(t, f.SetSheetRow("Sheet1", "A5", &[]any{"Okafor", "Amara", 6}))
	})
	got := requesterWheres(File("payments.xlsx", book, opts))
	want := []string{"sheet 'Sheet1' row 3, cells A3 to B3", "sheet 'Sheet1' row 5, cells A5 to B5"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("xlsx requester findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	csv := "first,last,street,town,postcode\nJohn,Okafor,1 High St,York,YO1 7HH\nAmara,OKAFOR,12 Acacia Avenue,Leeds,LS1 4AB\n"
	got = requesterWheres(File("payments.csv", []byte(csv), opts))
	want = []string{"row 3, cells A3 to B3", "row 3, cells C3 to E3", "row 3, column C, characters 1-16", "row 3, column E, characters 1-7"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("csv requester findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func requesterWheres(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		if f.Kind == "personal-data:requester" {
			out = append(out, f.Where)
		}
	}
	sort.Strings(out)
	return out
}

func TestRequesterAcrossODSCells(t *testing.T) {
	row := func(a, b string) string {
		return `<table:table-row><table:table-cell><text:p>` + a + `</text:p></table:table-cell><table:table-cell><text:p>` + b + `</text:p></table:table-cell></table:table-row>`
	}
	ods := newODS(t, "", `<table:table table:name="Payees">`+row("John", "Okafor")+row("Amara", "Okafor")+`</table:table>`)
	got := requesterWheres(File("payees.ods", ods, Options{Requester: []string{"Amara Okafor"}}))
	if strings.Join(got, "\n") != "sheet 'Payees' row 2, cells A2 to B2" {
		t.Errorf("ods requester findings: %q", got)
	}
}
