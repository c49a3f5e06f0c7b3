// SPDX-License-Identifier: AGPL-3.0-or-later

package clock

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	valid := []struct {
		in      string
		weekday time.Weekday
	}{
		{"2023-05-30", time.Tuesday},
		{"2024-02-29", time.Thursday}, // leap year
		{"2000-02-29", time.Tuesday},  // divisible by 400: leap
		{"1970-01-01", time.Thursday},
		{"0001-01-01", time.Monday}, // Rata Die day 1
		{"9999-12-31", time.Friday},
	}
	for _, tc := range valid {
		t.Run(tc.in, func(t *testing.T) {
			d, err := ParseDate(tc.in)
			if err != nil {
				t.Fatalf("ParseDate(%q): %v", tc.in, err)
			}
			if got := d.String(); got != tc.in {
				t.Errorf("String() = %q, want %q", got, tc.in)
			}
			if got := d.Weekday(); got != tc.weekday {
				t.Errorf("Weekday() = %v, want %v", got, tc.weekday)
			}
			if d.IsZero() {
				t.Errorf("IsZero() = true for a real date")
			}
		})
	}

	invalid := []struct{ in, want string }{
		{"2023-02-30", "February 2023 has 28 days"},
		{"2023-02-29", "February 2023 has 28 days"}, // not a leap year
		{"1900-02-29", "February 1900 has 28 days"}, // century, not divisible by 400
		{"2023-04-31", "April 2023 has 30 days"},
		{"2023-13-01", "no month 13"},
		{"2023-00-10", "no month 00"},
		{"2023-01-00", "January 2023 has 31 days"},
		{"0000-01-01", "year 0000"},
		{"2023-1-01", "want YYYY-MM-DD"},
		{"2023/01/01", "want YYYY-MM-DD"},
		{"20230101", "want YYYY-MM-DD"},
		{" 2023-01-01", "want YYYY-MM-DD"},
		{"2023-01-01 ", "want YYYY-MM-DD"},
		{"+023-01-01", "want YYYY-MM-DD"},
		{"2023-01-1a", "want YYYY-MM-DD"},
		{"", "want YYYY-MM-DD"},
		{"30/05/2023", "want YYYY-MM-DD"},
	}
	for _, tc := range invalid {
		t.Run("invalid "+tc.in, func(t *testing.T) {
			d, err := ParseDate(tc.in)
			if err == nil {
				t.Fatalf("ParseDate(%q) = %v, want an error", tc.in, d)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
		})
	}
}

// The day arithmetic must agree with the time package over a long span.
func TestDateAgreesWithTimePackage(t *testing.T) {
	start := time.Date(1899, 12, 25, 0, 0, 0, 0, time.UTC)
	first := DateOf(start)
	for i := 0; i < 200*366; i++ {
		tm := start.AddDate(0, 0, i)
		d := first.AddDays(i)
		if got, want := d.String(), tm.Format("2006-01-02"); got != want {
			t.Fatalf("day %d: String() = %s, want %s", i, got, want)
		}
		if d.Weekday() != tm.Weekday() {
			t.Fatalf("%s: Weekday() = %v, want %v", d, d.Weekday(), tm.Weekday())
		}
		if !d.Time().Equal(tm) {
			t.Fatalf("%s: Time() = %v, want %v", d, d.Time(), tm)
		}
		if d.Year() != tm.Year() || d.Month() != tm.Month() || d.Day() != tm.Day() {
			t.Fatalf("%s: Year/Month/Day disagree with %v", d, tm)
		}
		if DateOf(tm) != d {
			t.Fatalf("DateOf(%v) = %v, want %v", tm, DateOf(tm), d)
		}
	}
}

func TestDateOfUsesTheTimesOwnLocation(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	// 00:30 on 2 June in London (BST) is still 1 June in UTC.
	tm := time.Date(2026, 6, 2, 0, 30, 0, 0, london)
	if got := DateOf(tm).String(); got != "2026-06-02" {
		t.Errorf("DateOf(London 00:30) = %s, want 2026-06-02", got)
	}
	if got := DateOf(tm.UTC()).String(); got != "2026-06-01" {
		t.Errorf("DateOf(same instant in UTC) = %s, want 2026-06-01", got)
	}
}

func TestZeroDateMeansUnset(t *testing.T) {
	var d Date
	if !d.IsZero() {
		t.Error("zero Date: IsZero() = false")
	}
	if d.String() != "" {
		t.Errorf("zero Date: String() = %q, want empty", d.String())
	}
	if !d.Time().IsZero() {
		t.Errorf("zero Date: Time() = %v, want the zero time", d.Time())
	}
	if got := DateOf(time.Time{}); !got.IsZero() {
		t.Errorf("DateOf(zero time) = %v, want the zero Date", int32(got))
	}
	// The earliest parseable date is not the zero Date.
	if MustParseDate("0001-01-01").IsZero() {
		t.Error("0001-01-01 is the zero Date: unset would be ambiguous")
	}
}

func TestDateJSON(t *testing.T) {
	type row struct {
		Due  Date `json:"due"`
		Sent Date `json:"sent"`
	}
	b, err := json.Marshal(row{Due: MustParseDate("2023-05-30")})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"due":"2023-05-30","sent":""}`; got != want {
		t.Errorf("Marshal = %s, want %s", got, want)
	}
	var r row
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if r.Due != MustParseDate("2023-05-30") || !r.Sent.IsZero() {
		t.Errorf("Unmarshal = %+v", r)
	}
	if err := json.Unmarshal([]byte(`{"due":"2023-02-30"}`), &r); err == nil {
		t.Error("Unmarshal of an impossible date: no error")
	}
}

func TestEaster(t *testing.T) {
	// Easter Sunday, from published tables.
	for _, s := range []string{
		"1818-03-22", "1943-04-25", "2000-04-23", "2008-03-23", "2009-04-12", "2014-04-20",
		"2019-04-21", "2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28", "2028-04-16",
		"2038-04-25", "2285-03-22",
	} {
		want := MustParseDate(s)
		if got := easterSunday(want.Year()); got != want {
			t.Errorf("easterSunday(%d) = %s, want %s", want.Year(), got, want)
		}
		if got := goodFriday(want.Year()); got.Weekday() != time.Friday || got != want-2 {
			t.Errorf("goodFriday(%d) = %s", want.Year(), got)
		}
	}
}

func TestFeeLapses(t *testing.T) {
	// FOIA s.9(2): "within the period of three months beginning with the day
	// on which the fees notice is given".
	tests := []struct{ notice, last, why string }{
		{"2026-02-16", "2026-05-15", "C16's notice: the day before the corresponding date"},
		{"2026-03-01", "2026-05-31", "a notice on the 1st runs to the end of the third month"},
		{"2026-10-15", "2027-01-14", "crosses the year end"},
		{"2026-12-31", "2027-03-30", "31 Mar is the corresponding date"},
		{"2026-01-31", "2026-04-30", "no 31 April: the month's last day"},
		{"2025-11-30", "2026-02-28", "no 30 February: the month's last day"},
		{"2023-11-30", "2024-02-29", "leap year: no 30 February, 29 February is the last day"},
		{"2023-11-29", "2024-02-28", "leap year: 29 February is the corresponding date"},
	}
	for _, tc := range tests {
		t.Run(tc.notice, func(t *testing.T) {
			if got := FeeLapses(MustParseDate(tc.notice)).String(); got != tc.last {
				t.Errorf("FeeLapses(%s) = %s, want %s (%s)", tc.notice, got, tc.last, tc.why)
			}
		})
	}
	if !FeeLapses(0).IsZero() {
		t.Error("FeeLapses(zero) is not zero")
	}
}
