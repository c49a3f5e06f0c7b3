// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"disclose/internal/askedbefore"
	"disclose/internal/casework"
	"disclose/internal/foi"
)

// The case page's aggregation for the cost limit (FOIA s.12(4); SI
// 2004/3244 reg 5): the related requests the checks found, to choose from,
// those aggregated, and the forms to add and withdraw one. The figures are
// the estimate's (casework.CaseSearches adds the aggregated requests).

// aggregationView is the "cost-aggregation" block of the case page.
type aggregationView struct {
	Slug       string
	Candidates []aggregationCandidate
	Aggregated []casework.AggregatedRequest
	Bases      []foi.AggregationBasis
	Form       map[string]string // what was entered, when refused
	Error      string            // why the last aggregation was refused
	Withdraw   string            // why the last withdrawal was refused
}

// aggregationCandidate is a request the checks found that may be
// aggregated: the same requester within 60 working days, or the same
// question asked by another (a campaign, perhaps: the officer judges).
type aggregationCandidate struct {
	Reference  foi.Reference
	ReceivedOn time.Time
	Why        string
}

func init() {
	notices["aggregated"] = "Request aggregated for the cost limit: the estimate adds its recorded time"
	notices["aggregation-withdrawn"] = "Aggregation withdrawn: the estimate no longer adds that request's time"
}

// addAggregation fills the block for an officer on a request under FOIA
// (the only regime reg 5 covers); run after the related requests and the
// asked-before matches are on the page.
func (s *Server) addAggregation(p *casePage) {
	if !p.CanWork || p.Estimate == nil || p.R.Regime != foi.FOIA {
		return
	}
	v := &aggregationView{Slug: p.R.Reference.Slug(), Aggregated: p.Estimate.Aggregated, Bases: foi.AggregationBases, Form: map[string]string{}}
	taken := map[foi.Reference]bool{p.R.Reference: true}
	for _, a := range v.Aggregated {
		taken[a.Reference] = true
	}
	add := func(ref foi.Reference, on time.Time, why string) {
		if !taken[ref] {
			taken[ref] = true
			v.Candidates = append(v.Candidates, aggregationCandidate{ref, on, why})
		}
	}
	for _, x := range p.Related {
		add(x.Request.Reference, x.Request.ReceivedOn, "the same email address, received "+strconv.Itoa(x.Days)+" working days apart")
	}
	if p.AskedBefore != nil {
		for _, e := range p.AskedBefore.Earlier {
			switch {
			case slices.Contains(e.Kinds, askedbefore.Aggregate):
				add(e.Reference, e.ReceivedOn, "the same requester asked the same question within 60 working days")
			case slices.Contains(e.Kinds, askedbefore.RoundRobin):
				add(e.Reference, e.ReceivedOn, "another requester asked the same question: aggregate only if they appear to act in concert or in a campaign")
			}
		}
	}
	v.Error, v.Withdraw = p.ErrorFor("aggregate"), p.ErrorFor("aggregate-withdraw")
	if p.Form != nil && v.Error != "" {
		for _, k := range []string{"related", "other", "basis", "reason"} {
			v.Form[k] = p.Form.Get(k)
		}
	}
	p.Aggregation = v
}

// caseAggregate is POST /staff/cases/{ref}/aggregations: aggregate one
// related request, chosen from the list or given by its reference.
func (s *Server) caseAggregate(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	pick := strings.TrimSpace(r.PostFormValue("other"))
	if pick == "" {
		pick = r.PostFormValue("related")
	}
	if pick == "" {
		return s.refused(w, r, u, foi.Errorf(foi.EINVALID, "Choose the related request to aggregate, or give its reference, like FOI 123"), "aggregate", 0)
	}
	related, err := foi.ParseReference(pick)
	if err != nil {
		return s.refused(w, r, u, foi.Errorf(foi.EINVALID, "%q is not a request reference: give one like FOI 123", pick), "aggregate", 0)
	}
	in := casework.AggregateInput{Related: related, Basis: r.PostFormValue("basis"), Reason: r.PostFormValue("reason")}
	if err := s.Service.Aggregate(r.Context(), u, ref, in); err != nil {
		return s.refused(w, r, u, err, "aggregate", 0)
	}
	backToCase(w, r, ref, "aggregated", "aggregation")
	return nil
}

// caseAggregationWithdraw is POST /staff/cases/{ref}/aggregations/withdraw.
func (s *Server) caseAggregationWithdraw(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	related, err := foi.ParseReference(r.PostFormValue("related"))
	if err != nil {
		return s.refused(w, r, u, foi.Errorf(foi.EINVALID, "Choose the aggregated request to withdraw"), "aggregate-withdraw", 0)
	}
	if err := s.Service.WithdrawAggregation(r.Context(), u, ref, related, r.PostFormValue("reason")); err != nil {
		return s.refused(w, r, u, err, "aggregate-withdraw", 0)
	}
	backToCase(w, r, ref, "aggregation-withdrawn", "aggregation")
	return nil
}
