// SPDX-License-Identifier: AGPL-3.0-or-later

// Package foi is the domain of Disclose: requests and their parts, the
// people who handle them, the audit trail, and the storage contract that the
// SQLite and PostgreSQL adapters implement. It imports nothing of ours, so
// every other package can depend on it and it can depend on none of them.
//
// Calendar dates (received, due, responded) are time.Time values at
// midnight UTC; Date and FormatDate convert to and from "YYYY-MM-DD".
package foi

import "time"

// DateLayout is how dates are written in JSON, on the command line and in
// the database.
const DateLayout = "2006-01-02"

// Date returns the calendar date of t (in t's own location) as midnight UTC.
func Date(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ParseDate parses "YYYY-MM-DD", rejecting impossible dates.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return time.Time{}, Errorf(EINVALID, "%q is not a date: want YYYY-MM-DD", s)
	}
	if t.IsZero() {
		// The zero time means "no date" throughout (FormatDate writes it
		// as ""): taken as a date it would vanish, or become today.
		return time.Time{}, Errorf(EINVALID, "%s is not a date any case can have", s)
	}
	return t, nil
}

// FormatDate writes a date as "YYYY-MM-DD", or "" for the zero time.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(DateLayout)
}
