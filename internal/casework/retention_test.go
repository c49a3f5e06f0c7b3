package casework_test

import (
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

func TestRetentionAnonymisesDueCases(t *testing.T) {
	svc := newService(t) // today is 25 November 2026
	r, err := svc.SubmitRequest(ctx, officer, casework.NewRequest{
		Requester: foi.Requester{Name: "Alexandra Quill", Email: "a.quill@example.org", Address: "4 Mill Lane\nGrays\nRM17 5XX", Phone: "07700 900123"},
		Text:      "1. How many potholes were repaired?\n2. At what cost?\n\nKind regards,\nAlexandra Quill\n4 Mill Lane",
		Regime:    foi.FOIA, Channel: foi.ChannelPost, ReceivedOn: date("2023-05-02"),
	})
	if err != nil {
		t.Fatal(err)
	}
	for n := 1; n <= 2; n++ {
		if _, err := svc.AnswerPart(ctx, officer, r.Reference, n, casework.Answer{Text: "Some.", Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventResponded, On: date("2023-05-30")}); err != nil {
		t.Fatal(err)
	}
	recent := submit(t, svc, foi.FOIA, "2025-01-06", "How many libraries?")
	if _, err := svc.AnswerPart(ctx, officer, recent.Reference, 1, casework.Answer{Text: "Ten.", Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RecordEvent(ctx, officer, recent.Reference, casework.ClockEvent{Type: foi.EventResponded, On: date("2025-01-30")}); err != nil {
		t.Fatal(err)
	}

	// On 29 May 2026 nothing is due; on 30 May 2026 the 2023 case is.
	if due, err := svc.RetentionDue(ctx, date("2026-05-29")); err != nil || len(due) != 0 {
		t.Fatalf("due on 2026-05-29 = %v, %v; want nothing", due, err)
	}
	due, err := svc.RetentionDue(ctx, date("2026-11-25"))
	if err != nil || len(due) != 1 || due[0].Reference != r.Reference || foi.FormatDate(due[0].DueOn) != "2026-05-30" {
		t.Fatalf("due today = %+v, %v; want only %s, due 2026-05-30", due, err, r.Reference)
	}
	removed, err := svc.Anonymise(ctx, due[0])
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(removed, "; "); !strings.Contains(got, "name; email address; postal address; phone number") || !strings.Contains(got, "mention") {
		t.Errorf("removed = %q", got)
	}
	after, events, _ := svc.FindRequest(ctx, officer, r.Reference)
	for _, leak := range []string{"Alexandra", "Quill", "a.quill", "Mill Lane", "07700"} {
		if strings.Contains(after.Text+after.Requester.Name+after.Requester.Email+after.Requester.Address+after.Requester.Phone, leak) {
			t.Errorf("%q is still on the case after retention", leak)
		}
	}
	if after.Outcome != foi.Granted || len(after.Parts) != 2 || after.Parts[0].Answer != "Some." {
		t.Errorf("retention changed the answers: %+v", after.Parts)
	}
	var note string
	for _, e := range events {
		if e.Type == foi.EventAnonymised {
			note = e.Note
		}
	}
	if !strings.Contains(note, "3 years after the case closed") || strings.Contains(note, "Quill") {
		t.Errorf("the audit event says %q; want the reason and no personal data", note)
	}
	if again, _ := svc.RetentionDue(ctx, date("2026-11-25")); len(again) != 0 {
		t.Errorf("an anonymised case is due again: %+v", again)
	}
}
