// SPDX-License-Identifier: AGPL-3.0-or-later

package demo

import (
	"context"
	"fmt"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// loadWorkspace adds the open cases the staff workspace's newer screens
// show (issue 15): department input asked and overdue, input asked and not
// yet due with searches recorded against a part, and a round robin — the
// same questions as a published business-rates response, from another
// requester, answered like it. The requesters are made up, and say so.
func loadWorkspace(ctx context.Context, svc *casework.Service, staff *foi.User, depts map[string]*foi.User) error {
	realNow := svc.Now
	defer func() { svc.Now = realNow }()
	today := foi.Date(realNow().In(casework.UK))
	at := func(d time.Time) {
		svc.Now = func() time.Time { return time.Date(d.Year(), d.Month(), d.Day(), 11, 0, 0, 0, casework.UK) }
	}
	weekday := func(d time.Time) time.Time {
		for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			d = d.AddDate(0, 0, -1)
		}
		return d
	}
	log := func(received time.Time, name, email, text string) (*foi.Request, error) {
		at(received)
		return svc.SubmitRequest(ctx, staff, casework.NewRequest{Requester: foi.Requester{Name: name, Email: email},
			Text: text, Regime: foi.FOIA, Channel: foi.ChannelEmail, ReceivedOn: received})
	}

	// Input overdue: Housing was asked ten days ago for part 1 by three
	// days ago, and has not answered; the dashboard lists it.
	received := weekday(today.AddDate(0, 0, -14))
	r, err := log(received, "Demo Requester (generated) 901", "demo.requester.901@example.org",
		"1. How many homes did the council let to new tenants last year?\n2. How long, on average, were those homes empty between tenancies?")
	if err != nil {
		return err
	}
	at(received.AddDate(0, 0, 2))
	if err := svc.AssignPart(ctx, staff, r.Reference, 1, depts["Housing"].ID, weekday(today.AddDate(0, 0, -3)), "Lettings figures for 2025/26, please."); err != nil {
		return fmt.Errorf("%s: %w", r.Reference, err)
	}

	// Input asked and not yet due, with the searches made so far on part
	// 2, for the s.12 estimate.
	received = weekday(today.AddDate(0, 0, -4))
	r, err = log(received, "Demo Requester (generated) 902", "demo.requester.902@example.org",
		"1. How many streetlights did the council replace with LED units last year?\n2. Please send any reports on the savings the LED programme has made.")
	if err != nil {
		return err
	}
	at(received.AddDate(0, 0, 1))
	if err := svc.AssignPart(ctx, staff, r.Reference, 2, depts["Highways"].ID, today.AddDate(0, 0, 6), "Any savings reports since 2023."); err != nil {
		return fmt.Errorf("%s: %w", r.Reference, err)
	}
	for _, in := range []casework.SearchInput{
		{Part: 2, Where: "Highways shared drive, Street Lighting folder", Terms: "LED savings; energy report", Activity: string(foi.ActivityLocate), Minutes: 45},
		{Part: 2, Where: "Street lighting contract mailbox", Terms: "LED programme savings", Activity: string(foi.ActivityRetrieve), Minutes: 30},
	} {
		if _, err := svc.RecordSearch(ctx, staff, r.Reference, in); err != nil {
			return fmt.Errorf("%s: %w", r.Reference, err)
		}
	}

	// A round robin: the questions of an answered and published request,
	// sent to many councils, answered like the published entry and linked
	// with it. (Not FOI 12748's: the tests send that one again themselves.)
	rates := topics[6]
	found, err := svc.Disclosures(ctx, foi.PublicationFilter{Query: "small business rates relief"})
	if err != nil {
		return err
	}
	var earlier foi.Reference
	for _, h := range found.Entries {
		if h.Title == rates.title {
			earlier = h.Reference
			break
		}
	}
	if earlier.IsZero() {
		return fmt.Errorf("no published %q entry to answer a round robin like", rates.title)
	}
	received = weekday(today.AddDate(0, 0, -2))
	r, err = log(received, "Demo Researcher (generated)", "round.robin.demo@example.org", rates.text)
	if err != nil {
		return err
	}
	at(today)
	if _, err := svc.AnswerLike(ctx, staff, r.Reference, earlier); err != nil {
		return fmt.Errorf("%s answered like %s: %w", r.Reference, earlier, err)
	}
	return nil
}
