// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"disclose/internal/askedbefore"
	"disclose/internal/foi"
)

// TestServeIndexesPublishedQuestions: entries published before the
// published question index (migration 0029; here its rows removed, as a
// database upgraded to it has none) are suggested once `disclose serve`
// has started and caught up.
func TestServeIndexesPublishedQuestions(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server; skipped with -short")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "disclose.db")
	dsn := "sqlite:" + path
	store, err := openStore(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	const q = "How many gritters does the council own?"
	on := time.Date(2024, 1, 8, 0, 0, 0, 0, time.UTC)
	r := &foi.Request{Reference: foi.Reference{Prefix: "FOI", Number: 4101}, Regime: foi.FOIA, Channel: foi.ChannelEmail,
		ReceivedOn: on, Requester: foi.Requester{Name: foi.ImportedRequesterName}, Text: q, Status: foi.StatusResponded,
		RespondedOn: on.AddDate(0, 0, 10), Outcome: foi.Granted, Parts: []foi.Part{{Number: 1, Text: q, Answer: "Twelve.", Outcome: foi.Granted}}}
	p := &foi.Publication{Reference: r.Reference, Regime: r.Regime, Title: "Gritters", Category: "Highways",
		PublishedOn: on.AddDate(0, 0, 12), ReceivedOn: r.ReceivedOn, RespondedOn: r.RespondedOn, Request: q, Outcome: foi.Granted,
		Parts: []foi.PublishedPart{{Number: 1, Text: q, Answer: "Twelve.", Outcome: foi.Granted}}}
	if err := store.Update(ctx, func(tx foi.Tx) error {
		return tx.CreateImported(ctx, []foi.ImportedCase{{Request: r, Publication: p, Event: &foi.Event{Type: "imported", Actor: "test"}}})
	}); err != nil {
		t.Fatal(err)
	}
	store.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DELETE FROM published_question_keys; DELETE FROM counters WHERE name = 'published_question_index'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if store, err = openStore(ctx, dsn); err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	found := func() int {
		got, err := store.PublishedQuestionCandidates(ctx, askedbefore.Keys(q), 10, 10)
		if err != nil {
			t.Fatal(err)
		}
		return len(got)
	}
	if n := found(); n != 0 {
		t.Fatalf("the entry is found before any indexing (%d): the test proves nothing", n)
	}
	startServe(t, buildDisclose(t), dsn)
	deadline := time.Now().Add(30 * time.Second)
	for found() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("serve did not index the published questions")
		}
		time.Sleep(100 * time.Millisecond)
	}
}
