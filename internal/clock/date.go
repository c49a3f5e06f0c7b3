// SPDX-License-Identifier: AGPL-3.0-or-later

package clock

import (
	"fmt"
	"time"
)

// Date is a calendar date with no time of day and no location, stored as a
// day number so that counting days is integer arithmetic.
//
// The number is the Rata Die day number of the proleptic Gregorian calendar:
// Date(1) is Monday 0001-01-01, Date(719163) is 1970-01-01. Offsetting the
// epoch this way leaves the zero value free to mean "unset": Date(0) would be
// 0000-12-31, which no Date constructor produces (ParseDate accepts years
// 0001–9999 only, and DateOf maps the zero time.Time to the zero Date). A
// useful side effect is that the weekday is simply the day number modulo 7.
type Date int32

// unixEpoch is the Date of 1970-01-01.
const unixEpoch = 719163

// ParseDate parses a date written strictly as YYYY-MM-DD (ISO 8601 calendar
// date, four-digit year 0001–9999). Impossible dates such as 2023-02-30 are
// errors, never normalised to another day.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return 0, fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	if y < 1 {
		return 0, fmt.Errorf("invalid date %q: year 0000 does not exist", s)
	}
	if m < 1 || m > 12 {
		return 0, fmt.Errorf("invalid date %q: there is no month %02d", s, m)
	}
	if n := daysIn(y, m); d < 1 || d > n {
		return 0, fmt.Errorf("invalid date %q: %s %d has %d days", s, time.Month(m), y, n)
	}
	return fromCivil(y, m, d), nil
}

// digits parses a run of ASCII digits (no sign, no spaces).
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// MustParseDate is ParseDate for constants in tests and tables; it panics on
// a malformed date.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the calendar date of t in t's own location: a request
// stamped 00:30 on 2 June in Europe/London is dated 2 June although it is
// still 1 June in UTC, so convert t to the authority's location first. The
// zero time.Time maps to the zero (unset) Date.
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return 0
	}
	y, m, d := t.Date()
	return fromCivil(y, int(m), d)
}

// Time returns midnight UTC at the start of d. The zero Date gives the zero
// time.Time.
func (d Date) Time() time.Time {
	if d == 0 {
		return time.Time{}
	}
	y, m, dd := d.civil()
	return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC)
}

// String formats d as YYYY-MM-DD. The zero Date formats as "" so that an
// unset date stays visibly empty in JSON, CSV and forms.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	y, m, dd := d.civil()
	if y < 1 || y > 9999 {
		// Reachable only through arithmetic far outside any real case.
		return fmt.Sprintf("%04d-%02d-%02d", y, m, dd)
	}
	b := [10]byte{
		byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-',
		byte('0' + dd/10), byte('0' + dd%10),
	}
	return string(b[:])
}

// MarshalText implements encoding.TextMarshaler: YYYY-MM-DD, or "" for the
// zero Date.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" gives the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = 0
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Weekday returns the day of the week. Rata Die day 1 is a Monday, so the
// weekday is the day number modulo 7.
func (d Date) Weekday() time.Weekday {
	w := int(d) % 7
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

// AddDays returns the date n calendar days after d (before, if n < 0).
func (d Date) AddDays(n int) Date { return d + Date(n) }

// Year returns d's year.
func (d Date) Year() int {
	y, _, _ := d.civil()
	return y
}

// Month returns d's month.
func (d Date) Month() time.Month {
	_, m, _ := d.civil()
	return time.Month(m)
}

// Day returns d's day of the month.
func (d Date) Day() int {
	_, _, dd := d.civil()
	return dd
}

// IsZero reports whether d is the zero Date, meaning "unset".
func (d Date) IsZero() bool { return d == 0 }

// isLeap reports whether y is a Gregorian leap year.
func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// daysIn returns the number of days in month m of year y.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// fromCivil converts a proleptic Gregorian date to a Date, using Howard
// Hinnant's days_from_civil algorithm (public domain,
// https://howardhinnant.github.io/date_algorithms.html).
func fromCivil(y, m, d int) Date {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return Date(era*146097 + doe - 719468 + unixEpoch)
}

// civil is the inverse of fromCivil (Hinnant's civil_from_days).
func (d Date) civil() (y, m, dd int) {
	z := int(d) - unixEpoch + 719468
	era := z
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	dd = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, dd
}

// easterSunday returns Easter Sunday of year y (Gregorian computus, the
// "anonymous Gregorian algorithm" of Meeus/Jones/Butcher).
func easterSunday(y int) Date {
	a := y % 19
	b := y / 100
	c := y % 100
	d := b / 4
	e := b % 4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i := c / 4
	k := c % 4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return fromCivil(y, month, day)
}

// goodFriday returns Good Friday of year y: Easter Sunday less two days.
func goodFriday(y int) Date { return easterSunday(y) - 2 }
