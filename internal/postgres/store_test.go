// SPDX-License-Identifier: AGPL-3.0-or-later

package postgres

import (
	"context"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"disclose/internal/foi"
	"disclose/internal/pgtest"
	"disclose/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var ctx = context.Background()

func open(t testing.TB, dsn string) *Store {
	t.Helper()
	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) foi.Store {
		s, err := Open(ctx, pgtest.Start(t))
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		return s
	})
}

func TestMigrateConcurrentlyFromTwoProcesses(t *testing.T) {
	dsn := pgtest.Start(t)
	const n = 4 // four processes starting at once
	stores := make([]*Store, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stores[i], errs[i] = Open(ctx, dsn)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Open %d of %d concurrent: %v", i+1, n, err)
		}
		defer stores[i].Close()
	}
	v, err := stores[0].SchemaVersion(ctx)
	if err != nil || v != latestSchemaVersion() || v < 1 {
		t.Errorf("SchemaVersion = %d, %v; want %d", v, err, latestSchemaVersion())
	}
	// Each migration was applied once.
	var applied int
	conn := connect(t, dsn)
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM schema_migrations").Scan(&applied); err != nil {
		t.Fatal(err)
	}
	if all, _ := migrations(); applied != len(all) {
		t.Errorf("schema_migrations has %d rows, want %d", applied, len(all))
	}
	// Migrating again is a no-op.
	if err := stores[1].Migrate(ctx); err != nil {
		t.Errorf("second Migrate: %v", err)
	}
}

func TestSchemaVersionOfEmptyDatabase(t *testing.T) {
	p, err := pgxpool.New(ctx, pgtest.Start(t))
	if err != nil {
		t.Fatal(err)
	}
	s := &Store{pool: p, Now: time.Now}
	defer s.Close()
	if v, err := s.SchemaVersion(ctx); err != nil || v != 0 {
		t.Errorf("SchemaVersion before Migrate = %d, %v; want 0", v, err)
	}
}

// Two stores with their own pools behave like two `disclose serve`
// processes sharing the database.
func TestReferencesAcrossProcessesAreUniqueAndConsecutive(t *testing.T) {
	dsn := pgtest.Start(t)
	a, b := open(t, dsn), open(t, dsn)
	if err := a.Update(ctx, func(tx foi.Tx) error { return tx.SetSetting(ctx, foi.SettingReferenceStart, "12748") }); err != nil {
		t.Fatal(err)
	}
	const perStore = 25
	var (
		mu   sync.Mutex
		nums []int
		wg   sync.WaitGroup
	)
	for _, s := range []*Store{a, b} {
		for range perStore {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := request(foi.FOIA)
				if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateRequest(ctx, r) }); err != nil {
					t.Errorf("CreateRequest: %v", err)
					return
				}
				mu.Lock()
				nums = append(nums, r.Reference.Number)
				mu.Unlock()
			}()
		}
	}
	wg.Wait()
	sort.Ints(nums)
	if len(nums) != 2*perStore || nums[0] != 12748 {
		t.Fatalf("got %d references starting at %v, want %d from 12748", len(nums), nums, 2*perStore)
	}
	for i := 1; i < len(nums); i++ {
		if nums[i] != nums[i-1]+1 {
			t.Fatalf("references from two processes are not unique and consecutive: %v", nums)
		}
	}
}

func TestReferenceSkipsNumbersAlreadyHeld(t *testing.T) {
	s := open(t, pgtest.Start(t))
	// Numbers held by data that did not go through the counter (an import).
	conn := connect(t, s.pool.Config().ConnString())
	for _, n := range []int{1, 2, 3, 5} {
		if _, err := conn.Exec(ctx, `INSERT INTO requesters (name) VALUES ('x');
			INSERT INTO requests (ref_prefix, ref_number, requester_id, regime, channel, received_at, received_on,
				text, status, created_at, updated_at, version)
			VALUES ('FOI', `+strconv.Itoa(n)+`, lastval(), 'foia', 'email', now(), current_date, 'old', 'closed', now(), now(), 1)`); err != nil {
			t.Fatal(err)
		}
	}
	var got []int
	for range 2 {
		r := request(foi.FOIA)
		if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateRequest(ctx, r) }); err != nil {
			t.Fatal(err)
		}
		got = append(got, r.Reference.Number)
	}
	if got[0] != 4 || got[1] != 6 {
		t.Errorf("allocated %v around held 1, 2, 3, 5; want [4 6]", got)
	}
}

func TestEventsAreAppendOnly(t *testing.T) {
	s := open(t, pgtest.Start(t))
	e := &foi.Event{Type: foi.EventUserAdded, Actor: "system"}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.AddEvent(ctx, e) }); err != nil {
		t.Fatal(err)
	}
	conn := connect(t, s.pool.Config().ConnString())
	for _, sql := range []string{
		"UPDATE events SET note = 'rewritten'",
		"DELETE FROM events",
		"TRUNCATE events",
	} {
		_, err := conn.Exec(ctx, sql)
		// TRUNCATE is refused first because the audit chain refers to events.
		if err == nil || !strings.Contains(err.Error(), "append-only") && !strings.Contains(err.Error(), "referenced in a foreign key") {
			t.Errorf("%s: got %v, want the append-only error", sql, err)
		}
	}
	evs, err := s.FindEvents(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM events WHERE note = ''").Scan(&n); err != nil || n != 1 {
		t.Errorf("events after the attempts: %d unchanged, %v; want 1 (FindEvents(0) = %v)", n, err, evs)
	}
}

func TestFailedWriteLeavesTransactionUsable(t *testing.T) {
	s := open(t, pgtest.Start(t))
	u := &foi.User{Email: "a@council.example", Name: "A", Role: foi.RoleOfficer}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
		t.Fatal(err)
	}
	err := s.Update(ctx, func(tx foi.Tx) error {
		dup := &foi.User{Email: "A@council.example", Name: "B", Role: foi.RoleOfficer}
		if err := tx.CreateUser(ctx, dup); foi.ErrorCode(err) != foi.ECONFLICT {
			t.Errorf("duplicate email gave %v, want conflict", err)
		}
		return tx.SetSetting(ctx, "after", "conflict")
	})
	if err != nil {
		t.Fatalf("the transaction failed after a handled conflict: %v", err)
	}
	if v, err := s.FindSetting(ctx, "after"); err != nil || v != "conflict" {
		t.Errorf("setting written after the conflict = %q, %v", v, err)
	}
}

func TestFindRequestsTextEscapesWildcards(t *testing.T) {
	s := open(t, pgtest.Start(t))
	for _, text := range []string{"100% of budgets", "1000 of budgets", "snake_case", "snakeXcase"} {
		r := request(foi.FOIA)
		r.Text = text
		if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateRequest(ctx, r) }); err != nil {
			t.Fatal(err)
		}
	}
	for q, want := range map[string]int{"100%": 1, "snake_case": 1, "BUDGETS": 2, "of 100%": 1} {
		if _, n, err := s.FindRequests(ctx, foi.RequestFilter{Text: q}); err != nil || n != want {
			t.Errorf("FindRequests(Text %q) total = %d, %v; want %d", q, n, err, want)
		}
	}
}

func request(regime foi.Regime) *foi.Request {
	day := time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)
	return &foi.Request{
		Regime: regime, Channel: foi.ChannelWeb, ReceivedAt: day.Add(9 * time.Hour), ReceivedOn: day,
		Requester: foi.Requester{Name: "Alex", Email: "alex@example.org"},
		Text:      "How many?", Status: foi.StatusOpen, DueOn: day.AddDate(0, 0, 28),
		Parts: []foi.Part{{Number: 1, Text: "How many?"}},
	}
}

func connect(t testing.TB, dsn string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	return conn
}

// TestMigrationsNumberedInStep: both engines' migrations carry the same
// numbers and names, so a number means one change whatever the engine.
func TestMigrationsNumberedInStep(t *testing.T) {
	names := func(dir string) []string {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	if pg, lite := names("migrations"), names("../sqlite/migrations"); strings.Join(pg, "\n") != strings.Join(lite, "\n") {
		t.Errorf("migrations differ:\npostgres: %v\nsqlite:   %v", pg, lite)
	}
}

// TestMigrateRenumbersTheOldTOTPMigration: a database migrated when the
// second-factor migration was numbered 0016 here migrates to the numbering
// in step without running it again, and its record then matches the files.
func TestMigrateRenumbersTheOldTOTPMigration(t *testing.T) {
	dsn := pgtest.Start(t)
	s := open(t, dsn)
	if _, err := s.pool.Exec(ctx, `DELETE FROM schema_migrations WHERE version BETWEEN 16 AND 18;
		INSERT INTO schema_migrations (version, name) VALUES (16, '0016_totp_last_step.sql')`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = open(t, dsn)
	rows, err := s.pool.Query(ctx, "SELECT version, name FROM schema_migrations ORDER BY version")
	if err != nil {
		t.Fatal(err)
	}
	type record struct {
		Version int32
		Name    string
	}
	got, err := pgx.CollectRows(rows, pgx.RowToStructByPos[record])
	if err != nil {
		t.Fatal(err)
	}
	all, _ := migrations()
	if len(got) != len(all) {
		t.Fatalf("%d migrations recorded, want %d: %v", len(got), len(all), got)
	}
	for i, m := range all {
		if got[i].Version != int32(m.Version) || got[i].Name != m.Name {
			t.Errorf("record %d = %v, want %d %s", i, got[i], m.Version, m.Name)
		}
	}
}

// TestEachQueryPlannedForItsParameters: the pool's connections plan each
// run of a prepared statement for its parameters (a generic plan walked
// the key index for rare search words).
func TestEachQueryPlannedForItsParameters(t *testing.T) {
	s := open(t, pgtest.Start(t))
	var mode string
	if err := s.pool.QueryRow(ctx, "SHOW plan_cache_mode").Scan(&mode); err != nil || mode != "force_custom_plan" {
		t.Errorf("plan_cache_mode = %q, %v; want force_custom_plan", mode, err)
	}
}

// latestSchemaVersion is the number of the newest embedded migration: what
// SchemaVersion returns once Migrate has run.
func latestSchemaVersion() int {
	all, err := migrations()
	if err != nil || len(all) == 0 {
		return 0
	}
	return all[len(all)-1].Version
}

func TestAuditChain(t *testing.T) {
	storetest.RunAudit(t, func(t *testing.T) (foi.Store, storetest.Tamper) {
		dsn := pgtest.Start(t)
		s, err := Open(ctx, dsn)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		return s, func(t *testing.T, statements ...string) {
			t.Helper()
			// A superuser's session of its own, with every trigger
			// (the append-only ones and foreign keys) switched off.
			conn := connect(t, dsn)
			if _, err := conn.Exec(ctx, "SET session_replication_role = replica"); err != nil {
				t.Fatal(err)
			}
			for _, q := range statements {
				if _, err := conn.Exec(ctx, q); err != nil {
					t.Fatalf("tamper: %s: %v", q, err)
				}
			}
		}
	})
}
