package demo

import (
	"context"
	"fmt"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
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
	at(asked.AddDate(0, 0, 18))
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
		On: notice, Outcome: "complaint partly upheld", Steps: "Search the service's archive again and issue a fresh response to part 1."})
	return err
}
