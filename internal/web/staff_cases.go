// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

func urlQuery(s string) string { return url.QueryEscape(s) }

// caseFilter is the case list's GET form: every filter is in the address,
// so a filtered list can be bookmarked and shared.
type caseFilter struct {
	Status   string
	Assignee string // user id, "me", or ""
	Dept     string // contributor user id
	Regime   string
	Within   string // due within N working days
	Overdue  bool
	Q        string
	Order    string
	Page     int
}

type caseRow struct {
	R           *foi.Request
	DaysLeft    int
	HasDaysLeft bool
	Stop        *casework.ClockStop // the clock waits on the requester
	Assignee    string
	Answered    int
	Due         time.Time // the statutory date; for a department contact, the date their input was asked by
}

type caseListPage struct {
	Page
	F           caseFilter
	Rows        []caseRow
	Total       int
	From, To    int
	PrevURL     string
	NextURL     string
	Officers    []*foi.User
	Depts       []*foi.User
	Statuses    []foi.Status
	Regimes     []foi.Regime
	CanLog      bool
	ShowFilter  bool
	Contributor bool // the dates are those asked of the department contact
}

const casesPerPage = 50

// activeStatuses are the requests still to be answered.
var activeStatuses = []foi.Status{foi.StatusOpen, foi.StatusAwaitingClarification, foi.StatusAwaitingFee, foi.StatusExtended}

func (s *Server) caseList(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	q := r.URL.Query()
	f := caseFilter{Status: q.Get("status"), Assignee: q.Get("assignee"), Dept: q.Get("dept"), Regime: q.Get("regime"),
		Within: strings.TrimSpace(q.Get("within")), Overdue: q.Get("overdue") == "1", Q: strings.TrimSpace(q.Get("q")), Order: q.Get("order")}
	f.Page, _ = strconv.Atoi(q.Get("page"))
	if f.Page < 1 {
		f.Page = 1
	}
	p := &caseListPage{Contributor: u.Role == foi.RoleContributor, F: f, Statuses: foi.Statuses, Regimes: []foi.Regime{foi.FOIA, foi.EIR, foi.FOISA, foi.EISR},
		CanLog: casework.Can(u, casework.PermWorkCases)}
	p.Title, p.Staff = "Cases", u
	p.Notice = notices[q.Get("notice")]

	rf := foi.RequestFilter{Text: f.Q, Limit: casesPerPage, Offset: (f.Page - 1) * casesPerPage}
	switch f.Order {
	case "", "due":
		rf.Order = foi.OrderDue
	case "received":
		rf.Order = foi.OrderReceived
	default:
		p.Errors = append(p.Errors, FieldError{"order", "Sort by due date or date received"})
	}
	switch f.Status {
	case "":
		// By default the list is the work in hand: requests not yet
		// answered, whether the clock is running or paused.
		rf.Statuses = activeStatuses
	case "all":
	default:
		st, err := foi.ParseStatus(f.Status)
		if err != nil {
			p.Errors = append(p.Errors, FieldError{"status", "Choose a status from the list"})
		}
		rf.Statuses = []foi.Status{st}
	}
	if f.Regime != "" {
		rg, err := foi.ParseRegime(f.Regime)
		if err != nil {
			p.Errors = append(p.Errors, FieldError{"regime", "Choose a regime from the list"})
		}
		rf.Regime = rg
	}
	switch f.Assignee {
	case "":
	case "me":
		rf.AssigneeID = u.ID
	default:
		id, err := strconv.ParseInt(f.Assignee, 10, 64)
		if err != nil || id < 1 {
			p.Errors = append(p.Errors, FieldError{"assignee", "Choose an officer from the list"})
		}
		rf.AssigneeID = id
	}
	if f.Dept != "" {
		id, err := strconv.ParseInt(f.Dept, 10, 64)
		if err != nil || id < 1 {
			p.Errors = append(p.Errors, FieldError{"dept", "Choose a department from the list"})
		}
		rf.ContributorID = id
	}
	if f.Within != "" {
		n, err := strconv.Atoi(f.Within)
		var due time.Time
		if err == nil {
			due, err = s.Service.DueWithin(rf.Regime, n)
		}
		if err != nil {
			p.Errors = append(p.Errors, FieldError{"within", "Due within must be a number of working days, like 5"})
		}
		rf.DueBy = due
	}
	if f.Overdue || f.Within != "" {
		// Late, or due soon: the clock is running (or was extended). A
		// paused case waits on the requester: no day counts, so it is
		// neither late nor due within any number of days.
		switch f.Status {
		case "", "all":
			rf.Statuses = []foi.Status{foi.StatusOpen, foi.StatusExtended}
		case string(foi.StatusOpen), string(foi.StatusExtended):
		default:
			rf.Statuses = []foi.Status{"none"}
		}
	}
	if f.Overdue {
		yesterday := s.Service.Today().AddDate(0, 0, -1)
		if rf.DueBy.IsZero() || yesterday.Before(rf.DueBy) {
			rf.DueBy = yesterday
		}
	}
	users, err := s.Service.Store.FindUsers(r.Context())
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, x := range users {
		names[x.ID] = x.Name
		if x.Disabled {
			continue
		}
		if casework.Can(x, casework.PermWorkCases) {
			p.Officers = append(p.Officers, x)
		} else if x.Role == foi.RoleContributor {
			p.Depts = append(p.Depts, x)
		}
	}
	if len(p.Errors) > 0 {
		return s.render(w, r, http.StatusBadRequest, "staff/cases.html", p)
	}
	list, total, err := s.Service.ListCases(r.Context(), u, rf)
	if err != nil {
		return err
	}
	p.Total = total
	for _, c := range list {
		row := caseRow{R: c, Assignee: names[c.AssigneeID]}
		row.Due = c.DueOn
		st, stopped, err := s.Service.StoppedClockOf(r.Context(), c)
		if err != nil {
			return err
		}
		switch {
		case u.Role == foi.RoleContributor:
			// A department contact works to the date asked of them.
			asked, ok, err := s.Service.AskedBy(r.Context(), u, c)
			if err != nil {
				return err
			}
			row.Due = asked
			if ok && c.Status.Open() {
				due := *c
				due.DueOn = asked
				row.DaysLeft, row.HasDaysLeft = s.Service.WorkingDaysLeft(&due)
			}
		case stopped:
			row.Stop = &st
		case c.Status.Open():
			row.DaysLeft, row.HasDaysLeft = s.Service.WorkingDaysLeft(c)
		}
		for _, part := range c.Parts {
			if part.Outcome != "" {
				row.Answered++
			}
		}
		p.Rows = append(p.Rows, row)
	}
	if len(list) > 0 {
		p.From, p.To = rf.Offset+1, rf.Offset+len(list)
	}
	if f.Page > 1 {
		p.PrevURL = pageURL(r, f.Page-1)
	}
	if rf.Offset+len(list) < total {
		p.NextURL = pageURL(r, f.Page+1)
	}
	return s.render(w, r, http.StatusOK, "staff/cases.html", p)
}

func pageURL(r *http.Request, page int) string {
	q := r.URL.Query()
	q.Set("page", strconv.Itoa(page))
	q.Del("notice")
	return "/staff/cases?" + q.Encode()
}
