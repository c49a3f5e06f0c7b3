// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/loadgen"
	"disclose/internal/logimport"
	"disclose/internal/pgtest"
	"disclose/internal/postgres"
	"disclose/internal/sqlite"
)

// TestImportBesideLiveIntake runs `disclose import`'s code and intake
// through the service at the same time, on one database from two
// connections (two processes would do the same): every request taken in
// gets a reference of its own, every line of the log is imported, and no
// reference is held by two requests.
func TestImportBesideLiveIntake(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "shared.db")
		importBesideIntake(t, func() foi.Store {
			s, err := sqlite.Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			return s
		})
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := pgtest.Start(t)
		importBesideIntake(t, func() foi.Store {
			s, err := postgres.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			return s
		})
	})
}

func importBesideIntake(t *testing.T, open func() foi.Store) {
	ctx := context.Background()
	intakeStore, importStore := open(), open()
	defer intakeStore.Close()
	defer importStore.Close()
	intake, err := casework.New(ctx, intakeStore)
	if err != nil {
		t.Fatal(err)
	}
	importer, err := casework.New(ctx, importStore)
	if err != nil {
		t.Fatal(err)
	}
	// The log's references start at 1, where live intake numbers from
	// too: intake must never take a number the import brings.
	var log bytes.Buffer
	const entries, requests = 2000, 60
	if err := loadgen.Write(&log, loadgen.Options{N: entries, Seed: 3, FirstRef: 1}); err != nil {
		t.Fatal(err)
	}
	officer := &foi.User{ID: 0, Name: "Ann Officer", Role: foi.RoleOfficer}
	var takeIn func()

	var wg sync.WaitGroup
	intakeErrs := make(chan error, requests)
	taken := make(chan foi.Reference, requests)
	wg.Add(1)
	// Intake starts once the first batch is in (the requests stored before
	// an import begins are casework it must not overwrite) and runs
	// beside the batches after it.
	var once sync.Once
	startIntake := func() { once.Do(func() { go takeIn() }) }
	takeIn = func() {
		defer wg.Done()
		for i := range requests {
			r, err := intake.SubmitRequest(ctx, officer, casework.NewRequest{
				Requester: foi.Requester{Name: "Amara Okafor", Email: "amara@example.org"},
				Text:      fmt.Sprintf("How many street lights were mended in ward %d?", i), Channel: foi.ChannelEmail,
			})
			if err != nil {
				intakeErrs <- err
				continue
			}
			taken <- r.Reference
		}
	}
	var problems []string
	st, err := logimport.Run(ctx, importer, bytes.NewReader(log.Bytes()), "log.jsonl", logimport.Options{Batch: 20,
		Progress: func(logimport.Stats) { startIntake() },
		Problem:  func(line int, err error) { problems = append(problems, fmt.Sprintf("line %d: %v", line, err)) }})
	startIntake()
	wg.Wait()
	close(intakeErrs)
	close(taken)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	for err := range intakeErrs {
		t.Errorf("intake beside the import: %v", err)
	}
	if st.Created != entries || len(problems) > 0 {
		t.Errorf("import beside intake: %d of %d created; %s", st.Created, entries, strings.Join(problems, "; "))
	}
	seen := map[int]bool{}
	for ref := range taken {
		if ref.Number <= entries {
			t.Errorf("intake took %s, a number the log brings", ref)
		}
		seen[ref.Number] = true
	}
	if len(seen) != requests {
		t.Errorf("%d distinct references for %d requests taken in", len(seen), requests)
	}
	_, total, err := intakeStore.FindRequests(ctx, foi.RequestFilter{Limit: 1})
	if err != nil || total != entries+requests {
		t.Errorf("%d requests stored (%v), want %d", total, err, entries+requests)
	}
}
