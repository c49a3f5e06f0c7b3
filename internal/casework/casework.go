// SPDX-License-Identifier: AGPL-3.0-or-later

// Package casework is the service layer: every rule with a side effect
// lives here. Each operation checks permission, then runs one transaction
// that makes the change and writes the audit event that records it.
// Handlers only parse and render; stores only persist.
package casework

import (
	"context"
	"sync"
	"time"

	"disclose/internal/clock"
	"disclose/internal/foi"
)

// UK is the zone in which the statutory day of receipt is counted: a
// request is received on the UK calendar date it arrived (Berend v ICO: a
// day runs to midnight).
var UK = mustLoadLocation("Europe/London")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // time/tzdata is linked into the binary by cmd/disclose
	}
	return loc
}

// Service runs casework against a store.
type Service struct {
	Store foi.Store
	Now   func() time.Time // injected so tests can fix the time
	// Mail renders the emails that changes queue; nil sends none.
	Mail Mailer
	// EmailFiles reads the attached files out of a stored message, for
	// filing one from the holding pen (the mail package's Files); nil
	// copies none.
	EmailFiles func(raw []byte) []foi.Attachment
	// PasswordSignInOff refuses password sign-in to everyone but
	// break-glass administrators (foi.User.BreakGlass): single sign-on is
	// the way in.
	PasswordSignInOff bool
	// SSO maps a provider's claims to roles when single sign-on is on
	// (sso.go); nil when it is off.
	SSO *SSOPolicy

	mu       sync.Mutex
	calendar *clock.Calendar
}

// New returns a service using the store's current calendar (or the
// embedded one when none was imported) and the real clock.
func New(ctx context.Context, store foi.Store) (*Service, error) {
	s := &Service{Store: store, Now: time.Now}
	if err := s.ReloadCalendar(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// ReloadCalendar picks up the most recently imported bank-holiday calendar.
func (s *Service) ReloadCalendar(ctx context.Context) error {
	cal := clock.Embedded()
	stored, err := s.Store.FindCalendar(ctx)
	switch {
	case err == nil:
		if cal, err = clock.ParseGovUK(stored.Data); err != nil {
			return err
		}
	case !foi.IsNotFound(err):
		return err
	}
	s.mu.Lock()
	s.calendar = cal
	s.mu.Unlock()
	return nil
}

// Calendar returns the bank-holiday calendar deadlines are computed with.
func (s *Service) Calendar() *clock.Calendar {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calendar
}

// today is the current UK calendar date.
func (s *Service) today() time.Time { return foi.Date(s.Now().In(UK)) }

// Actor names who did something, for the audit trail. A nil user is the
// public (a requester, who has no account).
func actorOf(u *foi.User) (int64, string) {
	if u == nil {
		return 0, "requester"
	}
	return u.ID, u.Name
}

// isStaff reports whether u may handle cases (not only contribute).
func isStaff(u *foi.User) bool {
	return u != nil && !u.Disabled && u.Role != foi.RoleContributor
}
