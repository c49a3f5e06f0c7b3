// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"strings"
	"time"
)

// Channel is how a request reached the authority.
type Channel string

const (
	ChannelWeb      Channel = "web"
	ChannelEmail    Channel = "email"
	ChannelPost     Channel = "post"
	ChannelPhone    Channel = "phone"
	ChannelInPerson Channel = "in-person"
	// ChannelWDTK is a request made through WhatDoTheyKnow, which
	// publishes every message of it, replies included, as they arrive.
	ChannelWDTK Channel = "whatdotheyknow"
)

// Channels lists every channel in a stable order.
var Channels = []Channel{ChannelWeb, ChannelEmail, ChannelPost, ChannelPhone, ChannelInPerson, ChannelWDTK}

// Oral reports whether a request by this channel was spoken, not written.
func (c Channel) Oral() bool { return c == ChannelPhone || c == ChannelInPerson }

// CheckInWriting refuses a spoken request under FOIA, which must be in
// writing (s.8(1)(a); s.8(2): email and web forms count). The EIR and the
// EISR take oral requests (reg 5(1) of each: "a request" with no form
// required), and FOISA takes any form with "some permanency" that can be
// used later (s.8(1)(a): a voicemail recording), so only FOIA refuses.
func CheckInWriting(r Regime, c Channel) *Error {
	if r != FOIA || !c.Oral() {
		return nil
	}
	return Errorf(EINVALID, "a request made %s is not valid under the Freedom of Information Act until it is in writing (s.8(1)(a)): "+
		"write it down and ask the requester to confirm it by email or letter (s.16, advice and assistance), then log it from the day that arrives; "+
		"a request for environmental information can be made orally, so log that under the Environmental Information Regulations",
		map[Channel]string{ChannelPhone: "by phone", ChannelInPerson: "in person"}[c])
}

// ParseChannel accepts a channel code.
func ParseChannel(s string) (Channel, error) {
	for _, c := range Channels {
		if string(c) == s {
			return c, nil
		}
	}
	return "", Errorf(EINVALID, "unknown channel %q (want web, email, post, phone, in-person or whatdotheyknow)", s)
}

// Status is where a request stands. It follows from the request's events;
// the service layer sets it in the same transaction as the event.
type Status string

const (
	StatusOpen                  Status = "open"                   // received, the clock is running
	StatusAwaitingClarification Status = "awaiting-clarification" // s.1(3): the clock waits for the requester
	StatusAwaitingFee           Status = "awaiting-fee"           // s.9: fees notice given, clock paused
	StatusExtended              Status = "extended"               // s.10(3) public-interest or reg 7 extension
	StatusResponded             Status = "responded"              // the response was sent
	StatusInReview              Status = "in-review"              // internal review under way
	StatusClosed                Status = "closed"                 // finished (review done, or nothing more to do)
	StatusWithdrawn             Status = "withdrawn"
	StatusLapsed                Status = "lapsed" // fee unpaid for three months, or clarification never came
)

// Statuses lists every status in lifecycle order.
var Statuses = []Status{StatusOpen, StatusAwaitingClarification, StatusAwaitingFee, StatusExtended,
	StatusResponded, StatusInReview, StatusClosed, StatusWithdrawn, StatusLapsed}

// ParseStatus accepts a status code.
func ParseStatus(s string) (Status, error) {
	for _, st := range Statuses {
		if string(st) == s {
			return st, nil
		}
	}
	return "", Errorf(EINVALID, "unknown status %q", s)
}

// Open reports whether the statutory clock can still run for the request.
func (s Status) Open() bool {
	switch s {
	case StatusOpen, StatusAwaitingClarification, StatusAwaitingFee, StatusExtended:
		return true
	}
	return false
}

// Requester is the person who asked. It is personal data: it is stored
// apart from the request and is never part of anything published.
type Requester struct {
	Name    string
	Email   string
	Address string // postal address, when that is the address for correspondence
	Phone   string
}

// Validate applies FOIA s.8(1): a request must state the requester's name
// and an address for correspondence (email counts).
func (r Requester) Validate() error {
	if strings.TrimSpace(r.Name) == "" {
		return Errorf(EINVALID, "requester name is required (FOIA s.8(1)(b))")
	}
	if strings.TrimSpace(r.Email) == "" && strings.TrimSpace(r.Address) == "" {
		return Errorf(EINVALID, "an email or postal address for correspondence is required (FOIA s.8(1)(b))")
	}
	if e := strings.TrimSpace(r.Email); e != "" && !plausibleEmail(e) {
		return Errorf(EINVALID, "requester email %q is not an email address", e)
	}
	return nil
}

func plausibleEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	return at > 0 && at < len(s)-1 && !strings.ContainsAny(s, " \t\r\n<>,;") &&
		strings.Contains(s[at+1:], ".")
}

// Request is one FOI/EIR request, the unit of casework.
type Request struct {
	ID         int64
	Reference  Reference
	Regime     Regime
	Channel    Channel
	ReceivedAt time.Time // when it arrived (UTC instant)
	ReceivedOn time.Time // the statutory date of receipt (UK calendar date), day 0 of the count
	Requester  Requester
	Text       string // the request as the requester wrote it
	// Subject is the subject line the request arrived with by email, kept
	// for replies where it matters: WhatDoTheyKnow files replies by it.
	Subject  string
	Preamble string // text before the first numbered question: context, not a part
	Parts    []Part
	Status   Status

	// DueOn is the statutory deadline as last computed, and CalendarVersion
	// the bank-holiday data that produced it, so a later calendar change can
	// be traced.
	DueOn           time.Time
	CalendarVersion string

	AssigneeID  int64 // 0 when unassigned
	RespondedOn time.Time
	Outcome     Outcome
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int // optimistic concurrency: bumped by every update
}

// Part is one numbered question of a request with its answer.
type Part struct {
	Number         int
	Label          string // as the requester numbered it ("1", "Q1", "a"); "" means Number
	Text           string
	Answer         string
	Outcome        Outcome // "" until answered
	Exemptions     []string
	PublicInterest string // the public-interest reasoning a qualified exemption needs
	// CopiedFrom says where a draft answer was copied from ("FOI 12748
	// part 3, published 5 January 2026") until an officer reviews it and
	// records the outcome; "" for an answer written or reviewed here.
	CopiedFrom string
}

// Event is one entry of a request's append-only audit trail: who did what,
// when, and the state before and after. It is written in the same
// transaction as the change it records.
type Event struct {
	ID        int64
	RequestID int64 // 0 for events that concern no request (a login, a user change)
	Type      string
	On        time.Time // the date the event took effect, for clock events
	At        time.Time // when it was recorded
	ActorID   int64     // 0 for the public or the system
	Actor     string    // who, as shown in the history ("Jane Officer", "requester", "system")
	Note      string
	Before    string // JSON of the changed fields before, when there were any
	After     string // JSON of the changed fields after
}

// RightsFrom is the first day a request under any of the four regimes
// could be received: FOIA s.1 and FOISA s.1 came into force, and the EIR
// 2004 and the Environmental Information (Scotland) Regulations 2004
// took effect, on 1 January 2005. A date of receipt before it ("0001-01-01",
// a year typed short) is a mistake in the record.
var RightsFrom = time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC)

// CheckHistoricalDate checks a date a historical case carries (received,
// responded, published): a calendar date on or after RightsFrom and not
// after today. name is the field, for the message.
func CheckHistoricalDate(name string, d, today time.Time) error {
	switch {
	case d.IsZero():
		return nil
	case d.Before(RightsFrom):
		return Errorf(EINVALID, "%s %s is before 1 January 2005, when the rights of access began", name, FormatDate(d))
	case d.After(Date(today)):
		return Errorf(EINVALID, "%s %s is in the future", name, FormatDate(d))
	}
	return nil
}

// CheckReferencePrefix checks that a reference written with its prefix
// agrees with the regime: EIR for environmental information, FOI
// otherwise.
func CheckReferencePrefix(ref Reference, regime Regime) error {
	if ref.Prefix != "" && ref.Prefix != regime.ReferencePrefix() {
		return Errorf(EINVALID, "reference %s does not match regime %s (want prefix %s)", ref, regime, regime.ReferencePrefix())
	}
	return nil
}
