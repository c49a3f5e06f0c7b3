// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"strconv"
	"strings"
)

// Reference identifies a request to everyone: "FOI 12748", "EIR 12749". The
// number is unique across prefixes (one sequence), so the prefix only tells
// the reader which regime the request is handled under.
type Reference struct {
	Prefix string // "FOI" or "EIR"
	Number int
}

// String writes the reference as letters and the public see it: "FOI 12748".
func (r Reference) String() string {
	if r.Number == 0 {
		return ""
	}
	return r.Prefix + " " + strconv.Itoa(r.Number)
}

// Slug is the reference as it appears in a URL: "foi-12748".
func (r Reference) Slug() string {
	if r.Number == 0 {
		return ""
	}
	return strings.ToLower(r.Prefix) + "-" + strconv.Itoa(r.Number)
}

// IsZero reports whether no reference has been assigned yet.
func (r Reference) IsZero() bool { return r.Number == 0 }

// ParseReference accepts "FOI 12748", "foi-12748", "FOI12748", "FOI/12748"
// and "EIR 12749" in any case.
func ParseReference(s string) (Reference, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	for _, prefix := range []string{"FOI", "EIR"} {
		rest, ok := strings.CutPrefix(t, prefix)
		if !ok {
			continue
		}
		rest = strings.TrimLeft(rest, " -_/")
		n, err := strconv.Atoi(rest)
		if err != nil || n <= 0 || rest != strconv.Itoa(n) {
			break
		}
		return Reference{Prefix: prefix, Number: n}, nil
	}
	return Reference{}, Errorf(EINVALID, "%q is not a reference: want e.g. FOI 12748 or EIR 12749", s)
}
