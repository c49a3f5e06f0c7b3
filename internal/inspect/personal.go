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

// Why each personal-data finding matters, in words a case officer uses.
var personalWhy = map[string]string{
	"personal-data:email":            "An e-mail address identifies a person and is personal data (UK GDPR; FOIA s.40); remove it unless it is a published business address.",
	"personal-data:phone":            "A phone number can identify a person and is personal data (FOIA s.40); remove it unless it is a published business number.",
	"personal-data:ni-number":        "A National Insurance number identifies one person and must never be disclosed.",
	"personal-data:nhs-number":       "An NHS number identifies a patient, and health data is special category personal data.",
	"personal-data:postcode-address": "A house number with a postcode is a home address, which identifies the people who live there.",
	"personal-data:date-of-birth":    "A date of birth, with other details, identifies a person (FOIA s.40).",
	"personal-data:requester":        "The requester's own details must not appear in an answer: a response under FOI is a disclosure to the world and may be published.",
}

var (
	reEmail = regexp.MustCompile(`[A-Za-z0-9._%+'\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,24}`)
	// A UK number: +44 or a leading 0, then digits with at most two
	// separators (space, hyphen, brackets) between each; validated after.
	rePhone = regexp.MustCompile(`(?:\+ ?44|\(?0)(?:[ \-()]{0,2}\d){8,11}`)
	reNINO  = regexp.MustCompile(`(?i)\b([A-Z]{2}) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])\b`)
	reNHS   = regexp.MustCompile(`\b(\d{3})([ \-]?)(\d{3})([ \-]?)(\d{4})\b`)
	// The postcode format of the Royal Mail, in capitals as written.
	rePostcode = regexp.MustCompile(`\b([A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?) ?(\d[ABD-HJLNP-UW-Z]{2})\b`)
	// A house number followed by a capitalised word ("12 Acacia", "3a Mill").
	reHouse = regexp.MustCompile(`(?:^|[^\w£$€.,/%-])(\d{1,4}[A-Za-z]?),? +[A-Z][A-Za-z'’\-]+`)
	reDOBKw = regexp.MustCompile(`(?i)\b(?:d\.?o\.?b\b\.?|date of birth|birth ?date|born)[\s:\-–]*(?:on\s+)?`)
	reDate  = regexp.MustCompile(`(?i)^(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})\b|\d{4}-\d{2}-\d{2}\b|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}\b|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b)`)
)

// roleMailboxes are local parts of shared mailboxes, which are not personal
// data: an authority's answers name them all the time.
var roleMailboxes = map[string]bool{
	"foi": true, "foirequests": true, "foi.requests": true, "foi-requests": true, "freedomofinformation": true,
	"info": true, "enquiries": true, "enquiry": true, "contact": true, "complaints": true, "dpo": true,
	"dataprotection": true, "data.protection": true, "informationgovernance": true, "information.governance": true,
	"ig": true, "noreply": true, "no-reply": true, "admin": true, "customerservices": true, "customer.services": true,
	"records": true, "help": true, "helpdesk": true, "press": true, "media": true, "casework": true, "icocasework": true,
	"eir": true, "reviews": true, "internal.review": true, "feedback": true, "post": true, "mail": true,
}

type match struct {
	kind       string
	start, end int // byte offsets
	excerpt    string
}

// detector finds personal data in text; it is built once per inspection.
type detector struct {
	requester []requesterPattern
	allow     map[string]bool // lower-cased e-mails and normalised phone digits
}

func newDetector(opts Options) *detector {
	d := &detector{allow: map[string]bool{}}
	for _, a := range opts.Allow {
		a = strings.TrimSpace(a)
		if strings.Contains(a, "@") {
			d.allow[strings.ToLower(a)] = true
		} else if n := ukDigits(a); n != "" {
			d.allow[n] = true
		}
	}
	for _, s := range opts.Requester {
		if p, ok := requesterRegexp(s); ok {
			d.requester = append(d.requester, p...)
		}
	}
	return d
}

func isWord(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_')
}

func onlyDigits(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// ukDigits normalises a UK phone number to its national digits starting 0
// ("+44 (0)7700 900123" → "07700900123"), or returns "" if it is not one.
func ukDigits(s string) string {
	s = strings.TrimSpace(s)
	d := onlyDigits(s)
	if strings.HasPrefix(strings.ReplaceAll(s, " ", ""), "+44") {
		d = d[2:]
		if !strings.HasPrefix(d, "0") {
			d = "0" + d
		}
	}
	if len(d) < 10 || len(d) > 11 || d[0] != '0' {
		return ""
	}
	switch d[1] {
	case '7', '2', '3':
		if len(d) != 11 {
			return ""
		}
	case '1':
	default:
		return ""
	}
	return d
}

// scan finds personal data in s and reports each match with its character
// positions (counted from 1) after where.
func (d *detector) scan(where, s string, tick func()) []Finding {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var ms []match
	add := func(kind string, start, end int, excerpt string) {
		ms = append(ms, match{kind: kind, start: start, end: end, excerpt: excerpt})
	}
	d.findRequester(s, tick, add)
	if !strings.ContainsAny(s, "0123456789@") {
		// Every general detector needs a digit or an at sign: most cells and
		// sentences have neither, so skip the expressions.
		return d.finish(where, s, ms)
	}
	// Each expression below needs an at sign, a run of so many digits or
	// a keyword: skip those that cannot match, which is most of them in
	// an ordinary answer with a figure or two in it.
	digits := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			digits++
		}
	}
	lower := strings.ToLower(s)
	dob := strings.Contains(lower, "birth") || strings.Contains(lower, "born") || strings.Contains(lower, "dob") ||
		strings.Contains(lower, "d.ob") || strings.Contains(lower, "do.b") || strings.Contains(lower, "d.o.b")
	for _, loc := range findAll(reEmail, s, strings.IndexByte(s, '@') >= 0) {
		tick()
		e := s[loc[0]:loc[1]]
		local := strings.ToLower(e[:strings.IndexByte(e, '@')])
		if d.allow[strings.ToLower(e)] || roleMailboxes[local] {
			continue
		}
		add("personal-data:email", loc[0], loc[1], maskEmail(e))
	}
	for _, loc := range findAll(rePhone, s, digitRun(s, " -()", 2) >= 9) { // 0 or 44, and 8 more
		tick()
		start, end := loc[0], loc[1]
		if s[start] == '(' && !strings.Contains(s[start:end], ")") {
			start++ // "(0" without a closing bracket: the bracket is not part of the number
		}
		if r, _ := utf8.DecodeLastRuneInString(s[:start]); start > 0 && (isWord(r) || r == '+' || r == '.' || r == '/' || r == '£') {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(s[end:]); end < len(s) && (unicode.IsDigit(r) || r == '/' || (r == '.' && end+1 < len(s) && s[end+1] >= '0' && s[end+1] <= '9')) {
			continue
		}
		n := ukDigits(s[start:end])
		if n == "" || d.allow[n] {
			continue
		}
		add("personal-data:phone", start, end, maskDigits(s[start:end], 3))
	}
	for _, m := range findAllSubmatch(reNINO, s, digitRun(s, " ", 1) >= 6) {
		tick()
		prefix := strings.ToUpper(s[m[2]:m[3]])
		if !validNINOPrefix(prefix) {
			continue
		}
		add("personal-data:ni-number", m[0], m[1], prefix+" ** ** ** "+strings.ToUpper(s[m[10]:m[11]]))
	}
	for _, m := range findAllSubmatch(reNHS, s, digitRun(s, " -", 1) >= 10) {
		tick()
		if s[m[4]:m[5]] != s[m[8]:m[9]] { // separators must agree: "943 476 5919"
			continue
		}
		if r, _ := utf8.DecodeLastRuneInString(s[:m[0]]); m[0] > 0 && (r == '£' || r == '+' || r == '.' || r == '-' || r == '/') {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(s[m[1]:]); m[1] < len(s) && (r == '.' || r == '/' || r == '-') {
			continue
		}
		digits := onlyDigits(s[m[0]:m[1]])
		if digits[0] == '0' || !nhsCheckDigitOK(digits) {
			continue // numbers starting 0 are phone numbers, not NHS numbers
		}
		add("personal-data:nhs-number", m[0], m[1], "*** *** "+digits[7:])
	}
	for _, m := range findAllSubmatch(rePostcode, s, digits >= 2) { // outward and inward digits
		tick()
		windowStart := m[0] - 100
		if windowStart < 0 {
			windowStart = 0
		}
		for windowStart > 0 && !utf8.RuneStart(s[windowStart]) {
			windowStart--
		}
		window := s[windowStart:m[0]]
		houses := reHouse.FindAllStringSubmatchIndex(window, -1)
		if len(houses) == 0 {
			continue
		}
		h := houses[len(houses)-1]
		number := window[h[2]:h[3]]
		if len(number) == 4 && (strings.HasPrefix(number, "19") || strings.HasPrefix(number, "20")) {
			continue // a year, not a house number
		}
		between := window[h[2]:]
		if strings.Contains(between, ". ") || strings.Count(between, "\n") > 3 {
			continue // the number belongs to an earlier sentence
		}
		start := windowStart + h[2]
		add("personal-data:postcode-address", start, m[1], maskWords(s[start:m[2]])+s[m[2]:m[3]]+" ***")
	}
	for _, kw := range findAll(reDOBKw, s, dob) {
		tick()
		rest := s[kw[1]:]
		if loc := reDate.FindStringIndex(rest); loc != nil {
			add("personal-data:date-of-birth", kw[0], kw[1]+loc[1], strings.TrimSpace(s[kw[0]:kw[1]])+" "+maskDigits(rest[:loc[1]], 0))
		}
	}
	return d.finish(where, s, ms)
}

// digitRun is the length of the longest run of digits in s where at most
// gap of the separators seps stand between one digit and the next.
func digitRun(s, seps string, gap int) int {
	best, run, between := 0, 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			run++
			between = 0
			best = max(best, run)
		case run > 0 && between < gap && strings.IndexByte(seps, c) >= 0:
			between++
		default:
			run, between = 0, 0
		}
	}
	return best
}

// findAll is re's matches in s, or none without running it when it
// cannot match (possible false).
func findAll(re *regexp.Regexp, s string, possible bool) [][]int {
	if !possible {
		return nil
	}
	return re.FindAllStringIndex(s, -1)
}

func findAllSubmatch(re *regexp.Regexp, s string, possible bool) [][]int {
	if !possible {
		return nil
	}
	return re.FindAllStringSubmatchIndex(s, -1)
}

// finish turns matches into findings with character positions.
func (d *detector) finish(where, s string, ms []match) []Finding {
	if len(ms) == 0 {
		return nil
	}
	ms = dropCovered(ms)
	out := make([]Finding, 0, len(ms))
	bytePos, runePos := 0, 0 // matches are sorted by start: count runes once
	for _, m := range ms {
		runePos += utf8.RuneCountInString(s[bytePos:m.start])
		bytePos = m.start
		a := runePos + 1
		b := a + utf8.RuneCountInString(s[m.start:m.end]) - 1
		w := fmt.Sprintf("characters %d-%d", a, b)
		if where != "" {
			w = where + ", " + w
		}
		out = append(out, Finding{Kind: m.kind, Where: w, Why: personalWhy[m.kind], Excerpt: m.excerpt})
	}
	return out
}

// dropCovered removes general matches that overlap one of the
// requester's details (those say more), and matches lying inside a longer
// match. It sorts and sweeps, so a text full of matches stays fast.
func dropCovered(ms []match) []match {
	var req, gen []match
	for _, m := range ms {
		if m.kind == "personal-data:requester" {
			req = append(req, m)
		} else {
			gen = append(gen, m)
		}
	}
	byStart := func(a []match) {
		sort.SliceStable(a, func(i, j int) bool {
			if a[i].start != a[j].start {
				return a[i].start < a[j].start
			}
			return a[i].end > a[j].end
		})
	}
	contained := func(a []match) []match {
		var kept []match
		maxEnd := -1
		for _, m := range a {
			if m.end <= maxEnd {
				continue
			}
			kept = append(kept, m)
			maxEnd = m.end
		}
		return kept
	}
	byStart(req)
	req = contained(req)
	byStart(gen)
	gen = contained(gen)
	// req is sorted by start with increasing ends: find the first that ends after m starts.
	out := append([]match(nil), req...)
	for _, m := range gen {
		k := sort.Search(len(req), func(i int) bool { return req[i].end > m.start })
		if k < len(req) && req[k].start < m.end {
			continue
		}
		out = append(out, m)
	}
	byStart(out)
	return out
}

// validNINOPrefix applies HMRC's rules for the two letters of a National
// Insurance number: D, F, I, Q, U and V are never used, O never second, and
// some pairs were never issued.
func validNINOPrefix(p string) bool {
	if len(p) != 2 || strings.ContainsAny(p[:1], "DFIQUV") || strings.ContainsAny(p[1:], "DFIOQUV") {
		return false
	}
	switch p {
	case "BG", "GB", "KN", "NK", "NT", "TN", "ZZ":
		return false
	}
	return true
}

// nhsCheckDigitOK verifies the modulus 11 check digit of a 10-digit NHS
// number: weights 10 down to 2 over the first nine digits; a remainder
// giving 10 means the number is never issued.
func nhsCheckDigitOK(d string) bool {
	if len(d) != 10 {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(d[i]-'0') * (10 - i)
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && check == int(d[9]-'0')
}

// maskEmail keeps the first letter of each part and the top-level domain:
// "jane@example.org" → "j***@e******.org".
func maskEmail(e string) string {
	at := strings.LastIndexByte(e, '@')
	local, domain := e[:at], e[at+1:]
	labels := strings.Split(domain, ".")
	for i := 0; i < len(labels)-1; i++ {
		labels[i] = maskWord(labels[i])
	}
	first, _ := utf8.DecodeRuneInString(local)
	return string(first) + "***@" + strings.Join(labels, ".")
}

// maskWord keeps the first character: "Smith" → "S****".
func maskWord(w string) string {
	n := utf8.RuneCountInString(w)
	if n == 0 {
		return w
	}
	first, _ := utf8.DecodeRuneInString(w)
	return string(first) + strings.Repeat("*", n-1)
}

// maskWords masks every word and digit in s, keeping spaces and punctuation.
func maskWords(s string) string {
	var b strings.Builder
	start := true
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			b.WriteByte('*')
			start = false
		case unicode.IsLetter(r):
			if start {
				b.WriteRune(r)
			} else {
				b.WriteByte('*')
			}
			start = false
		default:
			b.WriteRune(r)
			start = true
		}
	}
	return b.String()
}

// maskDigits replaces every digit but the last keep with '*'.
func maskDigits(s string, keep int) string {
	total := len(onlyDigits(s))
	var b strings.Builder
	seen := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			seen++
			if seen <= total-keep {
				b.WriteByte('*')
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}
