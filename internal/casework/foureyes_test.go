// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// With sign-off required, whoever drafted or edited a letter, or answered
// a part a response gives, cannot approve it: the approval stays with
// someone else, and the letter is not sent until they give it.
func TestNobodyApprovesTheirOwnLetter(t *testing.T) {
	svc := newService(t)
	admin := &foi.User{ID: 1, Name: "Ada Admin", Role: foi.RoleAdmin}
	rita := &foi.User{ID: 3, Name: "Rita Reviewer", Role: foi.RoleReviewer}
	raj := &foi.User{ID: 4, Name: "Raj Reviewer", Role: foi.RoleReviewer}
	if err := svc.SetResponsesNeedApproval(ctx, admin, true); err != nil {
		t.Fatal(err)
	}
	r := submit(t, svc, foi.FOIA, "2026-11-02", "1. How many bins?\n2. What colour?")
	for n, who := range map[int]*foi.User{1: officer, 2: rita} {
		if _, err := svc.AnswerPart(ctx, who, r.Reference, n, casework.Answer{Text: "Answer " + who.Name, Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	// Rita answered part 2 and drafts the response herself.
	l, err := svc.DraftLetter(ctx, rita, r.Reference, foi.LetterResponse, "")
	if err != nil {
		t.Fatal(err)
	}
	err = svc.ApproveLetter(ctx, rita, r.Reference, l.ID)
	if foi.ErrorCode(err) != foi.EFORBIDDEN || !strings.Contains(foi.ErrorMessage(err), "may not approve it") {
		t.Fatalf("Rita approving the response she drafted: %v, want forbidden with the reason", err)
	}
	if _, err := svc.SendLetter(ctx, rita, r.Reference, l.ID); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Fatalf("sending after a refused self-approval: %v, want conflict (not approved)", err)
	}

	// An officer's acknowledgement, edited by Raj: Raj may not approve it,
	// Rita (who did not write it) may.
	ack, err := svc.DraftLetter(ctx, officer, r.Reference, foi.LetterAcknowledgement, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.EditLetter(ctx, raj, r.Reference, ack.ID, ack.Body+"\nWith thanks."); err != nil {
		t.Fatal(err)
	}
	if err := svc.ApproveLetter(ctx, raj, r.Reference, ack.ID); foi.ErrorCode(err) != foi.EFORBIDDEN {
		t.Errorf("Raj approving a letter he edited: %v, want forbidden", err)
	}
	if err := svc.ApproveLetter(ctx, rita, r.Reference, ack.ID); err != nil {
		t.Errorf("Rita approving an acknowledgement she did not write: %v", err)
	}

	// Raj took no part in the response: his approval stands and it goes.
	if err := svc.ApproveLetter(ctx, raj, r.Reference, l.ID); err != nil {
		t.Fatal(err)
	}
	sent, err := svc.PostLetter(ctx, rita, r.Reference, l.ID, time.Time{}) // no email here: posted
	if err != nil {
		t.Fatal(err)
	}
	if sent.ApprovedBy != "Raj Reviewer" {
		t.Errorf("response approved by %q, want Raj Reviewer", sent.ApprovedBy)
	}
}
