// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// folded is a text normalised for finding the requester's details in it,
// with a map from each of its bytes back to the span of the original text
// it came from, so that a match is reported (and masked) where it really
// is. The same folding is applied to the requester's details.
//
// Folding: compatibility decomposition (NFKD: full-width letters and
// digits, ligatures, composed and decomposed accents all become the same
// letters); accents and other combining marks dropped (Zoë = Zoe); lower
// case; a few letters with no decomposition spelt out (ß ss, ø o, æ ae,
// œ oe, ł l, đ d, þ th); Cyrillic and Greek letters that look Latin read as
// the Latin letter (a Cyrillic "а" in "Okafor" hides nothing); characters that show nothing removed (zero-width
// space, joiner and non-joiner, word joiner, soft hyphen, byte-order mark,
// bidirectional marks and controls: every format character, Unicode
// category Cf); every run of white space (line breaks, tabs, non-breaking
// and full-width spaces) one space; and a word broken over a line with a
// hyphen joined again ("Oka-\nfor").
type folded struct {
	s          string
	start, end []int32 // nil: s is the original unchanged
}

// span maps s[a:b] back to the original text.
func (f *folded) span(a, b int) (int, int) {
	if f.start == nil {
		return a, b
	}
	return int(f.start[a]), int(f.end[b-1])
}

var foldSpecial = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'ø': "o", 'Ø': "o", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe",
	'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'þ': "th", 'Þ': "th", 'ı': "i",
	// Cyrillic and Greek letters drawn like Latin ones, used to disguise a name.
	'а': "a", 'е': "e", 'о': "o", 'р': "p", 'с': "c", 'у': "y", 'х': "x", 'і': "i", 'ј': "j", 'ѕ': "s", 'ԁ': "d", 'һ': "h", 'ӏ': "l",
	'А': "a", 'В': "b", 'Е': "e", 'К': "k", 'М': "m", 'Н': "h", 'О': "o", 'Р': "p", 'С': "c", 'Т': "t", 'Х': "x", 'І': "i", 'Ј': "j", 'Ѕ': "s",
	'ο': "o", 'α': "a", 'ι': "i", 'κ': "k", 'ν': "v", 'ρ': "p", 'υ': "u",
	'Α': "a", 'Β': "b", 'Ε': "e", 'Ζ': "z", 'Η': "h", 'Ι': "i", 'Κ': "k", 'Μ': "m", 'Ν': "n", 'Ο': "o", 'Ρ': "p", 'Τ': "t", 'Υ': "y", 'Χ': "x",
	'‐': "-", '‑': "-", '‒': "-", '–': "-", '—': "-", '‘': "'", '’': "'", 'ʼ': "'",
}

// invisible reports characters that show nothing and so can sit inside a
// name unseen.
func invisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || r == '\u034F' || r == '\u115F' || r == '\u1160' || r == '\u3164' || r == '\uFFA0'
}

func isHyphen(r rune) bool { return r == '-' || r == '‐' || r == '‑' }

// plainASCII reports text that folding leaves unchanged.
func plainASCII(s string) bool {
	prevSpace := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || (c >= 'A' && c <= 'Z') || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c < 0x20 || c == 0x7f {
			return false
		}
		if c == ' ' {
			if prevSpace {
				return false
			}
			prevSpace = true
		} else {
			prevSpace = false
		}
	}
	return true
}

func fold(src string) folded {
	if plainASCII(src) {
		return folded{s: src}
	}
	var b strings.Builder
	b.Grow(len(src))
	start := make([]int32, 0, len(src))
	end := make([]int32, 0, len(src))
	emit := func(out string, os, oe int) {
		for range len(out) {
			start = append(start, int32(os))
			end = append(end, int32(oe))
		}
		b.WriteString(out)
	}
	// skipSpace returns the end of the run of white space and invisible
	// characters at i, and whether it holds a line break.
	skipSpace := func(i int) (int, bool) {
		nl := false
		for i < len(src) {
			r, n := utf8.DecodeRuneInString(src[i:])
			if !unicode.IsSpace(r) && !invisible(r) {
				break
			}
			nl = nl || r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029'
			i += n
		}
		return i, nl
	}
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRuneInString(src[i:])
		j := i + n
		switch {
		case invisible(r) || r == utf8.RuneError && n == 1 || unicode.IsControl(r) && !unicode.IsSpace(r):
			i = j
			continue
		case unicode.IsSpace(r):
			k, _ := skipSpace(i)
			emit(" ", i, k)
			i = k
			continue
		case isHyphen(r):
			if k, nl := skipSpace(j); nl {
				i = k // a word broken over a line: join it
				continue
			}
		}
		if r < utf8.RuneSelf && (j == len(src) || src[j] < utf8.RuneSelf) {
			c := byte(r) // plain ASCII with no combining mark after it
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			start, end = append(start, int32(i)), append(end, int32(j))
			b.WriteByte(c)
			i = j
			continue
		}
		// A letter with the combining marks that follow it is one unit.
		for j < len(src) {
			r2, n2 := utf8.DecodeRuneInString(src[j:])
			if !unicode.Is(unicode.M, r2) {
				break
			}
			j += n2
		}
		emit(foldUnit(src[i:j]), i, j)
		i = j
	}
	return folded{s: b.String(), start: start, end: end}
}

func foldUnit(u string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(u) {
		if unicode.Is(unicode.M, r) || invisible(r) {
			continue
		}
		if s, ok := foldSpecial[r]; ok {
			b.WriteString(s)
			continue
		}
		if unicode.IsSpace(r) {
			r = ' '
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// foldString folds a requester's detail (no map back is needed).
func foldString(s string) string { return fold(s).s }
