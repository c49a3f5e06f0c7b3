// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Split is a request's text divided for casework.
type Split struct {
	// Preamble is the text before the first numbered question.
	Preamble string
	// Questions are the parts to answer.
	Questions []Question
	// Closing is what follows the last question and is no question: the
	// sign-off ("Yours faithfully, Priya Sender"), an e-mail signature, a
	// "Sent from my iPhone" line, and standard footers such as
	// WhatDoTheyKnow's. It stays with the request (its text keeps it) and
	// is never part of a question, so the requester's name is not put into
	// a part that is answered and published.
	Closing string
}

// SplitRequest splits a request as SplitQuestions does and takes the
// closing off the last question (or off the whole text, when it has no
// numbered questions). signers are names the requester may sign with
// (their own): a line that is only one of them, near the end, starts the
// closing too.
//
// The closing starts at the first line after the last question's first
// line that is
//   - a valediction, alone or followed by a name: "Yours faithfully",
//     "Yours sincerely", "Kind regards", "Best wishes", "Many thanks",
//     "Thanks", "Regards", "Cheers" and their like ("Thanks, Priya");
//   - the e-mail signature delimiter "-- " (RFC 3676 §4.3);
//   - "Sent from my iPhone" and other mail programs' lines;
//   - a footer: WhatDoTheyKnow's (a rule of dashes, then "Please use this
//     email address for all replies to this request: request-NNN-xxx@...",
//     "Is ... the wrong address for Freedom of Information requests to
//     ...?", "Disclaimer: This message and any reply that you make will be
//     published on the internet...", "If you find this service useful as
//     an FOI officer..."), or a confidentiality notice;
//   - a line that is only a signer's name, among the last lines;
//
// and takes in the lines just before it that only thank or look forward
// ("Thank you for your help.", "I look forward to hearing from you."), which
// also make a closing on their own at the very end. Everything from there
// on is the closing. Not recognised: a sign-off on the same line as a
// question's text, and anything after the sign-off that is really a
// question (a "P.S. could you also..." goes into the closing, which staff
// see with the request).
func SplitRequest(text string, signers ...string) Split {
	preamble, qs := splitKeepingClosing(text)
	if len(qs) == 0 {
		return Split{}
	}
	last := &qs[len(qs)-1]
	lines := strings.Split(last.Text, "\n")
	if at := closingStart(lines, signers); at < len(lines) {
		last.Text = joinQuestionLines(lines[:at])
		return Split{Preamble: preamble, Questions: qs, Closing: joinQuestionLines(lines[at:])}
	}
	return Split{Preamble: preamble, Questions: qs}
}

var valedictions = map[string]bool{
	"yours faithfully": true, "yours sincerely": true, "yours truly": true, "yours": true, "faithfully": true, "sincerely": true,
	"kind regards": true, "kindest regards": true, "best regards": true, "warm regards": true, "warmest regards": true,
	"many regards": true, "regards": true, "with regards": true, "with kind regards": true, "with best regards": true,
	"best wishes": true, "with best wishes": true, "all the best": true, "best": true, "respectfully": true, "yours respectfully": true,
	"many thanks": true, "thanks": true, "thank you": true, "thanks again": true, "thank you again": true,
	"many thanks in advance": true, "thanks in advance": true, "thank you in advance": true, "with thanks": true,
	"with many thanks": true, "thanks very much": true, "thank you very much": true, "cheers": true, "ta": true,
}

// leadIns begin lines that only thank or look forward.
var leadIns = []string{
	"thank you for", "thanks for", "many thanks for", "thank you very much for", "thanks very much for",
	"thanks in advance", "thank you in advance", "many thanks in advance",
	"i look forward to", "look forward to", "looking forward to", "i await your", "i hope to hear", "hope to hear",
	"please acknowledge receipt", "please confirm receipt", "i would be grateful for your help", "i appreciate your help",
}

// footerStarts begin the lines of standard footers (lower case).
var footerStarts = []string{
	"please use this email address for all replies to this request",
	"disclaimer: this message and any reply that you make will be published",
	"if you find this service useful as an foi officer",
	"for more detailed guidance on safely disclosing information",
	"please note that in some cases publication of requests and responses will be delayed",
	"this email and any attachments", "this e-mail and any attachments", "this email (and any attachments)",
	"this e-mail (and any attachments)", "this message and any attachments", "this email is confidential",
	"this e-mail is confidential", "confidentiality notice", "please consider the environment before printing",
	"sent from my ", "sent from outlook", "sent from mail for windows", "sent from yahoo mail", "get outlook for ",
}

// closingStart returns the index of the line where the closing begins, or
// len(lines) when there is none. The first line is never closing.
func closingStart(lines []string, signers []string) int {
	n := len(lines)
	// footerAfter[i]: a footer's line comes after line i (past rules and
	// blanks only), so a rule at i opens that footer. One pass from the end
	// keeps long texts linear.
	footerAfter := make([]bool, n+1)
	for i := n - 1; i >= 0; i-- {
		s := simpleLower(lines[i])
		switch {
		case footerLine(s):
			footerAfter[i] = true
		case s == "" || isRule(s):
			footerAfter[i] = footerAfter[i+1]
		}
	}
	strong := -1
	for i := 1; i < n && strong < 0; i++ {
		if low := simpleLower(lines[i]); isRule(low) && footerAfter[i+1] || strongClosing(lines, i, signers) {
			strong = i
		}
	}
	end := n
	if strong >= 0 {
		end = strong
	}
	k := end
	for k > 1 && (strings.TrimSpace(lines[k-1]) == "" || leadIn(lines[k-1])) {
		k--
	}
	if strong < 0 {
		for k < n && strings.TrimSpace(lines[k]) == "" {
			k++
		}
		if k == n {
			return n // no closing: only blank lines at the end
		}
	}
	return k
}

func strongClosing(lines []string, i int, signers []string) bool {
	raw := lines[i]
	if raw == "--" || raw == "-- " {
		return true
	}
	low := simpleLower(raw)
	if footerLine(low) {
		return true
	}
	if valediction(raw) {
		return true
	}
	for _, name := range signers {
		if name = simpleLower(name); name != "" && low == name && nearEnd(lines, i) {
			return true
		}
	}
	return false
}

// footerLine reports a line (lower-cased) that begins a standard footer.
func footerLine(low string) bool {
	for _, f := range footerStarts {
		if strings.HasPrefix(low, f) {
			return true
		}
	}
	return strings.HasPrefix(low, "is ") && strings.Contains(low, " the wrong address for ") && strings.Contains(low, " requests to ")
}

// simpleLower trims, lower-cases and collapses the spaces of a line.
func simpleLower(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func isRule(low string) bool {
	return utf8.RuneCountInString(low) >= 5 && strings.Trim(low, "-_=*~—–─ ") == ""
}

// nearEnd: at most five lines of text follow, none a question.
func nearEnd(lines []string, i int) bool {
	after := 0
	for _, l := range lines[i+1 : min(len(lines), i+64)] {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if after++; after > 5 || strings.Contains(l, "?") {
			return false
		}
	}
	return i+64 >= len(lines)
}

// valediction reports a line that is a valediction, alone or followed by
// the name it signs ("Kind regards, Priya Sender"; "Thanks Priya").
func valediction(line string) bool {
	s := strings.TrimRight(strings.TrimSpace(line), ",.!;: ")
	low := simpleLower(s)
	if valedictions[low] {
		return true
	}
	if strings.Contains(s, "?") {
		return false
	}
	words := strings.Fields(s)
	for n := min(len(words)-1, 5); n >= 1; n-- {
		v := simpleLower(strings.TrimRight(strings.Join(words[:n], " "), ","))
		if !valedictions[v] || v == "best" || v == "yours" || v == "ta" {
			continue
		}
		name := words[n:]
		comma := strings.HasSuffix(words[n-1], ",")
		if len(name) > 4 || !comma && n == 1 && v != "thanks" && v != "cheers" && v != "regards" {
			continue
		}
		ok := true
		for _, w := range name {
			r, _ := utf8.DecodeRuneInString(w)
			if !unicode.IsUpper(r) || strings.ContainsAny(w, "0123456789@") {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func leadIn(line string) bool {
	low := simpleLower(line)
	if strings.Contains(low, "?") {
		return false
	}
	for _, p := range leadIns {
		if strings.HasPrefix(low, p) {
			return true
		}
	}
	return false
}
