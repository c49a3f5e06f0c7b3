// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"context"
	"strings"
	"time"
)

// Publication is a response as it appears in the public disclosure log.
//
// It is a frozen copy, taken when staff publish: the request text and each
// part's question, answer, outcome and exemptions as they were sent. Later
// casework (an internal review that changes an answer) does not leak into
// the log until someone republishes, so what the public read is always
// something a person decided to publish. The copy never includes the
// requester: the requesters table is not read to build it, and nothing
// public reads anything but this copy.
type Publication struct {
	RequestID int64
	Reference Reference
	Regime    Regime

	Title       string
	Category    string
	Summary     string    // optional: a line or two saying what was asked and given
	PublishedOn time.Time // the publication date the public see (a calendar date)

	ReceivedOn  time.Time
	RespondedOn time.Time
	Request     string // the request text as published (the requester's words, never their name)
	Parts       []PublishedPart
	// Response is the answer as one text, for entries imported from an
	// older log that did not split requests into questions. It is empty
	// when Parts carries the answers.
	Response string
	Outcome  Outcome
	// Files are the attachments the publisher chose, among the files
	// released with the response, as they were when published.
	Files []PublishedFile
	// WDTKPage is the request's page on WhatDoTheyKnow, linked from the
	// entry only when staff chose to at publishing (CheckWDTKPage): the
	// page shows who asked, which the log itself never does. "" for none.
	WDTKPage string

	PublishedAt   time.Time // when it was first published (an instant)
	UpdatedAt     time.Time // when it was last published or unpublished
	UnpublishedAt time.Time // zero while it is public
}

// Public reports whether the entry is in the public log now.
func (p *Publication) Public() bool { return p.UnpublishedAt.IsZero() }

// Month is the publication month as "YYYY-MM", the log's browse unit.
func (p *Publication) Month() string { return p.PublishedOn.Format(MonthLayout) }

// PublishedPart is one question of a published response and its answer.
// The public-interest reasoning is part of the refusal notice sent to the
// requester (FOIA s.17(3)); it is published through the answer text when
// the authority chooses, not copied from the case.
type PublishedPart struct {
	Number     int
	Label      string
	Text       string
	Answer     string
	Outcome    Outcome
	Exemptions []string
}

// PublishedFile is a file published with an entry: the case attachment it
// was taken from (its id names it in download links) and its content's
// hash, so the public download is what was published even if the case's
// files change later. The JSON form is how the stores keep it.
type PublishedFile struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"type"`
	Size        int64  `json:"size"`
	Hash        string `json:"sha256"`
}

// File returns the published file with this id, or nil.
func (p *Publication) File(id int64) *PublishedFile {
	for i := range p.Files {
		if p.Files[i].ID == id {
			return &p.Files[i]
		}
	}
	return nil
}

// MonthLayout is how a publication month is written: "2023-05".
const MonthLayout = "2006-01"

// ParseMonth parses "YYYY-MM" to the first day of that month.
func ParseMonth(s string) (time.Time, error) {
	t, err := time.Parse(MonthLayout, s)
	if err != nil {
		return time.Time{}, Errorf(EINVALID, "%q is not a month: want YYYY-MM", s)
	}
	return t, nil
}

// Limits of the disclosure log's pages.
const (
	DefaultPerPage = 20
	MaxPerPage     = 100
	// MaxSearchResults bounds how far a search can be paged and counted:
	// past it the log reports "more than 10,000 results" and the reader
	// narrows the search. Every search does bounded work because of it.
	MaxSearchResults = 10000
	// MaxQueryLength bounds the text of a search.
	MaxQueryLength = 200
)

// PublicationFilter selects a page of the disclosure log. With Query empty
// the log is browsed newest first; with Query set it is searched.
type PublicationFilter struct {
	Category string // exact category name; "" means all
	Month    string // "YYYY-MM"; "" means all
	// Query is full-text search: words (all must match, English stemming:
	// "weightings" finds "weighting"), "quoted phrases", OR between
	// alternatives, and -word to exclude a word.
	Query string
	// Outcome keeps the entries whose overall outcome it is ("" for all).
	Outcome Outcome
	// Exemption keeps the entries with at least one part refused (in full,
	// in part, or neither confirmed nor denied) under this exemption of the
	// entry's regime, written "regime:code" ("foia:s43(2)",
	// "eir:reg12(5)(e)"); "" for all. See ExemptionFacet.
	Exemption string
	Page      int // 1-based; 0 means 1
	PerPage   int // 0 means DefaultPerPage; at most MaxPerPage
}

// Normalise checks a filter and fills in its defaults.
func (f PublicationFilter) Normalise() (PublicationFilter, error) {
	f.Category = strings.TrimSpace(f.Category)
	f.Query = strings.TrimSpace(f.Query)
	f.Month = strings.TrimSpace(f.Month)
	if f.Month != "" {
		if _, err := ParseMonth(f.Month); err != nil {
			return f, err
		}
	}
	if err := f.normaliseDecision(); err != nil {
		return f, err
	}
	if len(f.Query) > MaxQueryLength {
		return f, Errorf(EINVALID, "a search may be at most %d characters", MaxQueryLength)
	}
	if f.Page < 0 {
		return f, Errorf(EINVALID, "page %d: pages are numbered from 1", f.Page)
	}
	if f.Page == 0 {
		f.Page = 1
	}
	switch {
	case f.PerPage < 0 || f.PerPage > MaxPerPage:
		return f, Errorf(EINVALID, "per page must be between 1 and %d", MaxPerPage)
	case f.PerPage == 0:
		f.PerPage = DefaultPerPage
	}
	if f.Query != "" && f.Page*f.PerPage > MaxSearchResults+f.PerPage-1 {
		return f, Errorf(EINVALID, "searches show the first %d results: narrow the search to see more", MaxSearchResults)
	}
	return f, nil
}

// Offset is the number of entries before the filter's page.
func (f PublicationFilter) Offset() int { return (f.Page - 1) * f.PerPage }

// PublicationPage is one page of the disclosure log.
type PublicationPage struct {
	Entries []*PublicationHit
	// Total is how many entries match. A search may count only part of its
	// matches (never more than MaxSearchResults; SQLite counts as far as
	// the pages asked for need): TotalIsLowerBound is then set and the log
	// says "more than" Total.
	Total             int
	TotalIsLowerBound bool
	Page, PerPage     int
}

// Pages is the number of pages the reader can reach.
func (p *PublicationPage) Pages() int {
	if p.PerPage <= 0 {
		return 0
	}
	return (p.Total + p.PerPage - 1) / p.PerPage
}

// PublicationHit is an entry of a log page; a search also gives the passage
// that matched.
type PublicationHit struct {
	*Publication
	Snippet Snippet // nil when browsing
}

// Snippet is a short passage of an entry with the words that matched a
// search marked. It is plain text in pieces, so each renderer escapes it
// its own way.
type Snippet []SnippetPiece

// SnippetPiece is a run of text that did or did not match.
type SnippetPiece struct {
	Text  string
	Match bool
}

// String is the snippet as plain text.
func (s Snippet) String() string {
	var b strings.Builder
	for _, p := range s {
		b.WriteString(p.Text)
	}
	return b.String()
}

// Facet is one value of a browse dimension (a category, a month) with the
// number of public entries that have it.
type Facet struct {
	Value string
	Count int
}

// Imported marks the requester of a case that came from an older
// disclosure log: the log never held who asked, so the case has no
// requester details, only this name.
const ImportedRequesterName = "(historical import: requester not recorded)"

// PublicationReader is what the disclosure log reads; foi.Reader embeds it.
type PublicationReader interface {
	// FindPublication finds the publication of a request by reference,
	// public or not (check Public); ENOTFOUND when it was never published.
	FindPublication(ctx context.Context, ref Reference) (*Publication, error)
	// FindPublications returns one page of the public log: newest first
	// when browsing, best matches first when searching (see
	// PublicationFilter.Query). Unpublished entries never appear.
	FindPublications(ctx context.Context, f PublicationFilter) (*PublicationPage, error)
	// FindPublicationCategories lists the categories of the public log with
	// how many entries each has, by name.
	FindPublicationCategories(ctx context.Context) ([]Facet, error)
	// FindPublicationMonths lists the months ("YYYY-MM") of the public log
	// with their entry counts, newest first; within a category when one is
	// given.
	FindPublicationMonths(ctx context.Context, category string) ([]Facet, error)
}

// PublicationWriter is how a transaction changes the log; foi.Tx embeds it.
type PublicationWriter interface {
	// SavePublication publishes p (its RequestID names the request) or, when
	// the request was published before, replaces that publication with p
	// and makes it public again. It keeps the first PublishedAt and sets
	// UpdatedAt; UnpublishedAt is cleared.
	SavePublication(ctx context.Context, p *Publication) error
	// UnpublishPublication takes a request's entry out of the public log
	// (and its search index); the copy is kept for a later republish.
	UnpublishPublication(ctx context.Context, requestID int64) error
	// CreateImported stores new cases from a disclosure-log file in bulk:
	// for each, what CreateRequest, AddEvent, SavePublication and (for an
	// entry taken down, UnpublishedAt set) UnpublishPublication would do,
	// setting the same fields. Every reference must be new and given; the
	// caller checks (an existing one fails the whole call with ECONFLICT).
	CreateImported(ctx context.Context, cases []ImportedCase) error
	// StoredReferences reports which of these reference numbers are
	// requests here already: an import asks once per batch, and looks
	// up only those.
	StoredReferences(ctx context.Context, numbers []int) (map[int]bool, error)
	// ReserveReferences moves the reference sequence past through, so
	// that requests taken in from now on (live intake beside an import)
	// never get a number up to it: an import reserves the numbers its
	// file brings before it stores any.
	ReserveReferences(ctx context.Context, through int) error
}

// ImportedCase is one new case from a disclosure-log file.
type ImportedCase struct {
	Request     *Request
	Publication *Publication // nil when it was never published
	Event       *Event       // the audit event that records the import
}

// Validate checks what every publication needs.
func (p *Publication) Validate() error {
	switch {
	case p.RequestID == 0:
		return Errorf(EINVALID, "a publication needs the request it publishes")
	case strings.TrimSpace(p.Title) == "":
		return Errorf(EINVALID, "a publication needs a title")
	case len(p.Title) > 300:
		return Errorf(EINVALID, "a title may be at most 300 characters")
	case strings.TrimSpace(p.Category) == "":
		return Errorf(EINVALID, "a publication needs a category")
	case len(p.Category) > 100:
		return Errorf(EINVALID, "a category may be at most 100 characters")
	case p.PublishedOn.IsZero():
		return Errorf(EINVALID, "a publication needs its publication date")
	case p.Reference.IsZero():
		return Errorf(EINVALID, "a publication needs the request's reference")
	}
	if _, err := ParseRegime(string(p.Regime)); err != nil {
		return err
	}
	return nil
}
