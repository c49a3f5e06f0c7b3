// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"fmt"

	"disclose/internal/foi"
)

// CaseEscalations returns a request's internal reviews and regulator cases
// for r as FindRequest returned it to actor. Those who work cases see them;
// a contributor sees none, as on their case page (contributorView): a
// review's grounds are the requester's own words and its decisions carry
// every part before and after.
func (s *Service) CaseEscalations(ctx context.Context, actor *foi.User, r *foi.Request) ([]*foi.Review, []*foi.RegulatorCase, error) {
	if err := require(actor, PermViewCases, "see a request"); err != nil {
		return nil, nil, err
	}
	if !Can(actor, PermWorkCases) {
		return nil, nil, nil
	}
	reviews, err := s.Store.FindReviews(ctx, r.ID)
	if err != nil {
		return nil, nil, err
	}
	cases, err := s.Store.FindRegulatorCases(ctx, r.ID)
	if err != nil {
		return nil, nil, err
	}
	return reviews, cases, nil
}

// EmailCase returns the request a received email became or was filed on,
// for the email's page, and records the view in the case's audit trail.
func (s *Service) EmailCase(ctx context.Context, actor *foi.User, m *foi.InboundMessage) (*foi.Request, error) {
	if err := require(actor, PermWorkCases, "read received email"); err != nil {
		return nil, err
	}
	var r *foi.Request
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		var err error
		if r, err = tx.FindRequestByID(ctx, m.RequestID); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: foi.EventViewed, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("from received email %d", m.ID)})
	})
	return r, err
}

// CasePublication returns a case's disclosure-log entry while it is public,
// or nil, for those who work cases.
func (s *Service) CasePublication(ctx context.Context, actor *foi.User, r *foi.Request) (*foi.Publication, error) {
	if err := require(actor, PermWorkCases, "see a case's publication"); err != nil {
		return nil, err
	}
	pub, err := s.Store.FindPublication(ctx, r.Reference)
	if foi.IsNotFound(err) || (err == nil && !pub.Public()) {
		return nil, nil
	}
	return pub, err
}
