// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"disclose/internal/askedbefore"
	"disclose/internal/casework"
	"disclose/internal/clock"
	"disclose/internal/foi"
)

// partView is one part on the case page, with its answer form.
type partView struct {
	foi.Part
	Assignments []assignmentView
	Inputs      []*foi.Event
	Form        url.Values // the answer as last submitted, when it was refused
	Mine        bool       // assigned to the contributor viewing
	AskedBefore []askedbefore.Match
	Search      partSearches // searches and time on the part (staff_searches.go)
}

type assignmentView struct {
	Name  string
	DueOn time.Time
	Note  string
}

type exemptionOption struct {
	foi.Exemption
}

type caseEventOption struct{ Value, Text string }

type casePage struct {
	Page
	R           *foi.Request
	Parts       []partView
	History     []*foi.Event // newest first, without the access records
	Access      []*foi.Event // who viewed the case or downloaded its files, newest first
	DaysLeft    int
	HasDaysLeft bool
	Stop        *casework.ClockStop // while the clock waits on the requester
	Explain     []clock.Step
	ExplainErr  string
	Exemptions  []foi.Exemption
	Outcomes    []foi.Outcome
	Officers    []*foi.User
	Depts       []*foi.User
	Assignee    string
	EnvHint     []string
	Related     []casework.Related
	// Where the parts were asked before (staff_askedbefore.go).
	AskedBefore  *askedbefore.Result
	AnswerFrom   []askedbefore.EarlierRequest // published entries whose answers may be copied
	RoundRobin   []foi.RoundRobinCase
	Letters      []*foi.Letter
	Reviews      []reviewView // newest first
	Regulator    []regulatorCaseView
	Decisions    []string    // what a decision notice may find
	Reviewers    []*foi.User // who may decide the review under way
	CanDecide    bool        // the viewer may decide it
	Attachments  []*foi.CaseAttachment
	Email        casework.CaseEmails
	FailedEmail  int // outgoing messages that failed: staff must act
	LetterKinds  []string
	EventOptions []caseEventOption
	CanWork      bool
	CanApprove   bool
	CanSend      bool
	Contributor  bool
	NeedApproval bool
	Today        string
	Form         url.Values
	// Disclosure safety (staff_safety.go).
	Safety        *casework.Safety
	RedactOptions []redactOption
	PDFs          []*foi.CaseAttachment // files that can be redacted by blacking out
	Publishable   bool
	Published     *foi.Publication
	Language      foi.RequestLanguage // the requester's, for letters and emails (staff_language.go)
	// The publish form: what it starts with (the entry as published, when
	// it is) and the released files it offers to publish with the entry.
	PublishDefaults map[string]string
	PublishFiles    []publishFile
	Categories      []string      // the administrator's list; empty: any category may be typed
	OpenFindings    map[int64]int // open findings on each file marked for release
	Tracking        *trackingView // the requester's tracking link (staff_tracking.go)
	// The running s.12 estimate (staff_searches.go); nil for a contact.
	Estimate    *casework.CostEstimate
	Aggregation *aggregationView // requests aggregated for the cost limit (staff_aggregation.go)
	Variation   *variationView   // the time for compliance varied under SI 2004/3364 (staff_time.go)
}

// eventOptions are the clock events staff record from the case page: the
// event table's rows that the case page's form asks for.
var eventOptions = func() []caseEventOption {
	var out []caseEventOption
	for _, k := range foi.EventTable {
		if k.Asks(foi.FormCaseEvent) {
			text := k.Staff
			if k.Clock != "" {
				text += " (" + k.Clock + ")"
			}
			out = append(out, caseEventOption{k.Code, text})
		}
	}
	return out
}()

func (s *Server) caseShow(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	return s.renderCase(w, r, u, http.StatusOK, nil, nil, 0)
}

// renderCase shows the case page; after a refused change it shows the
// errors and what was entered (form, for part formPart when not 0).
func (s *Server) renderCase(w http.ResponseWriter, r *http.Request, u *foi.User, status int, errs []FieldError, form url.Values, formPart int) error {
	return s.renderCaseForms(w, r, u, status, errs, form, map[int]url.Values{formPart: form})
}

// renderCaseForms is renderCase with what was entered for each part
// (partForms, by part number), when one form carried several parts.
func (s *Server) renderCaseForms(w http.ResponseWriter, r *http.Request, u *foi.User, status int, errs []FieldError, form url.Values, partForms map[int]url.Values) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	req, events, err := s.Service.FindRequest(ctx, u, ref)
	if foi.ErrorCode(err) == foi.EFORBIDDEN && u.Role == foi.RoleContributor {
		// A department contact following an old link: say why, and where
		// their requests are, in the staff pages.
		e := &errorPage{Status: http.StatusForbidden, Back: &link{"/staff/cases", "See the requests waiting for your input"},
			Message: ref.String() + " has no part waiting for input from " + u.Name + ", so it is not shown to you. If you think it should be, ask the FOI team to assign the part to you."}
		e.Title, e.Staff = "Not one of your requests", u
		return s.render(w, r, http.StatusForbidden, "error.html", e)
	}
	if err != nil {
		return err
	}
	p := &casePage{R: req, Outcomes: foi.Outcomes, Exemptions: foi.Exemptions(req.Regime), LetterKinds: casework.LetterKindsFor(req.Regime),
		EventOptions: eventOptions, CanWork: casework.Can(u, casework.PermWorkCases), CanApprove: casework.Can(u, casework.PermApprove),
		CanSend: casework.Can(u, casework.PermSend), Contributor: u.Role == foi.RoleContributor,
		Today: foi.FormatDate(s.Service.Today()), Form: form}
	if p.Language, err = s.Service.RequestLanguage(ctx, req.ID); err != nil {
		return err
	}
	p.Title, p.Staff, p.Errors = req.Reference.String(), u, errs
	p.Notice = caseNotice(r.URL.Query())
	if status != http.StatusOK {
		p.Notice = ""
	}
	for i := len(events) - 1; i >= 0; i-- {
		if k, _ := foi.LookupEvent(events[i].Type); k.Access {
			p.Access = append(p.Access, events[i])
		} else {
			p.History = append(p.History, events[i])
		}
	}
	if st, ok := s.Service.StoppedClock(req, events); ok {
		p.Stop = &st
	} else if req.Status.Open() {
		p.DaysLeft, p.HasDaysLeft = s.Service.WorkingDaysLeft(req)
	}
	extras, err := s.Service.FindCaseExtras(ctx, u, req)
	if err != nil {
		return err
	}
	p.Letters, p.Attachments = extras.Letters, extras.Attachments
	users, err := s.Service.Store.FindUsers(ctx)
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
	p.Assignee = names[req.AssigneeID]
	inputs := casework.PartInputs(events)
	if p.Contributor {
		// The history is not theirs to see, but what they sent is.
		if inputs, err = s.Service.OwnInputs(ctx, u, req); err != nil {
			return err
		}
	}
	for _, part := range req.Parts {
		pv := partView{Part: part, Inputs: inputs[part.Number]}
		for _, a := range extras.Assignments {
			if a.Part == part.Number {
				pv.Assignments = append(pv.Assignments, assignmentView{names[a.UserID], a.DueOn, a.Note})
				pv.Mine = pv.Mine || a.UserID == u.ID
			}
		}
		pv.Form = partForms[part.Number]
		p.Parts = append(p.Parts, pv)
	}
	if p.Tracking, err = s.trackingLinks(r, u, req); err != nil {
		return err
	}
	if err := s.addSearches(ctx, u, req, p, partForms); err != nil {
		return err
	}
	if p.CanWork {
		_, p.Explain, err = s.Service.ExplainDeadline(ctx, req, events)
		if err != nil {
			p.ExplainErr = err.Error()
		}
		p.EnvHint = casework.EnvironmentalHint(req)
		if p.Related, err = s.Service.RelatedRequests(ctx, u, req); err != nil {
			return err
		}
		if err := s.askedBefore(ctx, u, p); err != nil {
			return err
		}
		s.addAggregation(p)
		s.addVariation(p, events)
		p.Reviews = s.reviewViews(req, extras.Reviews, extras.Letters, names)
		p.Regulator, p.Decisions = s.regulatorCaseViews(req, extras.RegulatorCases), casework.DecisionOutcomes
		if len(p.Reviews) > 0 && p.Reviews[0].Open() {
			if p.Reviewers, err = s.Service.EligibleReviewers(ctx, u, req); err != nil {
				return err
			}
			p.CanDecide = slices.ContainsFunc(p.Reviewers, func(x *foi.User) bool { return x.ID == u.ID })
		}
		if p.NeedApproval, err = s.Service.ResponsesNeedApproval(ctx); err != nil {
			return err
		}
		if p.Email, err = s.Service.FindCaseEmails(ctx, u, req); err != nil {
			return err
		}
		for _, m := range p.Email.Outbox {
			if m.Status == foi.OutboxFailed {
				p.FailedEmail++
			}
		}
		if p.Safety, err = s.Service.CaseSafety(ctx, u, req); err != nil {
			return err
		}
		p.RedactOptions = redactOptions(req, p.Letters)
		for _, a := range p.Attachments {
			if a.ContentType == "application/pdf" {
				p.PDFs = append(p.PDFs, a)
			}
		}
		p.OpenFindings = map[int64]int{}
		for _, f := range p.Safety.Findings {
			if f.AttachmentID != 0 && f.Current && f.Status == foi.FindingOpen {
				p.OpenFindings[f.AttachmentID]++
			}
		}
		p.Publishable = casework.Publishable(req.Status)
		if p.Published, err = s.Service.CasePublication(ctx, u, req); err != nil {
			return err
		}
		p.PublishDefaults, p.PublishFiles = publishForm(p.Published, p.Attachments, p.Form)
		if p.Categories, err = s.Service.Categories(ctx); err != nil {
			return err
		}
	}
	return s.render(w, r, status, "staff/case.html", p)
}

// refused re-shows the case page with the error of a change that was not
// made, or returns the error when it is not the user's to fix.
func (s *Server) refused(w http.ResponseWriter, r *http.Request, u *foi.User, err error, field string, formPart int) error {
	switch foi.ErrorCode(err) {
	case foi.EINVALID, foi.ECONFLICT:
		status := http.StatusBadRequest
		if foi.ErrorCode(err) == foi.ECONFLICT {
			status = http.StatusConflict
		}
		return s.renderCase(w, r, u, status, []FieldError{{field, foi.ErrorMessage(err)}}, r.PostForm, formPart)
	}
	return err
}

// casePart is the case and the part number a part's address names.
func casePart(r *http.Request) (foi.Reference, int, error) {
	ref, err := caseRef(r)
	if err != nil {
		return ref, 0, err
	}
	n, err := partNumber(r)
	return ref, n, err
}

func partNumber(r *http.Request) (int, error) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		return 0, foi.Errorf(foi.ENOTFOUND, "Page not found")
	}
	return n, nil
}

func (s *Server) partAnswer(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, n, err := casePart(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return foi.Errorf(foi.EINVALID, "the form could not be read")
	}
	a := casework.Answer{Text: r.PostForm.Get("answer"), Outcome: foi.Outcome(r.PostForm.Get("outcome")),
		Exemptions: r.PostForm["exemptions"], PublicInterest: r.PostForm.Get("public_interest")}
	if _, err := s.Service.AnswerPart(r.Context(), u, ref, n, a); err != nil {
		return s.refused(w, r, u, err, "part-"+strconv.Itoa(n)+"-outcome", n)
	}
	backToCase(w, r, ref, "answer", "part-"+strconv.Itoa(n))
	return nil
}

func (s *Server) caseEvent(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	ev := casework.ClockEvent{Type: r.PostFormValue("type"), Note: r.PostFormValue("note")}
	if on := strings.TrimSpace(r.PostFormValue("on")); on != "" {
		if ev.On, err = foi.ParseDate(on); err != nil {
			return s.refused(w, r, u, foi.Errorf(foi.EINVALID, "Enter the date the event happened, like 2026-11-25"), "event-on", 0)
		}
	}
	if ev.Type == "" {
		return s.refused(w, r, u, foi.Errorf(foi.EINVALID, "Choose what happened"), "event-type", 0)
	}
	if ev.Type == foi.EventReviewCompleted {
		// A review completed without its decision leaves nothing for the
		// outcome letter to say: it is decided on the review page.
		return s.refused(w, r, u, foi.Errorf(foi.EINVALID, "Decide the internal review in its section of this page: the reviewer records the decision on each part, which the outcome letter sets out"), "event-type", 0)
	}
	if ev.Type == foi.EventExtended {
		// s.17(2)-(3): a public-interest extension must tell the requester
		// when a decision is expected; keep that estimate with the event.
		if est := strings.TrimSpace(r.PostFormValue("estimate")); est != "" {
			d, err := foi.ParseDate(est)
			if err != nil {
				return s.refused(w, r, u, foi.Errorf(foi.EINVALID, "Enter the estimated decision date like 2026-12-24"), "event-estimate", 0)
			}
			ev.Note = strings.TrimSpace("s.17(2) estimate: decision expected by " + foi.FormatDate(d) + ". " + ev.Note)
		}
	}
	if _, err := s.Service.RecordEvent(r.Context(), u, ref, ev); err != nil {
		return s.refused(w, r, u, err, "event-type", 0)
	}
	backToCase(w, r, ref, "event", "clock")
	return nil
}

func (s *Server) caseAssign(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	var id int64
	if v := r.PostFormValue("assignee"); v != "" {
		if id, err = strconv.ParseInt(v, 10, 64); err != nil {
			return s.refused(w, r, u, foi.Errorf(foi.EINVALID, "Choose an officer"), "assignee", 0)
		}
	}
	if err := s.Service.AssignCase(r.Context(), u, ref, id); err != nil {
		return s.refused(w, r, u, err, "assignee", 0)
	}
	backToCase(w, r, ref, "assigned", "")
	return nil
}

func (s *Server) partAssign(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, n, err := casePart(r)
	if err != nil {
		return err
	}
	field := "part-" + strconv.Itoa(n) + "-dept"
	id, err := strconv.ParseInt(r.PostFormValue("dept"), 10, 64)
	if err != nil {
		return s.refused(w, r, u, foi.Errorf(foi.EINVALID, "Choose a department to ask"), field, n)
	}
	var due time.Time
	if v := strings.TrimSpace(r.PostFormValue("due")); v != "" {
		if due, err = foi.ParseDate(v); err != nil {
			return s.refused(w, r, u, foi.Errorf(foi.EINVALID, "Enter the internal due date like 2026-12-01"), field, n)
		}
	}
	if err := s.Service.AssignPart(r.Context(), u, ref, n, id, due, r.PostFormValue("note")); err != nil {
		return s.refused(w, r, u, err, field, n)
	}
	backToCase(w, r, ref, "part-assigned", "part-"+strconv.Itoa(n))
	return nil
}

func (s *Server) partInput(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, n, err := casePart(r)
	if err != nil {
		return err
	}
	if err := s.Service.AddPartInput(r.Context(), u, ref, n, r.PostFormValue("input")); err != nil {
		return s.refused(w, r, u, err, "part-"+strconv.Itoa(n)+"-input", n)
	}
	backToCase(w, r, ref, "input", "part-"+strconv.Itoa(n))
	return nil
}

func (s *Server) partEdit(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	return s.partChange(w, r, u, func(ref foi.Reference, n int) error {
		return s.Service.EditPart(r.Context(), u, ref, n, r.PostFormValue("text"))
	})
}

func (s *Server) partMerge(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	return s.partChange(w, r, u, func(ref foi.Reference, n int) error {
		return s.Service.MergeParts(r.Context(), u, ref, n)
	})
}

func (s *Server) partSplit(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	return s.partChange(w, r, u, func(ref foi.Reference, n int) error {
		return s.Service.SplitPart(r.Context(), u, ref, n, r.PostFormValue("first"), r.PostFormValue("second"))
	})
}

func (s *Server) partChange(w http.ResponseWriter, r *http.Request, u *foi.User, change func(foi.Reference, int) error) error {
	ref, n, err := casePart(r)
	if err != nil {
		return err
	}
	if err := change(ref, n); err != nil {
		return s.refused(w, r, u, err, "part-"+strconv.Itoa(n)+"-text", n)
	}
	backToCase(w, r, ref, "parts", "parts")
	return nil
}

// publishFile is a file released with the response, offered by the publish
// form to go on the public entry.
type publishFile struct {
	*foi.CaseAttachment
	Checked bool
}

// publishForm is what the publish form starts with. Republishing starts
// from the entry as it stands, with its files ticked. A first publication
// ticks every released file: what was released to the requester is
// released to the world, and the file has passed the disclosure checks.
// A refused form shows what was submitted.
func publishForm(pub *foi.Publication, atts []*foi.CaseAttachment, form url.Values) (map[string]string, []publishFile) {
	defaults := map[string]string{}
	listed := map[int64]bool{}
	if pub != nil {
		defaults["title"], defaults["category"], defaults["summary"] = pub.Title, pub.Category, pub.Summary
		for _, f := range pub.Files {
			listed[f.ID] = true
		}
	}
	_, submitted := form["files_offered"]
	var files []publishFile
	for _, a := range atts {
		if !a.Release {
			continue
		}
		checked := pub == nil || listed[a.ID]
		if submitted {
			checked = slices.Contains(form["file"], strconv.FormatInt(a.ID, 10))
		}
		files = append(files, publishFile{a, checked})
	}
	return defaults, files
}
