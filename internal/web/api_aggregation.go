// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// The API's aggregation for the cost limit (SI 2004/3244 reg 5) and
// variation of the time for compliance (SI 2004/3364), through the case
// page's casework functions (Aggregate, WithdrawAggregation, VaryTime).

type aggregatedJSON struct {
	Reference  string `json:"reference"`
	ReceivedOn string `json:"received_on"`
	Basis      string `json:"basis"`
	Reason     string `json:"reason"`
	Minutes    int    `json:"minutes_counted"`
	Cost       int    `json:"cost_pence"`
}

type aggregateInJSON struct {
	Related string `json:"related"`
	Basis   string `json:"basis"`
	Reason  string `json:"reason"`
}

type variationInJSON struct {
	Variation string `json:"variation"`
	Specified string `json:"specified"`
	Reason    string `json:"reason"`
}

// toEstimateJSON is the running estimate as the API gives it.
func toEstimateJSON(e *casework.CostEstimate) *estimateJSON {
	out := &estimateJSON{HasLimit: e.Limit != nil, LimitPence: e.LimitPence, LimitHours: e.LimitHours,
		Minutes: e.Minutes, Cost: e.Cost, Over: e.Over, Note: e.Explanation,
		TotalMinutes: e.TotalMinutes, TotalCost: e.TotalCost, Aggregated: []aggregatedJSON{}}
	if e.Limit != nil {
		out.Hourly, out.Source = e.Limit.Hourly, e.Limit.Source
	}
	for _, a := range e.Aggregated {
		out.Aggregated = append(out.Aggregated, aggregatedJSON{Reference: a.Reference.String(), ReceivedOn: foi.FormatDate(a.ReceivedOn),
			Basis: string(a.Basis), Reason: a.Reason, Minutes: a.Minutes, Cost: a.Cost})
	}
	return out
}

// aggregationChange runs change on the request {ref} names and answers
// with its estimate.
func (s *Server) aggregationChange(w http.ResponseWriter, r *http.Request, status int, change func(actor *foi.User, ref foi.Reference, in aggregateInJSON, related foi.Reference) error) error {
	actor, ref, err := s.staffAndRef(r)
	if err != nil {
		return err
	}
	var in aggregateInJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	related, err := foi.ParseReference(in.Related)
	if err != nil {
		return foi.Errorf(foi.EINVALID, "related: %s", foi.ErrorMessage(err))
	}
	if err := change(actor, ref, in, related); err != nil {
		return err
	}
	req, _, err := s.Service.FindRequest(r.Context(), actor, ref)
	if err != nil {
		return err
	}
	_, e, err := s.Service.CaseSearches(r.Context(), actor, req)
	if err != nil {
		return err
	}
	writeJSON(w, status, toEstimateJSON(e))
	return nil
}

// aggregateAPI is POST /api/v1/requests/{ref}/aggregations.
func (s *Server) aggregateAPI(w http.ResponseWriter, r *http.Request) error {
	return s.aggregationChange(w, r, http.StatusCreated, func(actor *foi.User, ref foi.Reference, in aggregateInJSON, related foi.Reference) error {
		return s.Service.Aggregate(r.Context(), actor, ref, casework.AggregateInput{Related: related, Basis: in.Basis, Reason: in.Reason})
	})
}

// withdrawAggregationAPI is POST /api/v1/requests/{ref}/aggregations/withdraw.
func (s *Server) withdrawAggregationAPI(w http.ResponseWriter, r *http.Request) error {
	return s.aggregationChange(w, r, http.StatusOK, func(actor *foi.User, ref foi.Reference, in aggregateInJSON, related foi.Reference) error {
		if in.Basis != "" {
			return foi.Errorf(foi.EINVALID, "a withdrawal takes related and reason only")
		}
		return s.Service.WithdrawAggregation(r.Context(), actor, ref, related, in.Reason)
	})
}

// varyTimeAPI is POST /api/v1/requests/{ref}/variation.
func (s *Server) varyTimeAPI(w http.ResponseWriter, r *http.Request) error {
	actor, ref, err := s.staffAndRef(r)
	if err != nil {
		return err
	}
	var in variationInJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	specified, err := optionalDate("specified", in.Specified)
	if err != nil {
		return err
	}
	req, err := s.Service.VaryTime(r.Context(), actor, ref, casework.VariationInput{Variation: in.Variation, Specified: specified, Reason: in.Reason})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, clockStateJSON{Reference: req.Reference.String(), Status: string(req.Status), DueOn: jsonDate(req.DueOn), Outcome: string(req.Outcome)})
	return nil
}
