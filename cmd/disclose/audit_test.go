// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/pgtest"
	"disclose/internal/storetest"
)

// tamperDB changes a database as someone with direct access to it would,
// around the append-only triggers (dropped on SQLite, switched off for
// the session on PostgreSQL).
func tamperDB(t *testing.T, dsn string, statements ...string) {
	t.Helper()
	ctx := context.Background()
	if path, ok := strings.CutPrefix(dsn, "sqlite:"); ok {
		db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		rows, err := db.QueryContext(ctx, `SELECT 'DROP TRIGGER ' || name FROM sqlite_master WHERE type = 'trigger'`)
		if err != nil {
			t.Fatal(err)
		}
		var drops []string
		for rows.Next() {
			var q string
			if err := rows.Scan(&q); err != nil {
				t.Fatal(err)
			}
			drops = append(drops, q)
		}
		rows.Close()
		for _, q := range append(drops, statements...) {
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatalf("tamper: %s: %v", q, err)
			}
		}
		return
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, q := range append([]string{"SET session_replication_role = replica"}, statements...) {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("tamper: %s: %v", q, err)
		}
	}
}

var verifiedEvents = regexp.MustCompile(`audit trail verified: (\d+) event\(s\)`)

// TestAuditVerifyCommand: `disclose audit verify` passes an untouched
// trail, names the event an edit in the database changed, and, against a
// checkpoint exported before, catches a rewrite of the whole chain that
// verifies on its own.
func TestAuditVerifyCommand(t *testing.T) { eachEngine(t, auditVerifyCommand) }

func auditVerifyCommand(t *testing.T, dsn string) {
	officerToken(t, dsn) // user add and token create: two events
	dir := t.TempDir()
	key, cp := filepath.Join(dir, "audit.key"), filepath.Join(dir, "checkpoint.json")

	code, out, errOut := disclose(t, "audit", "verify", "--db", dsn)
	if m := verifiedEvents.FindStringSubmatch(out); code != 0 || m == nil || m[1] != "2" {
		t.Fatalf("audit verify of an untouched trail: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = disclose(t, "audit", "checkpoint", "--db", dsn, "--audit-key", key, "--export", cp)
	if code != 0 || !strings.Contains(out, "sequence 2") {
		t.Fatalf("audit checkpoint: exit %d\n%s%s", code, out, errOut)
	}
	var file struct {
		KeyID string `json:"key_id"`
		Seq   int64
	}
	if b, err := os.ReadFile(cp); err != nil || json.Unmarshal(b, &file) != nil || file.Seq != 2 {
		t.Fatalf("checkpoint file: %v %+v", err, file)
	}
	code, out, _ = disclose(t, "audit", "key", "--audit-key", key)
	if code != 0 || !strings.Contains(out, "key id "+file.KeyID) {
		t.Fatalf("audit key: exit %d, %s; want key id %s", code, out, file.KeyID)
	}
	code, out, errOut = disclose(t, "audit", "verify", "--db", dsn, "--audit-key", key, "--from-checkpoint", cp)
	if code != 0 || !strings.Contains(out, "1 stored checkpoint(s) checked") || !strings.Contains(out, "matches "+cp) {
		t.Fatalf("audit verify --from-checkpoint: exit %d\n%s%s", code, out, errOut)
	}

	// The whole chain rewritten from event 1, checkpoints removed: it
	// verifies on its own, not against the checkpoint kept elsewhere.
	s, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	stmts := storetest.Rewrite(t, s, 1, "nothing to see")
	s.Close()
	tamperDB(t, dsn, stmts...)
	if code, out, errOut = disclose(t, "audit", "verify", "--db", dsn); code != 0 {
		t.Fatalf("a consistent rewrite without the checkpoint: exit %d\n%s%s", code, out, errOut)
	}
	code, _, errOut = disclose(t, "audit", "verify", "--db", dsn, "--from-checkpoint", cp)
	if code != 1 || !strings.Contains(errOut, "first: event 2 (sequence 2,") || !strings.Contains(errOut, "differs from the checkpoint") {
		t.Fatalf("the rewrite against the checkpoint: exit %d, want 1 naming event 2\n%s", code, errOut)
	}

	// An edit of one event is named by id, sequence, type and time.
	tamperDB(t, dsn, `UPDATE events SET actor = 'Someone Else' WHERE id = 2`)
	code, _, errOut = disclose(t, "audit", "verify", "--db", dsn)
	if code != 1 || !regexp.MustCompile(`first: event 2 \(sequence 2, token-created, \d{4}-\d\d-\d\dT`).MatchString(errOut) {
		t.Fatalf("verify after an edit: exit %d, want 1 naming event 2\n%s", code, errOut)
	}
}

// TestAuditChainAcrossTwoServeProcesses: two `disclose serve` processes on
// one PostgreSQL take requests at once (each writes its events in its own
// transactions), and the chain stays one: verify passes while they run
// and after, and links every event.
func TestAuditChainAcrossTwoServeProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real servers; skipped with -short")
	}
	bin := buildDisclose(t)
	dsn := pgtest.Start(t)
	token := officerToken(t, dsn)
	a, _ := startServe(t, bin, dsn, "--audit-checkpoint-every", "0")
	b, _ := startServe(t, bin, dsn, "--audit-checkpoint-every", "0")
	sa, sb := startSubmitting(t, a, token, 3), startSubmitting(t, b, token, 3)
	sa.waitFor(t, 40)
	sb.waitFor(t, 40)
	// Online: verify reads one snapshot while both keep writing.
	if code, out := runBin(t, bin, "audit", "verify", "--db", dsn); code != 0 {
		t.Fatalf("audit verify beside two writers: exit %d\n%s", code, out)
	}
	sa.stop()
	sb.stop()
	sa.wg.Wait()
	sb.wg.Wait()
	if errs := append(sa.errs, sb.errs...); len(errs) > 0 {
		t.Errorf("%d request(s) failed while both processes wrote the chain, first: %s", len(errs), errs[0])
	}
	code, out := runBin(t, bin, "audit", "verify", "--db", dsn)
	m := verifiedEvents.FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("audit verify after two writers: exit %d\n%s", code, out)
	}
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var events int
	if err := conn.QueryRow(context.Background(), `SELECT count(*) FROM events`).Scan(&events); err != nil {
		t.Fatal(err)
	}
	if n, _ := strconv.Atoi(m[1]); n != events || n < 80 {
		t.Fatalf("verify linked %d events, the database holds %d (want at least 80)", n, events)
	}
	t.Logf("%d events from two processes in one chain", events)
}

// TestServeSignsCheckpoints: serve signs the chain's head on its timer with
// a key it makes beside the SQLite file (owner-only), and verify requires
// the stored checkpoints to be signed by that key.
func TestServeSignsCheckpoints(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a real server; skipped with -short")
	}
	bin := buildDisclose(t)
	path := filepath.Join(t.TempDir(), "disclose.db")
	dsn := "sqlite:" + path
	officerToken(t, dsn)
	startServed(t, bin, dsn, "--audit-checkpoint-every", "200ms")
	var out string
	for i := 0; i < 100 && !strings.Contains(out, "1 stored checkpoint(s) checked"); i++ {
		time.Sleep(100 * time.Millisecond)
		_, out = runBin(t, bin, "audit", "verify", "--db", dsn)
	}
	if !strings.Contains(out, "1 stored checkpoint(s) checked, the latest at sequence 2") {
		t.Fatalf("serve made no checkpoint of the head (sequence 2), or more than one of an unmoved head:\n%s", out)
	}
	fi, err := os.Stat(path + ".audit-key")
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the key file beside the database: %v, %v; want it readable by its owner only", err, fi)
	}
	// A checkpoint signed by another key is not Disclose's.
	if code, out := runBin(t, bin, "audit", "checkpoint", "--db", dsn, "--audit-key", filepath.Join(t.TempDir(), "other.key")); code != 0 {
		t.Fatalf("audit checkpoint with another key: exit %d\n%s", code, out)
	}
	code, out := runBin(t, bin, "audit", "verify", "--db", dsn)
	if code != 1 || !strings.Contains(out, "not the audit key") {
		t.Fatalf("verify with a checkpoint of another key: exit %d, want 1\n%s", code, out)
	}
}

// TestRetentionKeepsTheAuditChain: `disclose retention` removes a
// requester's details from a case closed years ago, its audit events
// included, and `disclose audit verify` still passes, on both engines.
func TestRetentionKeepsTheAuditChain(t *testing.T) { eachEngine(t, retentionKeepsChain) }

func retentionKeepsChain(t *testing.T, dsn string) {
	ctx := context.Background()
	s, err := openStore(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := casework.New(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	officer := &foi.User{Email: "o@council.example", Name: "Olu Officer", Role: foi.RoleOfficer}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateUser(ctx, officer) }); err != nil {
		t.Fatal(err)
	}
	r, err := svc.SubmitRequest(ctx, officer, casework.NewRequest{
		Requester: foi.Requester{Name: "Petra Vasquez", Email: "petra.vasquez@example.org"},
		Text:      "How many bridges were inspected? Petra Vasquez", Regime: foi.FOIA, Channel: foi.ChannelEmail,
		ReceivedOn: mustDate(t, "2020-03-02"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AnswerPart(ctx, officer, r.Reference, 1, casework.Answer{Text: "Twelve.", Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventResponded, On: mustDate(t, "2020-03-20"),
		Note: "answered by email to petra.vasquez@example.org"}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	code, out, errOut := disclose(t, "retention", "--db", dsn)
	if code != 0 || !strings.Contains(out, r.Reference.String()) || !strings.Contains(out, "audit event(s)") {
		t.Fatalf("retention: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut = disclose(t, "audit", "verify", "--db", dsn); code != 0 {
		t.Fatalf("audit verify after retention: exit %d\n%s%s", code, out, errOut)
	}
	s, err = openStore(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	events, err := s.FindEvents(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if strings.Contains(e.Note+e.Before+e.After, "petra") || strings.Contains(e.Note+e.Before+e.After, "Vasquez") {
			t.Errorf("event %d (%s) still names the requester: %q", e.ID, e.Type, e.Note)
		}
	}
}
