// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlite

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	sqlite3 "modernc.org/sqlite/lib"

	"disclose/internal/foi"
)

func day(s string) time.Time {
	t, err := foi.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func testRequest(text string) *foi.Request {
	return &foi.Request{
		Regime:     foi.FOIA,
		Channel:    foi.ChannelWeb,
		ReceivedAt: time.Date(2024, 3, 4, 9, 30, 0, 123456000, time.UTC),
		ReceivedOn: day("2024-03-04"),
		Requester:  foi.Requester{Name: "Alex Requester", Email: "alex@example.org"},
		Text:       text,
		Parts:      []foi.Part{{Number: 1, Label: "1", Text: text}},
		Status:     foi.StatusOpen,
		DueOn:      day("2024-04-02"),
	}
}

func mustCreate(t testing.TB, s *Store, r *foi.Request) *foi.Request {
	t.Helper()
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateRequest(ctx, r) }); err != nil {
		t.Fatalf("CreateRequest: %v", err)
	}
	return r
}

func TestMigrateIsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "disclose.db")
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("open %d: %v", i+1, err)
		}
		if err := s.Migrate(ctx); err != nil {
			t.Errorf("open %d: Migrate again: %v", i+1, err)
		}
		v, err := s.SchemaVersion(ctx)
		if latest := ms[len(ms)-1].Version; err != nil || v != latest {
			t.Errorf("open %d: SchemaVersion = %d, %v; want %d", i+1, v, err, latest)
		}
		var rows int
		if err := s.w.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&rows); err != nil || rows != len(ms) {
			t.Errorf("open %d: schema_migrations has %d rows, %v; want %d", i+1, rows, err, len(ms))
		}
		if i == 0 {
			mustCreate(t, s, testRequest("kept across opens"))
		}
		s.Close()
	}
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, total, err := s.FindRequests(ctx, foi.RequestFilter{}); err != nil || total != 1 {
		t.Errorf("after reopening, %d requests, %v; want the 1 stored before", total, err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "disclose.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, `INSERT INTO schema_migrations VALUES (999, '0999_future.sql', '')`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err := Open(ctx, path); err == nil || !strings.Contains(err.Error(), "upgrade Disclose") {
		if s != nil {
			s.Close()
		}
		t.Errorf("opening a database from a newer Disclose gave %v, want a refusal", err)
	}
}

func TestOpenRefusesMemoryAndURIs(t *testing.T) {
	for _, path := range []string{"", ":memory:", "file:x.db?mode=memory", "a?b.db"} {
		if s, err := Open(ctx, path); err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded; want an error", path)
		}
	}
}

// pragmas reads the settings that durability and integrity rest on from one
// connection.
func pragmas(t *testing.T, c *sql.Conn) map[string]string {
	t.Helper()
	got := map[string]string{}
	for _, p := range []string{"journal_mode", "synchronous", "foreign_keys", "busy_timeout", "query_only"} {
		var v string
		if err := c.QueryRowContext(ctx, "PRAGMA "+p).Scan(&v); err != nil {
			t.Fatalf("PRAGMA %s: %v", p, err)
		}
		got[p] = v
	}
	return got
}

// TestPragmasOnEveryConnection checks WAL, synchronous=FULL and the rest on
// the writer and on several read connections held at once, so each is a
// different pooled connection.
func TestPragmasOnEveryConnection(t *testing.T) {
	s := openTest(t)
	want := map[string]string{
		"journal_mode": "wal",
		"synchronous":  "2", // FULL
		"foreign_keys": "1",
		"busy_timeout": strconv.Itoa(int(busyTimeout.Milliseconds())),
	}
	check := func(name string, c *sql.Conn, queryOnly string) {
		got := pragmas(t, c)
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: PRAGMA %s = %s, want %s", name, k, got[k], v)
			}
		}
		if got["query_only"] != queryOnly {
			t.Errorf("%s: PRAGMA query_only = %s, want %s", name, got["query_only"], queryOnly)
		}
	}
	w, err := s.w.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	check("writer", w, "0")
	w.Close()
	var conns []*sql.Conn
	for i := 0; i < 3; i++ {
		c, err := s.r.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		check(fmt.Sprintf("reader %d", i+1), c, "1")
	}
	if _, err := conns[0].ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('x', 'y')`); err == nil {
		t.Errorf("a read connection could write")
	}
	for _, c := range conns {
		c.Close()
	}
}

func TestEventsAreAppendOnly(t *testing.T) {
	s := openTest(t)
	r := mustCreate(t, s, testRequest("Bins"))
	e := &foi.Event{RequestID: r.ID, Type: foi.EventCreated, Actor: "system"}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.AddEvent(ctx, e) }); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`UPDATE events SET note = 'rewritten' WHERE id = ?`,
		`DELETE FROM events WHERE id = ?`,
	} {
		_, err := s.w.ExecContext(ctx, stmt, e.ID)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: got %v, want the append-only refusal", stmt, err)
		}
	}
	got, err := s.FindEvents(ctx, r.ID)
	if err != nil || len(got) != 1 || got[0].Note != "" {
		t.Errorf("events after refused changes = %+v, %v; want the one event unchanged", got, err)
	}
	// An event for a request that does not exist is refused, not orphaned.
	err = s.Update(ctx, func(tx foi.Tx) error {
		return tx.AddEvent(ctx, &foi.Event{RequestID: 424242, Type: foi.EventViewed})
	})
	if !foi.IsNotFound(err) {
		t.Errorf("event for a missing request gave %v, want not found", err)
	}
	// Events about no request are allowed.
	if err := s.Update(ctx, func(tx foi.Tx) error {
		return tx.AddEvent(ctx, &foi.Event{Type: foi.EventUserAdded, Actor: "admin"})
	}); err != nil {
		t.Errorf("event without a request: %v", err)
	}
}

// TestReadersDuringWrite holds a write transaction open and checks that
// readers neither wait for it nor see its uncommitted rows, while the
// transaction itself reads its own writes.
func TestReadersDuringWrite(t *testing.T) {
	s := openTest(t)
	mustCreate(t, s, testRequest("Committed before"))

	inTx, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- s.Update(ctx, func(tx foi.Tx) error {
			r := testRequest("Uncommitted parking question")
			if err := tx.CreateRequest(ctx, r); err != nil {
				return err
			}
			if _, total, err := tx.FindRequests(ctx, foi.RequestFilter{}); err != nil || total != 2 {
				return fmt.Errorf("inside the transaction: %d requests, %v; want 2", total, err)
			}
			if _, err := tx.FindRequest(ctx, r.Reference); err != nil {
				return fmt.Errorf("inside the transaction FindRequest: %v", err)
			}
			close(inTx)
			<-release
			return nil
		})
	}()
	<-inTx
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			defer cancel()
			for j := 0; j < 20; j++ {
				_, total, err := s.FindRequests(rctx, foi.RequestFilter{})
				if err != nil {
					errs <- err
					return
				}
				if total != 1 {
					errs <- fmt.Errorf("a reader saw %d requests during the write, want the 1 committed", total)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, total, _ := s.FindRequests(ctx, foi.RequestFilter{}); total != 2 {
		t.Errorf("after commit readers see %d requests, want 2", total)
	}
}

// TestConcurrentReadWrite runs writers and readers together for a moment:
// nothing fails with SQLITE_BUSY and every reader sees a consistent snapshot
// (a request's version and its parts agree).
func TestConcurrentReadWrite(t *testing.T) {
	s := openTest(t)
	r := mustCreate(t, s, testRequest("Counted"))
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errc := make(chan error, 16)
	for i := 0; i < 2; i++ { // writers
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				err := s.Update(ctx, func(tx foi.Tx) error {
					got, err := tx.FindRequest(ctx, r.Reference)
					if err != nil {
						return err
					}
					// The parts always number version of them.
					got.Parts = append(got.Parts, foi.Part{Number: len(got.Parts) + 1, Text: "more"})
					return tx.UpdateRequest(ctx, got)
				})
				if err != nil {
					errc <- err
					return
				}
			}
		}()
	}
	for i := 0; i < 6; i++ { // readers
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				got, err := s.FindRequest(ctx, r.Reference)
				if err != nil {
					errc <- err
					return
				}
				if len(got.Parts) != got.Version {
					errc <- fmt.Errorf("torn read: version %d with %d parts", got.Version, len(got.Parts))
					return
				}
			}
		}()
	}
	time.Sleep(300 * time.Millisecond)
	close(stop)
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
}

func TestReferenceAllocation(t *testing.T) {
	t.Run("skips numbers already taken", func(t *testing.T) {
		s := openTest(t)
		for _, n := range []int{5, 6} {
			r := testRequest("historical")
			r.Reference = foi.Reference{Prefix: "FOI", Number: n}
			mustCreate(t, s, r)
		}
		// Pretend the counter fell behind (rows imported by hand).
		if _, err := s.w.ExecContext(ctx, `UPDATE counters SET next = 5`); err != nil {
			t.Fatal(err)
		}
		if r := mustCreate(t, s, testRequest("new")); r.Reference.Number != 7 {
			t.Errorf("next reference = %v, want FOI 7 (5 and 6 are taken)", r.Reference)
		}
		if r := mustCreate(t, s, testRequest("new")); r.Reference.Number != 8 {
			t.Errorf("following reference = %v, want FOI 8", r.Reference)
		}
	})
	t.Run("start setting raised later", func(t *testing.T) {
		s := openTest(t)
		mustCreate(t, s, testRequest("trial"))
		if err := s.Update(ctx, func(tx foi.Tx) error {
			return tx.SetSetting(ctx, foi.SettingReferenceStart, "20000")
		}); err != nil {
			t.Fatal(err)
		}
		if r := mustCreate(t, s, testRequest("real")); r.Reference.Number != 20000 {
			t.Errorf("after raising the start, reference = %v, want FOI 20000", r.Reference)
		}
	})
	t.Run("bad start setting", func(t *testing.T) {
		s := openTest(t)
		err := s.Update(ctx, func(tx foi.Tx) error {
			if err := tx.SetSetting(ctx, foi.SettingReferenceStart, "twelve"); err != nil {
				return err
			}
			return tx.CreateRequest(ctx, testRequest("x"))
		})
		if foi.ErrorCode(err) != foi.EINVALID {
			t.Errorf("non-numeric start gave %v, want invalid", err)
		}
	})
	t.Run("conflict message names the stored reference", func(t *testing.T) {
		s := openTest(t)
		r := testRequest("x")
		r.Reference = foi.Reference{Prefix: "FOI", Number: 500}
		mustCreate(t, s, r)
		dup := testRequest("y")
		dup.Regime = foi.EIR
		dup.Reference = foi.Reference{Prefix: "EIR", Number: 500}
		err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateRequest(ctx, dup) })
		if foi.ErrorCode(err) != foi.ECONFLICT || foi.ErrorMessage(err) != "reference FOI 500 already exists" {
			t.Errorf("got %v, want conflict %q", err, "reference FOI 500 already exists")
		}
	})
}

func TestUpdateConflictMessage(t *testing.T) {
	s := openTest(t)
	r := mustCreate(t, s, testRequest("x"))
	stale := *r
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.UpdateRequest(ctx, r) }); err != nil {
		t.Fatal(err)
	}
	err := s.Update(ctx, func(tx foi.Tx) error { return tx.UpdateRequest(ctx, &stale) })
	want := fmt.Sprintf("request %s was changed by someone else; reload and try again", r.Reference)
	if foi.ErrorCode(err) != foi.ECONFLICT || foi.ErrorMessage(err) != want {
		t.Errorf("got %v, want conflict %q", err, want)
	}
	missing := *r
	missing.ID = 424242
	err = s.Update(ctx, func(tx foi.Tx) error { return tx.UpdateRequest(ctx, &missing) })
	if !foi.IsNotFound(err) {
		t.Errorf("updating a request that is not there gave %v, want not found", err)
	}
}

func TestTextFilterIsLiteral(t *testing.T) {
	s := openTest(t)
	a := mustCreate(t, s, testRequest("Spending rose 100% in 2023"))
	b := mustCreate(t, s, testRequest("Spending rose 1000 pounds"))
	c := mustCreate(t, s, testRequest(`Files named road_works and C:\data`))
	tests := []struct {
		text string
		want []*foi.Request
	}{
		{"100%", []*foi.Request{a}},
		{"SPENDING rose", []*foi.Request{a, b}},
		{"rose pounds", []*foi.Request{b}},
		{"road_works", []*foi.Request{c}},
		{"roadworks", nil},
		{`C:\data`, []*foi.Request{c}},
		{"_", []*foi.Request{c}},
	}
	for _, tt := range tests {
		got, total, err := s.FindRequests(ctx, foi.RequestFilter{Text: tt.text})
		if err != nil {
			t.Fatal(err)
		}
		var gotIDs, wantIDs []int64
		for _, r := range got {
			gotIDs = append(gotIDs, r.ID)
		}
		for _, r := range tt.want {
			wantIDs = append(wantIDs, r.ID)
		}
		if fmt.Sprint(gotIDs) != fmt.Sprint(wantIDs) || total != len(tt.want) {
			t.Errorf("Text %q matched %v (total %d), want %v", tt.text, gotIDs, total, wantIDs)
		}
	}
}

// TestKillDuringWrites is the durability promise at this layer: a child
// process commits requests and reports each one only after Update returns;
// it is killed with SIGKILL mid-stream, and every reported request must be
// in the file when it is opened again.
func TestKillDuringWrites(t *testing.T) {
	if path := os.Getenv("DISCLOSE_SQLITE_KILL_CHILD"); path != "" {
		writeUntilKilled(path)
		return
	}
	if testing.Short() {
		t.Skip("starts a child process; skipped with -short")
	}
	path := filepath.Join(t.TempDir(), "disclose.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillDuringWrites$")
	cmd.Env = append(os.Environ(), "DISCLOSE_SQLITE_KILL_CHILD="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []int
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		n, err := strconv.Atoi(strings.TrimPrefix(sc.Text(), "ack "))
		if err != nil {
			continue
		}
		acked = append(acked, n)
		if len(acked) == 50 {
			cmd.Process.Signal(syscall.SIGKILL)
			break
		}
	}
	cmd.Wait()
	if len(acked) < 50 {
		t.Fatalf("child acknowledged only %d requests before it stopped", len(acked))
	}
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("reopening after kill -9: %v", err)
	}
	defer s.Close()
	for _, n := range acked {
		if _, err := s.FindRequest(ctx, foi.Reference{Prefix: "FOI", Number: n}); err != nil {
			t.Errorf("acknowledged request %d lost after kill -9: %v", n, err)
		}
	}
}

func writeUntilKilled(path string) {
	s, err := Open(ctx, path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for {
		r := testRequest("written before the kill")
		if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateRequest(ctx, r) }); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("ack %d\n", r.Reference.Number)
	}
}

// TestListOrdersUseIndexes guards the list query plans: the two orders and
// the assignee filter read a page in index order rather than sorting every
// matching request.
func TestListOrdersUseIndexes(t *testing.T) {
	s := openTest(t)
	for _, f := range []foi.RequestFilter{{}, {Order: foi.OrderReceived}, {AssigneeID: 3}, {Statuses: []foi.Status{foi.StatusOpen}}} {
		where, args := s.Reader.RequestWhere(f)
		order := `r.due_on IS NULL, r.due_on, r.ref_number`
		if f.Order == foi.OrderReceived {
			order = `r.received_at DESC, r.ref_number DESC`
		}
		rows, err := s.r.QueryContext(ctx, `EXPLAIN QUERY PLAN SELECT r.id FROM requests r`+where+
			` ORDER BY `+order+` LIMIT 50`, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if p := strings.Join(plan, "; "); strings.Contains(p, "TEMP B-TREE") || !strings.Contains(p, "INDEX") {
			t.Errorf("filter %+v: plan %q sorts instead of reading an index in order", f, p)
		}
	}
}

// TestUpdateLocksFromTheStart checks that a write transaction takes the
// write lock at BEGIN (IMMEDIATE), so what it reads cannot change under it,
// even before it writes anything.
func TestUpdateLocksFromTheStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "disclose.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := mustCreate(t, s, testRequest("locked"))
	other, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()

	err = s.Update(ctx, func(tx foi.Tx) error {
		if _, err := tx.FindRequest(ctx, r.Reference); err != nil { // reads only
			return err
		}
		_, err := other.ExecContext(ctx, `UPDATE requests SET status = 'closed'`)
		if err == nil {
			return errors.New("another connection wrote while a transaction that had only read was open")
		}
		if sqliteCode(err)&0xff != sqlite3.SQLITE_BUSY {
			return fmt.Errorf("other writer: got %v, want SQLITE_BUSY", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestTwoProcessesShareTheFile opens the file twice, as `disclose serve` and
// a `disclose user add` beside it would, and writes from both at once: the
// busy timeout queues them and references stay unique.
func TestTwoProcessesShareTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "disclose.db")
	var stores []*Store
	for i := 0; i < 2; i++ {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores = append(stores, s)
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		seen = map[int]bool{}
	)
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func(s *Store) {
			defer wg.Done()
			r := testRequest("from either process")
			if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateRequest(ctx, r) }); err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if seen[r.Reference.Number] {
				t.Errorf("reference %v given twice", r.Reference)
			}
			seen[r.Reference.Number] = true
		}(stores[i%2])
	}
	wg.Wait()
	if _, total, err := stores[0].FindRequests(ctx, foi.RequestFilter{}); err != nil || total != 40 {
		t.Errorf("total = %d, %v; want 40", total, err)
	}
}
