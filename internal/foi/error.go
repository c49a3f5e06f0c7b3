// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"errors"
	"fmt"
)

// Error codes. Adapters map these to transport statuses in exactly one place.
const (
	ECONFLICT  = "conflict"
	EFORBIDDEN = "forbidden"
	EINTERNAL  = "internal"
	EINVALID   = "invalid"
	ENOTFOUND  = "not_found"
	EUNAUTH    = "unauthorized"
	ETOOMANY   = "too_many_attempts" // a rate limit: try again later
)

// Error is an application error whose Message is safe to show to the user
// who caused it. Anything else that fails is reported as an internal error.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the code and a formatted, user-safe message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of an application error, or EINTERNAL for any
// other error (and "" for nil).
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of an application error, or a
// generic message for anything else so that internals never leak.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// IsNotFound reports whether err is an application "not found" error.
func IsNotFound(err error) bool { return ErrorCode(err) == ENOTFOUND }
