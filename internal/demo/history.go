// SPDX-License-Identifier: AGPL-3.0-or-later

package demo

import (
	"context"
	"fmt"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/stats"
)

// A year of answered requests, so that the dashboard's charts, the
// department table and the quarterly CSV show what a council's year looks
// like: most answered in time, some within a permitted extension, some
// late; several departments; a spread of outcomes and exemptions; internal
// reviews upheld and overturned; complaints to the regulator. Everything
// goes through the casework service, as staff would do it, with the
// service's clock moved to the day each thing happened.

// topic is one kind of request a council receives, with the department
// asked for input and the disclosure-log category it is published under.
type topic struct {
	regime   foi.Regime
	dept     string
	category string
	title    string
	text     string
}

var topics = []topic{
	{foi.FOIA, "Highways", "Highways and transport", "Pothole repairs",
		"1. How many potholes were reported in the last financial year?\n2. How many were repaired within 28 days?"},
	{foi.FOIA, "Housing", "Housing", "Temporary accommodation",
		"1. How many households were in temporary accommodation at the end of each quarter last year?\n2. What did the council spend on bed and breakfast accommodation?"},
	{foi.FOIA, "Children's Services", "Children and families", "Children in care placements",
		"1. How many looked-after children were placed outside the borough on 31 March?\n2. What was the average weekly cost of those placements?"},
	{foi.EIR, "Environmental Health", "Environment", "Fly-tipping enforcement",
		"1. How many fly-tipping incidents were recorded last year, by ward?\n2. How many fixed penalty notices were issued for fly-tipping?"},
	{foi.FOIA, "Finance", "Finance and spending", "Agency staff spending",
		"1. How much did the council spend on agency staff last year?\n2. Which agencies were used, and how much was paid to each?"},
	{foi.EIR, "Planning", "Planning and building control", "Riverside development viability",
		"1. Please provide the viability assessment for the Riverside development.\n2. Please provide any correspondence with the developer about affordable housing on the site."},
	{foi.FOIA, "Finance", "Finance and spending", "Business rates relief",
		"1. How many businesses received small business rates relief last year?\n2. What was the total value of that relief?"},
	{foi.FOIA, "Highways", "Highways and transport", "Parking fines",
		"1. How many penalty charge notices were issued last year?\n2. How many were cancelled on appeal?"},
}

// answerFor is a part's answer, outcome and exemptions under a pattern
// that varies from case to case.
func answerFor(t topic, i, part int) casework.Answer {
	switch {
	case i%7 == 3 && part == 2 && t.regime == foi.EIR:
		return casework.Answer{Text: "This information is withheld: its disclosure would harm the developer's legitimate economic interests.",
			Outcome: foi.Withheld, Exemptions: []string{"reg12(5)(e)"},
			PublicInterest: "The public interest in transparency about affordable housing is outweighed, at this stage of negotiations, by the interest in the council obtaining best value."}
	case i%7 == 3 && part == 2:
		return casework.Answer{Text: "The amounts paid to each supplier are withheld as commercially sensitive.",
			Outcome: foi.Withheld, Exemptions: []string{"s43(2)"},
			PublicInterest: "Disclosure would prejudice the council's position in a current procurement; this outweighs the public interest in the detail."}
	case i%7 == 5 && part == 2 && t.regime == foi.FOIA:
		return casework.Answer{Text: "The council does not hold this information in that form.", Outcome: foi.NotHeld}
	case i%11 == 6 && t.regime == foi.FOIA:
		return casework.Answer{Text: "Finding this information would exceed the appropriate limit of £450.", Outcome: foi.CostLimit}
	}
	return casework.Answer{Text: fmt.Sprintf("The figure is %d; the breakdown is in the attached table.", 40+i*7+part), Outcome: foi.Granted}
}

// loadYear loads answered requests received over the last year.
func loadYear(ctx context.Context, svc *casework.Service, staff, reviewer *foi.User, depts map[string]*foi.User) error {
	realNow := svc.Now
	defer func() { svc.Now = realNow }()
	today := foi.Date(realNow().In(casework.UK))
	at := func(d time.Time) {
		svc.Now = func() time.Time { return time.Date(d.Year(), d.Month(), d.Day(), 11, 0, 0, 0, casework.UK) }
	}
	for i := range 40 {
		t := topics[i%len(topics)]
		received := today.AddDate(0, 0, -(365 - i*8))
		if wd := received.Weekday(); wd == time.Saturday || wd == time.Sunday {
			received = received.AddDate(0, 0, 2)
		}
		at(received)
		r, err := svc.SubmitRequest(ctx, staff, casework.NewRequest{
			Requester: foi.Requester{Name: fmt.Sprintf("Requester %d", i+1), Email: fmt.Sprintf("requester%d@example.org", i+1)},
			Text:      t.text, Regime: t.regime, Channel: []foi.Channel{foi.ChannelWeb, foi.ChannelEmail, foi.ChannelEmail, foi.ChannelPost}[i%4],
			ReceivedOn: received,
		})
		if err != nil {
			return err
		}
		if err := svc.AssignPart(ctx, staff, r.Reference, 1, depts[t.dept].ID, received.AddDate(0, 0, 10), "Figures, please."); err != nil {
			return err
		}
		// Every ninth request takes a permitted extension (public
		// interest under FOIA s.10(3), complex and voluminous under EIR
		// reg 7); every sixth is answered late; the rest in 2-4 weeks.
		respondAfter := 14 + (i*5)%14
		if i%9 == 4 {
			at(received.AddDate(0, 0, 15))
			if _, err := svc.RecordEvent(ctx, staff, r.Reference, casework.ClockEvent{Type: foi.EventExtended, On: received.AddDate(0, 0, 15),
				Note: "More time needed to consider the public interest."}); err != nil {
				return err
			}
			respondAfter = 40
		} else if i%6 == 0 {
			respondAfter = 34 + i%5
		}
		responded := received.AddDate(0, 0, respondAfter)
		at(responded)
		for n := range r.Parts {
			if _, err := svc.AnswerPart(ctx, staff, r.Reference, n+1, answerFor(t, i, n+1)); err != nil {
				return fmt.Errorf("%s part %d: %w", r.Reference, n+1, err)
			}
		}
		if _, err := svc.RecordEvent(ctx, staff, r.Reference, casework.ClockEvent{Type: foi.EventResponded, On: responded}); err != nil {
			return err
		}
		at(responded.AddDate(0, 0, 3))
		if _, err := svc.Publish(ctx, staff, r.Reference, casework.PublishInput{Title: t.title, Category: t.category}); err != nil {
			return err
		}
		if i == 39 {
			// The newest answered request is in internal review now: asked
			// for a week ago, not yet decided, so the demo has a case in
			// every state a council sees.
			asked := today.AddDate(0, 0, -7)
			at(asked)
			if _, err := svc.RecordEvent(ctx, staff, r.Reference, casework.ClockEvent{Type: foi.EventReviewRequested, On: asked,
				Note: "The requester asks whether the figures include agency staff."}); err != nil {
				return fmt.Errorf("%s: %w", r.Reference, err)
			}
			// Assigned to the reviewer, so it waits in her queue.
			if _, err := svc.AssignReviewer(ctx, staff, r.Reference, reviewer.ID); err != nil {
				return fmt.Errorf("%s: %w", r.Reference, err)
			}
			continue
		}
		if err := reviewAndComplain(ctx, svc, staff, reviewer, r, i, responded, today, at); err != nil {
			return fmt.Errorf("%s: %w", r.Reference, err)
		}
	}
	return nil
}

// reviewAndComplain takes some answered requests to internal review (one
// in five: upheld, or overturned with a new answer) and some reviewed
// ones on to the regulator.
func reviewAndComplain(ctx context.Context, svc *casework.Service, staff, reviewer *foi.User, r *foi.Request, i int, responded, today time.Time, at func(time.Time)) error {
	if i%5 != 2 {
		return nil
	}
	asked := responded.AddDate(0, 0, 12)
	at(asked)
	if _, err := svc.RecordEvent(ctx, staff, r.Reference, casework.ClockEvent{Type: foi.EventReviewRequested, On: asked,
		Note: "The requester believes more information is held."}); err != nil {
		return err
	}
	decided := asked.AddDate(0, 0, 18)
	if i == 22 {
		// One review decided late (after 20 working days): the reviewer
		// was away, and the regulator's view shows it.
		decided = asked.AddDate(0, 0, 45)
	}
	at(decided)
	d := casework.ReviewDecision{Outcome: foi.ReviewUpheld, Note: "The searches made were reasonable and the answer stands."}
	if i%10 == 7 {
		d = casework.ReviewDecision{Outcome: foi.ReviewOverturned, Note: "Further records were found in the service's shared drive.",
			Parts: map[int]casework.Answer{2: {Text: "Further records were found; the figure is 12.", Outcome: foi.Granted}}}
	}
	if _, err := svc.CompleteReview(ctx, reviewer, r.Reference, d); err != nil {
		return err
	}
	if i%10 != 2 {
		return nil
	}
	complained := asked.AddDate(0, 0, 30)
	at(complained)
	c, err := svc.LogComplaint(ctx, staff, r.Reference, fmt.Sprintf("IC-%d-D%02d", 300000+i*37, i), complained,
		"The requester complained that the council holds more information than it disclosed.")
	if err != nil || i != 32 {
		return err
	}
	// The newest complaint has its decision notice, three weeks ago: the
	// steps it orders fall due in a fortnight, and an appeal is still open.
	notice := today.AddDate(0, 0, -21)
	if !notice.After(complained) {
		return nil
	}
	at(notice)
	_, err = svc.RecordDecisionNotice(ctx, staff, r.Reference, c.ID, casework.Decision{Number: fmt.Sprintf("IC-%d-D%02d", 300000+i*37, i),
		On: notice, Outcome: "partly upheld", Steps: "Search the service's archive again and issue a fresh response to part 1."})
	return err
}

// loadBusyMonth makes the month three months ago a busy one — a planning
// controversy brought many short requests, all answered in time — with
// just enough of them that the month's FOIA timeliness is Adequate in the
// ICO's bands (90% to under 95%): with L answered late, 10·L requests in
// all. Some asked for an internal review, enough that the month's review
// timeliness is Adequate too (reviewsForBand). So the regulator's view
// shows every band in some month, for requests and for reviews.
func loadBusyMonth(ctx context.Context, svc *casework.Service, staff, reviewer *foi.User) error {
	realNow := svc.Now
	defer func() { svc.Now = realNow }()
	today := foi.Date(realNow().In(casework.UK))
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -3, 0)
	last := first.AddDate(0, 1, -1)
	r, err := stats.Build(ctx, svc.Store, first, last, today)
	if err != nil {
		return err
	}
	c := r.Sum(foi.FOIA, first, last)
	late, due := c.Late+c.Overdue, c.Responded+c.Overdue
	type answered struct {
		ref       foi.Reference
		responded time.Time
	}
	var busy []answered
	answer := func(received time.Time, after int, text string) error {
		svc.Now = func() time.Time {
			return time.Date(received.Year(), received.Month(), received.Day(), 11, 0, 0, 0, casework.UK)
		}
		q, err := svc.SubmitRequest(ctx, staff, casework.NewRequest{
			Requester: foi.Requester{Name: fmt.Sprintf("Resident %d", due+1), Email: fmt.Sprintf("resident%d@example.org", due+1)},
			Text:      text, Regime: foi.FOIA, Channel: foi.ChannelWeb, ReceivedOn: received})
		if err != nil {
			return err
		}
		responded := received.AddDate(0, 0, after)
		svc.Now = func() time.Time {
			return time.Date(responded.Year(), responded.Month(), responded.Day(), 11, 0, 0, 0, casework.UK)
		}
		for n := range q.Parts {
			if _, err := svc.AnswerPart(ctx, staff, q.Reference, n+1, casework.Answer{Text: "The figures are in the attached table.", Outcome: foi.Granted}); err != nil {
				return err
			}
		}
		_, err = svc.RecordEvent(ctx, staff, q.Reference, casework.ClockEvent{Type: foi.EventResponded, On: responded})
		due++
		busy = append(busy, answered{q.Reference, responded})
		return err
	}
	day := func(i int) time.Time {
		d := first.AddDate(0, 0, i%25)
		for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			d = d.AddDate(0, 0, 1)
		}
		return d
	}
	if late == 0 {
		if err := answer(day(0), 40, "How many objections were made to the Riverside planning application?"); err != nil {
			return err
		}
		late = 1
	}
	// Enough requests for the reviews too: up to 19 in time for each late
	// one keeps the month's requests Adequate.
	onTime, lateReviews := reviewsForBand(c.ReviewsInTime, c.ReviewsLate+c.ReviewsOverdue)
	for i := 1; due < 10*late || (len(busy) < onTime+lateReviews && due < 19*late); i++ {
		if err := answer(day(i), 10, fmt.Sprintf("How many letters about the Riverside application did ward %d's councillors receive?", i)); err != nil {
			return err
		}
	}
	for _, a := range busy {
		if onTime+lateReviews == 0 {
			break
		}
		// Asked three days after the answer; decided ten days later, or,
		// for the late ones, after 40 days (past the 20 working days).
		asked, after := a.responded.AddDate(0, 0, 3), 10
		if lateReviews > 0 {
			lateReviews, after = lateReviews-1, 40
		} else {
			onTime--
		}
		svc.Now = func() time.Time { return time.Date(asked.Year(), asked.Month(), asked.Day(), 11, 0, 0, 0, casework.UK) }
		if _, err := svc.RecordEvent(ctx, staff, a.ref, casework.ClockEvent{Type: foi.EventReviewRequested, On: asked,
			Note: "The requester asks whether letters sent to the planning department are counted."}); err != nil {
			return err
		}
		decided := asked.AddDate(0, 0, after)
		svc.Now = func() time.Time {
			return time.Date(decided.Year(), decided.Month(), decided.Day(), 11, 0, 0, 0, casework.UK)
		}
		if _, err := svc.CompleteReview(ctx, reviewer, a.ref, casework.ReviewDecision{Outcome: foi.ReviewUpheld,
			Note: "The count includes every letter the councillors forwarded; the answer stands."}); err != nil {
			return err
		}
	}
	return nil
}

// reviewsForBand is how many more reviews, decided in time and late, bring
// a month that has inTime and late ones to exactly 90% in time: Adequate
// in the ICO's bands (90% to under 95%).
func reviewsForBand(inTime, late int) (moreInTime, moreLate int) {
	target := max(late, 1)
	for inTime > 9*target {
		target++
	}
	return 9*target - inTime, target - late
}

// loadUnlogged leaves one email in the holding pen, unsorted for five weeks:
// a request with no name, which FOIA s.8(1)(b) needs — the "possibly
// unlogged" request the ICO asks about.
func loadUnlogged(ctx context.Context, svc *casework.Service) error {
	arrived := svc.Now().AddDate(0, 0, -35)
	raw := "From: <bins.question@example.net>\r\nTo: <information.matters@thurrock.gov.uk>\r\nSubject: Bin collections\r\n" +
		"Date: " + arrived.Format(time.RFC1123Z) + "\r\n\r\nHow many missed bin collections were reported last year?\r\n"
	m := &foi.InboundMessage{Raw: []byte(raw), ReceivedAt: arrived, EnvelopeFrom: "bins.question@example.net",
		EnvelopeTo: []string{"information.matters@thurrock.gov.uk"}}
	if err := svc.Store.Update(ctx, func(tx foi.Tx) error { return tx.CreateInbound(ctx, m) }); err != nil {
		return err
	}
	_, err := svc.ReceiveEmail(ctx, casework.ReceivedEmail{InboundID: m.ID, Kind: casework.EmailNewRequest,
		FromEmail: "bins.question@example.net", Subject: "Bin collections", Text: "How many missed bin collections were reported last year?"})
	return err
}
