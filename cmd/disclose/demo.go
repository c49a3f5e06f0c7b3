// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"disclose/internal/auth"
	"disclose/internal/casework"
	"disclose/internal/demo"
	"disclose/internal/foi"
	"disclose/internal/sqlite"
)

// runDemo serves a fresh temporary database loaded with example cases,
// and prints the URL and a staff login. The database is removed on exit.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("demo", stderr)
	addr := fs.String("addr", envOr("DISCLOSE_ADDR", defaultAddr), "listen address HOST:PORT (env DISCLOSE_ADDR)")
	if err := parseFlags(fs, args, 0); err != nil {
		return 2
	}
	dir, err := os.MkdirTemp("", "disclose-demo-")
	if err != nil {
		return fail(stderr, "demo", err)
	}
	defer os.RemoveAll(dir)
	store, err := sqlite.Open(ctx, filepath.Join(dir, "demo.db"))
	if err != nil {
		return fail(stderr, "demo", err)
	}
	defer store.Close()

	admin, password, token, err := demoAdmin(ctx, store)
	if err != nil {
		return fail(stderr, "demo", err)
	}
	svc, err := casework.New(ctx, store)
	if err != nil {
		return fail(stderr, "demo", err)
	}
	if err := demo.Load(ctx, svc, admin); err != nil {
		return fail(stderr, "demo", err)
	}
	f, err := listen(*addr, slog.New(slog.NewTextHandler(stderr, nil)))
	if err != nil {
		return fail(stderr, "demo", err)
	}
	defer f.srv.Close()
	err = serve(ctx, store, f, nil, siteOptions{}, stdout, func(url string) {
		fmt.Fprintf(stdout, "staff login: %s / %s\n", admin.Email, password)
		fmt.Fprintf(stdout, "API token:   %s\n", token)
		fmt.Fprintf(stdout, "try:         curl -H 'Authorization: Bearer %s' %s/api/v1/requests/foi-12748\n", token, url)
	})
	if err != nil {
		return fail(stderr, "demo", err)
	}
	return 0
}

// demoAdmin creates the demo's administrator with a fresh password and an
// API token.
func demoAdmin(ctx context.Context, store foi.Store) (*foi.User, string, string, error) {
	password := auth.GeneratePassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		return nil, "", "", err
	}
	u := &foi.User{Email: "demo@disclose.example", Name: "Demo Officer", Role: foi.RoleAdmin, PasswordHash: hash}
	secret, tokenHash := auth.NewToken()
	err = store.Update(ctx, func(tx foi.Tx) error {
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		return tx.CreateToken(ctx, &foi.Token{UserID: u.ID, Hash: tokenHash, Label: "demo"})
	})
	return u, password, secret, err
}
