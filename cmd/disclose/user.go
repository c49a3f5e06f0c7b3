// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"disclose/internal/auth"
	"disclose/internal/foi"
)

func runUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprintln(stderr, "usage: disclose user add --db DSN --email E --name N --role admin|officer|contributor|reviewer")
		return 2
	}
	fs := newFlagSet("user add", stderr)
	dsn := dbFlag(fs)
	email := fs.String("email", "", "the user's email address (their login)")
	name := fs.String("name", "", "the user's name, as shown in case histories")
	role := fs.String("role", "", "admin, officer, contributor or reviewer")
	if err := parseFlags(fs, args[1:], 0); err != nil {
		return 2
	}
	u := &foi.User{Email: foi.NormaliseEmail(*email), Name: strings.TrimSpace(*name), Role: foi.Role(*role)}
	if err := u.Validate(); err != nil {
		fmt.Fprintf(stderr, "disclose user add: %v\n", err)
		return 2
	}

	// The password comes from stdin when one is piped in; otherwise one is
	// generated and printed once.
	password, generated, err := readPassword(stdin)
	if err != nil {
		return fail(stderr, "user add", err)
	}
	if u.PasswordHash, err = auth.HashPassword(password); err != nil {
		fmt.Fprintf(stderr, "disclose user add: %v\n", err)
		return 2
	}

	store, err := openStore(ctx, *dsn)
	if err != nil {
		return fail(stderr, "user add", err)
	}
	defer store.Close()
	err = store.Update(ctx, func(tx foi.Tx) error {
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{Type: foi.EventUserAdded, Actor: "command line",
			Note: fmt.Sprintf("added %s (%s) as %s", u.Name, u.Email, u.Role)})
	})
	if err != nil {
		return fail(stderr, "user add", err)
	}
	fmt.Fprintf(stdout, "added %s <%s> as %s\n", u.Name, u.Email, u.Role)
	if generated {
		fmt.Fprintf(stdout, "password: %s\n", password)
	}
	return 0
}

// readPassword reads the first line of stdin, or generates a password when
// stdin is a terminal or empty.
func readPassword(stdin io.Reader) (password string, generated bool, err error) {
	if stdin != nil && !isTerminal(stdin) {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			return "", false, err
		}
		if line = strings.TrimRight(line, "\r\n"); line != "" {
			return line, false, nil
		}
	}
	return auth.GeneratePassword(), true, nil
}
