// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/seedcase"
	"disclose/internal/sqlite"
)

var ctx = context.Background()

// newService returns a service on a fresh SQLite database whose clock
// reads 25 November 2026, 10:00 UK time.
func newService(t *testing.T) *casework.Service {
	t.Helper()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	svc, err := casework.New(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	svc.Now = func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, casework.UK) }
	return svc
}

var officer = &foi.User{ID: 1, Name: "Jane Officer", Role: foi.RoleOfficer}

func date(s string) time.Time {
	d, err := foi.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// seedRequest is the request text of the canonical published response,
// as published (trailing spaces kept).
func seedRequest(t *testing.T) string {
	s := seedcase.Raw()
	return strings.TrimSpace(s[strings.Index(s, "Request:")+len("Request:") : strings.Index(s, "Response:")])
}

func submit(t *testing.T, svc *casework.Service, regime foi.Regime, received, text string) *foi.Request {
	t.Helper()
	r, err := svc.SubmitRequest(ctx, officer, casework.NewRequest{
		Requester: foi.Requester{Name: "Sam Researcher", Email: "sam@example.org"},
		Text:      text, Regime: regime, Channel: foi.ChannelEmail, ReceivedOn: date(received),
	})
	if err != nil {
		t.Fatalf("SubmitRequest: %v", err)
	}
	return r
}

func TestSubmitSeedRequest(t *testing.T) {
	svc := newService(t)
	r := submit(t, svc, foi.FOIA, "2023-05-02", seedRequest(t))
	if len(r.Parts) != 7 {
		t.Fatalf("the seed request split into %d parts, want 7", len(r.Parts))
	}
	if !strings.Contains(r.Parts[0].Text, "Accommodation services for unaccompanied asylum-seeking children") {
		t.Errorf("part 1 lost its bulleted services: %q", r.Parts[0].Text)
	}
	// 2 May 2023 + 20 working days, skipping the Coronation (8 May) and the
	// Spring bank holiday (29 May).
	if got := foi.FormatDate(r.DueOn); got != "2023-06-01" {
		t.Errorf("due %s, want 2023-06-01", got)
	}
	if r.CalendarVersion == "" || r.Reference.Prefix != "FOI" || r.Status != foi.StatusOpen {
		t.Errorf("request not set up for casework: %+v", r)
	}
	_, events, err := svc.FindRequest(ctx, officer, r.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 || events[0].Type != foi.EventCreated || events[1].Type != foi.EventViewed {
		t.Errorf("audit trail after create and view = %v, want created then viewed", eventTypes(events))
	}
}

func TestPublicSubmissionIsReceivedTodayByWeb(t *testing.T) {
	svc := newService(t)
	r, _, err := svc.SubmitPublicRequest(ctx, "192.0.2.10", casework.NewRequest{
		Requester: foi.Requester{Name: "A Member Of Public", Email: "amp@example.org"},
		Text:      "How many libraries does the council run?",
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.Channel != foi.ChannelWeb || foi.FormatDate(r.ReceivedOn) != "2026-11-25" || r.Regime != foi.FOIA {
		t.Errorf("public request: channel %s, received %s, regime %s; want web, 2026-11-25, foia",
			r.Channel, foi.FormatDate(r.ReceivedOn), r.Regime)
	}
	// 25 Nov 2026 + 20 working days; St Andrew's Day (Mon 30 Nov, Scotland) stops an English clock.
	if got := foi.FormatDate(r.DueOn); got != "2026-12-24" {
		t.Errorf("due %s, want 2026-12-24", got)
	}
}

func TestSubmitRefusesBadInputAndStoresNothing(t *testing.T) {
	svc := newService(t)
	ok := foi.Requester{Name: "Sam", Email: "sam@example.org"}
	tests := []struct {
		name  string
		actor *foi.User
		in    casework.NewRequest
		code  string
		msg   string
	}{
		{"no name", nil, casework.NewRequest{Requester: foi.Requester{Email: "a@example.org"}, Text: "x"}, foi.EINVALID, "name"},
		{"no address", nil, casework.NewRequest{Requester: foi.Requester{Name: "Sam"}, Text: "x"}, foi.EINVALID, "address"},
		{"bad email", nil, casework.NewRequest{Requester: foi.Requester{Name: "Sam", Email: "not-an-email"}, Text: "x"}, foi.EINVALID, "email"},
		{"no text", nil, casework.NewRequest{Requester: ok, Text: "  \n "}, foi.EINVALID, "request text"},
		{"too long", nil, casework.NewRequest{Requester: ok, Text: strings.Repeat("a", casework.MaxRequestChars+1)}, foi.EINVALID, "limit"},
		{"public sets regime", nil, casework.NewRequest{Requester: ok, Text: "x", Regime: foi.EIR}, foi.EFORBIDDEN, "staff"},
		{"contributor logs", &foi.User{ID: 9, Role: foi.RoleContributor}, casework.NewRequest{Requester: ok, Text: "x", Channel: foi.ChannelPost}, foi.EFORBIDDEN, "staff"},
		{"future receipt", officer, casework.NewRequest{Requester: ok, Text: "x", ReceivedOn: date("2026-12-01")}, foi.EINVALID, "future"},
		{"uncovered year", officer, casework.NewRequest{Requester: ok, Text: "x", ReceivedOn: date("2012-03-01")}, foi.EINVALID, "2012"},
		{"prefix mismatch", officer, casework.NewRequest{Requester: ok, Text: "x", Regime: foi.EIR, Reference: foi.Reference{Prefix: "FOI", Number: 5}}, foi.EINVALID, "prefix"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.actor == nil {
				_, _, err = svc.SubmitPublicRequest(ctx, "192.0.2.10", tt.in)
			} else {
				_, err = svc.SubmitRequest(ctx, tt.actor, tt.in)
			}
			if foi.ErrorCode(err) != tt.code || !strings.Contains(foi.ErrorMessage(err), tt.msg) {
				t.Errorf("got %v (%s), want a %s error mentioning %q", err, foi.ErrorCode(err), tt.code, tt.msg)
			}
		})
	}
	if _, n, _ := svc.Store.FindRequests(ctx, foi.RequestFilter{}); n != 0 {
		t.Errorf("refused submissions stored %d requests", n)
	}
}

func TestAnswerPartRules(t *testing.T) {
	svc := newService(t)
	r := submit(t, svc, foi.FOIA, "2026-11-02", "1. How many?\n2. Who supplies it?")
	tests := []struct {
		name string
		a    casework.Answer
		msg  string // "" means accepted
	}{
		{"granted", casework.Answer{Text: "42", Outcome: foi.Granted}, ""},
		{"no outcome", casework.Answer{Text: "42"}, "outcome is required"},
		{"unknown outcome", casework.Answer{Text: "42", Outcome: "maybe"}, "unknown outcome"},
		{"withheld without exemption", casework.Answer{Outcome: foi.Withheld}, "needs the exemption"},
		{"qualified without public interest", casework.Answer{Outcome: foi.Withheld, Exemptions: []string{"s43(2)"}}, "public-interest"},
		{"EIR exception under FOIA", casework.Answer{Outcome: foi.Withheld, Exemptions: []string{"reg13"}}, "reg13"},
		{"granted with an exemption", casework.Answer{Text: "42", Outcome: foi.Granted, Exemptions: []string{"s40(2)"}}, "only when information is withheld"},
		{"absolute needs no public interest", casework.Answer{Outcome: foi.Withheld, Exemptions: []string{"S.40(2)"}}, ""},
		{"qualified with reasoning", casework.Answer{Text: "Partly.", Outcome: foi.PartiallyWithheld, Exemptions: []string{"section 43(2)"},
			PublicInterest: "Disclosure would prejudice the council's negotiating position."}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := svc.AnswerPart(ctx, officer, r.Reference, 2, tt.a)
			if tt.msg == "" && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if tt.msg != "" && (foi.ErrorCode(err) != foi.EINVALID || !strings.Contains(foi.ErrorMessage(err), tt.msg)) {
				t.Errorf("got %v, want an invalid-input error mentioning %q", err, tt.msg)
			}
		})
	}
	got, _, _ := svc.FindRequest(ctx, officer, r.Reference)
	if p := got.Parts[1]; p.Outcome != foi.PartiallyWithheld || len(p.Exemptions) != 1 || p.Exemptions[0] != "s43(2)" {
		t.Errorf("part 2 after the last accepted answer = %+v, want partially-withheld under s43(2)", p)
	}
	if _, err := svc.AnswerPart(ctx, officer, r.Reference, 3, casework.Answer{Text: "x", Outcome: foi.Granted}); !foi.IsNotFound(err) {
		t.Errorf("answering part 3 of 2 gave %v, want not found", err)
	}
	if _, err := svc.AnswerPart(ctx, &foi.User{ID: 5, Role: foi.RoleContributor}, r.Reference, 1, casework.Answer{Text: "x", Outcome: foi.Granted}); foi.ErrorCode(err) != foi.EFORBIDDEN {
		t.Errorf("contributor answering gave %v, want forbidden", err)
	}
}

func TestClockEventsMoveTheDeadline(t *testing.T) {
	type step struct {
		typ, on    string
		wantStatus foi.Status
		wantDue    string
	}
	tests := []struct {
		name     string
		regime   foi.Regime
		received string
		steps    []step
	}{
		// docs/statutory-rules.md §4 and §12: clarification restarts the count (s.10(6)(b)).
		{"clarification", foi.FOIA, "2026-02-02", []step{
			{foi.EventClarificationRequested, "2026-02-04", foi.StatusAwaitingClarification, "2026-03-02"},
			{foi.EventClarificationReceived, "2026-02-12", foi.StatusOpen, "2026-03-12"},
		}},
		// C16: the fees notice pauses the clock, notice and payment days included (s.10(2)).
		{"fees", foi.FOIA, "2026-02-02", []step{
			{foi.EventFeeNotice, "2026-02-16", foi.StatusAwaitingFee, "2026-03-02"},
			{foi.EventFeePaid, "2026-03-04", foi.StatusOpen, "2026-03-20"},
		}},
		// Every fees notice pauses (s.10(2)), not only the last: 10 Apr 2023
		// is Easter Monday, 1 and 8 May 2023 bank holidays.
		{"two fees notices", foi.FOIA, "2023-04-10", []step{
			{foi.EventFeeNotice, "2023-04-21", foi.StatusAwaitingFee, "2023-05-10"},
			{foi.EventFeePaid, "2023-04-21", foi.StatusOpen, "2023-05-11"},
			{foi.EventFeeNotice, "2023-04-28", foi.StatusAwaitingFee, "2023-05-11"},
			{foi.EventFeePaid, "2023-04-28", foi.StatusOpen, "2023-05-12"},
		}},
		// C14: EIR complex and voluminous, 40 working days (reg 7(1)).
		{"EIR extension", foi.EIR, "2025-12-01", []step{
			{foi.EventExtended, "2025-12-10", foi.StatusExtended, "2026-01-30"},
		}},
		{"withdrawn", foi.FOIA, "2026-02-02", []step{
			{foi.EventWithdrawn, "2026-02-03", foi.StatusWithdrawn, "2026-03-02"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := newService(t)
			r := submit(t, svc, tt.regime, tt.received, "How many?")
			for _, st := range tt.steps {
				got, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: st.typ, On: date(st.on)})
				if err != nil {
					t.Fatalf("%s: %v", st.typ, err)
				}
				if got.Status != st.wantStatus || foi.FormatDate(got.DueOn) != st.wantDue {
					t.Errorf("after %s on %s: status %s due %s; want %s due %s",
						st.typ, st.on, got.Status, foi.FormatDate(got.DueOn), st.wantStatus, st.wantDue)
				}
			}
		})
	}
}

func TestClockEventsRefuseWhatCannotHappen(t *testing.T) {
	svc := newService(t)
	r := submit(t, svc, foi.FOISA, "2026-02-02", "1. How many?\n2. How much?")
	tests := []struct {
		ev   casework.ClockEvent
		code string
		msg  string
	}{
		{casework.ClockEvent{Type: "lunch"}, foi.EINVALID, "unknown event type"},
		{casework.ClockEvent{Type: foi.EventFeePaid, On: date("2026-02-03")}, foi.ECONFLICT, "is open"},
		{casework.ClockEvent{Type: foi.EventExtended, On: date("2026-02-03")}, foi.EINVALID, "FOISA"},
		{casework.ClockEvent{Type: foi.EventResponded, On: date("2026-02-20")}, foi.ECONFLICT, "1, 2"},
		{casework.ClockEvent{Type: foi.EventClarificationRequested, On: date("2026-01-30")}, foi.EINVALID, "before the request was received"},
		{casework.ClockEvent{Type: foi.EventClarificationRequested, On: date("2026-12-01")}, foi.EINVALID, "future"},
	}
	for _, tt := range tests {
		_, err := svc.RecordEvent(ctx, officer, r.Reference, tt.ev)
		if foi.ErrorCode(err) != tt.code || !strings.Contains(foi.ErrorMessage(err), tt.msg) {
			t.Errorf("%s on %s: got %v, want %s mentioning %q", tt.ev.Type, foi.FormatDate(tt.ev.On), err, tt.code, tt.msg)
		}
	}
	got, events, _ := svc.FindRequest(ctx, officer, r.Reference)
	if got.Status != foi.StatusOpen || len(events) != 2 {
		t.Errorf("refused events changed the case: status %s, events %v", got.Status, eventTypes(events))
	}
}

// A clarification dated before it was asked for is refused, as a fee paid
// before its notice is, and changes nothing: no event, the same status and
// deadline.
func TestClarificationBeforeItWasAskedForIsRefused(t *testing.T) {
	svc := newService(t)
	r := submit(t, svc, foi.FOIA, "2026-02-02", "How many?")
	if _, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventClarificationRequested, On: date("2026-02-10")}); err != nil {
		t.Fatal(err)
	}
	_, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventClarificationReceived, On: date("2026-02-06")})
	if foi.ErrorCode(err) != foi.EINVALID || !strings.Contains(foi.ErrorMessage(err), "clarification received (2026-02-06) before it was asked for (2026-02-10)") {
		t.Fatalf("got %v, want a refusal", err)
	}
	got, events, _ := svc.FindRequest(ctx, officer, r.Reference)
	if got.Status != foi.StatusAwaitingClarification || foi.FormatDate(got.DueOn) != "2026-03-02" || contains(eventTypes(events), foi.EventClarificationReceived) {
		t.Errorf("the refusal changed the case: %s due %s, events %v", got.Status, foi.FormatDate(got.DueOn), eventTypes(events))
	}
	// The same day as the question is fine: the count starts again from it.
	got, err = svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventClarificationReceived, On: date("2026-02-10")})
	if err != nil || foi.FormatDate(got.DueOn) != "2026-03-10" {
		t.Fatalf("clarification on the day asked: %v, due %s", err, foi.FormatDate(got.DueOn))
	}
}

func TestRespondOnceAnswered(t *testing.T) {
	svc := newService(t)
	r := submit(t, svc, foi.FOIA, "2026-02-02", "1. How many?\n2. Who?")
	for n, a := range []casework.Answer{{Text: "12", Outcome: foi.Granted}, {Outcome: foi.NotHeld, Text: "Not held."}} {
		if _, err := svc.AnswerPart(ctx, officer, r.Reference, n+1, a); err != nil {
			t.Fatal(err)
		}
	}
	got, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventResponded, On: date("2026-02-27")})
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != foi.StatusResponded || foi.FormatDate(got.RespondedOn) != "2026-02-27" || got.Outcome != foi.Granted {
		t.Errorf("after responding: %s on %s outcome %s; want responded on 2026-02-27, granted",
			got.Status, foi.FormatDate(got.RespondedOn), got.Outcome)
	}
	if _, err := svc.AnswerPart(ctx, officer, r.Reference, 1, casework.Answer{Text: "13", Outcome: foi.Granted}); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("changing an answer after the response gave %v, want conflict", err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func eventTypes(events []*foi.Event) []string {
	var out []string
	for _, e := range events {
		out = append(out, e.Type)
	}
	return out
}

func TestAuthoritySettings(t *testing.T) {
	svc := newService(t)
	a, err := svc.Authority(ctx)
	if err != nil || a.Name == "" || a.CopyrightOwner != a.Name || a.DefaultRegime != foi.FOIA {
		t.Fatalf("defaults = %+v, %v", a, err)
	}
	admin := &foi.User{ID: 1, Name: "Admin", Role: foi.RoleAdmin}
	if err := svc.SetAuthority(ctx, officer, casework.Authority{Name: "X"}); foi.ErrorCode(err) != foi.EFORBIDDEN {
		t.Errorf("officer changing settings: %v, want forbidden", err)
	}
	if err := svc.SetAuthority(ctx, admin, casework.Authority{Name: "X", BrandColour: "#ffdd00"}); foi.ErrorCode(err) != foi.EINVALID ||
		!strings.Contains(err.Error(), "contrast") {
		t.Errorf("a yellow header: %v, want a contrast error", err)
	}
	want := casework.Authority{Name: "Thurrock Council", FOIEmail: "information.matters@thurrock.gov.uk",
		BrandColour: "#2b4a75", DefaultRegime: foi.FOISA}
	if err := svc.SetAuthority(ctx, admin, want); err != nil {
		t.Fatal(err)
	}
	got, _ := svc.Authority(ctx)
	if got.Name != want.Name || got.FOIEmail != want.FOIEmail || got.BrandColour != want.BrandColour ||
		got.CopyrightOwner != "Thurrock Council" || got.DefaultRegime != foi.FOISA {
		t.Errorf("saved settings read back as %+v", got)
	}
}

// TestListCasesRefusesABadFilter: the service checks a list's order and
// page (foi.RequestFilter.Validate); the stores only run the query.
func TestListCasesRefusesABadFilter(t *testing.T) {
	svc := newService(t)
	for _, f := range []foi.RequestFilter{{Order: "sideways"}, {Limit: -1}, {Offset: -5}} {
		if _, _, err := svc.ListCases(ctx, officer, f); foi.ErrorCode(err) != foi.EINVALID {
			t.Errorf("ListCases(%+v) gave %v, want invalid", f, err)
		}
	}
}
