// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/mail"
)

// TestLetterPageSaysHowTheLetterGoes with email set up: to a requester
// with an address the letter is emailed, and shown so; to one without,
// the page offers only posting and emailing is refused.
func TestLetterPageSaysHowTheLetterGoes(t *testing.T) {
	f := newStaffFixture(t)
	addrs, err := mail.NewAddresses("Thurrock FOI <foi@thurrock.example>", "", []byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	if f.svc.Mail, err = mail.NewComposer(addrs); err != nil {
		t.Fatal(err)
	}
	c := f.signedIn(t, foi.RoleOfficer)
	letter := "/staff/cases/" + f.ref.Slug() + "/letters/" + itoa(f.letterID)
	_, page := f.get(t, c, letter)
	if !strings.Contains(page, "By email to <strong>sam@example.org</strong>") || !strings.Contains(page, `id="send"`) {
		t.Error("the letter page does not say it goes by email to the requester")
	}
	if resp := f.post(t, c, letter+"/send", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("emailing: %d", resp.StatusCode)
	}
	_, page = f.get(t, c, letter)
	if sent := between(page, `id="sent">`, "</dd>"); !strings.HasPrefix(sent, "Emailed: queued") {
		t.Errorf("the emailed letter reads %q", sent)
	}
	r, _ := f.svc.Store.FindRequest(ctx, f.ref)
	if out, _ := f.svc.Store.FindMessages(ctx, foi.OutboxFilter{RequestID: r.ID}); !strings.Contains(messageKinds(out), "letter-acknowledgement") {
		t.Errorf("the outbox has %s, want the letter", messageKinds(out))
	}

	posted, err := f.svc.SubmitRequest(ctx, f.users[foi.RoleOfficer], casework.NewRequest{Requester: foi.Requester{Name: "Margaret Ellis", Address: "12 Orchard Way\nGrays"},
		Text: "How many parks are there?", Regime: foi.FOIA, Channel: foi.ChannelPost, ReceivedOn: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	l, err := f.svc.DraftLetter(ctx, f.users[foi.RoleOfficer], posted.Reference, foi.LetterAcknowledgement, "")
	if err != nil {
		t.Fatal(err)
	}
	letter = "/staff/cases/" + posted.Reference.Slug() + "/letters/" + itoa(l.ID)
	_, page = f.get(t, c, letter)
	if !strings.Contains(page, "cannot be emailed: the requester gave no email address") || strings.Contains(page, `id="send"`) {
		t.Error("the letter to a requester with no address offers to email it")
	}
	if resp, body := f.postBody(t, c, letter+"/send", nil); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "no email address") {
		t.Errorf("emailing a requester with no address: %d", resp.StatusCode)
	}
}

func messageKinds(ms []*foi.OutboxMessage) string {
	var k []string
	for _, m := range ms {
		k = append(k, m.Kind)
	}
	return strings.Join(k, " ")
}
