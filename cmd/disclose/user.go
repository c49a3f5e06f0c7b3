// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"disclose/internal/auth"
	"disclose/internal/casework"
	"disclose/internal/foi"
)

const userUsage = `usage: disclose user COMMAND --db DSN [flags]

  add            --email E --name N --role admin|officer|reviewer|contributor [--department D] [--break-glass]
                 (the password is read from stdin, or one is made and printed once)
  list           every account: email, name, role, status, second factor, single sign-on
  role           --email E --role ROLE [--department D]
  disable        --email E   (ends their sessions and revokes their API tokens at once)
  enable         --email E
  reset-password --email E   (the new password from stdin, or one made and printed once; ends their sessions)
  break-glass    --email E [--off]   (an administrator who keeps password sign-in when single sign-on turns it off)
`

// runUser manages staff accounts through the casework service, acting as
// casework.CommandLine, so the rules and the audit trail are the
// browser's.
func runUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, userUsage)
		return 2
	}
	sub := args[0]
	fs := newFlagSet("user "+sub, stderr)
	dsn := dbFlag(fs)
	var email, name, role, department *string
	var breakGlass, off *bool
	switch sub {
	case "add":
		email = fs.String("email", "", "the user's email address (their login)")
		name = fs.String("name", "", "the user's name, as shown in case histories")
		role = fs.String("role", "", "admin, officer, reviewer or contributor")
		department = fs.String("department", "", "a contributor's department")
		breakGlass = fs.Bool("break-glass", false, "an administrator who keeps password sign-in when single sign-on turns it off")
	case "role":
		email = fs.String("email", "", "whose role")
		role = fs.String("role", "", "admin, officer, reviewer or contributor")
		department = fs.String("department", "", "a contributor's department")
	case "disable", "enable", "reset-password":
		email = fs.String("email", "", "whose account")
	case "break-glass":
		email = fs.String("email", "", "the administrator")
		off = fs.Bool("off", false, "remove the mark instead")
	case "list":
	default:
		fmt.Fprintf(stderr, "disclose user: unknown command %q\n\n%s", sub, userUsage)
		return 2
	}
	if err := parseFlags(fs, args[1:], 0); err != nil {
		return 2
	}
	if email != nil && strings.TrimSpace(*email) == "" {
		fmt.Fprintf(stderr, "disclose user %s: --email is required\n", sub)
		return 2
	}
	var password string
	var generated bool
	if sub == "add" || sub == "reset-password" {
		var err error
		if password, generated, err = readPassword(stdin); err != nil {
			return fail(stderr, "user "+sub, err)
		}
		if _, err := auth.HashPassword(password); err != nil {
			fmt.Fprintf(stderr, "disclose user %s: %v\n", sub, err)
			return 2
		}
	}

	svc, closeStore, err := openService(ctx, *dsn)
	if err != nil {
		return fail(stderr, "user "+sub, err)
	}
	defer closeStore()
	actor := casework.CommandLine
	var u *foi.User
	if email != nil && sub != "add" {
		if u, err = svc.Store.FindUserByEmail(ctx, *email); foi.IsNotFound(err) {
			fmt.Fprintf(stderr, "disclose user %s: no user with email %s\n", sub, *email)
			return 2
		} else if err != nil {
			return fail(stderr, "user "+sub, err)
		}
	}
	switch sub {
	case "add":
		u, _, err = svc.AddUser(ctx, actor, casework.NewUser{Email: *email, Name: *name, Role: foi.Role(*role),
			Department: *department, Password: password, BreakGlass: *breakGlass})
		if err == nil {
			fmt.Fprintf(stdout, "added %s <%s> as %s\n", u.Name, u.Email, roleText(u))
		}
	case "list":
		err = listUsers(ctx, svc, stdout)
	case "role":
		if u, err = svc.SetRole(ctx, actor, u.ID, foi.Role(*role), *department); err == nil {
			fmt.Fprintf(stdout, "%s <%s> is now %s\n", u.Name, u.Email, roleText(u))
		}
	case "disable", "enable":
		if u, err = svc.SetDisabled(ctx, actor, u.ID, sub == "disable"); err == nil {
			fmt.Fprintf(stdout, "%sd %s <%s>\n", sub, u.Name, u.Email)
		}
	case "reset-password":
		if _, err = svc.ResetPassword(ctx, actor, u.ID, password); err == nil {
			fmt.Fprintf(stdout, "reset the password of %s <%s>; their sessions have ended\n", u.Name, u.Email)
		}
	case "break-glass":
		if u, err = svc.SetBreakGlass(ctx, actor, u.ID, !*off); err == nil {
			fmt.Fprintf(stdout, "%s <%s>: break-glass %v\n", u.Name, u.Email, u.BreakGlass)
		}
	}
	if foi.ErrorCode(err) == foi.EINVALID || foi.ErrorCode(err) == foi.ECONFLICT {
		fmt.Fprintf(stderr, "disclose user %s: %s\n", sub, foi.ErrorMessage(err))
		return 2
	}
	if err != nil {
		return fail(stderr, "user "+sub, err)
	}
	if generated {
		fmt.Fprintf(stdout, "password: %s\n", password)
	}
	return 0
}

func roleText(u *foi.User) string {
	if u.Department != "" {
		return string(u.Role) + " for " + u.Department
	}
	return string(u.Role)
}

func listUsers(ctx context.Context, svc *casework.Service, stdout io.Writer) error {
	users, err := svc.Users(ctx, casework.CommandLine)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "EMAIL\tNAME\tROLE\tSTATUS\tSECOND FACTOR\tSIGN-IN")
	for _, u := range users {
		status := "enabled"
		if u.Disabled {
			status = "disabled"
		}
		has, err := svc.HasSecondFactor(ctx, u.ID)
		if err != nil {
			return err
		}
		factor := "no"
		if has {
			factor = "yes"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Email, u.Name, roleText(u), status, factor, u.SignInWays())
	}
	return w.Flush()
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

// openService opens the store and a casework service on it.
func openService(ctx context.Context, dsn string) (*casework.Service, func(), error) {
	store, err := openStore(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	svc, err := casework.New(ctx, store)
	if err != nil {
		store.Close()
		return nil, nil, err
	}
	return svc, func() { store.Close() }, nil
}
