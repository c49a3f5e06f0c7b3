// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"time"

	"disclose/internal/foi"
)

// OwnInputs are the input a department contact gave on a request, by part
// number: what they sent, kept in view after they send it. The rest of
// the history is not theirs to see (it names the requester).
func (s *Service) OwnInputs(ctx context.Context, actor *foi.User, r *foi.Request) (map[int][]*foi.Event, error) {
	if actor.Role != foi.RoleContributor {
		return nil, nil
	}
	events, err := s.Store.FindEvents(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	var own []*foi.Event
	for _, e := range events {
		if e.Type == EventPartInput && e.ActorID == actor.ID {
			own = append(own, e)
		}
	}
	return PartInputs(own), nil
}

// AskedBy is the date a department contact was asked to give their input
// by, on the parts of r assigned to them that are still unanswered: the
// earliest internal due date, or the statutory date when none was given.
// ok is false when nothing of r waits for them.
func (s *Service) AskedBy(ctx context.Context, actor *foi.User, r *foi.Request) (time.Time, bool, error) {
	as, err := s.Store.FindPartAssignments(ctx, r.ID)
	if err != nil {
		return time.Time{}, false, err
	}
	_, due, _ := askedOf(as, actor, r)
	return due, !due.IsZero(), nil
}

// askedOf is what of r waits for the department contact u: the parts, the
// date asked by (see AskedBy) and the first part's question.
func askedOf(as []*foi.PartAssignment, u *foi.User, r *foi.Request) (parts []int, due time.Time, summary string) {
	for _, a := range as {
		p := partOf(r, a.Part)
		if a.UserID != u.ID || p == nil || p.Outcome != "" {
			continue
		}
		parts = append(parts, a.Part)
		if summary == "" {
			summary = p.Text
		}
		d := a.DueOn
		if d.IsZero() {
			d = r.DueOn
		}
		if !d.IsZero() && (due.IsZero() || d.Before(due)) {
			due = d
		}
	}
	return parts, due, summary
}
