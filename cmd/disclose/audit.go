// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"log/slog"
	"os"
	"strings"
	"time"

	"disclose/internal/audit"
	"disclose/internal/foi"
)

const auditUsage = `usage: disclose audit verify|checkpoint|key [flags]

  verify      walk the audit chain and check every link and checkpoint
              (--from-checkpoint FILE: also against a checkpoint kept elsewhere)
  checkpoint  sign the chain's head, store it (--export FILE: and write it out)
  key         print the public key checkpoints are signed with
`

func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, auditUsage)
		return 2
	}
	switch args[0] {
	case "verify":
		return runAuditVerify(ctx, args[1:], stdout, stderr)
	case "checkpoint":
		return runAuditCheckpoint(ctx, args[1:], stdout, stderr)
	case "key":
		return runAuditKey(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "disclose audit: unknown command %q\n\n%s", args[0], auditUsage)
	return 2
}

// auditKeyFlag adds --audit-key: the file holding the ed25519 key that
// signs checkpoints. It is a file, not a row, so that someone who can
// change the database cannot also sign a checkpoint for what they wrote.
func auditKeyFlag(fs *flag.FlagSet) *string {
	return fs.String("audit-key", os.Getenv("DISCLOSE_AUDIT_KEY"),
		"the file of the key that signs audit checkpoints, made on first use (env DISCLOSE_AUDIT_KEY; default: beside a SQLite database, DB.audit-key)")
}

// auditKeyPath is the key file for a database: the flag, or beside a
// SQLite file; "" for PostgreSQL without the flag.
func auditKeyPath(flagValue, dsn string) string {
	if flagValue != "" {
		return flagValue
	}
	if path, ok := strings.CutPrefix(dsn, "sqlite:"); ok && path != "" {
		return path + ".audit-key"
	}
	return ""
}

func runAuditVerify(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("audit verify", stderr)
	dsn := dbFlag(fs)
	keyFlag := auditKeyFlag(fs)
	from := fs.String("from-checkpoint", "", "a checkpoint file (disclose audit checkpoint --export) the chain must still hold")
	if err := parseFlags(fs, args, 0); err != nil {
		return 2
	}
	var external *foi.AuditCheckpoint
	if *from != "" {
		var err error
		if external, err = audit.ReadFile(*from); err != nil {
			return fail(stderr, "audit verify", err)
		}
	}
	// Checkpoints must be signed by the audit key when its file is here;
	// without it, each is checked against the public key stored with it.
	var trusted []ed25519.PublicKey
	if path := auditKeyPath(*keyFlag, *dsn); path != "" {
		key, err := audit.LoadKey(path, false)
		switch {
		case err == nil:
			trusted = append(trusted, key.Public().(ed25519.PublicKey))
		case !errors.Is(err, iofs.ErrNotExist) || *keyFlag != "":
			return fail(stderr, "audit verify", err)
		}
	}
	if external != nil && len(trusted) > 0 && !trustedKey(trusted, external.PublicKey) {
		fmt.Fprintf(stderr, "disclose audit verify: note: %s is signed by key %s, not this database's audit key %s\n",
			*from, audit.KeyID(external.PublicKey), audit.KeyID(trusted[0]))
	}
	store, err := openStore(ctx, *dsn)
	if err != nil {
		return fail(stderr, "audit verify", err)
	}
	defer store.Close()
	rep, err := audit.Verify(ctx, store, external, trusted...)
	if err != nil {
		return fail(stderr, "audit verify", err)
	}
	if !rep.OK() {
		fmt.Fprintf(stderr, "disclose audit verify: the audit trail does not verify\nfirst: %s\n", rep.First())
		for _, p := range rep.Problems {
			fmt.Fprintf(stderr, "  %s\n", p)
		}
		if rep.More > 0 {
			fmt.Fprintf(stderr, "  and %d more\n", rep.More)
		}
		return 1
	}
	fmt.Fprintf(stdout, "audit trail verified: %d event(s), head at sequence %d, hash %s\n", rep.Links, rep.Head.Seq, rep.Head.Hash)
	fmt.Fprintf(stdout, "chain %s; %d stored checkpoint(s) checked", rep.Head.Chain, rep.Checkpoints)
	if c := rep.Latest; c != nil {
		fmt.Fprintf(stdout, ", the latest at sequence %d of %s, key %s", c.Seq, c.At.UTC().Format(time.RFC3339), audit.KeyID(c.PublicKey))
	}
	fmt.Fprintln(stdout)
	if external != nil && rep.ExternalChecked {
		fmt.Fprintf(stdout, "matches %s: sequence %d of %s, key %s\n", *from, external.Seq, external.At.UTC().Format(time.RFC3339), audit.KeyID(external.PublicKey))
	}
	return 0
}

func trustedKey(keys []ed25519.PublicKey, pub []byte) bool {
	for _, k := range keys {
		if k.Equal(ed25519.PublicKey(pub)) {
			return true
		}
	}
	return false
}

func runAuditCheckpoint(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("audit checkpoint", stderr)
	dsn := dbFlag(fs)
	keyFlag := auditKeyFlag(fs)
	export := fs.String("export", "", "also write the checkpoint to this file, to keep elsewhere")
	if err := parseFlags(fs, args, 0); err != nil {
		return 2
	}
	path := auditKeyPath(*keyFlag, *dsn)
	if path == "" {
		fmt.Fprintln(stderr, "disclose audit checkpoint: --audit-key FILE is required with PostgreSQL (the same file for every process)")
		return 2
	}
	key, err := audit.LoadKey(path, true)
	if err != nil {
		return fail(stderr, "audit checkpoint", err)
	}
	store, err := openStore(ctx, *dsn)
	if err != nil {
		return fail(stderr, "audit checkpoint", err)
	}
	defer store.Close()
	c, err := audit.Checkpoint(ctx, store, key, time.Now(), false)
	if err != nil {
		return fail(stderr, "audit checkpoint", err)
	}
	fmt.Fprintf(stdout, "checkpoint %d: sequence %d, hash %s, at %s, key %s\n", c.ID, c.Seq, c.Hash, c.At.UTC().Format(time.RFC3339), audit.KeyID(c.PublicKey))
	if *export != "" {
		if err := os.WriteFile(*export, audit.Export(c), 0o644); err != nil {
			return fail(stderr, "audit checkpoint", err)
		}
		fmt.Fprintf(stdout, "written to %s\n", *export)
	}
	return 0
}

func runAuditKey(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("audit key", stderr)
	dsn := dbFlag(fs)
	keyFlag := auditKeyFlag(fs)
	if err := parseFlags(fs, args, 0); err != nil {
		return 2
	}
	path := auditKeyPath(*keyFlag, *dsn)
	if path == "" {
		fmt.Fprintln(stderr, "disclose audit key: --audit-key FILE is required with PostgreSQL")
		return 2
	}
	key, err := audit.LoadKey(path, true)
	if err != nil {
		return fail(stderr, "audit key", err)
	}
	pub := key.Public().(ed25519.PublicKey)
	fmt.Fprintf(stdout, "ed25519 %s\nkey id %s\n", base64.StdEncoding.EncodeToString(pub), audit.KeyID(pub))
	return 0
}

// backfillAudit links the events an upgrade found, in transactions of
// backfillBatch, before the database is used.
func backfillAudit(ctx context.Context, s foi.Store) error {
	const backfillBatch = 10_000
	for {
		var n int
		err := s.Update(ctx, func(tx foi.Tx) error {
			var err error
			n, err = tx.ChainBackfill(ctx, backfillBatch)
			return err
		})
		if err != nil {
			return fmt.Errorf("linking the audit trail into its chain: %w", err)
		}
		if n < backfillBatch {
			return nil
		}
	}
}

// startAuditCheckpoints signs the chain's head every interval, when it has
// moved since the last checkpoint. Several processes sharing a database
// each do it; a head already signed is not signed again.
func startAuditCheckpoints(ctx context.Context, s foi.Store, key ed25519.PrivateKey, every time.Duration, log *slog.Logger) (wait func()) {
	if key == nil || every <= 0 {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			c, err := audit.Checkpoint(ctx, s, key, time.Now(), true)
			switch {
			case err != nil && ctx.Err() == nil:
				log.Error("audit checkpoint", "err", err)
			case c != nil:
				log.Info("audit checkpoint", "seq", c.Seq, "hash", c.Hash, "key", audit.KeyID(c.PublicKey))
			}
		}
	}()
	return func() { <-done }
}
