// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

const settingsUsage = `usage: disclose settings COMMAND --db DSN [flags]

  show     the kind of authority, a school's term dates and the department-input settings
  school   --kind other|central-government|school [--terms FILE]
           (a school's term dates, one a line: 2026-09-02 2026-10-23; FILE "-" is stdin;
           open FOIA deadlines are recounted, and nothing is saved if any would fall outside the terms)
  input    --days N [--manager CONTACT-EMAIL=MANAGER-EMAIL ...]
           (department input due N working days before the statutory date, 0-19; a manager
           told when a contact's input is overdue; an empty MANAGER-EMAIL removes one)
`

// managerFlags collects repeated --manager CONTACT=MANAGER flags.
type managerFlags []string

func (m *managerFlags) String() string     { return strings.Join(*m, ",") }
func (m *managerFlags) Set(v string) error { *m = append(*m, v); return nil }

// runSettings changes the settings the administrator's settings page
// holds, through the same casework functions (SetSchool, SetInputSettings),
// acting as casework.CommandLine, so the validation and the audit trail are
// the page's.
func runSettings(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, settingsUsage)
		return 2
	}
	sub := args[0]
	fs := newFlagSet("settings "+sub, stderr)
	dsn := dbFlag(fs)
	var kind, terms, days *string
	var managers managerFlags
	switch sub {
	case "show":
	case "school":
		kind = fs.String("kind", "", "other, central-government or school")
		terms = fs.String("terms", "", "a `file` of term dates, one a line (- for stdin)")
	case "input":
		days = fs.String("days", "", "working days before the statutory date that department input is due (0-19)")
		fs.Var(&managers, "manager", "`contact=manager` email addresses: who is told when the contact's input is overdue (repeat)")
	default:
		fmt.Fprintf(stderr, "disclose settings: unknown command %q\n\n%s", sub, settingsUsage)
		return 2
	}
	if err := parseFlags(fs, args[1:], 0); err != nil {
		return 2
	}
	var termsText string
	if terms != nil && *terms != "" {
		var b []byte
		var err error
		if *terms == "-" {
			b, err = io.ReadAll(io.LimitReader(stdin, 1<<20))
		} else {
			b, err = os.ReadFile(*terms)
		}
		if err != nil {
			fmt.Fprintf(stderr, "disclose settings school: --terms: %v\n", err)
			return 2
		}
		termsText = string(b)
	}
	if kind != nil && strings.TrimSpace(*kind) == "" {
		fmt.Fprintln(stderr, "disclose settings school: --kind is required (other, central-government or school)")
		return 2
	}
	if days != nil && strings.TrimSpace(*days) == "" {
		fmt.Fprintln(stderr, "disclose settings input: --days is required")
		return 2
	}
	svc, closeStore, err := openService(ctx, *dsn)
	if err != nil {
		return fail(stderr, "settings "+sub, err)
	}
	defer closeStore()
	switch sub {
	case "show":
		err = showSettings(ctx, svc, stdout)
	case "school":
		if err = svc.SetSchool(ctx, casework.CommandLine, casework.AuthorityKind(*kind), termsText); err == nil {
			err = showSettings(ctx, svc, stdout)
		}
	case "input":
		var byID map[int64]string
		if byID, err = managerIDs(ctx, svc, managers); err == nil {
			if err = svc.SetInputSettings(ctx, casework.CommandLine, *days, byID); err == nil {
				err = showSettings(ctx, svc, stdout)
			}
		}
	}
	if foi.ErrorCode(err) == foi.EINVALID || foi.ErrorCode(err) == foi.ECONFLICT || foi.ErrorCode(err) == foi.EFORBIDDEN {
		fmt.Fprintf(stderr, "disclose settings %s: %s\n", sub, foi.ErrorMessage(err))
		return 2
	}
	if err != nil {
		return fail(stderr, "settings "+sub, err)
	}
	return 0
}

// managerIDs turns contact=manager pairs into the contact's user id.
func managerIDs(ctx context.Context, svc *casework.Service, pairs []string) (map[int64]string, error) {
	out := map[int64]string{}
	for _, p := range pairs {
		contact, manager, ok := strings.Cut(p, "=")
		if !ok || strings.TrimSpace(contact) == "" {
			return nil, foi.Errorf(foi.EINVALID, "--manager %q: want CONTACT-EMAIL=MANAGER-EMAIL", p)
		}
		u, err := svc.Store.FindUserByEmail(ctx, strings.TrimSpace(contact))
		if foi.IsNotFound(err) {
			return nil, foi.Errorf(foi.EINVALID, "--manager: no user with email %s", contact)
		} else if err != nil {
			return nil, err
		}
		out[u.ID] = manager
	}
	return out, nil
}

// showSettings prints the settings as the settings page shows them.
func showSettings(ctx context.Context, svc *casework.Service, stdout io.Writer) error {
	sc, err := svc.SchoolSettings(ctx)
	if err != nil {
		return err
	}
	is, err := svc.InputSettings(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "kind of authority: %s (%s)\n", sc.Kind, sc.Kind.Title())
	fmt.Fprintf(stdout, "term dates: %d\n", len(sc.Terms))
	for _, t := range sc.Terms {
		fmt.Fprintf(stdout, "  %s %s\n", t.Start, t.End)
	}
	fmt.Fprintf(stdout, "department input due: %d working days before the statutory date\n", is.Days)
	users, err := svc.Users(ctx, casework.CommandLine)
	if err != nil {
		return err
	}
	sort.Slice(users, func(i, j int) bool { return users[i].Email < users[j].Email })
	for _, u := range users {
		if m := is.Managers[u.ID]; m != "" && u.Role == foi.RoleContributor {
			fmt.Fprintf(stdout, "manager of %s: %s\n", u.Email, m)
		}
	}
	return nil
}
