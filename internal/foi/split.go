// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"strings"
	"unicode"
)

// Question is one numbered question of a request as the requester wrote it.
type Question struct {
	// Label is the number as written, without its punctuation: "1", "Q1",
	// "Question 1", "a".
	Label string
	// Text is the question without its leading marker ("1. "), keeping
	// everything else that belongs to it (bullets, sub-questions,
	// continuation paragraphs) with the original line breaks; trimmed.
	Text string
}

// SplitQuestions splits the text of a request into its numbered questions.
//
// A question starts at the beginning of a line with a marker: "1.", "1)",
// "(1)", "Q1", "Q1.", "Q1:", "Question 1", "Question 1:", or, for a list
// that is only lettered, "(a)", "a)", "a.". Everything up to the next
// question's marker belongs to the question: bullets, lettered
// sub-questions, continuation paragraphs. Text before the first question
// is the preamble.
//
// To avoid false positives ("2012. The year...", "3% of the budget",
// "A. N. Other") markers count only when they form a sequence: numbers
// 1, 2, 3... and letters a, b, c... (at least a and b), each sequence in one
// consistent style. When several styles form sequences, a sequence lying
// wholly inside one question of another (a nested list) belongs to that
// question; otherwise the longest sequence wins, then the earliest. Numbers
// take precedence over letters, so letters under numbered questions stay in
// their question.
//
// A request with no numbered questions is one question, labelled "1", with
// an empty preamble. Text that is empty or only spaces has no questions.
//
// The closing after the last question (a sign-off, a signature, a
// footer) is not part of any question: see SplitRequest, which also
// returns it.
func SplitQuestions(text string) (preamble string, questions []Question) {
	sp := SplitRequest(text)
	return sp.Preamble, sp.Questions
}

// splitKeepingClosing splits as SplitQuestions, leaving the closing in the last question.
func splitKeepingClosing(text string) (preamble string, questions []Question) {
	preamble, items := splitText(text)
	for _, it := range items {
		if it.Text != "" {
			questions = append(questions, Question{Label: it.Label, Text: it.Text})
		}
	}
	if len(questions) == 0 {
		whole := joinQuestionLines(strings.Split(normaliseRequestText(text), "\n"))
		if whole == "" {
			return "", nil
		}
		return "", []Question{{Label: "1", Text: whole}}
	}
	return preamble, questions
}

// splitItem is one question as split, with the marker it started with, so
// that tests can check that nothing but markers is ever dropped. Text may be
// empty (a marker with nothing after it before the next one).
type splitItem struct {
	Label  string
	Marker string // the marker as written, including indentation and punctuation
	Text   string
}

// splitText does the work of SplitQuestions. It returns no items when the text
// has no numbered questions.
func splitText(text string) (preamble string, items []splitItem) {
	lines := strings.Split(normaliseRequestText(text), "\n")
	marks := make([]questionMarker, len(lines))
	for i, l := range lines {
		marks[i] = parseQuestionMarker(l)
	}
	starts := chooseQuestionSequence(marks, false)
	if starts == nil {
		starts = chooseQuestionSequence(marks, true)
	}
	if starts == nil {
		return "", nil
	}
	preamble = joinQuestionLines(lines[:starts[0]])
	for k, at := range starts {
		end := len(lines)
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		m := marks[at]
		body := append([]string{lines[at][m.end:]}, lines[at+1:end]...)
		items = append(items, splitItem{Label: m.label, Marker: lines[at][:m.end], Text: joinQuestionLines(body)})
	}
	return preamble, items
}

// normaliseRequestText turns Windows and old Mac line endings into "\n", the
// no-break spaces that word processors insert after list numbers into
// plain spaces, and drops byte-order marks at the start of a line (only
// there, so that dropping one never joins the bytes either side of it).
func normaliseRequestText(s string) string {
	return requestTextReplacer.Replace(strings.TrimPrefix(s, "\ufeff"))
}

var requestTextReplacer = strings.NewReplacer(
	"\r\n\ufeff", "\n",
	"\r\ufeff", "\n",
	"\n\ufeff", "\n",
	"\r\n", "\n",
	"\r", "\n",
	"\u00a0", " ", // no-break space
	"\u2007", " ", // figure space
	"\u202f", " ", // narrow no-break space
)

// joinQuestionLines joins lines with "\n", dropping trailing spaces from each line
// and blank lines at either end.
func joinQuestionLines(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.TrimRightFunc(l, unicode.IsSpace))
	}
	return strings.TrimSpace(b.String())
}

// Marker styles. Sequences are only formed within one style, so that a
// "(1) (2)" list inside question 1 of a "1. 2." list is not read as
// question 2.
const (
	markNone          = iota
	markDot           // 1.
	markParen         // 1)
	markWrapped       // (1)
	markQ             // Q1, Q1. Q1:
	markQuestion      // Question 1, Question 1:
	markLetterDot     // a.  (upper case is a separate style: +markUpper)
	markLetterParen   // a)
	markLetterWrapped // (a)
	markCount

	markUpper = markCount // added to a letter style for A. B. C.
)

// questionMarker is what parseQuestionMarker found at the start of a line.
type questionMarker struct {
	style  int    // markNone when the line does not start with a marker
	value  int    // 1 for "1." and for "a)"
	label  string // "1", "Q1", "Question 1", "a"
	end    int    // byte offset in the line where the question's text starts
	weak   bool   // no punctuation after the number ("Q1 How..."): too weak to stand alone
	letter bool
}

// maxQuestionNumber bounds question numbers: three digits is plenty for a request
// and keeps years ("2012.") out.
const maxQuestionNumber = 999

// parseQuestionMarker reports the marker at the start of line, if any.
// Indentation before the marker is allowed. The marker must be followed by
// a space or the end of the line, so "1.5 million" and "3%" are not markers.
func parseQuestionMarker(line string) questionMarker {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	s := line[i:]
	if s == "" {
		return questionMarker{}
	}
	var m questionMarker
	switch {
	case s[0] == '(':
		// (1) or (a)
		if n, w := leadingQuestionNumber(s[1:]); w > 0 && strings.HasPrefix(s[1+w:], ")") {
			m = questionMarker{style: markWrapped, value: n, label: s[1 : 1+w], end: 1 + w + 1}
		} else if len(s) >= 3 && asciiLetter(s[1]) && s[2] == ')' {
			m = letterQuestionMarker(s[1], markLetterWrapped, 3)
		} else {
			return questionMarker{}
		}
	case asciiDigit(s[0]):
		n, w := leadingQuestionNumber(s)
		if w == 0 || w == len(s) {
			return questionMarker{}
		}
		switch s[w] {
		case '.':
			m = questionMarker{style: markDot, value: n, label: s[:w], end: w + 1}
		case ')':
			m = questionMarker{style: markParen, value: n, label: s[:w], end: w + 1}
		default:
			return questionMarker{}
		}
	case asciiLetter(s[0]):
		if m = parseQuestionWord(s); m.style == markNone {
			if len(s) >= 2 && (s[1] == '.' || s[1] == ')') {
				style := markLetterDot
				if s[1] == ')' {
					style = markLetterParen
				}
				m = letterQuestionMarker(s[0], style, 2)
			} else {
				return questionMarker{}
			}
		}
	default:
		return questionMarker{}
	}
	// The marker must end the line or be followed by a space.
	rest := s[m.end:]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return questionMarker{}
	}
	m.end += i + len(rest) - len(strings.TrimLeft(rest, " \t"))
	return m
}

// parseQuestionWord recognises "Q1", "Q.1", "Q 1", "Question 1", each
// optionally followed by one of . : ) - – — (possibly after a space),
// case-insensitively.
func parseQuestionWord(s string) questionMarker {
	style, p := markQ, 1
	if len(s) >= 8 && strings.EqualFold(s[:8], "question") {
		style, p = markQuestion, 8
	} else if s[0] != 'q' && s[0] != 'Q' {
		return questionMarker{}
	} else if p < len(s) && s[p] == '.' {
		p++ // Q.1
	}
	word := s[:1]
	if style == markQuestion {
		word = s[:8] + " "
	}
	for p < len(s) && s[p] == ' ' {
		p++
	}
	n, w := leadingQuestionNumber(s[p:])
	if w == 0 {
		return questionMarker{}
	}
	m := questionMarker{style: style, value: n, label: word + s[p:p+w], end: p + w}
	q := m.end
	for q < len(s) && s[q] == ' ' {
		q++
	}
	switch {
	case q < len(s) && strings.IndexByte(".:)-", s[q]) >= 0:
		m.end = q + 1
	case strings.HasPrefix(s[q:], "–"), strings.HasPrefix(s[q:], "—"):
		m.end = q + len("–") // both dashes are three bytes
	default:
		m.weak = true
	}
	return m
}

func letterQuestionMarker(c byte, style, end int) questionMarker {
	m := questionMarker{style: style, label: string(c), end: end, letter: true}
	if c >= 'A' && c <= 'Z' {
		m.style += markUpper
		m.value = int(c-'A') + 1
	} else {
		m.value = int(c-'a') + 1
	}
	return m
}

// leadingQuestionNumber parses up to three leading ASCII digits, returning the
// value and the number of bytes; (0, 0) when s does not start with a
// number of at most maxQuestionNumber.
func leadingQuestionNumber(s string) (n, width int) {
	for width < len(s) && asciiDigit(s[width]) {
		if width == 3 {
			return 0, 0
		}
		n = n*10 + int(s[width]-'0')
		width++
	}
	if n > maxQuestionNumber {
		return 0, 0
	}
	return n, width
}

func asciiDigit(c byte) bool  { return c >= '0' && c <= '9' }
func asciiLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// chooseQuestionSequence returns the line indexes of the questions' markers, or nil
// when the lines hold no acceptable sequence of numbers (letters false) or of
// letters (letters true).
func chooseQuestionSequence(marks []questionMarker, letters bool) []int {
	var seqs [][]int
	seen := map[int]bool{}
	for _, m := range marks {
		if m.style == markNone || m.letter != letters || seen[m.style] {
			continue
		}
		seen[m.style] = true
		if seq := markerSequence(marks, m.style); seq != nil {
			seqs = append(seqs, seq)
		}
	}
	var best []int
	for i, s := range seqs {
		nested := false
		for j, t := range seqs {
			if i != j && listNestedIn(s, t) {
				nested = true
				break
			}
		}
		if !nested && (best == nil || len(s) > len(best) || len(s) == len(best) && s[0] < best[0]) {
			best = s
		}
	}
	return best
}

// markerSequence returns the line indexes of the markers of one style that form
// the sequence 1, 2, 3... (a, b, c...). Other markers of the style are not
// questions: they stay in the text of the question they fall in. If the
// sequence has only reached 1 when another 1 appears, it starts again there,
// so a stray "1." in the preamble does not capture the real list. A
// sequence of letters needs at least two members, and a lone number needs
// punctuation ("Q1 2023 figures..." is not a question on its own).
func markerSequence(marks []questionMarker, style int) []int {
	var seq []int
	for i, m := range marks {
		if m.style != style {
			continue
		}
		switch {
		case m.value == len(seq)+1:
			seq = append(seq, i)
		case m.value == 1 && len(seq) == 1:
			seq[0] = i
		}
	}
	switch {
	case len(seq) == 0:
		return nil
	case len(seq) == 1 && (marks[seq[0]].letter || marks[seq[0]].weak):
		return nil
	}
	return seq
}

// listNestedIn reports whether every member of s falls within one question of
// t: between two consecutive members of t, or after its last. Only a list
// of two or more can contain another.
func listNestedIn(s, t []int) bool {
	if len(t) < 2 || s[0] < t[0] {
		return false
	}
	k := 0
	for k < len(t) && t[k] < s[0] {
		k++
	}
	return k == len(t) || s[len(s)-1] < t[k]
}
