// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"strings"
	"testing"

	"disclose/internal/askedbefore"
	"disclose/internal/casework"
	"disclose/internal/foi"
)

// TestSeedRequestAskedAgainIsAnsweredLikeFOI12748: the seed request sent
// again by someone else is a round robin of FOI 12748 part by part; Answer
// like copies each published answer as a draft marked with its source and
// no outcome, so the response cannot be drafted until each is reviewed;
// reviewing clears the mark; the cases are linked as one round robin.
func TestSeedRequestAskedAgainIsAnsweredLikeFOI12748(t *testing.T) {
	svc, pub := seedPublished(t)
	// Sent again by someone else (the demo's FOI 12748 came from Sam
	// Researcher: from them it would be a repeat, s.14(2)).
	r, err := svc.SubmitRequest(ctx, officer, casework.NewRequest{
		Requester: foi.Requester{Name: "Priya Patel", Email: "request-4242-1a2b3c4d@whatdotheyknow.com"},
		Text:      seedRequest(t), Regime: foi.FOIA, Channel: foi.ChannelEmail, ReceivedOn: date("2026-11-23"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Parts) != len(pub.Parts) {
		t.Fatalf("the resent request has %d parts, want %d", len(r.Parts), len(pub.Parts))
	}
	res, linked, err := svc.AskedBefore(ctx, officer, r)
	if err != nil {
		t.Fatal(err)
	}
	if len(linked) != 0 {
		t.Errorf("linked before anything was copied: %v", linked)
	}
	for _, pr := range res.Parts {
		if len(pr.Matches) == 0 || pr.Matches[0].Earlier.Reference.Number != 12748 || pr.Matches[0].Earlier.Number != pr.Number ||
			!pr.Matches[0].Has(askedbefore.RoundRobin) || !pr.Matches[0].Published() {
			t.Errorf("part %d: matches %+v, want FOI 12748's same part first, a published round robin", pr.Number, pr.Matches)
		}
	}
	if _, _, err := svc.AskedBefore(ctx, &foi.User{ID: 9, Name: "Dept", Role: foi.RoleContributor}, r); foi.ErrorCode(err) != foi.EFORBIDDEN {
		t.Errorf("a contributor asking = %v, want EFORBIDDEN", err)
	}

	filled, err := svc.AnswerLike(ctx, officer, r.Reference, pub.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if len(filled) != len(r.Parts) {
		t.Fatalf("filled parts %v, want all %d", filled, len(r.Parts))
	}
	got, _, err := svc.FindRequest(ctx, officer, r.Reference)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range got.Parts {
		if p.Outcome != "" || !strings.HasPrefix(p.Answer, pub.Parts[i].Answer) || !strings.Contains(p.Answer, "FOIA s.21") ||
			!strings.HasPrefix(p.CopiedFrom, "FOI 12748 question") {
			t.Errorf("part %d after Answer like: %+v", p.Number, p)
		}
	}
	if _, err := svc.DraftLetter(ctx, officer, r.Reference, foi.LetterResponse, ""); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("drafting the response over unreviewed copies = %v, want ECONFLICT", err)
	}
	if _, err := svc.AnswerLike(ctx, officer, r.Reference, pub.Reference); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("copying again over the drafts = %v, want ECONFLICT (drafts are never overwritten)", err)
	}
	after, err := svc.AnswerPart(ctx, officer, r.Reference, 1, casework.Answer{Text: got.Parts[0].Answer, Outcome: foi.Granted})
	if err != nil {
		t.Fatal(err)
	}
	if after.Parts[0].CopiedFrom != "" || after.Parts[1].CopiedFrom == "" {
		t.Errorf("after reviewing part 1: copied marks %q, %q; want part 1's cleared only", after.Parts[0].CopiedFrom, after.Parts[1].CopiedFrom)
	}
	_, linked, err = svc.AskedBefore(ctx, officer, after)
	if err != nil || len(linked) != 1 || linked[0].Reference.Number != 12748 {
		t.Errorf("round robin after Answer like = %v, %v; want FOI 12748", linked, err)
	}
	if _, err := svc.AnswerLike(ctx, officer, r.Reference, foi.Reference{Prefix: "FOI", Number: 99999}); foi.ErrorCode(err) != foi.ENOTFOUND {
		t.Errorf("answering from an entry that does not exist = %v, want ENOTFOUND", err)
	}
}
