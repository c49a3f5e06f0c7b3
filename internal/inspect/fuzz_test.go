// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// fuzzSeeds are generated trap and clean files of every format the
// inspector reads.
func fuzzSeeds(t testing.TB) [][]byte {
	seeds := [][]byte{
		newXLSX(t, nil),
		newXLSX(t, func(f *excelize.File) {
			addStaffSheet(t, f)
			must(t, f.SetSheetVisible("Staff", false))
			must(t, f.AddComment("Sheet1", excelize.Comment{Cell: "A1", Author: "Jo", Paragraph: []excelize.RichTextRun{{Text: "x"}}}))
		}),
		[]byte("Name,Note\nJo,=1+1\n"),
		[]byte("plain text with jane@example.org"),
	}
	return append(seeds, moreFuzzSeeds(t)...)
}

func FuzzFile(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		fs := File("fuzz", data, Options{Timeout: 2 * time.Second, MaxBytes: 1 << 20})
		if d := time.Since(start); d > 4*time.Second {
			t.Fatalf("took %v", d)
		}
		for _, f := range fs {
			if f.Kind == "" || f.Where == "" || f.Why == "" {
				t.Fatalf("incomplete finding %+v", f)
			}
		}
	})
}

func FuzzText(f *testing.F) {
	for _, s := range []string{
		"Call 07700 900123 or jane@example.org",
		"12 Acacia Avenue, Leeds LS1 4AB; DOB 01/02/1980; NI AB123456C; NHS 943 476 5919",
		"£1,240 in 2023/24, 3%, FOI 12748, 0.5 FTE",
		"Dear Amara Okafor",
	} {
		f.Add(s)
	}
	opts := Options{Requester: []string{"Amara Okafor", "a.okafor@example.net", "07700 900456", "1 High St, York YO1 7HH"}}
	f.Fuzz(func(t *testing.T, s string) {
		for _, f := range Text("answer", s, opts) {
			if f.Excerpt != "" && len(f.Excerpt) > 3 && containsRawDigits(f.Excerpt, s) {
				t.Fatalf("excerpt %q shows the raw match from %q", f.Excerpt, s)
			}
		}
	})
}

// containsRawDigits reports an excerpt that repeats six or more digits of
// the input in a row: masking must hide at least that much.
func containsRawDigits(excerpt, _ string) bool {
	run := 0
	for _, c := range excerpt {
		if c >= '0' && c <= '9' {
			run++
			if run >= 6 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// TestSeedsNeverPanic runs every seed, and every truncation of it, through
// File: a cheap, deterministic slice of what the fuzzer does.
func TestSeedsNeverPanic(t *testing.T) {
	for _, s := range fuzzSeeds(t) {
		step := len(s)/40 + 1
		for n := 0; n < len(s); n += step {
			for _, f := range File("cut", s[:n], Options{Timeout: time.Second}) {
				if f.Kind == "" || f.Why == "" {
					t.Fatalf("incomplete finding %+v", f)
				}
			}
		}
	}
}
