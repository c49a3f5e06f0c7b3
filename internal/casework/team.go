// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"disclose/internal/foi"
)

// The team's view (issue 15): every case still to answer, counted by the
// officer it is assigned to, and cases given to an officer several at once.

// TeamRow is one officer's cases still to answer (UserID 0: unassigned).
type TeamRow struct {
	UserID   int64
	Name     string
	Open     int // still to answer, whatever the clock (not counting reviews)
	Overdue  int // clock running and past the due date
	DueSoon  int // clock running, due within Within working days
	Stopped  int // clock stopped, waiting on the requester
	InReview int // an internal review under way
	// AwaitingInput: still to answer, with a part asked of a department
	// that has not given its input yet.
	AwaitingInput int
	// WithRegulator: a complaint to the ICO or SIC not yet closed, whatever
	// the request's own status (usually answered and closed).
	WithRegulator int
}

// Team is the team's workload, officers by name, the unassigned last.
type Team struct {
	Within int
	Rows   []TeamRow
	Total  TeamRow
}

// TeamWorkload counts the cases still to answer by assignee. The due-soon
// window is the digest's (DigestSettings).
func (s *Service) TeamWorkload(ctx context.Context, actor *foi.User) (*Team, error) {
	if err := require(actor, PermWorkCases, "see the team's workload"); err != nil {
		return nil, err
	}
	within, _, err := s.DigestSettings(ctx)
	if err != nil {
		return nil, err
	}
	users, err := s.Store.FindUsers(ctx)
	if err != nil {
		return nil, err
	}
	rows := map[int64]*TeamRow{0: {Name: "Unassigned"}}
	for _, u := range users {
		if !u.Disabled && Can(u, PermWorkCases) {
			rows[u.ID] = &TeamRow{UserID: u.ID, Name: u.Name}
		}
	}
	awaiting, err := s.Store.FindAwaitingInput(ctx)
	if err != nil {
		return nil, err
	}
	waiting := map[int64]bool{}
	for _, id := range awaiting {
		waiting[id] = true
	}
	regulator, err := s.Store.FindWithRegulator(ctx)
	if err != nil {
		return nil, err
	}
	row := func(id int64) *TeamRow {
		row := rows[id]
		if row == nil { // a disabled or former officer's cases still count
			row = &TeamRow{UserID: id, Name: fmt.Sprintf("Member of staff %d (no longer active)", id)}
			for _, u := range users {
				if u.ID == id {
					row.Name = u.Name + " (no longer active)"
				}
			}
			rows[id] = row
		}
		return row
	}
	for _, assignee := range regulator {
		row(assignee).WithRegulator++
	}
	today := s.today()
	f := foi.RequestFilter{Statuses: foi.OpenStatuses, Limit: 1000}
	for {
		list, total, err := s.Store.FindRequests(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, r := range list {
			row := row(r.AssigneeID)
			if r.Status != foi.StatusInReview {
				row.Open++
				if waiting[r.ID] {
					row.AwaitingInput++
				}
			}
			switch r.Status {
			case foi.StatusAwaitingClarification, foi.StatusAwaitingFee:
				row.Stopped++
			case foi.StatusInReview:
				row.InReview++
			default:
				if n, ok := s.WorkingDaysLeft(r); ok && (n < 0 || r.DueOn.Before(today)) {
					row.Overdue++
				} else if ok && n <= within {
					row.DueSoon++
				}
			}
		}
		f.Offset += len(list)
		if len(list) == 0 || f.Offset >= total {
			break
		}
	}
	t := &Team{Within: within}
	for _, row := range rows {
		t.Rows = append(t.Rows, *row)
		t.Total.Open += row.Open
		t.Total.Overdue += row.Overdue
		t.Total.DueSoon += row.DueSoon
		t.Total.Stopped += row.Stopped
		t.Total.InReview += row.InReview
		t.Total.AwaitingInput += row.AwaitingInput
		t.Total.WithRegulator += row.WithRegulator
	}
	slices.SortFunc(t.Rows, func(a, b TeamRow) int {
		if (a.UserID == 0) != (b.UserID == 0) {
			if a.UserID == 0 {
				return 1
			}
			return -1
		}
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	t.Total.Name = "Team"
	return t, nil
}

// AssignCases gives several requests to one officer (or to nobody, with
// 0) in one transaction: all are assigned or none is. Each request's
// history records it, saying how many were assigned together.
func (s *Service) AssignCases(ctx context.Context, actor *foi.User, refs []foi.Reference, userID int64) error {
	if err := require(actor, PermWorkCases, "assign requests"); err != nil {
		return err
	}
	if len(refs) == 0 {
		return foi.Errorf(foi.EINVALID, "Select the cases to assign")
	}
	if len(refs) > 200 {
		return foi.Errorf(foi.EINVALID, "Assign at most 200 cases at once")
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		name, err := assigneeName(ctx, tx, userID)
		if err != nil {
			return err
		}
		seen := map[foi.Reference]bool{}
		for _, ref := range refs {
			if seen[ref] {
				continue
			}
			seen[ref] = true
			r, err := tx.FindRequest(ctx, ref)
			if err != nil {
				return err
			}
			before := r.AssigneeID
			r.AssigneeID = userID
			if err := tx.UpdateRequest(ctx, r); err != nil {
				return err
			}
			if err := tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: foi.EventAssigned, ActorID: actor.ID, Actor: actor.Name,
				Note:   fmt.Sprintf("assigned to %s (with %d selected cases)", name, len(refs)),
				Before: fmt.Sprintf(`{"assignee_id":%d}`, before), After: fmt.Sprintf(`{"assignee_id":%d}`, userID)}); err != nil {
				return err
			}
		}
		return nil
	})
}

// assigneeName checks that userID may handle requests and names them
// ("nobody" for 0).
func assigneeName(ctx context.Context, tx foi.Tx, userID int64) (string, error) {
	if userID == 0 {
		return "nobody", nil
	}
	u, err := tx.FindUser(ctx, userID)
	if foi.IsNotFound(err) {
		return "", foi.Errorf(foi.EINVALID, "there is no member of staff with id %d", userID)
	} else if err != nil {
		return "", err
	}
	if u.Disabled {
		return "", foi.Errorf(foi.EINVALID, "%s's account is disabled", u.Name)
	}
	if !Can(u, PermWorkCases) {
		return "", foi.Errorf(foi.EINVALID, "%s is a %s and cannot handle a request; ask them for input on a part instead", u.Name, u.Role)
	}
	return u.Name, nil
}
