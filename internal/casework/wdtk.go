// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"fmt"
	"strings"

	"disclose/internal/foi"
)

// fromWDTK sorts a message from a WhatDoTheyKnow request address to the
// FOI mailbox. WDTK sends every message of one request from the same
// address, but a follow-up such as a request for internal review comes
// with a new subject rather than as a reply to the case address: so a
// message from the address of an existing case is threaded to that case,
// and one whose subject says it asks for an internal review of an answered
// case opens the review. Any other message is a new request.
func (s *Service) fromWDTK(ctx context.Context, tx foi.Tx, m *foi.InboundMessage) error {
	cases, _, err := tx.FindRequests(ctx, foi.RequestFilter{RequesterEmail: m.FromEmail, Order: foi.OrderReceived, Limit: 1})
	if err != nil {
		return err
	}
	if len(cases) == 0 {
		return s.requestFromEmail(ctx, tx, m)
	}
	r, err := tx.FindRequest(ctx, cases[0].Reference) // locked, as it may change
	if err != nil {
		return err
	}
	if err := s.threadReply(ctx, tx, m, r.Reference, 0, emailActor); err != nil {
		return err
	}
	if !wdtkReview(m.Subject) || (r.Status != foi.StatusResponded && r.Status != foi.StatusClosed) {
		return nil
	}
	// WDTK's own form: the requester asked for the review in so many words.
	on := foi.Date(m.ReceivedAt.In(UK))
	if _, err := s.applyEvent(ctx, tx, &foi.User{Name: emailActor}, r, ClockEvent{Type: foi.EventReviewRequested, On: on,
		Note: fmt.Sprintf("asked for through WhatDoTheyKnow: %q (inbound message %d)", m.Subject, m.ID)}, nil); err != nil {
		return err
	}
	m.Suggestion = ""
	return nil
}

// wdtkReview reports whether a WhatDoTheyKnow subject is its internal
// review form's ("Internal review of Freedom of Information request - ...").
func wdtkReview(subject string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(subject)), "internal review of")
}

// WDTKPage is the WhatDoTheyKnow page of a request made through WDTK, as
// its own messages give it (the internal review form carries it), for
// the publish form to offer; "" when none is known. Only the request text
// and messages from the request's own WDTK address are read.
func (x CaseEmails) WDTKPage(r *foi.Request) string {
	if r == nil || r.Channel != foi.ChannelWDTK {
		return ""
	}
	if u := foi.WDTKPage(r.Text); u != "" {
		return u
	}
	for _, m := range x.Received {
		if strings.EqualFold(m.FromEmail, r.Requester.Email) {
			if u := foi.WDTKPage(m.Text); u != "" {
				return u
			}
		}
	}
	return ""
}
