// SPDX-License-Identifier: AGPL-3.0-or-later

// Package demo loads example cases into a fresh database for `disclose
// demo`: the published FOI 12748 response from Thurrock Council, answered
// exactly as the council answered it, a few hundred older published
// responses across departments (made up by internal/loadgen, imported as
// a historical log is), and open cases in every state of the statutory
// clock. Everything goes through the casework service, so the
// demo's audit trails and deadlines are the real ones.
package demo

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/loadgen"
	"disclose/internal/logimport"
)

//go:embed foi-12748.json
var seedJSON []byte

// seedCase is the canonical published response (internal/seedcase), with the
// seven answers as the council gave them.
type seedCase struct {
	Reference   string   `json:"reference"`
	Title       string   `json:"title"`
	Category    string   `json:"category"`
	Regime      string   `json:"regime"`
	ReceivedOn  string   `json:"received_on"`
	RespondedOn string   `json:"responded_on"`
	PublishedOn string   `json:"published_on"`
	Request     string   `json:"request"`
	Answers     []string `json:"answers"`
}

// Load fills an empty database through svc, acting as staff.
func Load(ctx context.Context, svc *casework.Service, staff *foi.User) error {
	if err := svc.Store.Update(ctx, func(tx foi.Tx) error {
		return tx.SetSetting(ctx, foi.SettingReferenceStart, "12700")
	}); err != nil {
		return err
	}
	// The demo presents the authority whose published response is the seed.
	if err := svc.SetAuthority(ctx, staff, casework.Authority{
		Name:        "Thurrock Council",
		FOIEmail:    "information.matters@thurrock.gov.uk",
		BrandColour: "#2b4a75",
		ReviewTeam:  "a senior member of the Information Management Team",
	}); err != nil {
		return err
	}
	if err := loadSeed(ctx, svc, staff); err != nil {
		return fmt.Errorf("loading FOI 12748: %w", err)
	}
	if err := loadHistory(ctx, svc); err != nil {
		return fmt.Errorf("loading the historical log: %w", err)
	}
	for _, c := range openCases {
		if err := loadOpen(ctx, svc, staff, c); err != nil {
			return fmt.Errorf("loading %q: %w", c.requester.Name, err)
		}
	}
	reviewer, depts, err := loadStaff(ctx, svc)
	if err != nil {
		return fmt.Errorf("loading staff: %w", err)
	}
	if err := loadYear(ctx, svc, staff, reviewer, depts); err != nil {
		return fmt.Errorf("loading the past year: %w", err)
	}
	if err := loadBusyMonth(ctx, svc, staff, reviewer); err != nil {
		return fmt.Errorf("loading the busy month: %w", err)
	}
	if err := loadUnlogged(ctx, svc); err != nil {
		return fmt.Errorf("loading the unsorted email: %w", err)
	}
	if err := loadWelsh(ctx, svc, staff); err != nil {
		return fmt.Errorf("loading the Welsh cases: %w", err)
	}
	if err := loadWorkspace(ctx, svc, staff, depts); err != nil {
		return fmt.Errorf("loading the workspace's cases: %w", err)
	}
	return nil
}

// loadStaff adds the departments asked for input (contributors) and a
// reviewer who decides internal reviews, none of whom can sign in until an
// administrator sets a password.
func loadStaff(ctx context.Context, svc *casework.Service) (*foi.User, map[string]*foi.User, error) {
	depts := map[string]*foi.User{}
	var reviewer *foi.User
	err := svc.Store.Update(ctx, func(tx foi.Tx) error {
		for _, t := range topics {
			if depts[t.dept] != nil {
				continue
			}
			u := &foi.User{Email: strings.ToLower(strings.NewReplacer(" ", ".", "'", "").Replace(t.dept)) + "@thurrock.example",
				Name: t.dept, Role: foi.RoleContributor}
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
			depts[t.dept] = u
		}
		// Created last, so that its id is never a caller's bare staff id.
		reviewer = &foi.User{Email: "reviews@thurrock.example", Name: "Rita Reviewer", Role: foi.RoleReviewer}
		return tx.CreateUser(ctx, reviewer)
	})
	return reviewer, depts, err
}

func loadSeed(ctx context.Context, svc *casework.Service, staff *foi.User) error {
	var sc seedCase
	if err := json.Unmarshal(seedJSON, &sc); err != nil {
		return err
	}
	ref, err := foi.ParseReference(sc.Reference)
	if err != nil {
		return err
	}
	received, _ := foi.ParseDate(sc.ReceivedOn)
	responded, _ := foi.ParseDate(sc.RespondedOn)
	r, err := svc.SubmitRequest(ctx, staff, casework.NewRequest{
		Requester:  foi.Requester{Name: "Sam Researcher", Email: "sam.researcher@example.org"},
		Text:       sc.Request,
		Regime:     foi.Regime(sc.Regime),
		Channel:    foi.ChannelEmail,
		ReceivedOn: received,
		Reference:  ref,
	})
	if err != nil {
		return err
	}
	if len(r.Parts) != len(sc.Answers) {
		return fmt.Errorf("the request split into %d parts, the response answers %d", len(r.Parts), len(sc.Answers))
	}
	for i, a := range sc.Answers {
		if _, err := svc.AnswerPart(ctx, staff, r.Reference, i+1, casework.Answer{Text: a, Outcome: foi.Granted}); err != nil {
			return err
		}
	}
	if _, err = svc.RecordEvent(ctx, staff, r.Reference, casework.ClockEvent{Type: foi.EventResponded, On: responded}); err != nil {
		return err
	}
	// Published in the disclosure log as the council published it.
	published, _ := foi.ParseDate(sc.PublishedOn)
	_, err = svc.Publish(ctx, staff, r.Reference, casework.PublishInput{Title: sc.Title, Category: sc.Category, PublishedOn: published})
	return err
}

// historyEntries is how many made-up older responses the demo's log has,
// received over 2024 and 2025, with references below the seed's.
const historyEntries = 300

// loadHistory imports a generated disclosure log through the import code,
// so that the demo's log can be browsed, filtered and searched like a real
// council's.
func loadHistory(ctx context.Context, svc *casework.Service) error {
	var log bytes.Buffer
	if err := loadgen.Write(&log, loadgen.Options{N: historyEntries, Seed: 12748, FirstRef: 11000,
		StartYear: 2024, EndYear: 2025}); err != nil {
		return err
	}
	var problems []string
	st, err := logimport.Run(ctx, svc, &log, "demo.jsonl", logimport.Options{
		Problem: func(line int, err error) { problems = append(problems, fmt.Sprintf("line %d: %v", line, err)) }})
	if err != nil {
		return err
	}
	if len(problems) > 0 || st.Created != historyEntries {
		return fmt.Errorf("imported %d of %d entries: %v", st.Created, historyEntries, problems)
	}
	return nil
}

// openCase is an example request still being worked on; events happen the
// given number of calendar days after receipt.
type openCase struct {
	regime    foi.Regime
	channel   foi.Channel
	daysAgo   int
	requester foi.Requester
	text      string
	events    []demoEvent
}

type demoEvent struct {
	typ      string
	afterDay int
	note     string
}

func loadOpen(ctx context.Context, svc *casework.Service, staff *foi.User, c openCase) error {
	today := foi.Date(svc.Now().In(casework.UK))
	received := today.AddDate(0, 0, -c.daysAgo)
	r, err := svc.SubmitRequest(ctx, staff, casework.NewRequest{
		Requester: c.requester, Text: c.text, Regime: c.regime, Channel: c.channel, ReceivedOn: received,
	})
	if err != nil {
		return err
	}
	for _, e := range c.events {
		on := received.AddDate(0, 0, e.afterDay)
		if _, err := svc.RecordEvent(ctx, staff, r.Reference, casework.ClockEvent{Type: e.typ, On: on, Note: e.note}); err != nil {
			return fmt.Errorf("%s: %w", e.typ, err)
		}
	}
	return nil
}

// openCases are typical of a district council's FOI mailbox.
var openCases = []openCase{
	{foi.FOIA, foi.ChannelWeb, 2, foi.Requester{Name: "Priya Shah", Email: "priya.shah@example.org"},
		"Please provide the following information about pothole repairs:\n1. How many potholes were reported to the council in each of the last three financial years?\n2. How many of those were repaired within 28 days?\n3. How much did the council pay in compensation claims for vehicle damage caused by potholes in the same years?", nil},
	{foi.EIR, foi.ChannelEmail, 9, foi.Requester{Name: "Tom Green", Email: "tom@example.net"},
		"I am writing to ask for air quality monitoring data.\n\n1. The annual mean nitrogen dioxide readings from each diffusion tube site in the borough for 2022, 2023 and 2024.\n2. The locations of any new monitoring sites planned for the coming year.", nil},
	{foi.FOIA, foi.ChannelPost, 15, foi.Requester{Name: "Margaret Ellis", Address: "12 Orchard Way\nGrays\nRM17 5AB"},
		"Could you tell me how much the council spent on agency staff last year, and which agencies were used?",
		[]demoEvent{{foi.EventClarificationRequested, 3, "Asked whether 'last year' means the 2024/25 financial year or calendar 2024."}}},
	{foi.FOIA, foi.ChannelEmail, 20, foi.Requester{Name: "Daniel Okafor", Email: "d.okafor@example.com"},
		"Under the Freedom of Information Act please send me copies of every email sent or received by the planning department that mentions the Riverside development since 2015.",
		[]demoEvent{{foi.EventFeeNotice, 6, "Estimated cost £1,240 above the appropriate limit for locating and retrieving; fees notice issued under s.9."}}},
	{foi.FOIA, foi.ChannelWeb, 30, foi.Requester{Name: "Local Democracy Reporter", Email: "newsdesk@example.co.uk"},
		"1. Please provide the contract between the council and its waste collection contractor, including the pricing schedule.\n2. Please provide the most recent performance report under that contract.",
		[]demoEvent{{foi.EventExtended, 18, "s.43(2) commercial interests: public interest test needs more time. Estimate given under s.17(2)."}}},
	{foi.FOIA, foi.ChannelEmail, 40, foi.Requester{Name: "Chris Barker", Email: "chris.barker@example.org"},
		"How many children were placed in residential care outside the borough in each year from 2020 to 2024, and what was the average weekly cost?", nil},
	{foi.EIR, foi.ChannelWeb, 5, foi.Requester{Name: "Friends of Grays Beach", Email: "friends@example.org.uk"},
		"Please provide any flood risk assessments held for the seafront since 2019, and the minutes of meetings where flood defences for the seafront were discussed.", nil},
	// The backlog a regulator asks about: one extended and forgotten for
	// over six months, one untouched for over a year.
	{foi.FOIA, foi.ChannelEmail, 200, foi.Requester{Name: "Helen Ward", Email: "helen.ward@example.org"},
		"1. How many empty council homes were there on 1 April?\n2. How many had been empty for more than six months?",
		[]demoEvent{{foi.EventExtended, 18, "s.31 law enforcement: public interest test needs more time."}}},
	{foi.FOIA, foi.ChannelPost, 400, foi.Requester{Name: "Ray Patel", Address: "4 Mill Lane\nStanford-le-Hope\nSS17 0AA"},
		"Please tell me how many complaints the council received about noise from the port in each of the last five years.", nil},
}
