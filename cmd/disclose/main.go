// SPDX-License-Identifier: AGPL-3.0-or-later

// Command disclose runs Disclose: FOI case management and disclosure-log
// publishing. This is the only place that wires packages together.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	_ "time/tzdata" // the statutory day is counted in UK time, wherever the server runs
)

const usage = `usage: disclose COMMAND [flags]

Commands:
  serve     run the web server and background work
  demo      serve a temporary database loaded with example cases
  migrate   apply database migrations
  user      manage staff accounts (user add|list|role|disable|enable|reset-password|break-glass)
  token     manage API tokens (token create|list|revoke)
  settings  the kind of authority, a school's term dates, department input (settings show|school|input)
  due       compute a statutory deadline
  holidays  manage the bank-holiday calendar (holidays import FILE)
  stats     statistics of the requests received in a period (csv, json, quarterly-csv, s45-csv, s45-json, sic-csv)
  report    report regulator: the evidence pack for the ICO or the Scottish Commissioner (HTML)
  retention remove requesters' personal data from cases past the retention schedule
  audit     verify the tamper-evident audit trail, sign and export checkpoints
  inspect   check files for hidden and personal data before release
  import    import a disclosure log file (JSONL or CSV)
  export    write every case and publication as JSONL
  backup    copy a SQLite database while it is in use (backup --db DSN FILE)
  check     verify a database: integrity, migrations, what it holds
  restore   replace a SQLite database with a backup (restore FILE --db DSN)
  version   print the version, commit and build of this binary

Databases are named by DSN: sqlite:PATH (the default, sqlite:disclose.db) or
a postgres:// URL; set --db or DISCLOSE_DB. Run "disclose COMMAND -h" for a
command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches a subcommand and returns the process exit status: 0 on
// success, 1 when something failed, 2 for bad usage or input.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	case "demo":
		return runDemo(ctx, rest, stdout, stderr)
	case "migrate":
		return runMigrate(ctx, rest, stdout, stderr)
	case "user":
		return runUser(ctx, rest, stdin, stdout, stderr)
	case "token":
		return runToken(ctx, rest, stdout, stderr)
	case "settings":
		return runSettings(ctx, rest, stdin, stdout, stderr)
	case "due":
		return runDue(rest, stdout, stderr)
	case "holidays":
		return runHolidays(ctx, rest, stdout, stderr)
	case "stats":
		return runStats(ctx, rest, stdout, stderr)
	case "retention":
		return runRetention(ctx, rest, stdout, stderr)
	case "audit":
		return runAudit(ctx, rest, stdout, stderr)
	case "report":
		return runReport(ctx, rest, stdout, stderr)
	case "inspect":
		return runInspect(rest, stdout, stderr)
	case "import":
		return runImport(ctx, rest, stdout, stderr)
	case "export":
		return runExport(ctx, rest, stdout, stderr)
	case "backup":
		return runBackup(ctx, rest, stdout, stderr)
	case "check":
		return runCheck(ctx, rest, stdout, stderr)
	case "restore":
		return runRestore(ctx, rest, stdout, stderr)
	case "version", "--version":
		return runVersion(rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "disclose: unknown command %q\n\n%s", cmd, usage)
	return 2
}
