// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"cmp"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"disclose/internal/casework"
	"disclose/internal/csvsafe"
	"disclose/internal/foi"
	"disclose/internal/i18n"
	"disclose/internal/logfile"
)

// Open data: the disclosure log as CSV and its newest entries as an Atom
// feed, each narrowed by the log page's search and filters (logFilter).
// Both are built from published copies only, which never hold the
// requester.

// openDataRoutes are served beside the pages, outside /api/v1.
func (s *Server) openDataRoutes() []route {
	return []route{
		{"GET", "/disclosure-log.csv", s.disclosureCSV},
		{"GET", "/disclosure-log-parts.csv", s.disclosurePartsCSV},
		{"GET", "/disclosure-log.atom", s.disclosureAtom},
	}
}

// csvHeader is the import format's CSV header, so the file reads back with
// `disclose import`, then its optional columns (logfile.CSVOptional): the
// entry's WhatDoTheyKnow page, and its Welsh title and summary (empty when
// it has no Welsh version), which the import accepts empty (issue 19).
var csvHeader = append(slices.Clone(logfile.CSVHeader), "whatdotheyknow_url", "title_cy", "summary_cy")

// openDataFilter is the log page's search and filters for a feed, with
// perPage entries a page; a bad one is a 400 with the reason.
func openDataFilter(r *http.Request, perPage int) (foi.PublicationFilter, error) {
	f := logFilter(r.URL.Query())
	f.PerPage = perPage
	return f.Normalise()
}

// disclosureCSV is GET /disclosure-log.csv: every public entry the search
// and filters match (all of them without), newest first or best match
// first as on the page, one row an entry.
func (s *Server) disclosureCSV(w http.ResponseWriter, r *http.Request) error {
	return s.streamCSV(w, r, "disclosure-log.csv", csvHeader, func(p *foi.Publication, cy *foi.WelshPublication) [][]string {
		title, summary := welshOf(cy)
		return [][]string{{p.Reference.String(), p.Title, p.Category, string(p.Regime),
			foi.FormatDate(p.ReceivedOn), foi.FormatDate(p.RespondedOn), foi.FormatDate(p.PublishedOn),
			p.Request, responseText(p), p.WDTKPage, title, summary}}
	})
}

// partsCSVHeader is the long form: one row a question, with how it was
// answered and the exemptions relied on, so a researcher can count refusals
// by exemption without reading every response.
var partsCSVHeader = []string{"reference", "part", "question", "answer", "outcome", "exemptions", "exemption_names",
	"title", "category", "regime", "published_on", "url", "title_cy", "summary_cy"}

// disclosurePartsCSV is GET /disclosure-log-parts.csv: the same entries as
// the CSV, one row for each question. An imported entry without questions
// is one row with its whole response.
func (s *Server) disclosurePartsCSV(w http.ResponseWriter, r *http.Request) error {
	base := baseURL(r)
	return s.streamCSV(w, r, "disclosure-log-parts.csv", partsCSVHeader, func(p *foi.Publication, cy *foi.WelshPublication) [][]string {
		titleCy, summaryCy := welshOf(cy)
		entry := func(part, question, answer string, outcome foi.Outcome, exemptions []string) []string {
			var names []string
			for _, e := range exemptionsOf(p.Regime, exemptions) { // an unknown code stands as written
				names = append(names, e.Title)
			}
			return []string{p.Reference.String(), part, question, answer, string(outcome),
				strings.Join(exemptions, "; "), strings.Join(names, "; "),
				p.Title, p.Category, string(p.Regime), foi.FormatDate(p.PublishedOn), base + disclosureURL(p), titleCy, summaryCy}
		}
		if len(p.Parts) == 0 {
			return [][]string{entry("", p.Request, p.Response, "", nil)}
		}
		rows := make([][]string, 0, len(p.Parts))
		for _, part := range p.Parts {
			label := part.Label
			if label == "" {
				label = fmt.Sprint(part.Number)
			}
			rows = append(rows, entry(label, part.Text, part.Answer, part.Outcome, part.Exemptions))
		}
		return rows
	})
}

// streamCSV writes every public entry the search and filters match as CSV,
// rows(p, its Welsh title and summary or nil) for each, streamed a page at a time (each page is bounded work,
// see foi.PublicationReader). Cells pass through csvsafe, so no cell runs
// as a formula in a spreadsheet.
func (s *Server) streamCSV(w http.ResponseWriter, r *http.Request, name string, header []string, rows func(*foi.Publication, *foi.WelshPublication) [][]string) error {
	f, err := openDataFilter(r, foi.MaxPerPage)
	if err != nil {
		return err
	}
	first, err := s.Service.Disclosures(r.Context(), f)
	if err != nil {
		return err
	}
	revalidate(w)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	cw := csv.NewWriter(w)
	_ = cw.Write(header)
	pg := first
	for n := 1; ; n++ {
		cy, err := s.welshTitles(r, pg.Entries)
		if err != nil {
			s.logger().Error(name+": stopped part way", "page", n, "err", err)
			panic(http.ErrAbortHandler)
		}
		for _, h := range pg.Entries {
			for _, row := range rows(h.Publication, cy[h.RequestID]) {
				_ = cw.Write(csvsafe.Row(row))
			}
		}
		cw.Flush()
		if err := cw.Error(); err != nil || n >= pg.Pages() {
			return nil // the client went away, or the log is done
		}
		f.Page = n + 1
		if pg, err = s.Service.Disclosures(r.Context(), f); err != nil {
			// Half a file is already sent: log it, and end the body short
			// so the client sees an error rather than a complete file.
			s.logger().Error(name+": stopped part way", "page", n+1, "err", err)
			panic(http.ErrAbortHandler)
		}
	}
}

// responseText is the response as one text: each question followed by its
// answer, or the imported response.
func responseText(p *foi.Publication) string {
	if len(p.Parts) == 0 {
		return p.Response
	}
	var b strings.Builder
	for i, part := range p.Parts {
		if i > 0 {
			b.WriteString("\n\n")
		}
		label := part.Label
		if label == "" {
			label = fmt.Sprint(part.Number)
		}
		fmt.Fprintf(&b, "%s. %s\n%s", label, part.Text, part.Answer)
	}
	return b.String()
}

// atomEntries is how many of the newest entries the feed carries.
const atomEntries = 50

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel      string `xml:"rel,attr,omitempty"`
	Type     string `xml:"type,attr,omitempty"`
	Href     string `xml:"href,attr"`
	HrefLang string `xml:"hreflang,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Lang     string       `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Title    string       `xml:"title"`
	ID       string       `xml:"id"`
	Updated  string       `xml:"updated"`
	Link     atomLink     `xml:"link"`
	Category atomCategory `xml:"category"`
	Summary  string       `xml:"summary"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

// disclosureAtom is GET /disclosure-log.atom: the newest publications the
// search and filters match.
//
// In Welsh (?lang=cy, as every page takes it) it is a feed of its own: an
// entry with a Welsh version has its Welsh title and summary and links to
// its Welsh page. A separate feed, not two titles an entry: Atom allows one
// title an entry, and feed readers show the one feed a person subscribed
// to, ignoring xml:lang. xml:lang is still set, on the feed (cy) and on an
// entry that has only English (en), for the readers and screen readers
// that do honour it.
func (s *Server) disclosureAtom(w http.ResponseWriter, r *http.Request) error {
	f, err := openDataFilter(r, atomEntries)
	if err != nil {
		return err
	}
	pg, err := s.Service.Disclosures(r.Context(), f)
	if err != nil {
		return err
	}
	base := baseURL(r)
	v := filterValues(f)
	welsh := s.langOf(r) == i18n.Welsh
	var cy map[int64]*foi.WelshPublication
	if welsh {
		v.Set("lang", string(i18n.Welsh))
		if cy, err = s.welshTitles(r, pg.Entries); err != nil {
			return err
		}
	}
	feed := atomFeed{
		Title: "Disclosure log", ID: base + withQuery("/disclosure-log", v),
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + withQuery("/disclosure-log.atom", v)},
			{Rel: "alternate", Type: "text/html", Href: base + withQuery("/disclosure-log", v)}},
		Author:  atomAuthor{Name: "Freedom of information team"},
		Updated: time.Unix(0, 0).UTC().Format(time.RFC3339),
	}
	if a, err := s.Service.Authority(r.Context()); err == nil {
		feed.Title = a.Name + ": disclosure log"
		feed.Author.Name = a.Name
	}
	if welsh {
		feed.Lang = string(i18n.Welsh)
		feed.Title = feed.Author.Name + ": " + s.printer(i18n.Welsh).T("Disclosure log")
	}
	var newest time.Time
	for _, h := range pg.Entries {
		p := h.Publication
		updated := publishedTime(p)
		if updated.After(newest) {
			newest = updated
		}
		summary := p.Summary
		if summary == "" {
			summary = shorten(p.Request, 400)
		}
		e := atomEntry{
			Title: p.Title, ID: base + disclosureURL(p), Updated: updated.UTC().Format(time.RFC3339),
			Link:     atomLink{Rel: "alternate", Type: "text/html", Href: base + disclosureURL(p)},
			Category: atomCategory{Term: p.Category}, Summary: p.Reference.String() + ": " + summary,
		}
		if w := cy[p.RequestID]; w != nil {
			e.Title, e.Summary = w.Title, p.Reference.String()+": "+cmp.Or(w.Summary, w.Title)
			e.Link.Href, e.Link.HrefLang = e.Link.Href+"?lang=cy", string(i18n.Welsh)
		} else if welsh {
			e.Lang = string(i18n.English) // the authority published it in English only
		}
		feed.Entries = append(feed.Entries, e)
	}
	if !newest.IsZero() {
		feed.Updated = newest.UTC().Format(time.RFC3339)
	}
	out, err := xml.MarshalIndent(feed, "", "  ")
	if err != nil {
		return err
	}
	revalidate(w)
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	_, err = w.Write(append([]byte(xml.Header), out...))
	return err
}

// publishedTime is when an entry was published, or last republished: the
// publication date staff set each time (PublishedOn), at the instant it
// was stored when that was on the same UK day, else at the start of that
// day. The stored instant alone is not it: an imported log, or a backdated
// publication, is stored long after its entries were published.
func publishedTime(p *foi.Publication) time.Time {
	if at := p.UpdatedAt.In(casework.UK); foi.Date(at).Equal(foi.Date(p.PublishedOn)) {
		return p.UpdatedAt
	}
	on := p.PublishedOn
	return time.Date(on.Year(), on.Month(), on.Day(), 0, 0, 0, 0, casework.UK)
}

// baseURL is the scheme and host the client used: an Atom feed needs
// absolute ids and links.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// shorten cuts s to about n bytes at a word boundary.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut < n/2 {
		cut = n
	}
	return strings.ToValidUTF8(s[:cut], "") + "…"
}

// welshOf is an entry's Welsh title and summary, or "" and "".
func welshOf(cy *foi.WelshPublication) (title, summary string) {
	if cy == nil {
		return "", ""
	}
	return cy.Title, cy.Summary
}
