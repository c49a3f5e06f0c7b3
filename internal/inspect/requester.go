// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The requester's details are looked for in folded text (see fold), so
// case, accents, full-width letters, invisible characters and runs of
// white space or line breaks inside them make no difference. A name is
// found in full ("Amara Okafor", "Amara Chioma Okafor"), without its middle
// names, run together ("AmaraOkafor", "amara.okafor", "A M A R A  O K A F O R",
// "A.M.A.R.A O.K.A.F.O.R"), with punctuation inside a word ("Oka-for", "Oka*for"),
// surname first ("Okafor, Amara", "Okafor Amara"), with initials written in
// capitals ("A. Okafor", "A Okafor", "A.C. Okafor", "Okafor, A."), with a
// middle initial the details leave out ("Amara J. Okafor"), and as
// a title with the surname ("Ms Okafor", "DR OKAFOR"). An e-mail address is
// found written out ("amara dot okafor at example dot org", "amara[at]example[dot]org",
// "amara (at) example.org", spaces around @, %40 and &#64; for @); a phone number in any spacing
// and punctuation, with +44 or 0044 for 0 and an optional (0); an address
// in any spacing with the common street abbreviations (Ave, Rd, St …), its
// first line alone ("12 Acacia Avenue"), and its postcode alone in any
// case, with or without the space ("ls14ab").
//
// Deliberately not matched, to keep false findings few: the surname alone
// or the given name alone (another person may share either, and "Amara"
// is an ordinary word in some texts); someone else with the same surname
// and a different given name or initial ("John Okafor", "J. Okafor");
// initials in lower case ("a okafor": ordinary prose has "a" everywhere);
// a name that only begins or ends inside a longer word ("Okaforson");
// "at" and "dot" as words in prose unless they join the whole address;
// an address with the same local part at another domain, or a longer
// domain ("amara@example.org.uk"); nicknames and misspellings ("Mara",
// "Okafur"); a name split inside a word by an ordinary space ("Oka for")
// unless every letter is spaced out; digits for letters ("0kafor", "Am4ra")
// and look-alikes beyond the Cyrillic and Greek ones folded; a name split
// over cells of different rows or sheets (a row's cells are joined, in
// XLSX, ODS and CSV). A title with the surname ("Mr
// Okafor") is matched although it cannot tell two people with the same
// surname apart: in an answer it almost always means the requester.

type requesterPattern struct {
	re *regexp.Regexp
	// group is the submatch that is the detail (the rest is boundary).
	group int
	// ok, when set, vets a match at s[a:b] of the folded text.
	ok func(f *folded, orig string, m []int) bool
	// digits: the pattern is a phone number (digits may not follow).
	digits bool
	// need lists strings one of which every match contains, in folded
	// text: most texts hold none, and are passed over without running the
	// expression. minDigits likewise for a phone number.
	need      []string
	minDigits int
}

// longestPiece is the longest run of letters and digits in w.
func longestPiece(w string) string {
	best := ""
	for _, p := range strings.FieldsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(p) > len(best) {
			best = p
		}
	}
	return best
}

func spacedOut(w string) string {
	rs := []rune(w)
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = string(r)
	}
	return strings.Join(parts, " ")
}

const (
	nameSep = `[\s,.\-_/|'*:;]*`
	wordSep = `[\-'. ]{0,2}`
	dotSep  = `(?:\s*\.\s*|\s*[\[({<]\s*(?:dot|\.)\s*[\])}>]\s*|\s+dot\s+|_dot_|-dot-|%2e|&#0*46;|&#x0*2e;|&period;)`
	atSep   = `(?:\s*@\s*|\s*[\[({<]\s*(?:at|@)\s*[\])}>]\s*|\s+at\s+|_at_|-at-|%40|&#0*64;|&#x0*40;|&commat;)`
	digSep  = `[\s\-()./]*`
)

var (
	reDotNext  = regexp.MustCompile(`^` + dotSep + `[\p{L}\p{N}]`)
	reDotPrior = regexp.MustCompile(`(?:[._%+\-]|\bdot\s+|[\[({<]\s*(?:dot|\.)\s*[\])}>]\s*|_dot_|-dot-)$`)
	titles     = `(?:mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|lady|lord|rev|revd|cllr|councillor)`
	streetAbbr = map[string]string{
		"avenue": "ave", "street": "st", "road": "rd", "lane": "ln", "drive": "dr", "close": "cl",
		"crescent": "cres", "court": "ct", "place": "pl", "terrace": "terr", "gardens": "gdns",
		"square": "sq", "grove": "gr", "park": "pk", "mount": "mt", "house": "ho",
	}
	rePostcodeFolded = regexp.MustCompile(`\b([a-pr-uwyz][a-hk-y]?\d[a-z\d]?) ?(\d[abd-hjlnp-uw-z]{2})\b`)
	reHouseLine      = regexp.MustCompile(`^\d{1,4}[a-z]?\s+\p{L}`)
)

// requesterRegexp builds the patterns for one of the requester's details.
func requesterRegexp(s string) ([]requesterPattern, bool) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) < 3 {
		return nil, false
	}
	f := foldString(s)
	if strings.Contains(f, "@") {
		return emailPatterns(f)
	}
	digits := onlyDigits(f)
	if len(digits) >= 7 && strings.Trim(f, "0123456789 +-().") == "" {
		return phonePatterns(f), true
	}
	if digits != "" {
		return addressPatterns(f), true
	}
	return namePatterns(s), true
}

// compile wraps a pattern as group 1; the boundary before it is checked
// by findRequester, so that a search can restart anywhere.
func compile(pat string) *regexp.Regexp { return regexp.MustCompile(`(` + pat + `)`) }

func emailPatterns(f string) ([]requesterPattern, bool) {
	at := strings.LastIndexByte(f, '@')
	local, domain := strings.TrimSpace(f[:at]), strings.TrimSpace(f[at+1:])
	if local == "" || domain == "" {
		return nil, false
	}
	var b strings.Builder
	for _, r := range local {
		switch {
		case r == '.':
			b.WriteString(dotSep)
		case r == ' ':
			b.WriteString(`\s*`)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteString(regexp.QuoteMeta(string(r)))
		default:
			b.WriteString(`\s*` + regexp.QuoteMeta(string(r)) + `\s*`)
		}
	}
	b.WriteString(atSep)
	labels := strings.Split(domain, ".")
	for i, l := range labels {
		if i > 0 {
			b.WriteString(dotSep)
		}
		b.WriteString(regexp.QuoteMeta(strings.TrimSpace(l)))
	}
	ok := func(fs *folded, _ string, m []int) bool {
		rest := fs.s[m[3]:]
		if r, _ := utf8.DecodeRuneInString(rest); rest != "" && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_') {
			return false
		}
		return !reDotNext.MatchString(rest) && !reDotPrior.MatchString(fs.s[:m[2]])
	}
	var need string
	for _, l := range labels {
		if l = strings.TrimSpace(l); len(l) > len(need) {
			need = l
		}
	}
	return []requesterPattern{{re: compile(b.String()), group: 1, ok: ok, need: []string{need}}}, true
}

func phonePatterns(f string) []requesterPattern {
	join := func(ds string) string {
		parts := make([]string, len(ds))
		for i := range ds {
			parts[i] = string(ds[i])
		}
		return strings.Join(parts, digSep)
	}
	digits := onlyDigits(f)
	alts := []string{join(digits)}
	if n := ukDigits(f); n != "" {
		alts = append(alts, join(n), `(?:\+|00)\s?44`+digSep+`(?:0`+digSep+`)?`+join(n[1:]))
	}
	min := len(digits)
	if n := ukDigits(f); n != "" && len(n)-1 < min {
		min = len(n) - 1
	}
	return []requesterPattern{{re: compile(strings.Join(alts, "|")), group: 1, digits: true, minDigits: min}}
}

// wordPattern matches one word of a name or address, allowing hyphens,
// apostrophes or dots inside it to be written or left out ("O'Brien", "OBrien").
func wordPattern(w string) string {
	pieces := strings.FieldsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, p := range pieces {
		// A dot, dash, star or the like may sit between any two letters
		// ("Oka-for", "O.k.a.f.o.r", "Oka*for"): punctuation hides nothing.
		var b strings.Builder
		for j, r := range p {
			if j > 0 {
				b.WriteString(innerSep)
			}
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
		pieces[i] = b.String()
	}
	return strings.Join(pieces, wordSep)
}

// innerSep is punctuation that may appear inside a word of a detail, and
// squeeze removes it, so that prefilters find the word's letters.
const innerSep = `[.\-_*·'^~]?`

func squeeze(s string) string {
	if !strings.ContainsAny(s, ".-_*·'^~") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(".-_*·'^~", r) {
			return -1
		}
		return r
	}, s)
}

func addressPatterns(f string) []requesterPattern {
	word := func(w string) string {
		w = strings.Trim(w, ".")
		p := wordPattern(w)
		if a, ok := streetAbbr[w]; ok {
			p = `(?:` + p + `|` + a + `\.?)`
		}
		return p
	}
	postcode, inward := "", ""
	if m := rePostcodeFolded.FindStringSubmatch(f); m != nil {
		postcode, inward = m[1]+`\s?`+m[2], m[2]
	}
	line := func(seg string) string {
		var ws []string
		for _, w := range strings.FieldsFunc(seg, func(r rune) bool { return unicode.IsSpace(r) || r == ',' }) {
			if w = strings.Trim(w, "."); w != "" {
				ws = append(ws, word(w))
			}
		}
		return strings.Join(ws, `[\s,|]+`)
	}
	whole := f
	if postcode != "" {
		m := rePostcodeFolded.FindStringSubmatchIndex(f)
		whole = f[:m[2]]
	}
	full := line(whole)
	if postcode != "" {
		if full != "" {
			full += `[\s,|]*`
		}
		full += postcode
	}
	var need []string
	if inward != "" {
		need = []string{inward}
	}
	ps := []requesterPattern{{re: compile(full), group: 1, ok: wordEnd, need: need}}
	for _, seg := range strings.Split(whole, ",") {
		if seg = strings.TrimSpace(seg); reHouseLine.MatchString(seg) && seg != strings.TrimSpace(whole) {
			// The street's name: the longest word that is not a number or abbreviable.
			street := ""
			for _, w := range strings.Fields(seg) {
				if _, abbr := streetAbbr[w]; !abbr && onlyDigits(w) == "" && len(w) > len(street) {
					street = longestPiece(w)
				}
			}
			ps = append(ps, requesterPattern{re: compile(line(seg)), group: 1, ok: wordEnd, need: []string{street}})
		}
	}
	if postcode != "" {
		ps = append(ps, requesterPattern{re: compile(postcode), group: 1, ok: wordEnd, need: need})
	}
	return ps
}

// wordEnd accepts a match not followed by a letter or digit, nor by a
// hyphen or apostrophe joining it to a longer name ("Okafor-Smith").
func wordEnd(f *folded, _ string, m []int) bool {
	rest := f.s[m[3]:]
	if strings.HasPrefix(rest, "'s") {
		rest = rest[2:] // a possessive: "Okafor's letter" is still Okafor
	} else if rest != "" && (rest[0] == '-' || rest[0] == '\'') {
		rest = rest[1:]
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return rest == "" || !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// upperAt reports whether the original character behind folded byte i is a capital.
func upperAt(f *folded, orig string, i int) bool {
	a, _ := f.span(i, i+1)
	r, _ := utf8.DecodeRuneInString(orig[a:])
	return unicode.IsUpper(r) || unicode.IsTitle(r)
}

// namePatterns builds the forms of a name listed above. A name written
// with a comma is taken as surname first ("Okafor, Amara").
func namePatterns(s string) []requesterPattern {
	var words []string
	if i := strings.IndexByte(s, ','); i > 0 {
		surname, given := s[:i], s[i+1:]
		words = append(strings.Fields(foldString(given)), strings.Fields(foldString(surname))...)
	} else {
		words = strings.Fields(foldString(s))
	}
	for len(words) > 1 && regexp.MustCompile(`^`+titles+`\.?$`).MatchString(words[0]) {
		words = words[1:]
	}
	var ws []string
	for _, w := range words {
		if p := wordPattern(w); p != "" {
			ws = append(ws, p)
		}
	}
	if len(ws) == 0 {
		return nil
	}
	joined := func(xs ...string) string { return strings.Join(xs, nameSep) }
	key := longestPiece(words[len(words)-1])
	need := []string{key}
	if len(ws) == 1 {
		return []requesterPattern{{re: compile(ws[0]), group: 1, ok: wordEnd, need: need}}
	}
	given, surname := ws[:len(ws)-1], ws[len(ws)-1]
	forms := []string{joined(ws...), joined(surname, joined(given...))}
	if len(given) > 1 {
		forms = append(forms, joined(given[0], surname), joined(surname, given[0]))
	}
	ps := []requesterPattern{{re: compile(`(?:` + strings.Join(forms, "|") + `)`), group: 1, ok: wordEnd, need: need}}

	// Every letter spaced out: "A M A R A  O K A F O R" (runs of space are one after folding).
	letters := []rune(strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, strings.Join(words, "")))
	if len(letters) >= 6 {
		spaced := make([]string, len(letters))
		for i, r := range letters {
			spaced[i] = regexp.QuoteMeta(string(r))
		}
		ps = append(ps, requesterPattern{re: compile(strings.Join(spaced, `[\s.\-_*·/|]{1,2}`)), group: 1, ok: wordEnd, need: []string{spacedOut(key), key}})
	}

	// Initials, in capitals: "A. Okafor", "A.C. Okafor", "AC Okafor", "Okafor, A.".
	var initials []string
	for _, w := range words[:len(words)-1] {
		r, _ := utf8.DecodeRuneInString(w)
		initials = append(initials, regexp.QuoteMeta(string(r)))
	}
	capitals := func(f *folded, orig string, m []int) bool {
		for g := 2; 2*g+1 < len(m); g++ {
			if m[2*g] >= 0 && !upperAt(f, orig, m[2*g]) {
				return false
			}
		}
		return true
	}
	first := `(` + initials[0] + `)`
	all := first
	for _, in := range initials[1:] {
		all += `[. ]*(` + in + `)`
	}
	before := `(?:` + all + `|` + first + `)\.?\s*`
	if len(initials) == 1 {
		before = first + `\.?\s*`
	}
	ps = append(ps, requesterPattern{re: compile(before + surname), group: 1, ok: func(f *folded, orig string, m []int) bool {
		return wordEnd(f, orig, m) && capitals(f, orig, m)
	}, need: need})
	// Surname first with initials: the initials must end there ("Okafor, A."
	// or "Okafor A" at the end), so "Okafor. A reply" is not a name.
	ps = append(ps, requesterPattern{re: compile(surname + `[ ,]+` + strings.Replace(before, `\.?\s*`, ``, 1)), group: 1, ok: func(f *folded, orig string, m []int) bool {
		rest := strings.TrimPrefix(f.s[m[3]:], " ")
		r, _ := utf8.DecodeRuneInString(rest)
		return (rest == "" || !unicode.IsLetter(r)) && capitals(f, orig, m)
	}, need: need})
	// A middle initial the details do not give: "Amara J. Okafor".
	ps = append(ps, requesterPattern{re: compile(given[0] + `\s+(\pL)\.?\s*` + surname), group: 1, ok: func(f *folded, orig string, m []int) bool {
		return wordEnd(f, orig, m) && capitals(f, orig, m)
	}, need: need})
	// A title with the surname.
	ps = append(ps, requesterPattern{re: compile(titles + `\.?\s*` + surname), group: 1, ok: wordEnd, need: need})
	return ps
}

// findRequester finds the requester's details in s and reports the spans
// of the original text.
func (d *detector) findRequester(s string, tick func(), add func(kind string, start, end int, excerpt string)) {
	if len(d.requester) == 0 {
		return
	}
	f := fold(s)
	squeezed := ""
	digits := -1
	for _, p := range d.requester {
		tick()
		if p.minDigits > 0 {
			if digits < 0 {
				digits = 0
				for i := 0; i < len(f.s); i++ {
					if f.s[i] >= '0' && f.s[i] <= '9' {
						digits++
					}
				}
			}
			if digits < p.minDigits {
				continue
			}
		}
		if len(p.need) > 0 && !containsAny(f.s, p.need) {
			if squeezed == "" {
				squeezed = squeeze(f.s)
			}
			if !containsAny(squeezed, p.need) {
				continue
			}
		}
		for pos := 0; pos < len(f.s); {
			m := p.re.FindStringSubmatchIndex(f.s[pos:])
			if m == nil {
				break
			}
			for i := range m {
				if m[i] >= 0 {
					m[i] += pos
				}
			}
			a, b := m[2*p.group], m[2*p.group+1]
			prev, _ := utf8.DecodeLastRuneInString(f.s[:a])
			next, _ := utf8.DecodeRuneInString(f.s[b:])
			var fits bool
			if p.digits {
				fits = (a == 0 || !unicode.IsDigit(prev) && prev != '+') && (b == len(f.s) || !unicode.IsDigit(next))
			} else {
				fits = (a == 0 || !unicode.IsLetter(prev) && !unicode.IsDigit(prev)) && (p.ok == nil || p.ok(&f, s, m))
			}
			if !fits || b == a {
				// Try again from the next character: a match that starts
				// inside a word may hide one that starts after it.
				pos = a + 1
				for pos < len(f.s) && !utf8.RuneStart(f.s[pos]) {
					pos++
				}
				continue
			}
			pos = b
			if p.digits && prev == '(' && strings.Contains(f.s[a:b], ")") {
				a-- // "(07700) 900456": the bracket belongs to the number
			}
			oa, ob := f.span(a, b)
			add("personal-data:requester", oa, ob, maskWords(strings.Map(func(r rune) rune {
				if invisible(r) {
					return -1
				}
				return r
			}, s[oa:ob])))
		}
	}
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// cellSep joins a row's cells for acrossCells: a name split over a first
// name and a surname column reads "Amara | Okafor".
const cellSep = " | "

// acrossCells finds the requester's details split over neighbouring cells
// of one row (first name and surname columns, an address over several
// columns). Matches inside a single cell are left to the cell's own scan;
// where names the row, refs the cells in order.
func (r *run) acrossCells(where string, cells, refs []string) {
	if len(r.detector.requester) == 0 || len(cells) < 2 {
		return
	}
	starts := make([]int, len(cells))
	var b strings.Builder
	for i, c := range cells {
		if i > 0 {
			b.WriteString(cellSep)
		}
		starts[i] = b.Len()
		b.WriteString(c)
	}
	joined := b.String()
	cellAt := func(pos int) int { // the cell holding byte pos
		i := sort.SearchInts(starts, pos+1) - 1
		return max(i, 0)
	}
	var fs []Finding
	r.detector.findRequester(joined, r.tick, func(kind string, a, e int, excerpt string) {
		first, last := cellAt(a), cellAt(e-1)
		if first == last {
			return // within one cell: that cell's scan reports it
		}
		fs = append(fs, Finding{Kind: kind, Where: fmt.Sprintf("%s, cells %s to %s", where, refs[first], refs[last]), Why: personalWhy[kind], Excerpt: excerpt})
	})
	r.keep(fs...)
}
