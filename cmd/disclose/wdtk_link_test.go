// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/sqlite"
)

// TestExportImportCarriesTheWDTKLink: an entry published with its
// WhatDoTheyKnow page linked is exported with it (public and personal
// exports), imported with it, and exported again the same; a file giving
// a WDTK page for a request that did not come through WDTK, or a page
// that is not a WDTK request page, is refused on its line.
func TestExportImportCarriesTheWDTKLink(t *testing.T) {
	const page = "https://www.whatdotheyknow.com/request/gritting_routes_2026"
	ctx := context.Background()
	first := filepath.Join(t.TempDir(), "first.db")
	store, svc := fileService(t, first)
	svc.Now = func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, casework.UK) }
	admin := &foi.User{ID: 1, Name: "Ada Admin", Role: foi.RoleAdmin}
	r, err := svc.SubmitRequest(ctx, admin, casework.NewRequest{
		Requester: foi.Requester{Name: "Priya Patel", Email: "request-812345-1a2b3c4d@whatdotheyknow.com"},
		Text:      "Which roads are on the gritting routes?", Regime: foi.FOIA, Channel: foi.ChannelWDTK,
		ReceivedOn: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AnswerPart(ctx, admin, r.Reference, 1, casework.Answer{Text: "The A13 and the A1089.", Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RecordEvent(ctx, admin, r.Reference, casework.ClockEvent{Type: foi.EventResponded}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Publish(ctx, admin, r.Reference, casework.PublishInput{Title: "Gritting routes", Category: "Highways", WDTKPage: page}); err != nil {
		t.Fatal(err)
	}
	store.Close()

	for _, personal := range []bool{false, true} {
		args := []string{"export", "--db", "sqlite:" + first}
		if personal {
			args = append(args, "--include-personal-data")
		}
		code, exported, errOut := disclose(t, args...)
		if code != 0 || !strings.Contains(exported, `"whatdotheyknow_url":"`+page+`"`) || !strings.Contains(exported, `"channel":"whatdotheyknow"`) {
			t.Fatalf("export (personal %v): %d %s\n%s", personal, code, errOut, exported)
		}
		second := filepath.Join(t.TempDir(), "second.db")
		if code, out, errOut := disclose(t, "import", "--db", "sqlite:"+second, writeFile(t, "export.jsonl", exported)); code != 0 || !strings.Contains(out, "1 created") {
			t.Fatalf("import of the export: %d %s %s", code, out, errOut)
		}
		s2, err := sqlite.Open(ctx, second)
		if err != nil {
			t.Fatal(err)
		}
		p, err := s2.FindPublication(ctx, r.Reference)
		s2.Close()
		if err != nil || !p.Public() || p.WDTKPage != page {
			t.Fatalf("the imported entry: %+v, %v; want it public, linking %s", p, err, page)
		}
		if _, again, _ := disclose(t, append(args[:2:2], append([]string{"sqlite:" + second}, args[3:]...)...)...); again != exported {
			t.Errorf("export → import → export (personal %v) changed the file:\n%s\n---\n%s", personal, exported, again)
		}
	}

	line := `{"reference":"FOI 701","title":"Gritting","category":"Highways","regime":"foia","received_on":"2020-01-02","responded_on":"2020-01-20","published_on":"2020-01-22","request":"Which roads?","response":"The A13.",`
	for _, tc := range []struct{ tail, want string }{
		{`"channel":"email","whatdotheyknow_url":"` + page + `"}`, "line 1: whatdotheyknow_url: only a request made through WhatDoTheyKnow"},
		{`"whatdotheyknow_url":"` + page + `"}`, "line 1: whatdotheyknow_url: only a request made through WhatDoTheyKnow"},
		{`"channel":"whatdotheyknow","whatdotheyknow_url":"https://www.whatdotheyknow.com/user/priya_patel"}`, "line 1: whatdotheyknow_url: the WhatDoTheyKnow page must be a link like"},
	} {
		db := "sqlite:" + filepath.Join(t.TempDir(), "bad.db")
		code, out, errOut := disclose(t, "import", "--db", db, writeFile(t, "bad.jsonl", line+tc.tail+"\n"))
		if code != 1 || !strings.Contains(errOut, tc.want) || publicTotal(t, db) != 0 {
			t.Errorf("importing %s: %d %q %s; want it refused with %q", tc.tail, code, out, errOut, tc.want)
		}
	}
}
