// SPDX-License-Identifier: AGPL-3.0-or-later

// Package clock owns the statutory clock: calendar dates, working days and
// the deadlines of FOI and EIR requests and reviews under the Freedom of
// Information Act 2000 (FOIA), the Environmental Information Regulations
// 2004 (EIR), the Freedom of Information (Scotland) Act 2002 (FOISA) and
// the Environmental Information (Scotland) Regulations 2004 (EISR).
//
// Everything here is a pure function of its arguments: no I/O beyond parsing
// the bytes it is given, and never the current time. Bank holidays come from
// a Calendar built from GOV.UK's bank-holidays.json (a copy is embedded);
// a date in a year the calendar does not cover is an error, never a guess.
//
// Counting follows the ICO: the day of receipt is day 0, whatever day of the
// week it is, and the deadline is the N-th working day after it. The rules
// and their sources are in docs/statutory-rules.md (§2-§4, §7, §12).
package clock
