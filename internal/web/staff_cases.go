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
	Person   string // the requester's name or email (staff who may see requesters; audited)
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
	Contributor bool   // the dates are those asked of the department contact
	Self        string // this list's address, to come back to after a bulk change
}

const casesPerPage = 50

// activeStatuses are the requests still to be answered.
var activeStatuses = []foi.Status{foi.StatusOpen, foi.StatusAwaitingClarification, foi.StatusAwaitingFee, foi.StatusExtended}

func (s *Server) caseList(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	q := r.URL.Query()
	f := caseFilter{Status: q.Get("status"), Assignee: q.Get("assignee"), Dept: q.Get("dept"), Regime: q.Get("regime"),
		Within: strings.TrimSpace(q.Get("within")), Overdue: q.Get("overdue") == "1", Q: strings.TrimSpace(q.Get("q")), Person: strings.TrimSpace(q.Get("requester")), Order: q.Get("order")}
	f.Page, _ = strconv.Atoi(q.Get("page"))
	if f.Page < 1 {
		f.Page = 1
	}
	p := &caseListPage{Contributor: u.Role == foi.RoleContributor, F: f, Statuses: foi.Statuses, Regimes: []foi.Regime{foi.FOIA, foi.EIR, foi.FOISA, foi.EISR},
		CanLog: casework.Can(u, casework.PermWorkCases)}
	p.Title, p.Staff = "Cases", u
	p.Notice = notices[q.Get("notice")]
	self := r.URL.Query()
	self.Del("notice")
	p.Self = "/staff/cases?" + self.Encode()

	rf := foi.RequestFilter{Text: f.Q, Limit: casesPerPage, Offset: (f.Page - 1) * casesPerPage}
	switch f.Order {
	case "", "due":
		rf.Order = foi.OrderDue
	case "received", "status", "assignee":
		rf.Order = foi.Order(f.Order)
	default:
		p.Errors = append(p.Errors, FieldError{"order", "Sort by due date, date received, status or assignee"})
	}
	if f.Person != "" {
		if p.Contributor {
			p.Errors = append(p.Errors, FieldError{"q", "Department contacts cannot search by requester"})
		} else if len(f.Person) > 200 {
			p.Errors = append(p.Errors, FieldError{"requester", "Enter at most 200 characters of the requester's name or email"})
		}
		rf.Requester = f.Person
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
	case "none":
		rf.Unassigned = true
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

// caseJump is the "Go to case" box on every staff page: a reference or
// number that names one case the user may see opens it; anything else
// searches the case list for it, in every status.
func (s *Server) caseJump(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	text := strings.TrimSpace(r.URL.Query().Get("ref"))
	if text == "" {
		http.Redirect(w, r, "/staff/cases", http.StatusSeeOther)
		return nil
	}
	if number, _ := (foi.RequestFilter{Text: text}).TextMatch(); number > 0 {
		// The number alone: one sequence numbers every prefix, so the
		// reference "FOI n" finds it whatever its prefix, and no request
		// whose words merely hold the number.
		f := foi.RequestFilter{Text: foi.Reference{Prefix: "FOI", Number: number}.String(), Limit: 2}
		list, _, err := s.Service.ListCases(r.Context(), u, f)
		if err != nil {
			return err
		}
		for _, c := range list {
			if c.Reference.Number == number {
				http.Redirect(w, r, "/staff/cases/"+c.Reference.Slug(), http.StatusSeeOther)
				return nil
			}
		}
	}
	http.Redirect(w, r, "/staff/cases?"+url.Values{"q": {text}, "status": {"all"}}.Encode(), http.StatusSeeOther)
	return nil
}

// caseBulkAssign gives the cases ticked on the case list to one officer.
func (s *Server) caseBulkAssign(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	if err := r.ParseForm(); err != nil {
		return foi.Errorf(foi.EINVALID, "the form could not be read")
	}
	back := r.PostForm.Get("back")
	if !strings.HasPrefix(back, "/staff/cases?") && back != "/staff/cases" {
		back = "/staff/cases"
	}
	var refs []foi.Reference
	for _, v := range r.PostForm["ref"] {
		ref, err := foi.ParseReference(v)
		if err != nil {
			return foi.Errorf(foi.EINVALID, "%q is not a case reference", v)
		}
		refs = append(refs, ref)
	}
	var id int64
	switch v := r.PostForm.Get("assignee"); v {
	case "":
		return foi.Errorf(foi.EINVALID, "Choose who to assign the selected cases to")
	case "none":
	case "me":
		id = u.ID
	default:
		var err error
		if id, err = strconv.ParseInt(v, 10, 64); err != nil || id < 1 {
			return foi.Errorf(foi.EINVALID, "Choose an officer from the list")
		}
	}
	if err := s.Service.AssignCases(r.Context(), u, refs, id); err != nil {
		return err
	}
	sep := "?"
	if strings.Contains(back, "?") {
		sep = "&"
	}
	http.Redirect(w, r, back+sep+"notice=bulk-assigned", http.StatusSeeOther)
	return nil
}

func pageURL(r *http.Request, page int) string {
	q := r.URL.Query()
	q.Set("page", strconv.Itoa(page))
	q.Del("notice")
	return "/staff/cases?" + q.Encode()
}
