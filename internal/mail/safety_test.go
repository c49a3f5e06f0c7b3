// SPDX-License-Identifier: AGPL-3.0-or-later

package mail_test

import (
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/inspect"
	"disclose/internal/inspecttest"
	"disclose/internal/mailtest"
)

// A workbook with a hidden sheet of salaries is refused at sending; its
// clean copy is what reaches the requester, and the copy delivered has no
// hidden sheet.
func TestOnlyTheCleanCopyIsEmailed(t *testing.T) {
	pit := mailtest.StartMailpit(t)
	f := newFixture(t)
	r := f.submit(t)
	officer := &foi.User{ID: 1, Name: "Jane Officer", Role: foi.RoleOfficer}
	for n, text := range []string{"1,204 potholes, by ward in the workbook.", "£2.1m."} {
		if _, err := f.svc.AnswerPart(ctx, officer, r.Reference, n+1, casework.Answer{Text: text, Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	orig, err := f.svc.AddAttachment(ctx, officer, r.Reference, casework.Upload{Name: "potholes.xlsx", Data: inspecttest.HiddenSheetXLSX(t), Release: true})
	if err != nil {
		t.Fatal(err)
	}
	l, err := f.svc.DraftLetter(ctx, officer, r.Reference, foi.LetterResponse, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SendLetter(ctx, officer, r.Reference, l.ID); foi.ErrorCode(err) != foi.ECONFLICT ||
		!strings.Contains(foi.ErrorMessage(err), "hidden-sheet") {
		t.Fatalf("sending the workbook with a hidden sheet: %v, want refused naming the hidden sheet", err)
	}
	if got := outbox(t, f.store, r.ID); len(got) != 1 {
		t.Fatalf("a refused send queued email: %d messages, want only the acknowledgement", len(got))
	}
	cc, err := f.svc.MakeCleanCopy(ctx, officer, r.Reference, orig.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SendLetter(ctx, officer, r.Reference, l.ID); err != nil {
		t.Fatal(err)
	}
	w := f.worker(smtpTo(t, pit.SMTP))
	runOnce(t, w)
	runOnce(t, w)
	got := pit.WaitFor(t, 2, 5*time.Second)
	if len(got) != 2 {
		t.Fatalf("mailpit holds %d messages, want the acknowledgement and the response", len(got))
	}
	letter := pit.Message(t, got[1].ID)
	if len(letter.Attachments) != 1 || letter.Attachments[0].FileName != cc.Copy.Name {
		t.Fatalf("attachments %+v, want only %s", letter.Attachments, cc.Copy.Name)
	}
	data := pit.PartData(t, letter.ID, letter.Attachments[0].PartID)
	for _, f := range inspect.File(cc.Copy.Name, data, inspect.Options{}) {
		if f.Kind == "hidden-sheet" || f.Kind == "document-properties" {
			t.Errorf("the delivered copy still has %s", f)
		}
	}
	if strings.Contains(string(data), "Staff") {
		t.Error("the delivered copy still names the Staff sheet")
	}
	events, err := f.store.FindEvents(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	var released string
	for _, e := range events {
		if e.Type == casework.EventFilesReleased {
			released = e.Note
		}
	}
	if !strings.Contains(released, cc.Copy.Name) || strings.Contains(released, "potholes.xlsx") {
		t.Errorf("files-released event = %q, want the clean copy only", released)
	}
}
