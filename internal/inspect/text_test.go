// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"strings"
	"testing"
	"time"
)

func TestTextFindsPersonalData(t *testing.T) {
	opts := Options{Requester: []string{"Amara Okafor", "amara.okafor@example.net", "07700 900456"}}
	tests := []struct {
		name, text, kind, excerpt string
	}{
		{"email", "Please contact jane@example.org for details.", "personal-data:email", "j***@e******.org"},
		{"mobile", "Her mobile is 07700 900123.", "personal-data:phone", "***** ***123"},
		{"landline", "Call 0113 496 0000 after 5pm.", "personal-data:phone", "**** *** *000"},
		{"international", "Ring +44 (0)20 7946 0018 today", "personal-data:phone", "+** (*)** **** *018"},
		{"bracketed area code", "Tel (01632) 960001", "personal-data:phone", "(*****) ***001"},
		{"NI number", "NI number QQ123456C is invalid but AB 12 34 56 C is fine", "personal-data:ni-number", "AB ** ** ** C"},
		{"NHS number", "Patient NHS number 943 476 5919 was seen", "personal-data:nhs-number", "*** *** 919"},
		{"address", "He lives at 12 Acacia Avenue, Leeds LS1 4AB with his family.", "personal-data:postcode-address", "** A***** A*****, L**** LS1 ***"},
		{"date of birth", "Mr Jones (DOB: 14/03/1984) attended.", "personal-data:date-of-birth", "DOB: **/**/****"},
		{"born", "She was born on 3 March 1979 in Hull.", "personal-data:date-of-birth", "born on * March ****"},
		{"requester name", "Dear Amara Okafor, thank you.", "personal-data:requester", "A**** O*****"},
		{"requester by title", "We wrote to Ms Okafor on Monday.", "personal-data:requester", "M* O*****"},
		{"requester email", "Copied to Amara.Okafor@example.net", "personal-data:requester", "A****.O*****@e******.n**"},
		{"requester phone spaced differently", "We rang 077009 00456 twice.", "personal-data:requester", "****** *****"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := Text("answer to part 1", tt.text, opts)
			wantKinds(t, fs, tt.kind)
			if len(fs) != 1 {
				t.Fatalf("want one finding, got:\n%s", describe(fs))
			}
			if fs[0].Excerpt != tt.excerpt {
				t.Errorf("excerpt = %q, want %q", fs[0].Excerpt, tt.excerpt)
			}
			if !strings.HasPrefix(fs[0].Where, "answer to part 1, characters ") || fs[0].Why == "" {
				t.Errorf("where/why = %q / %q", fs[0].Where, fs[0].Why)
			}
		})
	}
}

func TestTextReportsCharacterPositions(t *testing.T) {
	fs := Text("answer to part 2", "Écrivez à jane@example.org", Options{})
	if len(fs) != 1 || fs[0].Where != "answer to part 2, characters 11-26" {
		t.Fatalf("got %s", describe(fs))
	}
}

func TestTextIgnoresOrdinaryAnswers(t *testing.T) {
	texts := []string{
		"The council spent £1,240 on agency staff in 2023/24, a rise of 3%.",
		"Your request FOI 12748 was received on 01/04/2024 and answered on 29/04/2024.",
		"The post is 0.5 FTE at grade 7; 12 officers work in the team.",
		"Figures: 2019-20 4,512; 2020-21 3,998; 2021-22 5,107 (provisional).",
		"If you are unhappy, write to foi@council.gov.uk or the Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow SK9 5AF.",
		"Our offices at Civic Hall, Leeds LS1 1UR are open 9 to 5.",
		"Reference 1234567890 relates to the contract; invoice 4500012345 was paid.",
		"The policy was born out of the 2019 review; section 40(2) applies.",
		"In 2023 Leeds City Council published its plan for LS1 1UR.",
		"Tel: 0300 123 4567 (switchboard).",
		"Items -5 and +3 were adjusted by 10.5%, ref 07/2023.",
	}
	opts := Options{Allow: []string{"0300 123 4567"}}
	for _, s := range texts {
		if fs := Text("answer", s, opts); len(fs) != 0 {
			t.Errorf("%q gave:\n%s", s, describe(fs))
		}
	}
}

func TestNHSCheckDigit(t *testing.T) {
	for d, want := range map[string]bool{"9434765919": true, "9434765918": false, "4010232137": true, "1234567890": false} {
		if got := nhsCheckDigitOK(d); got != want {
			t.Errorf("nhsCheckDigitOK(%s) = %v", d, got)
		}
	}
}

// A long answer full of matches must cost time in proportion to its length:
// eight times the text may take about eight times as long, never the 64
// times a quadratic scan would. The ratio, not a wall-clock limit, is
// asserted, so a busy machine does not fail it.
func TestTextWithManyMatchesStaysLinear(t *testing.T) {
	const line = "write to jane@example.org or call 07700 900123; "
	opts := Options{Requester: []string{"07700 900123"}}
	fastest := func(n int) time.Duration {
		text := strings.Repeat(line, n)
		best := time.Duration(1<<63 - 1)
		for range 3 {
			start := time.Now()
			fs := Text("answer", text, opts)
			if d := time.Since(start); d < best {
				best = d
			}
			if len(fs) != 2*n {
				t.Fatalf("%d lines: got %d findings, want %d", n, len(fs), 2*n)
			}
		}
		return best
	}
	small, large := fastest(1000), fastest(8000)
	if ratio := float64(large) / float64(small); ratio > 24 {
		t.Errorf("8x the text took %.1fx the time (%v vs %v): matching is not linear", ratio, large, small)
	}
}
