// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"fmt"
	"io"

	"disclose/internal/auth"
	"disclose/internal/foi"
)

// runToken creates an API token. By contract it prints the token alone on
// stdout, so scripts can capture it.
func runToken(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(stderr, "usage: disclose token create --db DSN --email E [--label L]")
		return 2
	}
	fs := newFlagSet("token create", stderr)
	dsn := dbFlag(fs)
	email := fs.String("email", "", "the user the token acts as")
	label := fs.String("label", "", "what the token is for, shown in the audit trail")
	if err := parseFlags(fs, args[1:], 0); err != nil {
		return 2
	}
	if *email == "" {
		fmt.Fprintln(stderr, "disclose token create: --email is required")
		return 2
	}
	store, err := openStore(ctx, *dsn)
	if err != nil {
		return fail(stderr, "token create", err)
	}
	defer store.Close()

	secret, hash := auth.NewToken()
	err = store.Update(ctx, func(tx foi.Tx) error {
		u, err := tx.FindUserByEmail(ctx, foi.NormaliseEmail(*email))
		if err != nil {
			return err
		}
		if u.Disabled {
			return foi.Errorf(foi.EINVALID, "user %s is disabled", u.Email)
		}
		if err := tx.CreateToken(ctx, &foi.Token{UserID: u.ID, Hash: hash, Label: *label}); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{Type: foi.EventTokenCreated, Actor: "command line",
			Note: fmt.Sprintf("API token %q created for %s", *label, u.Email)})
	})
	if foi.IsNotFound(err) {
		fmt.Fprintf(stderr, "disclose token create: no user with email %s\n", *email)
		return 2
	} else if err != nil {
		return fail(stderr, "token create", err)
	}
	fmt.Fprintln(stdout, secret)
	return 0
}
