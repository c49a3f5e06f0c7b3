// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"disclose/internal/clock"
	"disclose/internal/foi"
)

// Department input has its own due date (issue 17 §1): asked for without
// one, it is due a set number of working days before the statutory date,
// so the officer has time to use it. Missed, it is listed on the officer's
// dashboard and daily digest, and the contact's manager (a setting per
// department contact) and the case officer are emailed once, through the
// outbox.

// Settings of department input.
const (
	SettingInputDays = "input_due_days" // working days before the statutory date; default 5
	// EventInputEscalated records that an overdue request for input was
	// escalated, so it is escalated once.
	EventInputEscalated = "input-escalated"
)

// DefaultInputDays is how many working days before the statutory date
// department input is due when the officer gives no date.
const DefaultInputDays = 5

func managerSetting(contactID int64) string {
	return "department_manager_" + strconv.FormatInt(contactID, 10)
}

// InputSettings are the department-input settings.
type InputSettings struct {
	Days     int
	Managers map[int64]string // department contact's user id: their manager's email
}

// InputSettings reads the department-input settings for the contacts
// among users.
func (s *Service) InputSettings(ctx context.Context) (InputSettings, error) {
	return inputSettings(ctx, s.Store)
}

func inputSettings(ctx context.Context, r foi.Reader) (InputSettings, error) {
	is := InputSettings{Days: DefaultInputDays, Managers: map[int64]string{}}
	v, err := r.FindSetting(ctx, SettingInputDays)
	switch {
	case err == nil && strings.TrimSpace(v) != "":
		if is.Days, err = parseInputDays(v); err != nil {
			return is, err
		}
	case err != nil && !foi.IsNotFound(err):
		return is, err
	}
	users, err := r.FindUsers(ctx)
	if err != nil {
		return is, err
	}
	for _, u := range users {
		if u.Role != foi.RoleContributor {
			continue
		}
		v, err := r.FindSetting(ctx, managerSetting(u.ID))
		switch {
		case err == nil && strings.TrimSpace(v) != "":
			is.Managers[u.ID] = strings.TrimSpace(v)
		case err != nil && !foi.IsNotFound(err):
			return is, err
		}
	}
	return is, nil
}

func parseInputDays(v string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 || n > 19 {
		return 0, foi.Errorf(foi.EINVALID, "department input is due a number of working days before the statutory date from 0 to 19, not %q", v)
	}
	return n, nil
}

// SetInputSettings saves the department-input settings (admins only),
// audited. Managers maps department contacts to their manager's email; an
// empty email removes it. Nothing is saved if anything is wrong.
func (s *Service) SetInputSettings(ctx context.Context, actor *foi.User, days string, managers map[int64]string) error {
	if err := require(actor, PermAdminister, "change the department input settings"); err != nil {
		return err
	}
	n, err := parseInputDays(days)
	if err != nil {
		return err
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		for id, email := range managers {
			u, err := tx.FindUser(ctx, id)
			if foi.IsNotFound(err) || (err == nil && u.Role != foi.RoleContributor) {
				return foi.Errorf(foi.EINVALID, "user %d is not a department contact", id)
			} else if err != nil {
				return err
			}
			email = strings.TrimSpace(email)
			if email != "" {
				a, err := mail.ParseAddress(email)
				if err != nil || a.Address != email {
					return foi.Errorf(foi.EINVALID, "the manager of %s: %q is not an email address like manager@council.example", u.Name, email)
				}
			}
			if err := tx.SetSetting(ctx, managerSetting(id), email); err != nil {
				return err
			}
		}
		if err := tx.SetSetting(ctx, SettingInputDays, strconv.Itoa(n)); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{Type: foi.EventSettingsChanged, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("department input due %d working days before the statutory date; %d manager(s) set", n, len(managers))})
	})
}

// defaultInputDue is when department input on r is due when the officer
// gives no date: the set number of working days before the statutory
// date, but not before today; zero when r has no statutory date.
func (s *Service) defaultInputDue(ctx context.Context, tx foi.Reader, r *foi.Request) (time.Time, error) {
	if r.DueOn.IsZero() {
		return time.Time{}, nil
	}
	is, err := inputSettings(ctx, tx)
	if err != nil {
		return time.Time{}, err
	}
	cal, regime := s.Calendar(), clock.Regime(r.Regime)
	d := clock.DateOf(r.DueOn)
	for n := 0; n < is.Days; {
		d = d.AddDays(-1)
		ok, _, err := cal.WorkingDay(regime, d)
		if err != nil {
			return time.Time{}, foi.Errorf(foi.EINVALID, "cannot work out the input's due date: %v", err)
		}
		if ok {
			n++
		}
	}
	if today := s.today(); d.Time().Before(today) {
		return today, nil
	}
	return d.Time(), nil
}

// overdueInputs lists what is overdue of the input asked for on r: the
// unanswered parts whose contact has not given input by the due date.
func (s *Service) overdueInputs(ctx context.Context, r *foi.Request, events []*foi.Event) ([]*foi.PartAssignment, error) {
	as, err := s.Store.FindPartAssignments(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	given := map[string]bool{}
	for _, e := range events {
		if e.Type == EventPartInput {
			for n := range PartInputs([]*foi.Event{e}) {
				given[fmt.Sprint(n, ".", e.ActorID)] = true
			}
		}
	}
	today := s.today()
	var out []*foi.PartAssignment
	for _, a := range as {
		p := partOf(r, a.Part)
		if p == nil || p.Outcome != "" || a.DueOn.IsZero() || !a.DueOn.Before(today) || given[fmt.Sprint(a.Part, ".", a.UserID)] {
			continue
		}
		out = append(out, a)
	}
	return out, nil
}

// addOverdueInputs adds to w the overdue department input on the requests
// u handles as officer.
func (s *Service) addOverdueInputs(ctx context.Context, u *foi.User, w *Workload) error {
	f := foi.RequestFilter{Statuses: running, AssigneeID: u.ID, Limit: 1000}
	users, err := s.Store.FindUsers(ctx)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, x := range users {
		names[x.ID] = x.Name
	}
	for {
		list, total, err := s.Store.FindRequests(ctx, f)
		if err != nil {
			return err
		}
		for _, r := range list {
			events, err := s.Store.FindEvents(ctx, r.ID)
			if err != nil {
				return err
			}
			late, err := s.overdueInputs(ctx, r, events)
			if err != nil {
				return err
			}
			for _, a := range late {
				item := DueItem{Request: r, DueOn: a.DueOn, Parts: []int{a.Part}, InputFrom: names[a.UserID]}
				if p := partOf(r, a.Part); p != nil {
					item.Summary = shorten(p.Text, 120)
				}
				if n, err := s.Calendar().WorkingDaysBetween(clock.Regime(r.Regime), clock.DateOf(s.today()), clock.DateOf(a.DueOn)); err == nil {
					item.DaysLeft = n
				}
				w.InputsOverdue = append(w.InputsOverdue, item)
			}
		}
		f.Offset += len(list)
		if len(list) == 0 || f.Offset >= total {
			return nil
		}
	}
}

// escalateInputs emails, once for each overdue request for input, the
// case officer and the contact's manager (when set), and records that it
// did on the request. It returns how many requests for input it escalated.
func (s *Service) escalateInputs(ctx context.Context) (int, error) {
	if s.Mail == nil {
		return 0, nil
	}
	is, err := s.InputSettings(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	f := foi.RequestFilter{Statuses: running, Limit: 500}
	for {
		list, total, err := s.Store.FindRequests(ctx, f)
		if err != nil {
			return n, err
		}
		for _, r := range list {
			events, err := s.Store.FindEvents(ctx, r.ID)
			if err != nil {
				return n, err
			}
			late, err := s.overdueInputs(ctx, r, events)
			if err != nil {
				return n, err
			}
			for _, a := range late {
				done, err := s.escalate(ctx, r, events, a, is.Managers[a.UserID])
				if err != nil {
					return n, err
				}
				if done {
					n++
				}
			}
		}
		f.Offset += len(list)
		if len(list) == 0 || f.Offset >= total {
			return n, nil
		}
	}
}

// escalate tells the officer and manager about one overdue request for
// input, unless the request's trail says it was done for this due date.
func (s *Service) escalate(ctx context.Context, r *foi.Request, events []*foi.Event, a *foi.PartAssignment, manager string) (bool, error) {
	key := fmt.Sprintf("part %d, contact %d, due %s", a.Part, a.UserID, foi.FormatDate(a.DueOn))
	for _, e := range events {
		if e.Type == EventInputEscalated && strings.HasPrefix(e.Note, key+":") {
			return false, nil
		}
	}
	contact, err := s.Store.FindUser(ctx, a.UserID)
	if err != nil {
		return false, err
	}
	msg := fmt.Sprintf("input from %s on part %d was due by %s and has not been given; the request is due %s.",
		contact.Name, a.Part, a.DueOn.Format("2 January 2006"), r.DueOn.Format("2 January 2006"))
	// Seq makes each escalation's outbox key its own and stable: the due
	// day and the part.
	seq := a.DueOn.Unix()/86400*1000 + int64(a.Part)
	var to []*foi.User
	if r.AssigneeID != 0 {
		if officer, err := s.Store.FindUser(ctx, r.AssigneeID); err == nil && !officer.Disabled && officer.Email != "" {
			to = append(to, officer)
		} else if err != nil && !foi.IsNotFound(err) {
			return false, err
		}
	}
	if manager != "" {
		// The manager is not a user: the id in the outbox key is the
		// contact's, negated, so it can never be a user's.
		to = append(to, &foi.User{ID: -contact.ID, Name: "Manager of " + contact.Name, Email: manager})
	}
	var sent []string
	err = s.Store.Update(ctx, func(tx foi.Tx) error {
		for _, u := range to {
			m, err := s.Mail.StaffNotification(StaffNotificationEmail{To: u, Request: r, Message: "Department input overdue: " + msg, Seq: seq})
			if err != nil {
				return err
			}
			if err := queueEmail(ctx, tx, r, m, 0, "Disclose"); err != nil {
				return err
			}
			sent = append(sent, u.Email)
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventInputEscalated, Actor: "Disclose",
			Note: fmt.Sprintf("%s: %s told to %s", key, msg, orNobody(sent))})
	})
	return err == nil, err
}

func orNobody(list []string) string {
	if len(list) == 0 {
		return "nobody (no officer or manager with an email address)"
	}
	return strings.Join(list, " and ")
}
