// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// The searches API: a case's searches and time per part and its running
// s.12 estimate, with the same rules as the case page (searches.go in
// casework): officers on any part, department contacts on theirs, the
// estimate for staff who work cases.

type searchJSON struct {
	ID        int64  `json:"id"`
	Part      int    `json:"part"`
	By        string `json:"by"`
	Where     string `json:"where"`
	Terms     string `json:"terms"`
	Activity  string `json:"activity"`
	Counted   bool   `json:"counted"`
	Minutes   int    `json:"minutes"`
	Estimated bool   `json:"estimated"`
	On        string `json:"on"`
}

type estimateJSON struct {
	HasLimit   bool    `json:"has_limit"`
	LimitPence int     `json:"limit_pence"`
	LimitHours float64 `json:"limit_hours"`
	Hourly     int     `json:"hourly_pence"`
	Minutes    int     `json:"minutes_counted"`
	Cost       int     `json:"cost_pence"`
	Over       bool    `json:"over_limit"`
	Source     string  `json:"source"`
	Note       string  `json:"explanation"`
	// With related requests aggregated (SI 2004/3244 reg 5): the total
	// judged against the limit, and each request added.
	TotalMinutes int              `json:"total_minutes_counted"`
	TotalCost    int              `json:"total_cost_pence"`
	Aggregated   []aggregatedJSON `json:"aggregated"`
}

type searchesJSON struct {
	Reference string        `json:"reference"`
	Searches  []searchJSON  `json:"searches"`
	Estimate  *estimateJSON `json:"estimate,omitempty"` // staff who work cases only
}

type searchInJSON struct {
	Part      int    `json:"part"`
	Where     string `json:"where"`
	Terms     string `json:"terms"`
	Activity  string `json:"activity"`
	Minutes   int    `json:"minutes"`
	Estimated bool   `json:"estimated"`
	On        string `json:"on"`
}

func toSearchJSON(r *foi.Request, x *foi.SearchRecord) searchJSON {
	return searchJSON{ID: x.ID, Part: x.Part, By: x.By, Where: x.Where, Terms: x.Terms, Activity: string(x.Activity),
		Counted: x.Activity.Counted(r.Regime), Minutes: x.Minutes, Estimated: x.Estimated, On: foi.FormatDate(x.On)}
}

// listSearchesAPI is GET /api/v1/requests/{ref}/searches.
func (s *Server) listSearchesAPI(w http.ResponseWriter, r *http.Request) error {
	actor, ref, err := s.staffAndRef(r)
	if err != nil {
		return err
	}
	req, _, err := s.Service.FindRequest(r.Context(), actor, ref)
	if err != nil {
		return err
	}
	list, e, err := s.Service.CaseSearches(r.Context(), actor, req)
	if err != nil {
		return err
	}
	out := searchesJSON{Reference: req.Reference.String(), Searches: []searchJSON{}}
	for _, x := range list {
		out.Searches = append(out.Searches, toSearchJSON(req, x))
	}
	if e != nil {
		out.Estimate = toEstimateJSON(e)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// recordSearchAPI is POST /api/v1/requests/{ref}/searches.
func (s *Server) recordSearchAPI(w http.ResponseWriter, r *http.Request) error {
	actor, ref, err := s.staffAndRef(r)
	if err != nil {
		return err
	}
	var in searchInJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	on, err := optionalDate("on", in.On)
	if err != nil {
		return err
	}
	x, err := s.Service.RecordSearch(r.Context(), actor, ref, casework.SearchInput{Part: in.Part, Where: in.Where, Terms: in.Terms,
		Activity: in.Activity, Minutes: in.Minutes, Estimated: in.Estimated, On: on})
	if err != nil {
		return err
	}
	req, err := s.Service.Store.FindRequest(r.Context(), ref)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toSearchJSON(req, x))
	return nil
}
