// SPDX-License-Identifier: AGPL-3.0-or-later

package clock

import (
	"errors"
	"fmt"
)

// ErrInvalid is matched (with errors.Is) by every error caused by bad input:
// an unknown regime or stage, dates in an impossible order, a rule the
// regime does not have. Callers map it to "bad request". Coverage gaps
// (*NotCoveredError) and a stopped clock (*AwaitingFeeError) are not
// ErrInvalid: the input may be right and the answer simply not yet known.
var ErrInvalid = errors.New("invalid case")

type invalidError struct{ msg string }

func (e *invalidError) Error() string        { return e.msg }
func (e *invalidError) Is(target error) bool { return target == ErrInvalid }

func invalidf(format string, args ...any) error {
	return &invalidError{msg: fmt.Sprintf(format, args...)}
}

// NotCoveredError reports that a date the computation needs falls in a year
// the bank-holiday calendar does not cover. Deadlines are never guessed.
type NotCoveredError struct {
	Year        int // the first year needed but missing
	First, Last int // the years the calendar does cover
}

func (e *NotCoveredError) Error() string {
	which := "a newer"
	if e.Year < e.First {
		which = "an older"
	}
	return fmt.Sprintf("no bank-holiday data for %d (this calendar covers %d–%d): import %s calendar with \"disclose holidays import\"",
		e.Year, e.First, e.Last, which)
}

// AwaitingFeeError reports that a fees notice has been given and the fee has
// not been paid: the clock is stopped (FOIA s.10(2), FOISA s.10(2), EIR and
// EISR reg 8) and there is no deadline until payment arrives. Lapses is the
// last day on which payment is still in time.
type AwaitingFeeError struct {
	Regime  Regime
	Notice  Date
	Lapses  Date
	Section string // the lapse rule, e.g. "FOIA s.9(2)"
}

func (e *AwaitingFeeError) Error() string {
	return fmt.Sprintf("the clock is stopped awaiting the fee (fees notice %s): the request lapses unless the fee is paid by %s (%s)",
		e.Notice, e.Lapses, e.Section)
}
