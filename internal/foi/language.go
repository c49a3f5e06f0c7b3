// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import "context"

// Languages a requester may choose for correspondence (the Welsh Language
// Standards: correspondence goes in the language the person chose).
const (
	LangEnglish = "en"
	LangWelsh   = "cy"
)

// Where a requester's language came from.
const (
	LanguageFromPage  = "page"  // the language of the web form they used
	LanguageFromEmail = "email" // the language their email was written in
	LanguageFromStaff = "staff" // set by a member of staff
)

// RequestLanguage is a request's language for correspondence. A zero value
// means none was recorded: correspondence is in English.
type RequestLanguage struct {
	Lang   string // "" (not recorded), LangEnglish or LangWelsh
	Source string // LanguageFrom...
}

// Welsh reports whether the requester chose Welsh.
func (l RequestLanguage) Welsh() bool { return l.Lang == LangWelsh }

// Validate refuses a language other than English or Welsh.
func (l RequestLanguage) Validate() error {
	switch l.Lang {
	case LangEnglish, LangWelsh:
	default:
		return Errorf(EINVALID, "unknown language %q (want en or cy)", l.Lang)
	}
	switch l.Source {
	case LanguageFromPage, LanguageFromEmail, LanguageFromStaff:
		return nil
	}
	return Errorf(EINVALID, "unknown language source %q", l.Source)
}

// LanguageReader reads a request's language.
type LanguageReader interface {
	// FindRequestLanguage returns the language recorded for a request (a
	// zero RequestLanguage when none was), or ENOTFOUND for no request.
	FindRequestLanguage(ctx context.Context, requestID int64) (RequestLanguage, error)
}

// LanguageWriter records a request's language.
type LanguageWriter interface {
	// SetRequestLanguage records the language; ENOTFOUND for no request.
	SetRequestLanguage(ctx context.Context, requestID int64, l RequestLanguage) error
}

// WelshPublication is the Welsh version of a published entry, which an
// authority may publish beside the English (issue 19). Each part is the
// Welsh of the English part with the same Number.
type WelshPublication struct {
	RequestID int64
	Title     string
	Summary   string
	Request   string
	Parts     []WelshPart
}

// WelshPart is one question and answer in Welsh.
type WelshPart struct {
	Number int    `json:"number"`
	Text   string `json:"text"`
	Answer string `json:"answer"`
}

// Part returns the Welsh of part n, if there is any.
func (w *WelshPublication) Part(n int) (WelshPart, bool) {
	for _, p := range w.Parts {
		if p.Number == n {
			return p, true
		}
	}
	return WelshPart{}, false
}

// WelshPublicationReader reads Welsh versions of entries.
type WelshPublicationReader interface {
	// FindWelshPublication returns an entry's Welsh version, or ENOTFOUND.
	FindWelshPublication(ctx context.Context, requestID int64) (*WelshPublication, error)
	// FindPublicationWithWelsh returns a publication by reference with its
	// Welsh version (nil when it has none), in one read; ENOTFOUND when
	// there is no publication.
	FindPublicationWithWelsh(ctx context.Context, ref Reference) (*Publication, *WelshPublication, error)
	// FindWelshMatches returns the requests (newest first, at most limit)
	// whose Welsh version holds every one of words (lower case), as written.
	FindWelshMatches(ctx context.Context, words []string, limit int) ([]int64, error)
}

// WelshPublicationWriter stores them.
type WelshPublicationWriter interface {
	// SetWelshPublication stores or replaces an entry's Welsh version.
	SetWelshPublication(ctx context.Context, w *WelshPublication) error
	// DeleteWelshPublication removes it (nothing when there is none).
	DeleteWelshPublication(ctx context.Context, requestID int64) error
}
