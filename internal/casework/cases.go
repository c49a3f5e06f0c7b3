// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"disclose/internal/askedbefore"
	"disclose/internal/clock"
	"disclose/internal/foi"
)

// Audit event types of the staff application's case changes.
const (
	EventPartAssigned   = foi.EventPartAssigned
	EventPartInput      = foi.EventPartInput
	EventPartEdited     = foi.EventPartEdited
	EventPartsMerged    = foi.EventPartsMerged
	EventPartSplit      = foi.EventPartSplit
	EventLetterDrafted  = foi.EventLetterDrafted
	EventLetterApproved = foi.EventLetterApproved
	EventLetterSent     = foi.EventLetterSent
	EventAttachment     = foi.EventAttachment
	EventAttachmentMark = foi.EventAttachmentMark
	EventAttachmentRead = foi.EventAttachmentRead
	EventTemplateEdited = foi.EventTemplateEdited
)

// ListCases returns one page of the case list. A contributor sees only
// requests with a part assigned to them, whatever the filter says.
func (s *Service) ListCases(ctx context.Context, actor *foi.User, f foi.RequestFilter) ([]*foi.Request, int, error) {
	if err := require(actor, PermViewCases, "see the case list"); err != nil {
		return nil, 0, err
	}
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	if actor.Role == foi.RoleContributor {
		if strings.TrimSpace(f.Requester) != "" {
			return nil, 0, foi.Errorf(foi.EFORBIDDEN, "department contacts cannot search by requester")
		}
		return s.contributorCases(ctx, actor, f)
	}
	list, total, err := s.Store.FindRequests(ctx, f)
	if err != nil || strings.TrimSpace(f.Requester) == "" {
		return list, total, err
	}
	// A search by requester looks up personal data: who searched for whom
	// is audited, once for the search and on each case it showed.
	note := "searched the case list for requester " + strconv.Quote(strings.TrimSpace(f.Requester))
	err = s.Store.Update(ctx, func(tx foi.Tx) error {
		if err := tx.AddEvent(ctx, &foi.Event{Type: foi.EventRequesterSearched, ActorID: actor.ID, Actor: actor.Name, Note: note}); err != nil {
			return err
		}
		for _, r := range list {
			if err := tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: foi.EventRequesterSearched, ActorID: actor.ID, Actor: actor.Name, Note: note}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// contributorCases is the case list of a contributor: each request cut
// down by contributorView, and words searched for only in what that leaves
// (their parts), so a search cannot tell them what else a request says.
// A department's requests are few, so they are read whole and paged here.
func (s *Service) contributorCases(ctx context.Context, actor *foi.User, f foi.RequestFilter) ([]*foi.Request, int, error) {
	number, words := f.TextMatch()
	limit, offset := f.Limit, f.Offset
	if limit == 0 {
		limit = 50
	}
	f.ContributorID, f.RequesterEmail, f.Text, f.Offset, f.Limit = actor.ID, "", "", 0, 1000
	var matched []*foi.Request
	for {
		page, total, err := s.Store.FindRequests(ctx, f)
		if err != nil {
			return nil, 0, err
		}
		for _, r := range page {
			if err := contributorView(ctx, s.Store, actor, r); err != nil {
				return nil, 0, err
			}
			if visibleMatch(r, number, words) {
				matched = append(matched, r)
			}
		}
		f.Offset += len(page)
		if len(page) == 0 || f.Offset >= total {
			break
		}
	}
	n := len(matched)
	if offset >= n {
		return nil, n, nil
	}
	return matched[offset:min(n, offset+limit)], n, nil
}

// visibleMatch is the case list's search (foi.RequestFilter.TextMatch: the
// reference, or every word in any case) over what a contributor sees of a
// request.
func visibleMatch(r *foi.Request, number int, words []string) bool {
	if number == 0 && len(words) == 0 {
		return true
	}
	if number > 0 && number == r.Reference.Number {
		return true
	}
	if len(words) == 0 {
		return false
	}
	var b strings.Builder
	for _, p := range r.Parts {
		b.WriteString(strings.ToLower(p.Text))
		b.WriteByte('\n')
	}
	text := b.String()
	for _, w := range words {
		if !strings.Contains(text, strings.ToLower(w)) {
			return false
		}
	}
	return true
}

// Today is the current UK calendar date, for pages that count from it.
func (s *Service) Today() time.Time { return s.today() }

// WorkingDaysLeft counts the working days from today to a request's due
// date under its regime: negative when overdue. ok is false when there is
// nothing to count (no due date, or a date the calendar does not cover).
func (s *Service) WorkingDaysLeft(r *foi.Request) (n int, ok bool) {
	if r.DueOn.IsZero() {
		return 0, false
	}
	n, err := s.Calendar().WorkingDaysBetween(r.Regime, clock.DateOf(s.today()), clock.DateOf(r.DueOn))
	return n, err == nil
}

// DueWithin returns the last date that is within n working days of today
// under a regime (FOIA's calendar when none is given), for the "due within"
// filter.
func (s *Service) DueWithin(regime foi.Regime, n int) (time.Time, error) {
	if regime == "" {
		regime = foi.FOIA
	}
	if n < 0 || n > 260 {
		return time.Time{}, foi.Errorf(foi.EINVALID, "due within must be between 0 and 260 working days")
	}
	d, err := s.Calendar().AddWorkingDays(regime, clock.DateOf(s.today()), n)
	if err != nil {
		return time.Time{}, foi.Errorf(foi.EINVALID, "%v", err)
	}
	return d.Time(), nil
}

// AssignCase gives a request to an officer (or takes it away with 0).
func (s *Service) AssignCase(ctx context.Context, actor *foi.User, ref foi.Reference, userID int64) error {
	if err := require(actor, PermWorkCases, "assign requests"); err != nil {
		return err
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		name, err := assigneeName(ctx, tx, userID) // team.go
		if err != nil {
			return err
		}
		before := r.AssigneeID
		r.AssigneeID = userID
		if err := tx.UpdateRequest(ctx, r); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: foi.EventAssigned, ActorID: actor.ID, Actor: actor.Name,
			Note: "assigned to " + name, Before: fmt.Sprintf(`{"assignee_id":%d}`, before), After: fmt.Sprintf(`{"assignee_id":%d}`, userID)})
	})
}

// AssignPart asks a contributor (a department) for input on one part by an
// internal due date.
func (s *Service) AssignPart(ctx context.Context, actor *foi.User, ref foi.Reference, part int, contributorID int64, dueOn time.Time, note string) error {
	if err := require(actor, PermWorkCases, "ask departments for input"); err != nil {
		return err
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(r.Parts, func(p foi.Part) bool { return p.Number == part }) {
			return foi.Errorf(foi.ENOTFOUND, "%s has no part %d", r.Reference, part)
		}
		u, err := tx.FindUser(ctx, contributorID)
		if foi.IsNotFound(err) {
			return foi.Errorf(foi.EINVALID, "choose a department to ask")
		} else if err != nil {
			return err
		}
		if u.Role != foi.RoleContributor || u.Disabled {
			return foi.Errorf(foi.EINVALID, "%s is not a department contact (contributor)", u.Name)
		}
		if !dueOn.IsZero() && dueOn.Before(s.today()) {
			return foi.Errorf(foi.EINVALID, "the internal due date %s is in the past", foi.FormatDate(dueOn))
		}
		if dueOn.IsZero() {
			if dueOn, err = s.defaultInputDue(ctx, tx, r); err != nil {
				return err
			}
		}
		a := &foi.PartAssignment{RequestID: r.ID, Part: part, UserID: u.ID, DueOn: dueOn, Note: strings.TrimSpace(note)}
		if err := tx.SetPartAssignment(ctx, a); err != nil {
			return err
		}
		msg := fmt.Sprintf("part %d: input asked of %s", part, u.Name)
		if !dueOn.IsZero() {
			msg += " by " + foi.FormatDate(dueOn)
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventPartAssigned, ActorID: actor.ID, Actor: actor.Name, Note: msg})
	})
}

// AddPartInput records a contributor's input on a part assigned to them.
// The input goes into the case history for the officer to use; only staff
// who handle the case write the answer itself.
func (s *Service) AddPartInput(ctx context.Context, actor *foi.User, ref foi.Reference, part int, text string) error {
	if err := require(actor, PermContribute, "give input on a part"); err != nil {
		return err
	}
	text = strings.TrimSpace(text)
	if text == "" {
		return foi.Errorf(foi.EINVALID, "write your input before sending it")
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		as, err := tx.FindPartAssignments(ctx, r.ID)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(as, func(a *foi.PartAssignment) bool { return a.Part == part && a.UserID == actor.ID }) {
			return foi.Errorf(foi.EFORBIDDEN, "part %d of %s is not assigned to you", part, r.Reference)
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventPartInput, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("part %d: %s", part, text)})
	})
}

// PartInputs returns contributors' input by part number, from the history.
func PartInputs(events []*foi.Event) map[int][]*foi.Event {
	out := map[int][]*foi.Event{}
	for _, e := range events {
		if e.Type != EventPartInput {
			continue
		}
		var n int
		if _, err := fmt.Sscanf(e.Note, "part %d:", &n); err == nil {
			out[n] = append(out[n], e)
		}
	}
	return out
}

// editParts runs a change to a request's parts: only while the request is
// open, only on parts without an outcome, renumbering assignments to follow.
// change returns the new parts, the old number each came from (for moving
// assignments: 0 for none), and the audit note.
func (s *Service) editParts(ctx context.Context, actor *foi.User, ref foi.Reference, typ string,
	change func(r *foi.Request) ([]foi.Part, []int, string, error)) error {
	if err := require(actor, PermWorkCases, "edit parts"); err != nil {
		return err
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		if !r.Status.Open() {
			return foi.Errorf(foi.ECONFLICT, "%s is %s: its parts can no longer change", r.Reference, r.Status)
		}
		before, _ := json.Marshal(partTexts(r.Parts))
		parts, from, note, err := change(r)
		if err != nil {
			return err
		}
		assigned, err := tx.FindPartAssignments(ctx, r.ID)
		if err != nil {
			return err
		}
		for _, p := range r.Parts {
			if err := tx.DeletePartAssignments(ctx, r.ID, p.Number); err != nil {
				return err
			}
		}
		for i := range parts {
			parts[i].Number = i + 1
			for _, a := range assigned {
				if from[i] != 0 && a.Part == from[i] {
					moved := *a
					moved.Part = i + 1
					if err := tx.SetPartAssignment(ctx, &moved); err != nil {
						return err
					}
				}
			}
		}
		r.Parts = parts
		after, _ := json.Marshal(partTexts(r.Parts))
		if err := tx.UpdateRequest(ctx, r); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: typ, ActorID: actor.ID, Actor: actor.Name,
			Note: note, Before: string(before), After: string(after)})
	})
}

func partTexts(parts []foi.Part) []string {
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = p.Text
	}
	return out
}

func findPart(r *foi.Request, n int) (int, error) {
	i := slices.IndexFunc(r.Parts, func(p foi.Part) bool { return p.Number == n })
	if i < 0 {
		return 0, foi.Errorf(foi.ENOTFOUND, "%s has no part %d", r.Reference, n)
	}
	if r.Parts[i].Outcome != "" {
		return 0, foi.Errorf(foi.ECONFLICT, "part %d is already answered: change its answer, not its question", n)
	}
	return i, nil
}

func identity(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

// EditPart changes the text of one part (the splitter misread it, or the
// requester clarified it).
func (s *Service) EditPart(ctx context.Context, actor *foi.User, ref foi.Reference, n int, text string) error {
	return s.editParts(ctx, actor, ref, EventPartEdited, func(r *foi.Request) ([]foi.Part, []int, string, error) {
		i, err := findPart(r, n)
		if err != nil {
			return nil, nil, "", err
		}
		text = strings.TrimSpace(text)
		if text == "" {
			return nil, nil, "", foi.Errorf(foi.EINVALID, "part %d needs its question; merge it into another part to remove it", n)
		}
		parts := slices.Clone(r.Parts)
		parts[i].Text = text
		return parts, identity(len(parts)), fmt.Sprintf("part %d edited", n), nil
	})
}

// MergeParts joins part n and the part after it into one.
func (s *Service) MergeParts(ctx context.Context, actor *foi.User, ref foi.Reference, n int) error {
	return s.editParts(ctx, actor, ref, EventPartsMerged, func(r *foi.Request) ([]foi.Part, []int, string, error) {
		i, err := findPart(r, n)
		if err != nil {
			return nil, nil, "", err
		}
		if i+1 >= len(r.Parts) {
			return nil, nil, "", foi.Errorf(foi.EINVALID, "part %d is the last part: there is nothing after it to merge", n)
		}
		if _, err := findPart(r, r.Parts[i+1].Number); err != nil {
			return nil, nil, "", err
		}
		parts := keepLabels(r.Parts)
		parts[i].Text = parts[i].Text + "\n\n" + parts[i+1].Text
		parts[i].Label = parts[i].Label + "–" + parts[i+1].Label
		parts = slices.Delete(parts, i+1, i+2)
		from := identity(len(r.Parts))
		from = slices.Delete(from, i+1, i+2) // part n+1's assignments are dropped with it
		return parts, from, fmt.Sprintf("parts %d and %d merged", n, n+1), nil
	})
}

// keepLabels copies parts, giving each unlabelled part its number as its
// label, so that the numbers the requester (and the letters) see stay as
// they were when parts are split or merged.
func keepLabels(parts []foi.Part) []foi.Part {
	out := slices.Clone(parts)
	for i := range out {
		if out[i].Label == "" {
			out[i].Label = strconv.Itoa(out[i].Number)
		}
	}
	return out
}

// splitLabels are the labels of the two halves of the part labelled l:
// "3a" and "3b" after "3" (the requester's 3 stays 3), "3a.1" and "3a.2"
// after "3a"; never a label another part has.
func splitLabels(parts []foi.Part, l string) (string, string) {
	taken := map[string]bool{}
	for _, p := range parts {
		taken[p.Label] = true
	}
	for n := 0; ; n++ {
		var a, b string
		if last := l[len(l)-1]; last >= '0' && last <= '9' {
			a, b = l+string(rune('a'+2*n)), l+string(rune('b'+2*n))
		} else {
			a, b = fmt.Sprintf("%s.%d", l, 2*n+1), fmt.Sprintf("%s.%d", l, 2*n+2)
		}
		if !taken[a] && !taken[b] || n > 10 {
			return a, b
		}
	}
}

// SplitPart splits part n in two at the first occurrence of at (the start
// of the second question), which must lie inside the part.
func (s *Service) SplitPart(ctx context.Context, actor *foi.User, ref foi.Reference, n int, first, second string) error {
	return s.editParts(ctx, actor, ref, EventPartSplit, func(r *foi.Request) ([]foi.Part, []int, string, error) {
		i, err := findPart(r, n)
		if err != nil {
			return nil, nil, "", err
		}
		first, second = strings.TrimSpace(first), strings.TrimSpace(second)
		if first == "" || second == "" {
			return nil, nil, "", foi.Errorf(foi.EINVALID, "both new parts need their question")
		}
		parts := keepLabels(r.Parts)
		a, b := splitLabels(parts, parts[i].Label)
		parts[i].Text, parts[i].Label = first, a
		parts = slices.Insert(parts, i+1, foi.Part{Text: second, Label: b})
		from := identity(len(r.Parts))
		from = slices.Insert(from, i+1, 0)
		return parts, from, fmt.Sprintf("part %d split in two", n), nil
	})
}

// environmentalWords suggest information on the state of the environment
// or what affects it (EIR reg 2(1)): such a request should be handled
// under the EIR, whatever the requester cited.
var environmentalWords = []string{
	// Not bare "environment": "social, environmental and economic
	// well-being" is a phrase of procurement, not a sign of EIR.
	"environmental information", "environmental impact", "pollution", "emission", "air quality", "contaminat", "flood", "waste", "recycling",
	"landfill", "noise", "planning application", "tree", "biodiversity", "habitat", "water quality",
	"drainage", "sewage", "climate", "carbon", "energy", "pesticide", "asbestos", "fly-tipping", "fly tipping",
	"land use", "traffic", "highway", "road", "parking", "wildlife",
}

// EnvironmentalHint returns the words that suggest a request is for
// environmental information, when it is not already handled under the EIR.
func EnvironmentalHint(r *foi.Request) []string {
	if r.Regime.Environmental() {
		return nil
	}
	text := strings.ToLower(r.Text)
	var found []string
	for _, w := range environmentalWords {
		if containsWord(text, w) {
			found = append(found, w)
		}
	}
	return found
}

// containsWord finds w at the start of a word ("tree" in "trees", not in "street").
func containsWord(text, w string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], w)
		if j < 0 {
			return false
		}
		at := i + j
		if at == 0 || !unicode.IsLetter(rune(text[at-1])) {
			return true
		}
		i = at + 1
	}
}

// Related is an earlier or later request that may be aggregated with this
// one (FOIA s.12(4): requests from one person for similar information
// within 60 working days may be added up against the cost limit) or be a
// repeat of it (s.14(2)).
type Related struct {
	Request    *foi.Request
	Similarity float64 // 0..1: the share of distinctive words in common
	Days       int     // working days between the two receipts
}

// RelatedRequests finds other requests from the same email address
// received within 60 working days, most similar first.
func (s *Service) RelatedRequests(ctx context.Context, actor *foi.User, r *foi.Request) ([]Related, error) {
	if !Can(actor, PermWorkCases) || r.Requester.Email == "" {
		return nil, nil
	}
	list, _, err := s.Store.FindRequests(ctx, foi.RequestFilter{RequesterEmail: r.Requester.Email, Order: foi.OrderReceived, Limit: 50})
	if err != nil {
		return nil, err
	}
	cal := s.Calendar()
	words := distinctiveWords(r.Text)
	var out []Related
	for _, o := range list {
		if o.ID == r.ID {
			continue
		}
		days, err := cal.WorkingDaysBetween(r.Regime, clock.DateOf(o.ReceivedOn), clock.DateOf(r.ReceivedOn))
		if err != nil {
			continue
		}
		if days < 0 {
			days = -days
		}
		if !askedbefore.WithinAggregationWindow(days) {
			continue
		}
		out = append(out, Related{Request: o, Similarity: similarity(words, distinctiveWords(o.Text)), Days: days})
	}
	slices.SortFunc(out, func(a, b Related) int {
		switch {
		case a.Similarity > b.Similarity:
			return -1
		case a.Similarity < b.Similarity:
			return 1
		}
		return a.Days - b.Days
	})
	return out, nil
}

var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the a an and or of to in for on by with from at as is are was were be been this that these those
		it its your you my i we our us please would like request information under freedom act 2000 any all what how many much
		which who when where does do did has have had not if so each per please provide copy copies number`) {
		stopWords[w] = true
	}
}

func distinctiveWords(text string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(w) > 2 && !stopWords[w] {
			out[w] = true
		}
	}
	return out
}

// similarity is the Jaccard index of two word sets.
func similarity(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	common := 0
	for w := range a {
		if b[w] {
			common++
		}
	}
	return float64(common) / float64(len(a)+len(b)-common)
}
