// SPDX-License-Identifier: AGPL-3.0-or-later

// Package seedcase carries the project's own copy of the canonical published
// response, FOI 12748 (Thurrock Council, "Placements", published 30 May
// 2023), so that tests read it from the repository and never from beside it.
package seedcase

import (
	_ "embed"
	"regexp"
	"strings"
)

//go:embed foi-12748-thurrock-placements.txt
var seedFile string

var trailingSpace = regexp.MustCompile(`[ \t]+\n`)

// Raw is the file byte for byte, trailing spaces included.
func Raw() string { return seedFile }

// File is the published response as the council printed it, with
// Windows line ends made plain and the spaces at the ends of lines cut (the
// page it was copied from leaves them; no line's meaning depends on them).
func File() string {
	return trailingSpace.ReplaceAllString(strings.ReplaceAll(seedFile, "\r\n", "\n"), "\n")
}

// Request is the text between "Request:" and "Response:": what the
// requester wrote, preamble and seven numbered questions.
func Request() string {
	s := File()
	start := strings.Index(s, "Request:")
	end := strings.Index(s, "Response:")
	if start < 0 || end < start {
		panic("seedcase: the seed has no Request: ... Response: section")
	}
	return strings.TrimSpace(s[start+len("Request:") : end])
}
