// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// TestImportChecksTheWDTKLinkLikePublish: an imported entry may link a
// WhatDoTheyKnow page on the same terms as one published by staff (only a
// request made through WDTK, only a WDTK request page), and a corrected
// file that changes only the link updates the entry.
func TestImportChecksTheWDTKLinkLikePublish(t *testing.T) {
	svc := newService(t)
	admin := &foi.User{ID: 3, Name: "Ada Admin", Role: foi.RoleAdmin}
	line := func(n int, ch foi.Channel, page string) casework.ImportCase {
		ref := foi.Reference{Prefix: "FOI", Number: n}
		r := &foi.Request{Reference: ref, Regime: foi.FOIA, Channel: ch, ReceivedOn: date("2019-01-02"), RespondedOn: date("2019-01-20"),
			Text: "How many gritters?", Status: foi.StatusResponded, Requester: foi.Requester{Name: foi.ImportedRequesterName}}
		p := &foi.Publication{Reference: ref, Regime: foi.FOIA, Title: "Gritters", Category: "Highways", PublishedOn: date("2019-01-25"),
			ReceivedOn: r.ReceivedOn, RespondedOn: r.RespondedOn, Request: r.Text, Response: "Twelve.", WDTKPage: page}
		return casework.ImportCase{Line: 1, Request: r, Publication: p}
	}
	const page = "https://www.whatdotheyknow.com/request/gritters"
	out, err := svc.ImportCases(ctx, admin, []casework.ImportCase{
		line(701, foi.ChannelEmail, page), line(702, foi.ChannelWDTK, page+"/response/1"), line(703, foi.ChannelWDTK, page),
	}, casework.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"only a request made through WhatDoTheyKnow", "must be a link like", ""} {
		o := out[i]
		if want == "" {
			if o.Result != casework.ImportCreated {
				t.Errorf("FOI %d: %s %v, want created", 701+i, o.Result, o.Err)
			}
			continue
		}
		if o.Result != casework.ImportRefused || !strings.Contains(foi.ErrorMessage(o.Err), want) {
			t.Errorf("FOI %d: %s %v, want refused with %q", 701+i, o.Result, o.Err, want)
		}
	}
	if p, err := svc.Disclosure(ctx, foi.Reference{Prefix: "FOI", Number: 703}); err != nil || p.WDTKPage != page {
		t.Fatalf("FOI 703 imported: %+v %v", p, err)
	}
	out, err = svc.ImportCases(ctx, admin, []casework.ImportCase{line(703, foi.ChannelWDTK, page+"_2")}, casework.ImportOptions{})
	if err != nil || out[0].Result != casework.ImportUpdated {
		t.Fatalf("a corrected link: %+v %v, want updated", out, err)
	}
	if p, _ := svc.Disclosure(ctx, foi.Reference{Prefix: "FOI", Number: 703}); p.WDTKPage != page+"_2" {
		t.Errorf("after the corrected link the entry links %q", p.WDTKPage)
	}
}
