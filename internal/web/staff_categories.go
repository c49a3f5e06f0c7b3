// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"slices"
	"strconv"

	"disclose/internal/foi"
)

// The administrator's categories page (issue 15): every category the log
// uses or the list keeps, with its public entries, and merging one into
// another, which moves every published entry (casework.MergeCategory).

type categoryRow struct {
	Name    string
	Entries int
	Listed  bool
}

type categoriesPage struct {
	Page
	Rows       []categoryRow
	From, Into string // as chosen, when refused
}

func (s *Server) categoriesShow(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	return s.renderCategories(w, r, u, http.StatusOK, nil)
}

func (s *Server) renderCategories(w http.ResponseWriter, r *http.Request, u *foi.User, status int, errs []FieldError) error {
	list, err := s.Service.Categories(r.Context())
	if err != nil {
		return err
	}
	facets, err := s.Service.Store.FindPublicationCategories(r.Context())
	if err != nil {
		return err
	}
	p := &categoriesPage{From: r.PostFormValue("from"), Into: r.PostFormValue("into")}
	for _, f := range facets {
		p.Rows = append(p.Rows, categoryRow{Name: f.Value, Entries: f.Count, Listed: slices.Contains(list, f.Value)})
	}
	for _, n := range list {
		if !slices.ContainsFunc(p.Rows, func(c categoryRow) bool { return c.Name == n }) {
			p.Rows = append(p.Rows, categoryRow{Name: n, Listed: true})
		}
	}
	slices.SortFunc(p.Rows, func(a, b categoryRow) int {
		if a.Name < b.Name {
			return -1
		}
		if a.Name > b.Name {
			return 1
		}
		return 0
	})
	p.Title, p.Staff, p.Errors = "Disclosure-log categories", u, errs
	if status == http.StatusOK {
		p.Notice = notices[r.URL.Query().Get("notice")]
		if n, err := strconv.Atoi(r.URL.Query().Get("moved")); err == nil && p.Notice != "" {
			p.Notice += ": " + strconv.Itoa(n) + " entries moved"
		}
	}
	return s.render(w, r, status, "staff/categories.html", p)
}

func (s *Server) categoriesMerge(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	moved, err := s.Service.MergeCategory(r.Context(), u, r.PostFormValue("from"), r.PostFormValue("into"))
	if err != nil {
		if foi.ErrorCode(err) == foi.EINVALID {
			return s.renderCategories(w, r, u, http.StatusBadRequest, []FieldError{{"merge-from", upperFirst(foi.ErrorMessage(err))}})
		}
		return err
	}
	http.Redirect(w, r, "/staff/admin/categories?notice=category-merged&moved="+strconv.Itoa(moved), http.StatusSeeOther)
	return nil
}
