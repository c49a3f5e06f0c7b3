// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"disclose/internal/askedbefore"
	"disclose/internal/foi"
)

// TestServeIndexesQuestionsStoredWithoutTheIndex: cases stored in bulk and
// never indexed (an import stopped part-way; a database from before the
// index) are found as asked before once `disclose serve` has started.
func TestServeIndexesQuestionsStoredWithoutTheIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server; skipped with -short")
	}
	ctx := context.Background()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "disclose.db")
	store, err := openStore(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	const q = "How many gritters does the council own?"
	r := &foi.Request{Reference: foi.Reference{Prefix: "FOI", Number: 4001}, Regime: foi.FOIA, Channel: foi.ChannelEmail,
		ReceivedOn: time.Date(2024, 1, 8, 0, 0, 0, 0, time.UTC), Requester: foi.Requester{Name: foi.ImportedRequesterName},
		Text: q, Status: foi.StatusResponded, Parts: []foi.Part{{Number: 1, Text: q, Answer: "Twelve.", Outcome: foi.Granted}}}
	if err := store.Update(ctx, func(tx foi.Tx) error {
		return tx.CreateImported(ctx, []foi.ImportedCase{{Request: r, Event: &foi.Event{Type: "imported", Actor: "test"}}})
	}); err != nil {
		t.Fatal(err)
	}
	found := func() int {
		got, err := store.QuestionCandidates(ctx, askedbefore.Keys(q), 0, 10, 10)
		if err != nil {
			t.Fatal(err)
		}
		return len(got)
	}
	if n := found(); n != 0 {
		t.Fatalf("the imported case is found before any indexing (%d): the test proves nothing", n)
	}
	startServe(t, buildDisclose(t), dsn)
	deadline := time.Now().Add(30 * time.Second)
	for found() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("serve did not index the imported case's questions")
		}
		time.Sleep(100 * time.Millisecond)
	}
}
