// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"fmt"
	"strings"

	"disclose/internal/clock"
	"disclose/internal/foi"
)

// The kind of authority decides two things the law varies by who answers:
// a school's or academy's FOIA time for compliance counts school days
// (SI 2004/3364 reg 3, as amended by SI 2010/2768), and the s.12 cost limit
// is £600 for the bodies in Part I of Schedule 1 and £450 for every other
// (SI 2004/3244 reg 3).

// Setting keys of the authority's kind and a school's term dates.
const (
	SettingAuthorityKind = "authority_kind"
	SettingSchoolTerms   = "school_terms" // one term a line, "YYYY-MM-DD YYYY-MM-DD" (clock.ParseTerms)
)

// AuthorityKind is what sort of public authority runs Disclose.
type AuthorityKind string

// Kinds of authority.
const (
	KindOther AuthorityKind = "other" // the default: a council, police force, NHS body...
	// KindCentral: a body in Part I of Schedule 1 to FOIA (government
	// departments, the Houses of Parliament, the devolved legislatures,
	// the armed forces): the £600 cost limit (SI 2004/3244 reg 3(2)).
	KindCentral AuthorityKind = "central-government"
	// KindSchool: the governing body of a maintained school or nursery
	// school, a school maintained by the Secretary of State for Defence,
	// or the proprietor of an academy (SI 2004/3364 reg 3).
	KindSchool AuthorityKind = "school"
)

// AuthorityKinds lists the kinds in the order a form offers them.
var AuthorityKinds = []AuthorityKind{KindOther, KindCentral, KindSchool}

// Title is how a form names the kind.
func (k AuthorityKind) Title() string {
	switch k {
	case KindCentral:
		return "Central government or Parliament (Part I of Schedule 1 to the Act)"
	case KindSchool:
		return "A school or academy"
	}
	return "Any other public authority (a council, police, NHS body, university...)"
}

// ParseAuthorityKind reads a kind; "" is KindOther.
func ParseAuthorityKind(s string) (AuthorityKind, error) {
	switch k := AuthorityKind(strings.TrimSpace(s)); k {
	case "":
		return KindOther, nil
	case KindOther, KindCentral, KindSchool:
		return k, nil
	}
	return "", foi.Errorf(foi.EINVALID, "unknown kind of authority %q (want other, central-government or school)", s)
}

// School is the authority's kind and, for a school, its term dates as
// entered and as read.
type School struct {
	Kind      AuthorityKind
	TermsText string
	Terms     []clock.Term
}

// SchoolSettings reads the authority's kind and term dates through r.
func schoolSettings(ctx context.Context, r foi.Reader) (School, error) {
	var sc School
	kind, err := r.FindSetting(ctx, SettingAuthorityKind)
	if err != nil && !foi.IsNotFound(err) {
		return sc, err
	}
	if sc.Kind, err = ParseAuthorityKind(kind); err != nil {
		return sc, err
	}
	sc.TermsText, err = r.FindSetting(ctx, SettingSchoolTerms)
	if err != nil && !foi.IsNotFound(err) {
		return sc, err
	}
	if sc.Terms, err = clock.ParseTerms(sc.TermsText); err != nil {
		return sc, foi.Errorf(foi.EINVALID, "the school's term dates: %v", err)
	}
	return sc, nil
}

// SchoolSettings reads the authority's kind and term dates.
func (s *Service) SchoolSettings(ctx context.Context) (School, error) {
	return schoolSettings(ctx, s.Store)
}

// termsFor gives the term dates r's clock counts by: a school's, for a
// FOIA request (SI 2004/3364 varies FOIA s.10(1) only; a school's EIR
// request has the EIR's 20 working days); nil otherwise. A school without
// term dates is an error, never a guess at 20 working days.
func termsFor(sc School, r *foi.Request) ([]clock.Term, error) {
	if sc.Kind != KindSchool || r.Regime != foi.FOIA {
		return nil, nil
	}
	if len(sc.Terms) == 0 {
		return nil, foi.Errorf(foi.EINVALID, "this authority is a school, but no term dates are entered: an administrator enters them under Settings (SI 2004/3364 reg 3 counts school days)")
	}
	return sc.Terms, nil
}

// clockCase is ClockCase with the authority's term dates applied.
func clockCase(ctx context.Context, tx foi.Reader, r *foi.Request, events []*foi.Event) (clock.Case, error) {
	k := ClockCase(r, events)
	sc, err := schoolSettings(ctx, tx)
	if err != nil {
		return k, err
	}
	k.SchoolTerms, err = termsFor(sc, r)
	return k, err
}

// SetSchool saves the authority's kind and term dates (admins only),
// audited, and recounts the deadline of every open FOIA request by them in
// the same transaction. If any open request's count would run outside the
// terms entered, or the terms are malformed, nothing is saved and the error
// says which request or line.
func (s *Service) SetSchool(ctx context.Context, actor *foi.User, kind AuthorityKind, termsText string) error {
	if actor == nil || actor.Disabled || actor.Role != foi.RoleAdmin {
		return foi.Errorf(foi.EFORBIDDEN, "only an administrator may change the authority's settings")
	}
	kind, err := ParseAuthorityKind(string(kind))
	if err != nil {
		return err
	}
	termsText = strings.TrimSpace(normaliseLines(termsText))
	terms, err := clock.ParseTerms(termsText)
	if err == nil {
		err = clock.CheckTerms(terms)
	}
	if err != nil {
		return foi.Errorf(foi.EINVALID, "term dates: %v", err)
	}
	if kind == KindSchool && len(terms) == 0 {
		return foi.Errorf(foi.EINVALID, "term dates: a school's deadlines count school days (SI 2004/3364 reg 3), so enter its terms, one a line")
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		for k, v := range map[string]string{SettingAuthorityKind: string(kind), SettingSchoolTerms: termsText} {
			if err := tx.SetSetting(ctx, k, v); err != nil {
				return err
			}
		}
		n, err := s.recountOpen(ctx, tx, actor)
		if err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{Type: foi.EventSettingsChanged, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("kind of authority: %s; %d term(s) entered; %d open request deadline(s) changed", kind, len(terms), n)})
	})
}

// recountOpen recounts the deadline of every open request inside tx by the
// settings as tx now has them, and returns how many changed. Each change
// is recorded on the request's trail.
func (s *Service) recountOpen(ctx context.Context, tx foi.Tx, actor *foi.User) (int, error) {
	changed := 0
	f := foi.RequestFilter{Statuses: []foi.Status{foi.StatusOpen, foi.StatusExtended}, Limit: 500}
	for {
		list, total, err := tx.FindRequests(ctx, f)
		if err != nil {
			return 0, err
		}
		for _, r := range list {
			events, err := tx.FindEvents(ctx, r.ID)
			if err != nil {
				return 0, err
			}
			before := clockState(r)
			old := r.DueOn
			if err := s.recomputeDeadline(ctx, tx, r, events); err != nil {
				return 0, foi.Errorf(foi.EINVALID, "%s: %s", r.Reference, foi.ErrorMessage(err))
			}
			if r.DueOn.Equal(old) {
				continue
			}
			changed++
			if err := tx.UpdateRequest(ctx, r); err != nil {
				return 0, err
			}
			if err := tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: foi.EventSettingsChanged, On: s.today(),
				ActorID: actor.ID, Actor: actor.Name, Before: before, After: clockState(r),
				Note: "deadline recounted by the authority's kind and term dates (SI 2004/3364 reg 3)"}); err != nil {
				return 0, err
			}
		}
		f.Offset += len(list)
		if len(list) == 0 || f.Offset >= total {
			return changed, nil
		}
	}
}
