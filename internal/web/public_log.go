// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/i18n"
)

// The disclosure log as the public reads it: browse newest first, narrow
// by category and month, search with the matching words highlighted, page
// through with GOV.UK pagination. The store bounds every page's work, so
// page 500 costs what page 1 does.

type logPage struct {
	Page
	Filter     foi.PublicationFilter
	Result     *foi.PublicationPage
	Categories []foi.Facet
	Months     []foi.Facet
	// Outcomes and Exemptions are what the log can be filtered by: the
	// outcomes and exemptions its public entries have, with counts.
	Outcomes   []outcomeOption
	Exemptions []exemptionGroup
	// Exemption is the chosen exemption filter, named for the reader.
	Exemption *logExemption
	// Welsh holds the Welsh title and summary of the page's entries that
	// have them (by request id), on a Welsh page only (issue 19).
	Welsh      map[int64]*foi.WelshPublication
	Pagination pagination
	Searching  bool
	Filtered   bool // a category, month, outcome or exemption narrows the list
	// OpenData are the CSV, Atom and JSON addresses of exactly this
	// search and these filters (every page of them).
	OpenData openDataLinks
	// WelshMatches are entries whose Welsh version matches the search and
	// that the (English) search did not find (casework.SearchWelsh).
	WelshMatches []casework.WelshDisclosureMatch
}

type openDataLinks struct{ CSV, PartsCSV, Atom, JSON string }

// logFilter reads the log's search and filters
// (?q=&category=&month=&outcome=&exemption=), which the page, both CSVs,
// the Atom feed and the API all take: one reading, so each narrows the log
// the same way. The caller normalises.
func logFilter(q url.Values) foi.PublicationFilter {
	return foi.PublicationFilter{Query: q.Get("q"), Category: q.Get("category"), Month: q.Get("month"),
		Outcome: foi.Outcome(q.Get("outcome")), Exemption: q.Get("exemption")}
}

// filterValues are the parameters of a filter, keeping only what is set;
// logFilter reads them back.
func filterValues(f foi.PublicationFilter) url.Values {
	v := url.Values{}
	if f.Query != "" {
		v.Set("q", f.Query)
	}
	if f.Category != "" {
		v.Set("category", f.Category)
	}
	if f.Month != "" {
		v.Set("month", f.Month)
	}
	if f.Outcome != "" {
		v.Set("outcome", string(f.Outcome))
	}
	if f.Exemption != "" {
		v.Set("exemption", f.Exemption)
	}
	return v
}

// withQuery is path with v as its query string, if any.
func withQuery(path string, v url.Values) string {
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// logQuery is the log's URL for a filter, keeping only what is set.
func logQuery(f foi.PublicationFilter, page int) string {
	v := filterValues(f)
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return withQuery("/disclosure-log", v)
}

// disclosureLog lists or searches the log.
func (s *Server) disclosureLog(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := logFilter(q)
	p := &logPage{}
	tr := s.tr(r)
	p.Title = tr.T("Disclosure log")
	if n := q.Get("page"); n != "" {
		page, err := strconv.Atoi(n)
		if err != nil || page < 1 {
			return foi.Errorf(foi.EINVALID, "%s", tr.T("Page %q does not exist: pages are numbered from 1", n))
		}
		f.Page = page
	}
	nf, err := f.Normalise()
	if err != nil {
		// Show the log's first page with the problem beside the search box.
		p.Errors = []FieldError{{Field: "q", Message: p.translated(tr, sentence(foi.ErrorMessage(err)))}}
		nf, _ = foi.PublicationFilter{Category: f.Category}.Normalise()
		nf.Query = f.Query
	}
	p.Filter = nf
	p.Searching = nf.Query != ""
	p.Filtered = nf.Category != "" || nf.Month != "" || nf.Outcome != "" || nf.Exemption != ""
	if p.Searching {
		p.Title = tr.T("Search results for ‘%s’", nf.Query)
	}
	ctx := r.Context()
	if p.Categories, err = s.Service.Store.FindPublicationCategories(ctx); err != nil {
		return err
	}
	if p.Months, err = s.Service.Store.FindPublicationMonths(ctx, nf.Category); err != nil {
		return err
	}
	outcomes, err := s.Service.Store.FindPublicationOutcomes(ctx)
	if err != nil {
		return err
	}
	for _, o := range outcomes {
		p.Outcomes = append(p.Outcomes, outcomeOption{foi.Outcome(o.Value), o.Count})
	}
	exemptions, err := s.Service.Store.FindPublicationExemptions(ctx)
	if err != nil {
		return err
	}
	p.Exemptions, p.Exemption = exemptionGroups(exemptions, nf.Exemption)
	if len(p.Errors) == 0 {
		p.Result, err = s.Service.Disclosures(ctx, nf)
		if foi.ErrorCode(err) == foi.EINVALID {
			p.Errors = []FieldError{{Field: "q", Message: p.translated(tr, sentence(foi.ErrorMessage(err)))}}
			err = nil
		}
		if err != nil {
			return err
		}
	}
	status := http.StatusOK
	if len(p.Errors) > 0 {
		status = http.StatusBadRequest
	} else {
		if nf.Page > 1 && nf.Page > p.Result.Pages() {
			return foi.Errorf(foi.ENOTFOUND, "%s", tr.T("There is no page %d of this list: it has %d.", nf.Page, p.Result.Pages()))
		}
		p.Pagination = newPagination(nf, p.Result.Pages())
		if s.langOf(r) == i18n.Welsh {
			if p.Welsh, err = s.welshTitles(r, p.Result.Entries); err != nil {
				return err
			}
		}
		if p.Searching && nf.Page <= 1 {
			if p.WelshMatches, err = s.welshMatches(r, nf.Query, p.Result); err != nil {
				return err
			}
		}
		v := filterValues(nf)
		p.OpenData = openDataLinks{CSV: withQuery("/disclosure-log.csv", v), PartsCSV: withQuery("/disclosure-log-parts.csv", v), Atom: withQuery("/disclosure-log.atom", v),
			JSON: withQuery("/api/v1/disclosures", v)}
		if p.Welsh != nil { // a Welsh reader subscribes to the Welsh feed
			v.Set("lang", string(i18n.Welsh))
			p.OpenData.Atom = withQuery("/disclosure-log.atom", v)
		}
	}
	revalidate(w)
	return s.render(w, r, status, "public/log.html", p)
}

func sentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// pagination is the GOV.UK pagination component's data: previous and next
// links and a window of page numbers with ellipses.
type pagination struct {
	Prev, Next string
	Items      []pageItem
}

type pageItem struct {
	Number   int
	Href     string
	Current  bool
	Ellipsis bool
}

func newPagination(f foi.PublicationFilter, pages int) pagination {
	var p pagination
	if pages <= 1 {
		return p
	}
	cur := f.Page
	if cur > 1 {
		p.Prev = logQuery(f, cur-1)
	}
	if cur < pages {
		p.Next = logQuery(f, cur+1)
	}
	last := 0
	for _, n := range []int{1, cur - 1, cur, cur + 1, pages} {
		if n < 1 || n > pages || n <= last {
			continue
		}
		if n > last+1 {
			p.Items = append(p.Items, pageItem{Ellipsis: true})
		}
		p.Items = append(p.Items, pageItem{Number: n, Href: logQuery(f, n), Current: n == cur})
		last = n
	}
	return p
}

// welshMatches are the entries whose Welsh matches query, less those the
// search already shows.
func (s *Server) welshMatches(r *http.Request, query string, shown *foi.PublicationPage) ([]casework.WelshDisclosureMatch, error) {
	all, err := s.Service.SearchWelsh(r.Context(), query, 20)
	if err != nil {
		return nil, err
	}
	var out []casework.WelshDisclosureMatch
	for _, m := range all {
		dup := false
		for _, e := range shown.Entries {
			dup = dup || e.Reference == m.Entry.Reference
		}
		if !dup {
			out = append(out, m)
		}
	}
	return out, nil
}

// outcomeOption is an outcome the log can be filtered by.
type outcomeOption struct {
	Outcome foi.Outcome
	Count   int
}

// exemptionGroup is the exemptions of one regime the log can be filtered
// by, for an <optgroup>: a code means something only in its regime.
type exemptionGroup struct {
	Regime  foi.Regime
	Options []logExemption
}

type logExemption struct {
	Value  string // the filter's value: "foia:s43(2)"
	Regime foi.Regime
	Code   string // "s43(2)"
	Title  string // the catalogue's name, "Commercial interests"; the code when it has none
	Count  int
}

// exemptionGroups groups the log's exemptions (in the store's order: by
// regime, then the catalogue's) by regime, and returns the chosen one.
func exemptionGroups(list []foi.Facet, chosen string) ([]exemptionGroup, *logExemption) {
	var groups []exemptionGroup
	var picked *logExemption
	for _, f := range list {
		regime, code, _ := strings.Cut(f.Value, ":")
		o := logExemption{Value: f.Value, Regime: foi.Regime(regime), Code: code, Title: code, Count: f.Count}
		if e, err := foi.LookupExemption(o.Regime, code); err == nil {
			o.Title = e.Title
		}
		if n := len(groups); n == 0 || groups[n-1].Regime != o.Regime {
			groups = append(groups, exemptionGroup{Regime: o.Regime})
		}
		g := &groups[len(groups)-1]
		g.Options = append(g.Options, o)
		if f.Value == chosen {
			picked = &g.Options[len(g.Options)-1]
		}
	}
	if picked == nil && chosen != "" { // no public entry has it: still say what was asked
		r, e, err := foi.ParseExemptionFacet(chosen)
		if err == nil {
			groups = append(groups, exemptionGroup{Regime: r, Options: []logExemption{{Value: chosen, Regime: r, Code: e.Code, Title: e.Title}}})
			picked = &groups[len(groups)-1].Options[0]
		}
	}
	return groups, picked
}

// welshTitles are the Welsh titles and summaries of the entries that have
// a Welsh version, by request id.
func (s *Server) welshTitles(r *http.Request, entries []*foi.PublicationHit) (map[int64]*foi.WelshPublication, error) {
	ids := make([]int64, len(entries))
	for i, h := range entries {
		ids[i] = h.RequestID
	}
	return s.Service.Store.FindWelshTitles(r.Context(), ids)
}
