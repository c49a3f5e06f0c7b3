// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"disclose/internal/foi"
)

// The limits on what a new request may hold, the same on every way in: the
// public form, the API, email, and staff logging one. The name and email
// become an acknowledgement's To: line, so they may not hold line breaks or
// other control characters; no field may hold a NUL, which some databases
// and most mail software end a string at.
const (
	MaxNameChars    = 200
	MaxEmailChars   = 254 // RFC 5321's longest usable address
	MaxPhoneChars   = 40
	MaxAddressChars = 1000
	// MaxRequestChars bounds a request's text. Real requests are a few
	// thousand characters; this stops abuse without refusing a long,
	// genuine one.
	MaxRequestChars = 12_500
)

// Field is one field of a new request.
type Field string

const (
	FieldName    Field = "name"
	FieldEmail   Field = "email"
	FieldPhone   Field = "phone"
	FieldAddress Field = "address"
	FieldText    Field = "request"
	FieldChannel Field = "channel" // how it arrived: FOIA needs writing
)

// Max is the field's length limit in characters.
func (f Field) Max() int {
	switch f {
	case FieldName:
		return MaxNameChars
	case FieldEmail:
		return MaxEmailChars
	case FieldPhone:
		return MaxPhoneChars
	case FieldAddress:
		return MaxAddressChars
	}
	return MaxRequestChars
}

// lines reports whether the field may span lines (and hold tabs).
func (f Field) lines() bool { return f == FieldAddress || f == FieldText }

func (f Field) label() string {
	switch f {
	case FieldName:
		return "the requester's name"
	case FieldEmail:
		return "the requester's email address"
	case FieldPhone:
		return "the requester's phone number"
	case FieldAddress:
		return "the requester's postal address"
	}
	return "the request text"
}

// Fault is what is wrong with a field's value.
type Fault int

const (
	FaultNone     Fault = iota
	FaultEncoding       // not valid UTF-8
	FaultNUL            // holds a NUL byte
	FaultControl        // holds another control character
	FaultTooLong        // longer than the field's Max
)

// CheckField says what, if anything, is wrong with value (already trimmed,
// line breaks as \n) for f. Emptiness is the caller's rule: each field's
// need differs (FOIA s.8(1)).
func CheckField(f Field, value string) Fault {
	if !utf8.ValidString(value) {
		return FaultEncoding
	}
	if strings.IndexByte(value, 0) >= 0 {
		return FaultNUL
	}
	for _, r := range value {
		if unicode.IsControl(r) && !(f.lines() && (r == '\n' || r == '\t')) {
			return FaultControl
		}
	}
	if utf8.RuneCountInString(value) > f.Max() {
		return FaultTooLong
	}
	return FaultNone
}

// fieldError is an EINVALID error about one field of a new request, so a
// form can put the message beside that field (ErrorField).
type fieldError struct {
	err   *foi.Error
	field Field
}

func (e *fieldError) Error() string { return e.err.Error() }
func (e *fieldError) Unwrap() error { return e.err }

// ErrorField is the field of a new request an error is about, or "".
func ErrorField(err error) Field {
	var fe *fieldError
	if errors.As(err, &fe) {
		return fe.field
	}
	return ""
}

// checkFields refuses a new request whose fields break a limit, naming the
// field and the fault.
func checkFields(r foi.Requester, text string) error {
	if err := checkFieldLimits(r, text); err != nil {
		return err
	}
	return nil
}

func checkFieldLimits(r foi.Requester, text string) *fieldError {
	for _, fv := range []struct {
		f Field
		v string
	}{{FieldName, r.Name}, {FieldEmail, r.Email}, {FieldPhone, r.Phone}, {FieldAddress, r.Address}, {FieldText, text}} {
		wrong := func(format string, args ...any) *fieldError {
			return &fieldError{foi.Errorf(foi.EINVALID, format, args...), fv.f}
		}
		switch CheckField(fv.f, fv.v) {
		case FaultEncoding:
			return wrong("%s is not valid UTF-8", fv.f.label())
		case FaultNUL:
			return wrong("%s contains a NUL character, which is not allowed", fv.f.label())
		case FaultControl:
			allowed := "no control characters are allowed there"
			if fv.f.lines() {
				allowed = "only tabs and line breaks are allowed"
			}
			return wrong("%s contains a control character (%s); %s", fv.f.label(), firstControl(fv.f, fv.v), allowed)
		case FaultTooLong:
			return wrong("%s is %d characters; the limit is %d", fv.f.label(), utf8.RuneCountInString(fv.v), fv.f.Max())
		}
	}
	return nil
}

func firstControl(f Field, s string) string {
	for _, r := range s {
		if unicode.IsControl(r) && !(f.lines() && (r == '\n' || r == '\t')) {
			return fmt.Sprintf("U+%04X", r)
		}
	}
	return "?"
}

// normaliseLines turns CRLF and lone CR line breaks into \n, as the web form
// and mail clients differ.
func normaliseLines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
