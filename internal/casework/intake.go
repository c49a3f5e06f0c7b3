// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"fmt"
	"strings"
	"time"

	"disclose/internal/foi"
)

// NewRequest is a request as it arrives. The fields marked staff-only may
// be set only by staff logging a request that arrived another way, or a
// historical one; the public's requests are received now, by web.
type NewRequest struct {
	Requester foi.Requester
	Text      string

	Regime     foi.Regime    // staff-only; the default_regime setting otherwise (FOIA)
	Channel    foi.Channel   // staff-only; web for the public
	ReceivedOn time.Time     // staff-only; today otherwise
	Reference  foi.Reference // staff-only: a historical case keeps its reference
	// Language is the requester's language for correspondence, when
	// known: the web form's language, or the language of their email.
	Language foi.RequestLanguage

	// tracking, when set (by SubmitPublicRequest), asks create to issue a
	// tracking link before the acknowledgement is queued, and receives
	// its secret.
	tracking *string
}

// SubmitRequest validates and stores a request logged by a member of staff
// (the public's go through SubmitPublicRequest, which limits them), splits
// it into parts and starts the statutory clock. When the requester gave an
// email address the acknowledgement is queued in the same transaction. It
// stores nothing when anything is wrong.
func (s *Service) SubmitRequest(ctx context.Context, actor *foi.User, in NewRequest) (*foi.Request, error) {
	if err := require(actor, PermWorkCases, "log requests"); err != nil {
		return nil, foi.Errorf(foi.ErrorCode(err), "only staff may log a request (and set its regime, channel, received_on or reference); the public use the request form")
	}
	r, err := s.prepare(in, s.Now())
	if err != nil {
		return nil, err
	}
	actorID, actorName := actorOf(actor)
	err = s.Store.Update(ctx, func(tx foi.Tx) error { return s.create(ctx, tx, r, in, actorID, actorName) })
	if err != nil {
		return nil, err
	}
	return r, nil
}

// prepare validates a new request that arrived at the instant arrived and
// builds it, split into parts. Permission is the caller's to check.
func (s *Service) prepare(in NewRequest, arrived time.Time) (*foi.Request, error) {
	requester := trimRequester(in.Requester)
	text := strings.TrimSpace(normaliseLines(in.Text))
	if err := checkFields(requester, text); err != nil {
		return nil, err
	}
	if err := requester.Validate(); err != nil {
		return nil, err
	}
	if text == "" {
		return nil, foi.Errorf(foi.EINVALID, "the request text is required: describe the information wanted (FOIA s.8(1)(c))")
	}

	r := &foi.Request{
		Reference:  in.Reference,
		Regime:     in.Regime,
		Channel:    in.Channel,
		ReceivedAt: arrived.UTC(),
		ReceivedOn: foi.Date(arrived.In(UK)),
		Requester:  requester,
		Text:       text,
		Status:     foi.StatusOpen,
	}
	if r.Channel == "" {
		r.Channel = foi.ChannelWeb
	}
	if !in.ReceivedOn.IsZero() {
		r.ReceivedOn = foi.Date(in.ReceivedOn)
		r.ReceivedAt = dayStart(r.ReceivedOn)
	}
	if err := foi.CheckHistoricalDate("received_on", r.ReceivedOn, s.today()); err != nil {
		return nil, err
	}
	r.Preamble, r.Parts = splitParts(text, r.Requester.Name)
	return r, nil
}

// dayStart is the instant of receipt of a request known only by its day
// (logged later, or from an older log): the start of that day in UK time,
// since the hour was not recorded.
func dayStart(on time.Time) time.Time {
	y, m, d := on.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, UK).UTC()
}

// create stores a prepared request inside tx with its audit event and, for
// a request received now (not a historical case) from someone with an
// email address, the acknowledgement.
func (s *Service) create(ctx context.Context, tx foi.Tx, r *foi.Request, in NewRequest, actorID int64, actorName string) error {
	if r.Regime == "" {
		regime, err := defaultRegime(ctx, tx)
		if err != nil {
			return err
		}
		r.Regime = regime
	}
	if err := foi.CheckReferencePrefix(r.Reference, r.Regime); err != nil {
		return err
	}
	// A new request only: a historical case logged with its old reference
	// is a record of what happened, not a request to accept now.
	if err := foi.CheckInWriting(r.Regime, r.Channel); err != nil && in.Reference.IsZero() {
		return &fieldError{err, FieldChannel}
	}
	if err := s.setDeadline(ctx, tx, r); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	if err := tx.CreateRequest(ctx, r); err != nil {
		return err
	}
	if in.Language.Lang != "" {
		if err := tx.SetRequestLanguage(ctx, r.ID, in.Language); err != nil {
			return err
		}
	}
	err := tx.AddEvent(ctx, &foi.Event{
		RequestID: r.ID, Type: foi.EventCreated, On: r.ReceivedOn, At: s.Now().UTC(),
		ActorID: actorID, Actor: actorName,
		Note: fmt.Sprintf("received by %s; %d part(s); due %s", r.Channel, len(r.Parts), foi.FormatDate(r.DueOn)),
	})
	trackingPath := ""
	if err == nil && in.tracking != nil {
		*in.tracking, err = issueTrackingLink(ctx, tx, r)
		trackingPath = TrackingPath(*in.tracking)
	}
	if err != nil || s.Mail == nil || r.Requester.Email == "" || !in.Reference.IsZero() {
		return err
	}
	authority, err := authorityNameIn(ctx, tx, correspondenceLang(in.Language))
	if err != nil {
		return err
	}
	m, err := s.Mail.Acknowledgement(AcknowledgementEmail{Authority: authority, Request: r, TrackingPath: trackingPath,
		Lang: correspondenceLang(in.Language)})
	if err != nil {
		return err
	}
	return queueEmail(ctx, tx, r, m, actorID, actorName)
}

// setDeadline computes a new request's statutory deadline.
func (s *Service) setDeadline(ctx context.Context, tx foi.Reader, r *foi.Request) error {
	k, err := clockCase(ctx, tx, r, nil)
	if err != nil {
		return err
	}
	cal := s.Calendar()
	due, err := cal.Deadline(k)
	if err != nil {
		return foi.Errorf(foi.EINVALID, "cannot compute the deadline: %v", err)
	}
	r.DueOn = due.Time()
	r.CalendarVersion = cal.Version()
	return nil
}

func defaultRegime(ctx context.Context, tx foi.Reader) (foi.Regime, error) {
	v, err := tx.FindSetting(ctx, SettingDefaultRegime)
	if foi.IsNotFound(err) || v == "" {
		return foi.FOIA, nil
	} else if err != nil {
		return "", err
	}
	return foi.ParseRegime(v)
}

func trimRequester(r foi.Requester) foi.Requester {
	return foi.Requester{
		Name:    strings.TrimSpace(r.Name),
		Email:   strings.TrimSpace(r.Email),
		Address: strings.TrimSpace(normaliseLines(r.Address)),
		Phone:   strings.TrimSpace(r.Phone),
	}
}

// splitParts turns the splitter's questions into numbered parts. The
// closing (sign-off, signature, footers) stays in the request's text and
// out of every part, so the requester's name is not answered or published
// as a question; signers are the names the requester may sign with.
func splitParts(text string, signers ...string) (string, []foi.Part) {
	sp := foi.SplitRequest(text, signers...)
	preamble, qs := sp.Preamble, sp.Questions
	parts := make([]foi.Part, len(qs))
	for i, q := range qs {
		parts[i] = foi.Part{Number: i + 1, Label: q.Label, Text: q.Text}
	}
	return preamble, parts
}

// FindRequest returns a request for a member of staff and records the view
// in the audit trail: every access to personal data is auditable.
func (s *Service) FindRequest(ctx context.Context, actor *foi.User, ref foi.Reference) (*foi.Request, []*foi.Event, error) {
	if actor == nil || actor.Disabled {
		return nil, nil, foi.Errorf(foi.EUNAUTH, "sign in to see a request")
	}
	var (
		r      *foi.Request
		events []*foi.Event
	)
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		var err error
		if r, err = tx.FindRequest(ctx, ref); err != nil {
			return err
		}
		contributor := actor.Role == foi.RoleContributor
		if contributor {
			if err := contributorView(ctx, tx, actor, r); err != nil {
				return err
			}
		}
		if err := tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: foi.EventViewed, ActorID: actor.ID, Actor: actor.Name}); err != nil {
			return err
		}
		if contributor {
			return nil // the history names the requester and other parts
		}
		events, err = tx.FindEvents(ctx, r.ID)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return r, events, nil
}

// contributorView cuts a request down to what a contributor (a department
// asked for input) may see: only the parts assigned to them, with their
// text, outcome and answer so far (not the exemptions' reasoning), and
// nothing about the requester, who is personal data they have no need
// to know. It is the one rule for every way a contributor reads a case:
// the case page, the API, the case list and its search; reviews,
// complaints, letters, files and the history are not theirs at all.
func contributorView(ctx context.Context, tx foi.Reader, actor *foi.User, r *foi.Request) error {
	assigned, err := tx.FindPartAssignments(ctx, r.ID)
	if err != nil {
		return err
	}
	mine := map[int]bool{}
	for _, a := range assigned {
		if a.UserID == actor.ID {
			mine[a.Part] = true
		}
	}
	if len(mine) == 0 {
		return foi.Errorf(foi.EFORBIDDEN, "no part of %s is assigned to you", r.Reference)
	}
	var parts []foi.Part
	for _, p := range r.Parts {
		if mine[p.Number] {
			parts = append(parts, foi.Part{Number: p.Number, Label: p.Label, Text: p.Text, Answer: p.Answer, Outcome: p.Outcome})
		}
	}
	r.Parts = parts
	r.Requester = foi.Requester{}
	r.Text, r.Preamble = "", ""
	r.ReceivedAt, r.CalendarVersion = time.Time{}, ""
	return nil
}
