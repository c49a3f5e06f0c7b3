// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"time"

	"disclose/internal/foi"
	"disclose/internal/i18n"
)

// Letters are drafted from templates the authority can edit (stored as
// settings, shared by every process), approved when the authority asks for
// sign-off, and sent. Sending records the clock event the letter stands
// for, in the same transaction: a response or refusal records the response
// date, a clarification letter stops the clock, a fees notice pauses it.
//
// Delivery (email, post) is not done here: a sent letter is stored with
// its sent time and a letter-sent event, which is what the mail outbox
// picks up. Nothing sent is lost if delivery fails.

//go:embed letters/*.txt letters/cy/*.txt
var defaultLetters embed.FS

// SettingResponsesNeedApproval, when "true", means a reviewer must approve
// a response or refusal before it can be sent.
const SettingResponsesNeedApproval = "responses_need_approval"

func templateSetting(kind string) string { return "letter_template_" + kind }

// templateSettingIn is where an authority's template for a language is kept;
// the Welsh twin of each letter is its own setting.
func templateSettingIn(kind string, lang i18n.Lang) string {
	if lang == i18n.Welsh {
		return "letter_template_cy_" + kind
	}
	return templateSetting(kind)
}

// defaultLetterFile is the built-in template of a kind in a language:
// letters/<kind>.txt, and its Welsh twin letters/cy/<kind>.txt.
func defaultLetterFile(kind string, lang i18n.Lang) string {
	if lang == i18n.Welsh {
		return "letters/cy/" + kind + ".txt"
	}
	return "letters/" + kind + ".txt"
}

// LetterData is what a letter template can use.
type LetterData struct {
	Authority        Authority
	Reference        string // "FOI 12748"
	RegimeShort      string // "FOI" or "EIR"
	RegimeTitle      string // "Freedom of Information Act 2000"
	Regulator        string // "Information Commissioner’s Office"
	RegulatorShort   string // "ICO"
	RegulatorWebsite string // "www.ico.org.uk"
	RegulatorAddress string // "Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF"
	Date             string // the letter's date: "30 May 2023"
	ReceivedOn       string
	DueOn            string
	Requester        struct{ Name string }
	Preamble         string
	Parts            []LetterPart
	Withheld         []LetterPart // parts refused in whole or part, or neither confirmed nor denied
	Officer          string       // who signs it
	Details          string       // what the officer adds: the clarification asked for, the fee
	// CostEstimate, in a refusal with a part refused under s.12, is the
	// estimate and the advice on narrowing the request (searches.go).
	CostEstimate *LetterEstimate
	// Scottish is true under FOISA and the EISR: the regulator is the
	// Scottish Information Commissioner, applied to under FOISA s.47.
	Scottish bool
	Review   LetterReview // the completed internal review, for its outcome letter
	// Law cites the provisions a letter relies on, in the request's regime.
	Law LetterLaw
	// AnyRefused is true when some part is refused, in whole or in part:
	// the response is then also the refusal notice.
	AnyRefused bool
	// Estimate is the date a decision is now expected after an extension
	// (s.17(2) estimate; reg 7's 40th working day).
	Estimate string
	// NotHeld are the parts whose information is not held.
	NotHeld []LetterPart
}

// LetterLaw are the provisions of one regime a letter cites.
type LetterLaw struct {
	Refusal    string // the refusal notice: FOIA s.17, EIR reg 14
	Advice     string // the duty to advise and assist: FOIA s.16, EIR reg 9
	Cost       string // over the cost limit: FOIA s.12, EIR reg 12(4)(b)
	NotHeld    string // not held: FOIA s.1(1)(a), EIR reg 12(4)(a)
	Accessible string // reasonably accessible already: FOIA s.21, EIR reg 6(1)(b)
	Review     string // the internal review: the s.45 Code, EIR reg 11
	Complaint  string // the regulator: FOIA s.50, FOISA s.47
}

// letterLaw cites each regime's own sections (docs/statutory-rules.md).
var letterLaw = map[foi.Regime]LetterLaw{
	foi.FOIA: {Refusal: "section 17 of the Freedom of Information Act 2000", Advice: "section 16", Cost: "section 12",
		NotHeld: "section 1(1)(a)", Accessible: "section 21", Review: "the section 45 Code of Practice", Complaint: "section 50"},
	foi.EIR: {Refusal: "regulation 14 of the Environmental Information Regulations 2004", Advice: "regulation 9",
		Cost: "regulation 12(4)(b) (manifestly unreasonable)", NotHeld: "regulation 12(4)(a)", Accessible: "regulation 6(1)(b)",
		Review: "regulation 11", Complaint: "section 50 of the Freedom of Information Act 2000, as regulation 18 applies it"},
	foi.FOISA: {Refusal: "section 16 of the Freedom of Information (Scotland) Act 2002", Advice: "section 15", Cost: "section 12",
		NotHeld: "section 17", Accessible: "section 25", Review: "section 20", Complaint: "section 47"},
	foi.EISR: {Refusal: "regulation 13 of the Environmental Information (Scotland) Regulations 2004", Advice: "regulation 9",
		Cost: "regulation 10(4)(b) (manifestly unreasonable)", NotHeld: "regulation 10(4)(a)", Accessible: "regulation 6(1)(b)",
		Review: "regulation 16", Complaint: "section 47 of the Freedom of Information (Scotland) Act 2002, as regulation 17 applies it"},
}

// letterLawCy is letterLaw in Welsh, for a requester who chose Welsh. The
// Refusal and Complaint citations follow "o dan" in the Welsh templates, so
// a "rheoliad" there takes its soft mutation ("reoliad"). To be reviewed
// by a native Welsh speaker, like the Welsh templates.
var letterLawCy = map[foi.Regime]LetterLaw{
	foi.FOIA: {Refusal: "adran 17 o Ddeddf Rhyddid Gwybodaeth 2000", Advice: "adran 16", Cost: "adran 12",
		NotHeld: "adran 1(1)(a)", Accessible: "adran 21", Review: "Cod Ymarfer adran 45", Complaint: "adran 50"},
	foi.EIR: {Refusal: "reoliad 14 o Reoliadau Gwybodaeth Amgylcheddol 2004", Advice: "rheoliad 9",
		Cost: "rheoliad 12(4)(b) (afresymol yn amlwg)", NotHeld: "rheoliad 12(4)(a)", Accessible: "rheoliad 6(1)(b)",
		Review: "rheoliad 11", Complaint: "adran 50 o Ddeddf Rhyddid Gwybodaeth 2000, fel y mae rheoliad 18 yn ei chymhwyso"},
	foi.FOISA: {Refusal: "adran 16 o Ddeddf Rhyddid Gwybodaeth (yr Alban) 2002", Advice: "adran 15", Cost: "adran 12",
		NotHeld: "adran 17", Accessible: "adran 25", Review: "adran 20", Complaint: "adran 47"},
	foi.EISR: {Refusal: "reoliad 13 o Reoliadau Gwybodaeth Amgylcheddol (yr Alban) 2004", Advice: "rheoliad 9",
		Cost: "rheoliad 10(4)(b) (afresymol yn amlwg)", NotHeld: "rheoliad 10(4)(a)", Accessible: "rheoliad 6(1)(b)",
		Review: "rheoliad 16", Complaint: "adran 47 o Ddeddf Rhyddid Gwybodaeth (yr Alban) 2002, fel y mae rheoliad 17 yn ei chymhwyso"},
}

// LetterReview is an internal review as its outcome letter tells it.
type LetterReview struct {
	RequestedOn string // the day the review was asked for
	CompletedOn string
	Outcome     string // "Original decision partly upheld"
	Reasons     string // the reviewer's reasons
	Decisions   []LetterDecision
}

// LetterDecision is the review's finding on one part: upheld, or
// overturned with the new answer.
type LetterDecision struct {
	Label, Question string
	Overturned      bool
	Before          LetterPart // the part as first answered
	After           LetterPart // as answered now (the same when upheld)
}

// LetterPart is one part of the request as a letter shows it.
type LetterPart struct {
	Label          string
	Question       string
	Answer         string
	OutcomeTitle   string
	Exemptions     []foi.Exemption
	PublicInterest string
	// Refused: some or all of the part is not given, so the letter must
	// say why (s.17). NCND, CostLimit and NotHeld say which wording.
	Refused   bool
	NCND      bool
	CostLimit bool
	NotHeld   bool
}

// QuestionAndAnswer repeats the question with its answer after it, as the
// authority's published responses do: after a question mark a space, after
// a list (the question ends with its last item) " - ".
func (p LetterPart) QuestionAndAnswer() string {
	if p.Answer == "" {
		return p.Question
	}
	sep := " - "
	if strings.HasSuffix(p.Question, "?") {
		sep = " "
	}
	return p.Question + sep + p.Answer
}

// LetterTemplate returns the authority's template for a kind of letter and
// whether it is the built-in default.
func (s *Service) LetterTemplate(ctx context.Context, kind string) (string, bool, error) {
	return s.LetterTemplateIn(ctx, kind, i18n.English)
}

// LetterTemplateIn is LetterTemplate in a language: each letter has an
// English and a Welsh template, both editable by the administrator.
func (s *Service) LetterTemplateIn(ctx context.Context, kind string, lang i18n.Lang) (string, bool, error) {
	if !slices.Contains(foi.LetterKinds, kind) {
		return "", false, foi.Errorf(foi.ENOTFOUND, "there is no %q letter", kind)
	}
	v, err := s.Store.FindSetting(ctx, templateSettingIn(kind, lang))
	if err == nil && strings.TrimSpace(v) != "" {
		return v, false, nil
	}
	if err != nil && !foi.IsNotFound(err) {
		return "", false, err
	}
	b, err := defaultLetters.ReadFile(defaultLetterFile(kind, lang))
	return string(b), true, err
}

// SetLetterTemplate saves an authority's template (admins only). A
// template that does not parse, or fails on a sample case, is refused with
// the reason, so no letter can fail later. An empty text restores the
// default.
func (s *Service) SetLetterTemplate(ctx context.Context, actor *foi.User, kind, text string) error {
	return s.SetLetterTemplateIn(ctx, actor, kind, i18n.English, text)
}

// SetLetterTemplateIn is SetLetterTemplate for a language's template.
func (s *Service) SetLetterTemplateIn(ctx context.Context, actor *foi.User, kind string, lang i18n.Lang, text string) error {
	if err := require(actor, PermAdminister, "change letter templates"); err != nil {
		return err
	}
	if !slices.Contains(foi.LetterKinds, kind) {
		return foi.Errorf(foi.ENOTFOUND, "there is no %q letter", kind)
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if strings.TrimSpace(text) != "" {
		if _, err := renderLetter(text, sampleLetterData()); err != nil {
			return err
		}
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		if err := tx.SetSetting(ctx, templateSettingIn(kind, lang), text); err != nil {
			return err
		}
		note := kind + " letter template changed"
		if lang == i18n.Welsh {
			note = kind + " letter template (Welsh) changed"
		}
		return tx.AddEvent(ctx, &foi.Event{Type: EventTemplateEdited, ActorID: actor.ID, Actor: actor.Name, Note: note})
	})
}

func renderLetter(text string, d LetterData) (string, error) {
	t, err := template.New("letter").Option("missingkey=error").Parse(text)
	if err != nil {
		return "", foi.Errorf(foi.EINVALID, "the template does not parse: %s", strings.TrimPrefix(err.Error(), "template: letter:"))
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, d); err != nil {
		return "", foi.Errorf(foi.EINVALID, "the template fails on a case: %s", strings.TrimPrefix(err.Error(), "template: letter:"))
	}
	return buf.String(), nil
}

func sampleLetterData() LetterData {
	d := LetterData{Reference: "FOI 1", RegimeShort: "FOI", RegimeTitle: foi.FOIA.Title(), Date: "1 January 2026",
		ReceivedOn: "1 January 2026", DueOn: "29 January 2026", Officer: "An Officer", Details: "details",
		Parts: []LetterPart{{Label: "1", Question: "How many?", Answer: "3", OutcomeTitle: "Granted"}}}
	d.Withheld, d.NotHeld, d.AnyRefused = d.Parts, d.Parts, true
	d.Law, d.Estimate = letterLaw[foi.FOIA], "26 February 2026"
	d.Requester.Name = "A Requester"
	d.Review = LetterReview{RequestedOn: "2 February 2026", CompletedOn: "2 March 2026", Outcome: "Original decision overturned",
		Reasons: "reasons", Decisions: []LetterDecision{{Label: "1", Question: "How many?", Overturned: true,
			Before: LetterPart{Label: "1", Question: "How many?", Answer: "Withheld", OutcomeTitle: "Withheld in full"},
			After:  d.Parts[0]}}}
	return d
}

// ResponsesNeedApproval reports the authority's sign-off setting.
func (s *Service) ResponsesNeedApproval(ctx context.Context) (bool, error) {
	v, err := s.Store.FindSetting(ctx, SettingResponsesNeedApproval)
	if foi.IsNotFound(err) {
		return false, nil
	}
	return v == "true", err
}

// SetResponsesNeedApproval changes the sign-off setting (admins only).
func (s *Service) SetResponsesNeedApproval(ctx context.Context, actor *foi.User, on bool) error {
	if err := require(actor, PermAdminister, "change settings"); err != nil {
		return err
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		if err := tx.SetSetting(ctx, SettingResponsesNeedApproval, fmt.Sprint(on)); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{Type: foi.EventSettingsChanged, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("responses need approval: %v", on)})
	})
}

// letterData builds a letter's data from a request.
func (s *Service) letterData(ctx context.Context, r *foi.Request, officer, details string, lang i18n.Lang) (LetterData, error) {
	a, err := s.authorityIn(ctx, lang) // its Welsh values in Welsh (authority_cy.go)
	if err != nil {
		return LetterData{}, err
	}
	tr := i18n.NewPrinter(lang)
	d := LetterData{
		Authority: a, Reference: r.Reference.String(), RegimeShort: r.Regime.ReferencePrefix(), RegimeTitle: tr.Text(r.Regime.Title()),
		Date: lang.Date(s.today()), ReceivedOn: lang.Date(r.ReceivedOn),
		Preamble: r.Preamble, Officer: officer, Details: strings.TrimSpace(details),
	}
	if !r.DueOn.IsZero() {
		d.DueOn = lang.Date(r.DueOn)
	}
	// The regulator as it is on the day of the letter (law.Current): the
	// body a requester can complain to when they read it, named in the
	// letter's language. Letters set apostrophes as the authority's own
	// letters do (’).
	reg := foi.RegulatorOn(r.Regime, s.today())
	d.Regulator = strings.ReplaceAll(tr.Text(reg.Name), "'", "’")
	d.RegulatorShort, d.RegulatorWebsite, d.RegulatorAddress = reg.Short, reg.Website, reg.Address
	d.Scottish = r.Regime.Scottish()
	d.Requester.Name = r.Requester.Name
	d.Law = letterLaw[r.Regime]
	if lang == i18n.Welsh {
		d.Law = letterLawCy[r.Regime]
	}
	for _, p := range r.Parts {
		lp := letterPart(r.Regime, p, tr)
		d.Parts = append(d.Parts, lp)
		if refused(p.Outcome) && p.Outcome != foi.NotHeld {
			d.Withheld = append(d.Withheld, lp)
		}
		if p.Outcome == foi.NotHeld {
			d.NotHeld = append(d.NotHeld, lp)
		}
		d.AnyRefused = d.AnyRefused || refused(p.Outcome)
	}
	return d, nil
}

// refused reports whether an outcome gives less than the part asked for,
// so that its letter must say why (FOIA s.17(1), (4), (5); EIR reg 14).
func refused(o foi.Outcome) bool {
	return o.NeedsExemption() || o == foi.CostLimit || o == foi.Vexatious || o == foi.Repeated || o == foi.NotHeld
}

// letterPart is a part as a letter shows it.
func letterPart(regime foi.Regime, p foi.Part, tr *i18n.Printer) LetterPart {
	lp := LetterPart{Label: p.Label, Question: p.Text, Answer: p.Answer, PublicInterest: p.PublicInterest}
	if lp.Label == "" {
		lp.Label = fmt.Sprint(p.Number)
	}
	if p.Outcome != "" {
		lp.OutcomeTitle = tr.Text(p.Outcome.Title())
	}
	lp.Refused = refused(p.Outcome)
	lp.NCND, lp.CostLimit, lp.NotHeld = p.Outcome == foi.NCND, p.Outcome == foi.CostLimit, p.Outcome == foi.NotHeld
	for _, c := range p.Exemptions {
		if e, err := foi.LookupExemption(regime, c); err == nil {
			e.Title = tr.Text(e.Title) // in the letter's language
			lp.Exemptions = append(lp.Exemptions, e)
		}
	}
	return lp
}

// completedReview is the request's latest internal review, which its
// outcome letter needs finished with an outcome recorded.
func completedReview(ctx context.Context, tx foi.Reader, r *foi.Request, lang i18n.Lang) (LetterReview, error) {
	tr := i18n.NewPrinter(lang)
	reviews, err := tx.FindReviews(ctx, r.ID)
	if err != nil {
		return LetterReview{}, err
	}
	if len(reviews) == 0 {
		return LetterReview{}, foi.Errorf(foi.ECONFLICT, "%s has had no internal review", r.Reference)
	}
	rv := reviews[len(reviews)-1]
	if rv.Open() || rv.Outcome == foi.ReviewNotRecorded {
		return LetterReview{}, foi.Errorf(foi.ECONFLICT, "complete the internal review of %s with its decision before drafting the outcome letter", r.Reference)
	}
	lr := LetterReview{RequestedOn: lang.Date(rv.RequestedOn), CompletedOn: lang.Date(rv.CompletedOn),
		Outcome: tr.Text(rv.Outcome.Title()), Reasons: rv.Note}
	for _, dec := range rv.Decisions {
		before, after := letterPart(r.Regime, dec.Before, tr), letterPart(r.Regime, dec.After, tr)
		lr.Decisions = append(lr.Decisions, LetterDecision{Label: before.Label, Question: before.Question,
			Overturned: dec.Outcome == foi.ReviewOverturned, Before: before, After: after})
	}
	return lr, nil
}

// letterEvent is the clock event sending each kind of letter records.
var letterEvent = map[string]string{
	foi.LetterClarification: foi.EventClarificationRequested,
	foi.LetterFeesNotice:    foi.EventFeeNotice,
	foi.LetterPITExtension:  foi.EventExtended,
	foi.LetterEIRExtension:  foi.EventExtended,
	foi.LetterRefusal:       foi.EventResponded,
	foi.LetterResponse:      foi.EventResponded,
	foi.LetterNotHeld:       foi.EventResponded,
	foi.LetterAccessible:    foi.EventResponded,
}

// needsSignOff reports whether a kind of letter waits for approval when
// the authority asks for sign-off: the ones that decide the request.
func needsSignOff(kind string) bool { return foi.DecidesRequest(kind) }

// checkLetterKind refuses a letter the request's law does not provide
// for, or that lacks what it must say.
func checkLetterKind(r *foi.Request, kind, details string) error {
	switch kind {
	case foi.LetterPITExtension:
		// s.10(3) is FOIA's alone: FOISA has no extension, and the EIR's
		// is for complexity and volume (reg 7).
		if r.Regime != foi.FOIA {
			return foi.Errorf(foi.EINVALID, "a public-interest extension is FOIA's (s.10(3)); under the %s use the reg 7 extension notice, if any", r.Regime.Title())
		}
		if strings.TrimSpace(details) == "" {
			return foi.Errorf(foi.EINVALID, "a public-interest extension notice must state the exemption being considered (s.17(2)): write it in the details")
		}
	case foi.LetterEIRExtension:
		if !r.Regime.Environmental() {
			return foi.Errorf(foi.EINVALID, "the reg 7 extension is for environmental information; under the %s use the public-interest extension, if any", r.Regime.Title())
		}
		if strings.TrimSpace(details) == "" {
			return foi.Errorf(foi.EINVALID, "say in the details why the complexity and volume of the information make 20 working days impracticable (reg 7(1))")
		}
	case foi.LetterAccessible:
		if !strings.Contains(details, "https://") && !strings.Contains(details, "http://") {
			return foi.Errorf(foi.EINVALID, "give the web address (https://…) where the information is already published, in the details")
		}
	}
	if kind == foi.LetterPITExtension || kind == foi.LetterEIRExtension {
		if r.Status != foi.StatusOpen {
			return foi.Errorf(foi.ECONFLICT, "%s is %s: only a request whose clock is running can be extended", r.Reference, r.Status)
		}
	}
	if kind == foi.LetterNotHeld && !slices.ContainsFunc(r.Parts, func(p foi.Part) bool { return p.Outcome == foi.NotHeld }) {
		return foi.Errorf(foi.ECONFLICT, "no part is answered \"not held\": record that outcome on the parts first, or send the response")
	}
	return nil
}

// LetterKindsFor are the kinds of letter the law of a regime provides for:
// the public-interest extension is FOIA's, reg 7's the environmental ones'.
func LetterKindsFor(regime foi.Regime) []string {
	var out []string
	for _, k := range foi.LetterKinds {
		if (k == foi.LetterPITExtension && regime != foi.FOIA) || (k == foi.LetterEIRExtension && !regime.Environmental()) {
			continue
		}
		out = append(out, k)
	}
	return out
}

// extendedDue is the due date an extension would give r: the 40th
// working day (EIR reg 7(1); the ICO's reasonable limit under FOIA s.10(3)).
func (s *Service) extendedDue(ctx context.Context, tx foi.Reader, r *foi.Request, events []*foi.Event) (time.Time, error) {
	x := *r
	ext := append(slices.Clone(events), &foi.Event{Type: foi.EventExtended, On: s.today()})
	if err := s.recomputeDeadline(ctx, tx, &x, ext); err != nil {
		return time.Time{}, err
	}
	return x.DueOn, nil
}

// DraftLetter renders a letter for a request from the authority's template
// and stores it as a draft.
func (s *Service) DraftLetter(ctx context.Context, actor *foi.User, ref foi.Reference, kind, details string) (*foi.Letter, error) {
	if err := require(actor, PermWorkCases, "draft letters"); err != nil {
		return nil, err
	}
	// Both languages' templates are read first; the requester's language,
	// read with the request, chooses (language.go).
	texts := map[i18n.Lang]string{}
	for _, l := range i18n.Langs {
		t, _, err := s.LetterTemplateIn(ctx, kind, l)
		if err != nil {
			return nil, err
		}
		texts[l] = t
	}
	if (kind == foi.LetterClarification || kind == foi.LetterFeesNotice) && strings.TrimSpace(details) == "" {
		what := "what you need the requester to tell you"
		if kind == foi.LetterFeesNotice {
			what = "the fee and how it was worked out"
		}
		return nil, foi.Errorf(foi.EINVALID, "a %s letter needs %s", kind, what)
	}
	var l *foi.Letter
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		if err := checkLetterKind(r, kind, details); err != nil {
			return err
		}
		if foi.DecidesRequest(kind) {
			if missing := unanswered(r.Parts); len(missing) > 0 {
				return foi.Errorf(foi.ECONFLICT, "answer every part before drafting the %s: part(s) %s have no outcome yet", kind, strings.Join(missing, ", "))
			}
		}
		lang, err := requesterLang(ctx, tx, r)
		if err != nil {
			return err
		}
		d, err := s.letterData(ctx, r, actor.Name, details, lang)
		if err != nil {
			return err
		}
		if kind == foi.LetterRefusal && len(d.Withheld) == 0 {
			return foi.Errorf(foi.ECONFLICT, "no part is refused: send the response instead")
		}
		if err := s.kindLetterData(ctx, tx, r, kind, details, lang, &d); err != nil {
			return err
		}
		body, err := renderLetter(texts[lang], d)
		if err != nil {
			return err
		}
		l = &foi.Letter{RequestID: r.ID, Kind: kind, Body: body, CreatedBy: actor.Name}
		if err := tx.CreateLetter(ctx, l); err != nil {
			return err
		}
		if err := tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventLetterDrafted, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("%s letter drafted (letter %d)", kind, l.ID), After: fmt.Sprintf(`{"letter_id":%d}`, l.ID)}); err != nil {
			return err
		}
		return s.inspectNow(ctx, tx, r, []releaseItem{s.letterItem(ctx, tx, l)}, actor.ID, actor.Name)
	})
	return l, err
}

// kindLetterData adds what one kind of letter needs beyond the case: the
// completed review for its outcome letter, the new date for an extension.
func (s *Service) kindLetterData(ctx context.Context, tx foi.Reader, r *foi.Request, kind, details string, lang i18n.Lang, d *LetterData) error {
	var err error
	if kind == foi.LetterRefusal {
		if d.CostEstimate, err = s.costRefusal(ctx, tx, r, details, lang); err != nil {
			return err
		}
	}
	if kind == foi.LetterReviewOutcome {
		if d.Review, err = completedReview(ctx, tx, r, lang); err != nil {
			return err
		}
	}
	if kind == foi.LetterPITExtension || kind == foi.LetterEIRExtension {
		events, err := tx.FindEvents(ctx, r.ID)
		if err != nil {
			return err
		}
		due, err := s.extendedDue(ctx, tx, r, events)
		if err != nil {
			return err
		}
		d.Estimate = lang.Date(due)
	}
	return nil
}

// PreviewLetter renders a template, saved or not, on a real case, for an
// administrator editing it to see the letter it makes (nothing is stored
// but the view of the case, which is audited: the letter names the
// requester). The details a letter asks for when drafted are shown as a
// placeholder.
func (s *Service) PreviewLetter(ctx context.Context, actor *foi.User, kind string, lang i18n.Lang, text string, ref foi.Reference) (string, error) {
	if err := require(actor, PermAdminister, "preview letter templates"); err != nil {
		return "", err
	}
	if !slices.Contains(foi.LetterKinds, kind) {
		return "", foi.Errorf(foi.ENOTFOUND, "there is no %q letter", kind)
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if strings.TrimSpace(text) == "" {
		var err error
		if text, _, err = s.LetterTemplateIn(ctx, kind, lang); err != nil {
			return "", err
		}
	}
	var body string
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		const details = "[the details you give when drafting the letter]"
		d, err := s.letterData(ctx, r, actor.Name, details, lang)
		if err != nil {
			return err
		}
		if err := s.kindLetterData(ctx, tx, r, kind, details, lang, &d); err != nil {
			return err
		}
		if body, err = renderLetter(text, d); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: foi.EventViewed, ActorID: actor.ID, Actor: actor.Name,
			Note: kind + " letter template previewed on this case"})
	})
	return body, err
}

// caseLetter finds a letter and checks it belongs to the request.
func caseLetter(ctx context.Context, tx foi.Tx, ref foi.Reference, id int64) (*foi.Request, *foi.Letter, error) {
	r, err := tx.FindRequest(ctx, ref)
	if err != nil {
		return nil, nil, err
	}
	l, err := tx.FindLetter(ctx, id)
	if err != nil || l.RequestID != r.ID {
		return nil, nil, foi.Errorf(foi.ENOTFOUND, "%s has no letter %d", r.Reference, id)
	}
	return r, l, nil
}

// EditLetter changes an unsent letter's text. An approved letter that is
// changed needs approving again: the approval was of the old words.
func (s *Service) EditLetter(ctx context.Context, actor *foi.User, ref foi.Reference, id int64, body string) error {
	if err := require(actor, PermWorkCases, "edit letters"); err != nil {
		return err
	}
	body = strings.ReplaceAll(body, "\r\n", "\n")
	if strings.TrimSpace(body) == "" {
		return foi.Errorf(foi.EINVALID, "the letter is empty")
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		r, l, err := caseLetter(ctx, tx, ref, id)
		if err != nil {
			return err
		}
		if !l.SentAt.IsZero() {
			return foi.Errorf(foi.ECONFLICT, "letter %d was sent on %s: a sent letter is kept as sent", id, l.SentAt.In(UK).Format("2 January 2006"))
		}
		if l.Body == body {
			return nil
		}
		l.Body = body
		note := fmt.Sprintf("%s letter %d edited", l.Kind, id)
		if !l.ApprovedAt.IsZero() {
			l.ApprovedAt, l.ApprovedBy = time.Time{}, ""
			note += "; its approval is withdrawn"
		}
		if err := tx.UpdateLetter(ctx, l); err != nil {
			return err
		}
		if err := tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventLetterDrafted, ActorID: actor.ID, Actor: actor.Name, Note: note,
			After: fmt.Sprintf(`{"letter_id":%d}`, id)}); err != nil {
			return err
		}
		return s.inspectNow(ctx, tx, r, []releaseItem{s.letterItem(ctx, tx, l)}, actor.ID, actor.Name)
	})
}

// ApproveLetter signs off a letter (reviewers and admins). Who approved,
// and when, is kept on the letter and in the history.
func (s *Service) ApproveLetter(ctx context.Context, actor *foi.User, ref foi.Reference, id int64) error {
	if err := require(actor, PermApprove, "approve letters"); err != nil {
		return err
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		r, l, err := caseLetter(ctx, tx, ref, id)
		if err != nil {
			return err
		}
		if !l.SentAt.IsZero() {
			return foi.Errorf(foi.ECONFLICT, "letter %d has already been sent", id)
		}
		events, err := tx.FindEvents(ctx, r.ID)
		if err != nil {
			return err
		}
		if err := checkApprover(actor, events, l); err != nil {
			return err
		}
		l.ApprovedAt, l.ApprovedBy = s.Now().UTC(), actor.Name
		if err := tx.UpdateLetter(ctx, l); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventLetterApproved, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("%s letter %d approved", l.Kind, id)})
	})
}

// ApprovalRefused says why actor may not approve letter l of r ("" when
// they may), for the letter page to say so instead of offering the button.
func (s *Service) ApprovalRefused(ctx context.Context, actor *foi.User, r *foi.Request, l *foi.Letter) (string, error) {
	if err := require(actor, PermApprove, "approve letters"); err != nil {
		return foi.ErrorMessage(err), nil
	}
	events, err := s.Store.FindEvents(ctx, r.ID)
	if err != nil {
		return "", err
	}
	if err := checkApprover(actor, events, l); err != nil {
		return foi.ErrorMessage(err), nil
	}
	return "", nil
}

// checkApprover applies four eyes to one approval of l.
func checkApprover(actor *foi.User, events []*foi.Event, l *foi.Letter) error {
	if slices.Contains(letterAuthors(events, l), actor.ID) {
		return foi.Errorf(foi.EFORBIDDEN, "%s drafted or edited letter %d, or answered a part it gives, and may not approve it: sign-off is a second person's check; ask another reviewer or an administrator", actor.Name, l.ID)
	}
	return nil
}

// letterAuthors are the staff who wrote what letter l says: who drafted or
// edited it and, for a response or refusal, who answered the parts it
// gives. None of them may approve it (four eyes: sign-off is someone
// else's check). Letter events name their letter in After (and, before
// that was recorded, in the note).
func letterAuthors(events []*foi.Event, l *foi.Letter) []int64 {
	carriesAnswers := foi.DecidesRequest(l.Kind)
	var ids []int64
	for _, e := range events {
		var wrote bool
		switch e.Type {
		case EventLetterDrafted:
			wrote = letterOfEvent(e) == l.ID
		case foi.EventPartAnswered:
			wrote = carriesAnswers
		}
		if wrote && e.ActorID != 0 && !slices.Contains(ids, e.ActorID) {
			ids = append(ids, e.ActorID)
		}
	}
	return ids
}

var letterInNote = regexp.MustCompile(`\bletter (\d+)\b`)

func letterOfEvent(e *foi.Event) int64 {
	var v struct {
		LetterID int64 `json:"letter_id"`
	}
	if json.Unmarshal([]byte(e.After), &v) == nil && v.LetterID != 0 {
		return v.LetterID
	}
	if m := letterInNote.FindStringSubmatch(e.Note); m != nil {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		return id
	}
	return 0
}

// LetterRoute is how a letter to the requester can go: by email to Email,
// or, when Email is empty, only by post, for the reason Why.
type LetterRoute struct {
	Email string
	Why   string // why it cannot be emailed
	// Public says the address is WhatDoTheyKnow's, which publishes the
	// email and its attachments on the request's page as soon as it
	// arrives: staff are warned before sending.
	Public bool
}

// LetterRoute says how a letter on r can go.
func (s *Service) LetterRoute(r *foi.Request) LetterRoute {
	switch {
	case s.Mail == nil:
		return LetterRoute{Why: "email is not set up on this server"}
	case strings.TrimSpace(r.Requester.Email) == "":
		return LetterRoute{Why: "the requester gave no email address"}
	}
	return LetterRoute{Email: r.Requester.Email, Public: foi.IsWDTKAddress(r.Requester.Email)}
}

// SendLetter emails a letter to the requester and records its clock event
// (the response date for a response or refusal) in the same transaction.
// When it cannot be emailed it is refused, changing nothing: staff post it
// and record that with PostLetter, so no letter is shown as sent that was
// not. It is refused too while the letter's text or (for a response or
// refusal) a file marked for release has an open finding.
func (s *Service) SendLetter(ctx context.Context, actor *foi.User, ref foi.Reference, id int64) (*foi.Letter, error) {
	return s.deliverLetter(ctx, actor, ref, id, foi.LetterByEmail, time.Time{})
}

// PostLetter records that a letter was posted (or handed over) on the day
// on, today when zero: its clock event is recorded on that day.
func (s *Service) PostLetter(ctx context.Context, actor *foi.User, ref foi.Reference, id int64, on time.Time) (*foi.Letter, error) {
	on, err := s.pastDate(on, "posted_on")
	if err != nil {
		return nil, err
	}
	return s.deliverLetter(ctx, actor, ref, id, foi.LetterByPost, on)
}

func (s *Service) deliverLetter(ctx context.Context, actor *foi.User, ref foi.Reference, id int64, by string, postedOn time.Time) (*foi.Letter, error) {
	if err := require(actor, PermSend, "send letters"); err != nil {
		return nil, err
	}
	signOff, err := s.ResponsesNeedApproval(ctx)
	if err != nil {
		return nil, err
	}
	scope := func(ctx context.Context, rd foi.Reader, r *foi.Request) ([]releaseItem, error) {
		l, err := rd.FindLetter(ctx, id)
		if err != nil || l.RequestID != r.ID {
			return nil, foi.Errorf(foi.ENOTFOUND, "%s has no letter %d", r.Reference, id)
		}
		items := []releaseItem{s.letterItem(ctx, rd, l)}
		if l.Kind == foi.LetterResponse || l.Kind == foi.LetterRefusal {
			files, err := s.releasedScope(ctx, rd, r)
			if err != nil {
				return nil, err
			}
			items = append(items, files...)
		}
		return items, nil
	}
	if err := s.refreshFindings(ctx, actor, ref, scope); err != nil {
		return nil, err
	}
	var l *foi.Letter
	err = s.Store.Update(ctx, func(tx foi.Tx) error {
		var r *foi.Request
		var err error
		if r, l, err = caseLetter(ctx, tx, ref, id); err != nil {
			return err
		}
		if !l.SentAt.IsZero() {
			return foi.Errorf(foi.ECONFLICT, "letter %d has already been sent", id)
		}
		if by == foi.LetterByPost && postedOn.Before(r.ReceivedOn) {
			return foi.Errorf(foi.EINVALID, "posted_on %s is before the request was received (%s)", foi.FormatDate(postedOn), foi.FormatDate(r.ReceivedOn))
		}
		if signOff && needsSignOff(l.Kind) && l.ApprovedAt.IsZero() {
			return foi.Errorf(foi.ECONFLICT, "this %s needs a reviewer's approval before it is sent", l.Kind)
		}
		items, err := scope(ctx, tx, r)
		if err != nil {
			return err
		}
		if err := s.blockRelease(ctx, tx, r, items, actor.ID, actor.Name, fmt.Sprintf("Sending letter %d", id)); err != nil {
			return err
		}
		route := s.LetterRoute(r)
		if by == foi.LetterByEmail && route.Email == "" {
			return foi.Errorf(foi.ECONFLICT, "letter %d cannot be emailed: %s. Print it, post it, and record it as posted", id, route.Why)
		}
		how, on := "emailed to "+route.Email, s.today()
		if by == foi.LetterByPost {
			how, on = "recorded as posted on "+foi.FormatDate(postedOn), postedOn
		}
		if typ, ok := letterEvent[l.Kind]; ok {
			if _, err := s.recordEventTx(ctx, tx, actor, r.Reference, typ, on, fmt.Sprintf("%s letter %d %s", l.Kind, id, how)); err != nil {
				return err
			}
		}
		l.SentAt, l.SentBy, l.Delivery = s.Now().UTC(), actor.Name, by
		if by == foi.LetterByPost {
			l.PostedOn = postedOn
		}
		if err := tx.UpdateLetter(ctx, l); err != nil {
			return err
		}
		if by == foi.LetterByEmail {
			if err := s.queueLetter(ctx, tx, r, l, actor); err != nil {
				return err
			}
		} else if l.Kind == foi.LetterResponse || l.Kind == foi.LetterRefusal {
			// Not emailed: the files go with the letter by post or by hand.
			_, list, err := s.releasedItems(ctx, tx, r)
			if err != nil {
				return err
			}
			if err := recordReleased(ctx, tx, r, list, actor.ID, actor.Name, "released with the posted letter (not emailed)"); err != nil {
				return err
			}
		}
		note := fmt.Sprintf("%s letter %d %s", l.Kind, id, how)
		if l.ApprovedBy != "" {
			note += ", approved by " + l.ApprovedBy
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventLetterSent, ActorID: actor.ID, Actor: actor.Name, Note: note})
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// Letter returns one letter of a request, and the request, for staff who
// work cases, and records the view in the case's audit trail.
func (s *Service) Letter(ctx context.Context, actor *foi.User, ref foi.Reference, id int64) (*foi.Request, *foi.Letter, error) {
	if err := require(actor, PermWorkCases, "read letters"); err != nil {
		return nil, nil, err
	}
	var (
		r *foi.Request
		l *foi.Letter
	)
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		var err error
		if r, l, err = caseLetter(ctx, tx, ref, id); err != nil {
			return err
		}
		// A letter names the requester: reading one is a view of the case.
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: foi.EventViewed, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("%s letter %d", l.Kind, l.ID)})
	})
	if err != nil {
		return nil, nil, err
	}
	return r, l, nil
}

// recordEventTx records a clock event inside a transaction that does more
// (sending a letter records the event the letter stands for).
func (s *Service) recordEventTx(ctx context.Context, tx foi.Tx, actor *foi.User, ref foi.Reference, typ string, on time.Time, note string) (*foi.Request, error) {
	r, err := tx.FindRequest(ctx, ref)
	if err != nil {
		return nil, err
	}
	if _, err := s.applyEvent(ctx, tx, actor, r, ClockEvent{Type: typ, On: on, Note: note, byLetter: true}, nil); err != nil {
		return nil, err
	}
	return r, nil
}
