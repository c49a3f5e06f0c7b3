// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"html"
	"net/http"
	"strconv"
	"strings"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// The disclosure log's JSON API. Everything here is built from
// foi.Publication, the frozen published copy, which holds nothing about
// the requester.

// disclosureJSON is one entry of the log in full.
type disclosureJSON struct {
	Reference   string               `json:"reference"`
	URL         string               `json:"url"`
	Title       string               `json:"title"`
	Category    string               `json:"category"`
	Summary     string               `json:"summary,omitempty"`
	Regime      string               `json:"regime"`
	ReceivedOn  jsonDate             `json:"received_on"`
	RespondedOn jsonDate             `json:"responded_on"`
	PublishedOn jsonDate             `json:"published_on"`
	Outcome     string               `json:"outcome,omitempty"`
	Request     string               `json:"request"`
	Parts       []disclosurePartJSON `json:"parts"`
	Response    string               `json:"response,omitempty"`
	Files       []disclosureFileJSON `json:"files"`
	UpdatedAt   time.Time            `json:"updated_at"`
	// WhatDoTheyKnowURL is the request's WhatDoTheyKnow page, when staff
	// chose to link it (it shows the requester's name).
	WhatDoTheyKnowURL string `json:"whatdotheyknow_url,omitempty"`
	// Welsh is the entry's Welsh version, when it has one (single entries only).
	Welsh *welshJSON `json:"welsh,omitempty"`
}

type welshJSON struct {
	Title   string          `json:"title"`
	Summary string          `json:"summary,omitempty"`
	Request string          `json:"request,omitempty"`
	Parts   []foi.WelshPart `json:"parts"`
}

// disclosureFileJSON is a file published with an entry.
type disclosureFileJSON struct {
	Name string `json:"name"`
	Type string `json:"type"` // its media type
	Size int64  `json:"size"` // bytes
	URL  string `json:"url"`  // where it is downloaded
}

type disclosurePartJSON struct {
	Number     int      `json:"number"`
	Label      string   `json:"label,omitempty"`
	Text       string   `json:"text"`
	Answer     string   `json:"answer"`
	Outcome    string   `json:"outcome,omitempty"`
	Exemptions []string `json:"exemptions"`
}

// disclosureURL is where the entry's public page is.
func disclosureURL(p *foi.Publication) string { return "/disclosure-log/" + p.Reference.Slug() }

func disclosureOf(p *foi.Publication) disclosureJSON {
	d := disclosureJSON{
		Reference: p.Reference.String(), URL: disclosureURL(p), Title: p.Title, Category: p.Category,
		Summary: p.Summary, Regime: string(p.Regime), ReceivedOn: jsonDate(p.ReceivedOn),
		RespondedOn: jsonDate(p.RespondedOn), PublishedOn: jsonDate(p.PublishedOn), Outcome: string(p.Outcome),
		Request: p.Request, Parts: []disclosurePartJSON{}, Response: p.Response, UpdatedAt: p.UpdatedAt,
		Files: []disclosureFileJSON{}, WhatDoTheyKnowURL: p.WDTKPage,
	}
	for _, f := range p.Files {
		d.Files = append(d.Files, disclosureFileJSON{Name: f.Name, Type: f.ContentType, Size: f.Size, URL: disclosureFileURL(p, f)})
	}
	for _, part := range p.Parts {
		ex := part.Exemptions
		if ex == nil {
			ex = []string{}
		}
		d.Parts = append(d.Parts, disclosurePartJSON{Number: part.Number, Label: part.Label, Text: part.Text,
			Answer: part.Answer, Outcome: string(part.Outcome), Exemptions: ex})
	}
	return d
}

// disclosureHitJSON is an entry as a list or search shows it.
type disclosureHitJSON struct {
	Reference string `json:"reference"`
	URL       string `json:"url"`
	Title     string `json:"title"`
	Category  string `json:"category"`
	Summary   string `json:"summary,omitempty"`
	// TitleCy and SummaryCy are the entry's Welsh version's (issue 19).
	TitleCy     string   `json:"title_cy,omitempty"`
	SummaryCy   string   `json:"summary_cy,omitempty"`
	PublishedOn jsonDate `json:"published_on"`
	Outcome     string   `json:"outcome,omitempty"`
	// Snippet is the passage that matched a search, as plain text, and
	// SnippetHTML the same passage escaped with the matched words in
	// <mark>.
	Snippet     string `json:"snippet,omitempty"`
	SnippetHTML string `json:"snippet_html,omitempty"`
}

type disclosurePageJSON struct {
	Total             int                 `json:"total"`
	TotalIsLowerBound bool                `json:"total_is_lower_bound"`
	Page              int                 `json:"page"`
	PerPage           int                 `json:"per_page"`
	Pages             int                 `json:"pages"`
	Results           []disclosureHitJSON `json:"results"`
}

// SnippetHTML writes a search snippet as HTML: the text escaped, the
// matched words in <mark>.
func SnippetHTML(s foi.Snippet) string {
	var b strings.Builder
	for _, p := range s {
		if p.Match {
			b.WriteString("<mark>" + html.EscapeString(p.Text) + "</mark>")
		} else {
			b.WriteString(html.EscapeString(p.Text))
		}
	}
	return b.String()
}

// disclosureFilter reads ?q=&category=&month=&page=&per_page=.
func disclosureFilter(r *http.Request) (foi.PublicationFilter, error) {
	q := r.URL.Query()
	f := logFilter(q)
	for name, dst := range map[string]*int{"page": &f.Page, "per_page": &f.PerPage} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return f, foi.Errorf(foi.EINVALID, "%s must be a whole number from 1", name)
			}
			*dst = n
		}
	}
	return f.Normalise()
}

// listDisclosures is GET /api/v1/disclosures: the public log, browsed
// newest first or searched with ?q=.
func (s *Server) listDisclosures(w http.ResponseWriter, r *http.Request) error {
	f, err := disclosureFilter(r)
	if err != nil {
		return err
	}
	pg, err := s.Service.Disclosures(r.Context(), f)
	if err != nil {
		return err
	}
	out := disclosurePageJSON{Total: pg.Total, TotalIsLowerBound: pg.TotalIsLowerBound, Page: pg.Page,
		PerPage: pg.PerPage, Pages: pg.Pages(), Results: []disclosureHitJSON{}}
	cy, err := s.welshTitles(r, pg.Entries)
	if err != nil {
		return err
	}
	for _, h := range pg.Entries {
		titleCy, summaryCy := welshOf(cy[h.RequestID])
		out.Results = append(out.Results, disclosureHitJSON{
			TitleCy: titleCy, SummaryCy: summaryCy,
			Reference: h.Reference.String(), URL: disclosureURL(h.Publication), Title: h.Title, Category: h.Category,
			Summary: h.Summary, PublishedOn: jsonDate(h.PublishedOn), Outcome: string(h.Outcome),
			Snippet: h.Snippet.String(), SnippetHTML: SnippetHTML(h.Snippet),
		})
	}
	revalidate(w)
	writeJSON(w, http.StatusOK, out)
	return nil
}

// showDisclosure is GET /api/v1/disclosures/{ref}: one public entry with
// each question and its answer.
func (s *Server) showDisclosure(w http.ResponseWriter, r *http.Request) error {
	ref, err := pathReference(r)
	if err != nil {
		return err
	}
	return s.writeDisclosure(w, r, ref, http.StatusOK) // api_welsh.go
}

type publishJSON struct {
	Title       string `json:"title"`
	Category    string `json:"category"`
	PublishedOn string `json:"published_on"`
	Summary     string `json:"summary"`
	// Files are the ids of the case's files to publish with the entry,
	// among those released with the response.
	Files []int64 `json:"files"`
	// WhatDoTheyKnowURL links the entry to the request's WhatDoTheyKnow
	// page (only for a request made through it; the page shows the
	// requester's name). Omitted or "", the entry links none: each
	// publishing says again whether to link it.
	WhatDoTheyKnowURL string `json:"whatdotheyknow_url"`
}

// publishRequest is POST /api/v1/requests/{ref}/publish (staff): publish or
// republish a response.
func (s *Server) publishRequest(w http.ResponseWriter, r *http.Request) error {
	actor, ref, err := s.staffAndRef(r)
	if err != nil {
		return err
	}
	var in publishJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	pin := casework.PublishInput{Title: in.Title, Category: in.Category, Summary: in.Summary, Files: in.Files,
		WDTKPage: in.WhatDoTheyKnowURL}
	if in.PublishedOn != "" {
		if pin.PublishedOn, err = foi.ParseDate(in.PublishedOn); err != nil {
			return foi.Errorf(foi.EINVALID, "published_on: %s", foi.ErrorMessage(err))
		}
	}
	p, err := s.Service.Publish(r.Context(), actor, ref, pin)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, disclosureOf(p))
	return nil
}

type unpublishJSON struct {
	Reason string `json:"reason"`
}

// unpublishRequest is POST /api/v1/requests/{ref}/unpublish (staff).
func (s *Server) unpublishRequest(w http.ResponseWriter, r *http.Request) error {
	actor, ref, err := s.staffAndRef(r)
	if err != nil {
		return err
	}
	var in unpublishJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.Service.Unpublish(r.Context(), actor, ref, in.Reason); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]string{"reference": ref.String(), "status": "unpublished"})
	return nil
}
