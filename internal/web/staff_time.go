// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"strings"
	"time"

	"disclose/internal/casework"
	"disclose/internal/clock"
	"disclose/internal/foi"
)

// The case page's variation of the time for compliance (SI 2004/3364:
// archives, the armed forces, information held abroad): the variation in
// force and the form to record one (casework.VaryTime).

// variationView is the "time-variation" block of the case page.
type variationView struct {
	Slug       string
	Current    *foi.Event // the variation in force, if any
	Options    []struct{ Value, Title string }
	After, By  time.Time // the 21st and the 60th working days after receipt
	Error      string
	Form       map[string]string
	CanRecord  bool // the request is open, under FOIA, with nothing the variation cannot be counted with
	NotApplied string
}

func init() {
	notices["time-varied"] = "Time for compliance varied: the due date is recounted"
}

// addVariation fills the block for an officer; a request under another
// regime is told why there is no form.
func (s *Server) addVariation(p *casePage, events []*foi.Event) {
	if !p.CanWork || !p.R.Status.Open() {
		return
	}
	v := &variationView{Slug: p.R.Reference.Slug(), Current: casework.VariationEvent(events), Options: casework.Variations,
		Error: p.ErrorFor("variation"), Form: map[string]string{}}
	switch {
	case p.R.Regime != foi.FOIA:
		v.NotApplied = "The Time for Compliance Regulations (SI 2004/3364) vary FOIA s.10(1) only: the " + p.R.Regime.Title() + " have no such variation."
	case p.R.Status != foi.StatusOpen:
		v.NotApplied = "A variation is recorded while the request is open and its clock running."
	default:
		v.CanRecord = true
		cal := s.Service.Calendar()
		received := clock.DateOf(p.R.ReceivedOn)
		if d, err := cal.AddWorkingDays(clock.FOIA, received, 21); err == nil {
			v.After = d.Time()
		}
		if d, err := cal.AddWorkingDays(clock.FOIA, received, 60); err == nil {
			v.By = d.Time()
		}
	}
	if v.Error != "" && p.Form != nil {
		for _, k := range []string{"variation", "specified", "reason"} {
			v.Form[k] = p.Form.Get(k)
		}
	}
	p.Variation = v
}

// caseVary is POST /staff/cases/{ref}/variation.
func (s *Server) caseVary(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	in := casework.VariationInput{Variation: r.PostFormValue("variation"), Reason: r.PostFormValue("reason")}
	if v := strings.TrimSpace(r.PostFormValue("specified")); v != "" {
		if in.Specified, err = foi.ParseDate(v); err != nil {
			return s.refused(w, r, u, foi.Errorf(foi.EINVALID, "Enter the day the Commissioner specified like 2027-01-29"), "variation", 0)
		}
	}
	if _, err := s.Service.VaryTime(r.Context(), u, ref, in); err != nil {
		return s.refused(w, r, u, err, "variation", 0)
	}
	backToCase(w, r, ref, "time-varied", "time-variation")
	return nil
}
