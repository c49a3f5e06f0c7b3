// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"testing"

	"disclose/internal/foi"
)

// testWDTKPage: the WhatDoTheyKnow page an entry links is kept on the
// frozen copy through publishing, every way of reading the log, an
// unpublish (the copy is kept), a republish that drops it, and a bulk
// import.
func testWDTKPage(t *testing.T, s foi.Store) {
	const page1 = "https://www.whatdotheyknow.com/request/social_value_in_placements"
	r, p := publishable(t, s, "Social value in children's placements", "Yes")
	p.WDTKPage = page1
	save(t, s, p)
	read := func(what string) *foi.Publication {
		t.Helper()
		got, err := s.FindPublication(ctx, p.Reference)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return got
	}
	if got := read("published").WDTKPage; got != page1 {
		t.Errorf("published with a WDTK page, read back %q, want %q", got, page1)
	}
	for _, f := range []foi.PublicationFilter{{}, {Query: "placements"}} {
		pg := page(t, s, f)
		if len(pg.Entries) != 1 || pg.Entries[0].WDTKPage != page1 {
			t.Errorf("log page %+v: entries %v, want the one entry with its WDTK page", f, pageRefs(pg))
		}
	}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.UnpublishPublication(ctx, r.ID) }); err != nil {
		t.Fatal(err)
	}
	if got := read("unpublished"); got.Public() || got.WDTKPage != page1 {
		t.Errorf("unpublished: public %v, WDTK page %q; the kept copy keeps its link", got.Public(), got.WDTKPage)
	}
	p.WDTKPage = ""
	save(t, s, p)
	if got := read("republished without the link").WDTKPage; got != "" {
		t.Errorf("republished without the link, the entry still links %q", got)
	}

	imp := newRequest(foi.FOIA, "2019-03-04")
	imp.Reference = foi.Reference{Prefix: "FOI", Number: 7101}
	imp.Channel = foi.ChannelWDTK
	imp.Requester = foi.Requester{Name: foi.ImportedRequesterName}
	imp.Status, imp.RespondedOn, imp.Outcome = foi.StatusResponded, day("2019-03-20"), foi.Granted
	ip := &foi.Publication{Reference: imp.Reference, Regime: imp.Regime, Title: "Gritters", Category: "Highways",
		PublishedOn: day("2019-04-01"), ReceivedOn: imp.ReceivedOn, RespondedOn: imp.RespondedOn, Request: imp.Text,
		Outcome: imp.Outcome, WDTKPage: "https://www.whatdotheyknow.com/request/gritters_2019"}
	cases := []foi.ImportedCase{{Request: imp, Publication: ip, Event: &foi.Event{Type: "imported", Actor: "disclose import"}}}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateImported(ctx, cases) }); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindPublication(ctx, imp.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if got.WDTKPage != ip.WDTKPage {
		t.Errorf("imported entry links %q, want %q", got.WDTKPage, ip.WDTKPage)
	}
}
