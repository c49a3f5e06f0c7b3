// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// partSearches is what a part's section shows of its searches: the record
// so far and, for who may add to it, the form.
type partSearches struct {
	Part       int
	Slug       string // the case's, for the form's address
	Records    []*foi.SearchRecord
	CanRecord  bool
	Activities []foi.Activity
	Today      string
	Error      string            // why the last record was refused
	Form       map[string]string // what was entered, when refused
}

// addSearches fills in each part's searches and the running estimate.
func (s *Server) addSearches(ctx context.Context, u *foi.User, req *foi.Request, p *casePage, partForms map[int]url.Values) error {
	records, estimate, err := s.Service.CaseSearches(ctx, u, req)
	if err != nil {
		return err
	}
	p.Estimate = estimate
	for i := range p.Parts {
		pv := &p.Parts[i]
		pv.Search = partSearches{Part: pv.Number, Slug: req.Reference.Slug(), CanRecord: p.CanWork || pv.Mine, Activities: foi.Activities, Today: p.Today}
		for _, x := range records {
			if x.Part == pv.Number {
				pv.Search.Records = append(pv.Search.Records, x)
			}
		}
		if f := partForms[pv.Number]; f != nil && f.Has("where") {
			pv.Form = nil // the refused form is the search's, not the answer's
			pv.Search.Error = p.ErrorFor("part-" + strconv.Itoa(pv.Number) + "-search")
			pv.Search.Form = map[string]string{}
			for _, k := range []string{"where", "terms", "activity", "minutes", "estimated", "on"} {
				pv.Search.Form[k] = f.Get(k)
			}
		}
	}
	return nil
}

// partSearch records a search on a part; a refusal is shown beside the
// part's form with what was entered.
func (s *Server) partSearch(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, n, err := casePart(r)
	if err != nil {
		return err
	}
	field := "part-" + strconv.Itoa(n) + "-search"
	in := casework.SearchInput{Part: n, Where: r.PostFormValue("where"), Terms: r.PostFormValue("terms"),
		Activity: r.PostFormValue("activity"), Estimated: r.PostFormValue("estimated") == "yes"}
	if in.Minutes, err = strconv.Atoi(strings.TrimSpace(r.PostFormValue("minutes"))); err != nil {
		return s.refused(w, r, u, foi.Errorf(foi.EINVALID, "Enter the time as a whole number of minutes, like 90"), field, n)
	}
	if v := strings.TrimSpace(r.PostFormValue("on")); v != "" {
		if in.On, err = foi.ParseDate(v); err != nil {
			return s.refused(w, r, u, foi.Errorf(foi.EINVALID, "Enter the day searched like 2026-11-20"), field, n)
		}
	}
	if _, err := s.Service.RecordSearch(r.Context(), u, ref, in); err != nil {
		return s.refused(w, r, u, err, field, n)
	}
	backToCase(w, r, ref, "search", "part-"+strconv.Itoa(n)+"-searches")
	return nil
}
