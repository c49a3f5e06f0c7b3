// SPDX-License-Identifier: AGPL-3.0-or-later

package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"net/mail"
	"slices"
	"strings"
	"text/template"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/i18n"
)

//go:embed templates
var templateFiles embed.FS

// Composer renders the authority's emails from the embedded templates, in
// plain text and HTML. It implements casework.Mailer.
type Composer struct {
	Addresses *Addresses
	// PublicURL is where the public site is ("https://foi.thurrock.example"),
	// for the tracking link in acknowledgements.
	PublicURL string
	text      map[i18n.Lang]map[string]*template.Template
	html      map[i18n.Lang]map[string]*htmltemplate.Template
}

var _ casework.Mailer = (*Composer)(nil)

// kinds are the messages there are templates for.
var kinds = []string{
	foi.EmailAcknowledgement, foi.EmailClarificationRequest, foi.EmailFeesNotice, foi.EmailResponse,
	foi.EmailReviewAcknowledgement, foi.EmailReviewOutcome, foi.EmailStaffNotification, emailLetter, foi.EmailDigest,
}

// emailLetter is the template of a letter staff wrote (casework.LetterEmail).
const emailLetter = "letter"

// staffOnly are the kinds sent only to staff, whose pages and emails stay
// English (issue 19); every other kind has a Welsh twin in templates/cy.
var staffOnly = []string{foi.EmailStaffNotification, foi.EmailDigest}

// dir is where a language's templates are.
func dir(l i18n.Lang) string {
	if l == i18n.Welsh {
		return "templates/cy/"
	}
	return "templates/"
}

// NewComposer parses every template once, at start-up, so that a broken
// template stops the server instead of an email.
func NewComposer(a *Addresses) (*Composer, error) {
	c := &Composer{Addresses: a, text: map[i18n.Lang]map[string]*template.Template{},
		html: map[i18n.Lang]map[string]*htmltemplate.Template{}}
	for _, l := range i18n.Langs {
		c.text[l], c.html[l] = map[string]*template.Template{}, map[string]*htmltemplate.Template{}
		for _, k := range kinds {
			if l != i18n.English && slices.Contains(staffOnly, k) {
				continue
			}
			d := dir(l)
			t, err := template.ParseFS(templateFiles, d+k+".txt", d+"layout.txt")
			if err != nil {
				return nil, fmt.Errorf("mail templates: %w", err)
			}
			h, err := htmltemplate.ParseFS(templateFiles, d+k+".html", d+"layout.html")
			if err != nil {
				return nil, fmt.Errorf("mail templates: %w", err)
			}
			c.text[l][k], c.html[l][k] = t, h
		}
	}
	return c, nil
}

// view is what every template may use.
type view struct {
	Lang          i18n.Lang // the language it is written in (English when zero)
	Subject       string
	Authority     string
	Reference     string
	RequesterName string
	Regime        string
	Regulator     string
	ReceivedOn    string
	DueOn         string
	Parts         []partView
	Body          string // a clarification question, fee explanation, decision or note
	Amount        string
	Files         string
	TrackingURL   string
	Paragraphs    []string // a letter's body, paragraph by paragraph

	// The digest (Digest).
	On      string
	Within  int
	Overdue []dueView
	DueSoon []dueView
	Stopped []stoppedView
}

type partView struct {
	Number     int
	Label      string
	Text       string
	Answer     string
	Outcome    string
	Exemptions string
}

// longDate writes a date as GOV.UK does: 30 May 2023.
func longDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 January 2006")
}

func requestView(authority string, r *foi.Request) view {
	return requestViewIn(i18n.English, authority, r)
}

// requestViewIn is requestView written in lang: the law's title, the
// regulator, dates and outcomes in Welsh for a requester who chose Welsh.
func requestViewIn(lang i18n.Lang, authority string, r *foi.Request) view {
	if lang == "" {
		lang = i18n.English
	}
	tr := i18n.NewPrinter(lang)
	v := view{
		Lang: lang, Authority: authority, Reference: r.Reference.String(), RequesterName: r.Requester.Name,
		Regime: tr.Text(r.Regime.Title()), Regulator: tr.Text(r.Regime.Regulator()),
		ReceivedOn: lang.Date(r.ReceivedOn), DueOn: lang.Date(r.DueOn),
	}
	for _, p := range r.Parts {
		label := p.Label
		if label == "" {
			label = fmt.Sprint(p.Number)
		}
		pv := partView{Number: p.Number, Label: label, Text: p.Text, Answer: p.Answer}
		if p.Outcome != "" {
			pv.Outcome = tr.Text(p.Outcome.Title())
		}
		var ex []string
		for _, code := range p.Exemptions {
			if e, err := foi.LookupExemption(r.Regime, code); err == nil {
				ex = append(ex, e.Section+" ("+e.Title+")")
			} else {
				ex = append(ex, code)
			}
		}
		pv.Exemptions = strings.Join(ex, "; ")
		v.Parts = append(v.Parts, pv)
	}
	return v
}

// render builds a message of kind for a request's requester.
func (c *Composer) render(kind, key, to string, v view) (*foi.OutboxMessage, error) {
	lang := v.Lang
	if lang == "" {
		lang = i18n.English
	}
	var text, html bytes.Buffer
	if err := c.text[lang][kind].Execute(&text, v); err != nil {
		return nil, fmt.Errorf("rendering %s: %w", kind, err)
	}
	if err := c.html[lang][kind].Execute(&html, v); err != nil {
		return nil, fmt.Errorf("rendering %s: %w", kind, err)
	}
	return &foi.OutboxMessage{
		Key:     key,
		Kind:    kind,
		From:    c.from(v.Authority),
		To:      to,
		Subject: v.Subject,
		Text:    strings.TrimSpace(text.String()) + "\n",
		HTML:    html.String(),
	}, nil
}

func (c *Composer) from(authority string) string {
	name := c.Addresses.Mailbox.Name
	if name == "" {
		name = authority + " FOI"
	}
	return (&mail.Address{Name: name, Address: c.Addresses.Mailbox.Address}).String()
}

// key is the idempotency key of a request's message of kind: one per
// request and kind, or per seq for kinds sent more than once.
func (c *Composer) key(kind string, r *foi.Request, seq int64) string {
	k := fmt.Sprintf("%s.%d", kind, r.Reference.Number)
	if seq != 0 {
		k += fmt.Sprintf(".%d", seq)
	}
	return k + "." + c.Addresses.installation()
}

func requesterAddress(r *foi.Request) (string, error) {
	if r.Requester.Email == "" {
		return "", foi.Errorf(foi.EINVALID, "%s has no email address for the requester", r.Reference)
	}
	return (&mail.Address{Name: r.Requester.Name, Address: r.Requester.Email}).String(), nil
}

// toRequester renders a message to the requester, replying to the case.
func (c *Composer) toRequester(kind string, seq int64, r *foi.Request, v view) (*foi.OutboxMessage, error) {
	to, err := requesterAddress(r)
	if err != nil {
		return nil, err
	}
	m, err := c.render(kind, c.key(kind, r, seq), to, v)
	if err != nil {
		return nil, err
	}
	m.ReplyTo = c.Addresses.Case(r.Reference)
	m.Subject = wdtkSubject(r, m.Subject)
	return m, nil
}

// wdtkSubject keeps the subject a WhatDoTheyKnow request came with, which
// WDTK files the reply under, and says what the message is after it:
// "Re: Freedom of Information request - Social value [Your request FOI
// 12748: our response]". Other requests keep our subject.
func wdtkSubject(r *foi.Request, ours string) string {
	theirs := strings.TrimSpace(r.Subject)
	if !foi.IsWDTKAddress(r.Requester.Email) || theirs == "" {
		return ours
	}
	for _, re := range []string{"re:", "re :"} {
		if len(theirs) >= len(re) && strings.EqualFold(theirs[:len(re)], re) {
			theirs = strings.TrimSpace(theirs[len(re):])
		}
	}
	return "Re: " + theirs + " [" + ours + "]"
}

// Acknowledgement renders the acknowledgement of a new request.
func (c *Composer) Acknowledgement(d casework.AcknowledgementEmail) (*foi.OutboxMessage, error) {
	v := requestViewIn(d.Lang, d.Authority, d.Request)
	v.Subject = subject(v, "Your request %s: received, due by %s", v.Reference, v.DueOn)
	if d.TrackingPath != "" && c.PublicURL != "" {
		v.TrackingURL = strings.TrimRight(c.PublicURL, "/") + d.TrackingPath
	}
	return c.toRequester(foi.EmailAcknowledgement, 0, d.Request, v)
}

// ClarificationRequest renders a request for clarification.
func (c *Composer) ClarificationRequest(d casework.ClarificationRequestEmail) (*foi.OutboxMessage, error) {
	v := requestViewIn(d.Lang, d.Authority, d.Request)
	v.Subject = subject(v, "Your request %s: please clarify", v.Reference)
	v.Body = d.Question
	return c.toRequester(foi.EmailClarificationRequest, d.Seq, d.Request, v)
}

// FeesNotice renders a fees notice.
func (c *Composer) FeesNotice(d casework.FeesNoticeEmail) (*foi.OutboxMessage, error) {
	v := requestViewIn(d.Lang, d.Authority, d.Request)
	v.Subject = subject(v, "Your request %s: fees notice", v.Reference)
	v.Amount = fmt.Sprintf("£%d.%02d", d.AmountPence/100, d.AmountPence%100)
	v.Body = d.Explanation
	return c.toRequester(foi.EmailFeesNotice, d.Seq, d.Request, v)
}

// Response renders the response, with the released files attached.
func (c *Composer) Response(d casework.ResponseEmail) (*foi.OutboxMessage, error) {
	v := requestViewIn(d.Lang, d.Authority, d.Request)
	v.Subject = subject(v, "Your request %s: our response", v.Reference)
	var files []string
	for _, a := range d.Attachments {
		files = append(files, a.Filename)
	}
	v.Files = strings.Join(files, ", ")
	m, err := c.toRequester(foi.EmailResponse, 0, d.Request, v)
	if err != nil {
		return nil, err
	}
	m.Attachments = d.Attachments
	return m, nil
}

// subject is an email's subject in the view's language (the catalogue
// in internal/i18n has the Welsh).
func subject(v view, key string, args ...any) string {
	return i18n.NewPrinter(v.Lang).T(key, args...)
}

// letterSubjects say what each kind of letter is, in its subject.
var letterSubjects = map[string]string{
	foi.LetterAcknowledgement: "acknowledgement",
	foi.LetterClarification:   "please clarify",
	foi.LetterFeesNotice:      "fees notice",
	foi.LetterRefusal:         "refusal notice",
	foi.LetterResponse:        "our response",
	foi.LetterReviewOutcome:   "internal review outcome",
}

// Letter renders a letter staff wrote and sent, as they wrote it, with
// the released files attached. Its key is the letter's, so it is sent once.
func (c *Composer) Letter(d casework.LetterEmail) (*foi.OutboxMessage, error) {
	v := requestViewIn(d.Lang, d.Authority, d.Request)
	what := letterSubjects[d.Letter.Kind]
	if what == "" {
		what = d.Letter.Kind
	} else {
		what = i18n.NewPrinter(v.Lang).Text(what)
	}
	v.Subject = subject(v, "Your request %s: %s", v.Reference, what)
	v.Body = strings.TrimSpace(d.Letter.Body)
	for _, p := range strings.Split(strings.ReplaceAll(v.Body, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			v.Paragraphs = append(v.Paragraphs, p)
		}
	}
	var files []string
	for _, a := range d.Attachments {
		files = append(files, a.Filename)
	}
	v.Files = strings.Join(files, ", ")
	m, err := c.toRequester(emailLetter, d.Letter.ID, d.Request, v)
	if err != nil {
		return nil, err
	}
	m.Kind = "letter-" + d.Letter.Kind
	m.Attachments = d.Attachments
	return m, nil
}

// ReviewAcknowledgement renders the acknowledgement of a review request.
func (c *Composer) ReviewAcknowledgement(d casework.ReviewAcknowledgementEmail) (*foi.OutboxMessage, error) {
	v := requestViewIn(d.Lang, d.Authority, d.Request)
	v.Subject = subject(v, "Your request %s: internal review requested", v.Reference)
	v.DueOn = v.Lang.Date(d.DueOn)
	return c.toRequester(foi.EmailReviewAcknowledgement, d.Seq, d.Request, v)
}

// ReviewOutcome renders the decision of an internal review.
func (c *Composer) ReviewOutcome(d casework.ReviewOutcomeEmail) (*foi.OutboxMessage, error) {
	v := requestViewIn(d.Lang, d.Authority, d.Request)
	v.Subject = subject(v, "Your request %s: internal review outcome", v.Reference)
	v.Body = d.Decision
	return c.toRequester(foi.EmailReviewOutcome, d.Seq, d.Request, v)
}

// StaffNotification renders a note to a member of staff about a case.
func (c *Composer) StaffNotification(d casework.StaffNotificationEmail) (*foi.OutboxMessage, error) {
	if d.To == nil || d.To.Email == "" {
		return nil, foi.Errorf(foi.EINVALID, "a staff notification needs a member of staff with an email address")
	}
	v := requestView("", d.Request)
	v.RequesterName = d.To.Name // the greeting is to the member of staff, never the requester's name
	v.Parts = nil
	v.Subject = fmt.Sprintf("%s: %s", v.Reference, firstLine(d.Message))
	v.Body = d.Message
	to := (&mail.Address{Name: d.To.Name, Address: d.To.Email}).String()
	m, err := c.render(foi.EmailStaffNotification, c.key(foi.EmailStaffNotification, d.Request, d.Seq)+"."+fmt.Sprint(d.To.ID), to, v)
	if err != nil {
		return nil, err
	}
	m.From = c.from("Disclose")
	return m, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}

// dueView is one case in a digest.
type dueView struct {
	Reference string
	Summary   string
	DueOn     string
	When      string // "3 working days overdue", "due today", "2 working days left"
	What      string // "internal review", "your input on parts 2, 3", or ""
	URL       string // the case's staff page
}

// stoppedView is a case in a digest whose clock is stopped, waiting on
// its requester.
type stoppedView struct {
	Reference string
	Summary   string
	Why       string // "clarification asked for"
	Since     string
	Restarts  string // what starts the count again, with its source
	URL       string
}

// Digest renders a member of staff's daily reminder digest: their overdue
// cases and those due soon, each linked to its staff page, and those whose
// clock is stopped (listed, though they alone do not send a digest). It is keyed by
// user and day, so it is queued once a day however many processes try.
func (c *Composer) Digest(d casework.DigestEmail) (*foi.OutboxMessage, error) {
	if d.To == nil || d.To.Email == "" {
		return nil, foi.Errorf(foi.EINVALID, "a digest needs a member of staff with an email address")
	}
	if d.Workload == nil || d.Workload.Empty() {
		return nil, foi.Errorf(foi.EINVALID, "a digest needs at least one case")
	}
	v := view{Authority: d.Authority, RequesterName: d.To.Name, Within: d.Workload.Within, On: longDate(d.On)}
	for _, it := range d.Workload.Overdue {
		v.Overdue = append(v.Overdue, c.dueView(it))
	}
	for _, it := range d.Workload.InputsOverdue { // department input not given by its date
		v.Overdue = append(v.Overdue, c.dueView(it))
	}
	v.Subject = fmt.Sprintf("FOI cases for %s: %d overdue, %d due within %d working days",
		v.On, len(v.Overdue), len(d.Workload.DueSoon), d.Workload.Within)
	for _, it := range d.Workload.DueSoon {
		v.DueSoon = append(v.DueSoon, c.dueView(it))
	}
	for _, it := range d.Workload.Stopped {
		v.Stopped = append(v.Stopped, stoppedView{Reference: it.Request.Reference.String(), Summary: it.Summary,
			Why: it.Stop.Why, Since: longDate(it.Stop.Since), Restarts: it.Stop.Restarts, URL: c.caseURL(it.Request)})
	}
	to := (&mail.Address{Name: d.To.Name, Address: d.To.Email}).String()
	key := fmt.Sprintf("%s.%d.%s.%s", foi.EmailDigest, d.To.ID, d.On.Format(foi.DateLayout), c.Addresses.installation())
	m, err := c.render(foi.EmailDigest, key, to, v)
	if err != nil {
		return nil, err
	}
	m.From = c.from("Disclose")
	return m, nil
}

// caseURL is a case's staff page.
func (c *Composer) caseURL(r *foi.Request) string {
	return strings.TrimRight(c.PublicURL, "/") + "/staff/cases/" + r.Reference.Slug()
}

func (c *Composer) dueView(it casework.DueItem) dueView {
	dv := dueView{Reference: it.Request.Reference.String(), Summary: it.Summary, DueOn: longDate(it.DueOn), URL: c.caseURL(it.Request)}
	switch n := it.DaysLeft; {
	case n < 0:
		dv.When = plural(-n, "working day") + " overdue"
	case n == 0:
		dv.When = "due today"
	default:
		dv.When = plural(n, "working day") + " left"
	}
	switch {
	case it.Review:
		dv.What = "internal review"
	case it.InputFrom != "" && len(it.Parts) == 1:
		dv.What = fmt.Sprintf("input from %s on part %d", it.InputFrom, it.Parts[0])
	case len(it.Parts) == 1:
		dv.What = fmt.Sprintf("your input on part %d", it.Parts[0])
	case len(it.Parts) > 1:
		var ps []string
		for _, p := range it.Parts {
			ps = append(ps, fmt.Sprint(p))
		}
		dv.What = "your input on parts " + strings.Join(ps, ", ")
	}
	return dv
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
