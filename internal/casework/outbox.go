// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"fmt"

	"disclose/internal/foi"
)

// ResolveEmail is staff deciding about an outgoing message on a case that
// failed: resend queues it again now (for a refusal, once the address is
// put right; for a message in doubt, once they have checked it did not
// arrive), and !resend records that it did arrive (a message in doubt that
// the requester or the mail server's log says was delivered). Either way
// the decision is on the case's timeline.
func (s *Service) ResolveEmail(ctx context.Context, actor *foi.User, ref foi.Reference, id int64, resend bool) (*foi.OutboxMessage, error) {
	if err := require(actor, PermSend, "send email to requesters"); err != nil {
		return nil, err
	}
	to, verb := foi.OutboxSent, "confirmed as sent"
	if resend {
		to, verb = foi.OutboxQueued, "queued to be sent again"
	}
	var m *foi.OutboxMessage
	if err := foi.CheckResolution(to); err != nil {
		return nil, err
	}
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		if m, err = tx.ResolveMessage(ctx, id, to); err != nil {
			return err
		}
		if m.RequestID != r.ID {
			return foi.Errorf(foi.ENOTFOUND, "%s has no outgoing message %d", r.Reference, id)
		}
		typ := foi.EventEmailSent
		if resend {
			typ = foi.EventEmailQueued
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: typ, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("%s to %s %s by staff: %s", m.Kind, m.To, verb, m.Subject)})
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}
