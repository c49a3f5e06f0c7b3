// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

const tokenUsage = `usage: disclose token COMMAND --db DSN [flags]

  create  --email E [--name N] print one new API token acting as E (alone on stdout)
  list    [--email E]          every token: id, user, name, created, last used, revoked
  revoke  --id N               refused at once from the next request
`

// runToken manages API tokens. By contract create prints the token alone
// on stdout, so scripts can capture it.
func runToken(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, tokenUsage)
		return 2
	}
	sub := args[0]
	fs := newFlagSet("token "+sub, stderr)
	dsn := dbFlag(fs)
	var email, name *string
	var id *int64
	switch sub {
	case "create":
		email = fs.String("email", "", "the user the token acts as")
		name = fs.String("name", "", "what uses the token, shown in lists and the audit trail")
		fs.StringVar(name, "label", "", "the same as --name (older scripts)")
	case "list":
		email = fs.String("email", "", "only this user's tokens")
	case "revoke":
		id = fs.Int64("id", 0, "the token's id, from disclose token list")
	default:
		fmt.Fprintf(stderr, "disclose token: unknown command %q\n\n%s", sub, tokenUsage)
		return 2
	}
	if err := parseFlags(fs, args[1:], 0); err != nil {
		return 2
	}
	if sub == "create" && *email == "" {
		fmt.Fprintln(stderr, "disclose token create: --email is required")
		return 2
	}
	if sub == "create" && strings.TrimSpace(*name) == "" {
		// Scripts written before tokens had names still work; the list
		// then shows when and how the token was made.
		*name = "made on the command line " + time.Now().In(casework.UK).Format("2 January 2006")
	}
	if sub == "revoke" && *id <= 0 {
		fmt.Fprintln(stderr, "disclose token revoke: --id is required")
		return 2
	}
	svc, closeStore, err := openService(ctx, *dsn)
	if err != nil {
		return fail(stderr, "token "+sub, err)
	}
	defer closeStore()
	var u *foi.User
	if email != nil && *email != "" {
		if u, err = svc.Store.FindUserByEmail(ctx, *email); foi.IsNotFound(err) {
			fmt.Fprintf(stderr, "disclose token %s: no user with email %s\n", sub, *email)
			return 2
		} else if err != nil {
			return fail(stderr, "token "+sub, err)
		}
	}
	switch sub {
	case "create":
		var secret string
		if secret, _, err = svc.CreateToken(ctx, casework.CommandLine, u.ID, *name); err == nil {
			fmt.Fprintln(stdout, secret)
		}
	case "list":
		var userID int64
		if u != nil {
			userID = u.ID
		}
		err = listTokens(ctx, svc, userID, stdout)
	case "revoke":
		if err = svc.RevokeToken(ctx, casework.CommandLine, *id); err == nil {
			fmt.Fprintf(stdout, "revoked API token %d\n", *id)
		}
	}
	switch foi.ErrorCode(err) {
	case "":
		return 0
	case foi.EINVALID, foi.ENOTFOUND:
		fmt.Fprintf(stderr, "disclose token %s: %s\n", sub, foi.ErrorMessage(err))
		return 2
	}
	return fail(stderr, "token "+sub, err)
}

func listTokens(ctx context.Context, svc *casework.Service, userID int64, stdout io.Writer) error {
	tokens, err := svc.Tokens(ctx, casework.CommandLine, userID)
	if err != nil {
		return err
	}
	users, err := svc.Users(ctx, casework.CommandLine)
	if err != nil {
		return err
	}
	emails := map[int64]string{}
	for _, u := range users {
		emails[u.ID] = u.Email
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tUSER\tNAME\tCREATED\tLAST USED\tREVOKED")
	for _, t := range tokens {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", strconv.FormatInt(t.ID, 10), emails[t.UserID], t.Label,
			when(t.CreatedAt), when(t.LastUsedAt), when(t.RevokedAt))
	}
	return w.Flush()
}

// when is an instant for a list, in UK time, or "-" when unset.
func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(casework.UK).Format("2006-01-02 15:04")
}
