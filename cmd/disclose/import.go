// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync/atomic"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/logimport"
	"disclose/internal/sqlite"
)

// runImport is `disclose import --db DSN FILE`: a historical disclosure
// log (JSONL or CSV, see internal/logfile) into the database. Each bad
// line is reported with its number and imports nothing of itself; the
// good lines are imported. Every entry passes the publication gate: one in
// whose public fields it finds something (personal data, the requester's
// details when the file has them) is imported out of the public log, and
// listed on stdout with its line, field, kind and masked match, for staff
// to clear on its case — unless the operator says --publish-unchecked,
// which publishes them and records the override on each case. The exit
// status is 1 when any line was bad or any entry held back, so a script
// notices. Importing the same file again changes nothing.
func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("import", stderr)
	dsn := dbFlag(fs)
	batch := fs.Int("batch", logimport.DefaultBatch, "entries per transaction")
	unchecked := fs.Bool("publish-unchecked", false, "publish entries the publication gate finds personal data in, as the file says, instead of holding them back (each override is recorded on its case)")
	if err := parseFlags(fs, args, 1); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: disclose import --db DSN FILE (.jsonl or .csv)")
		return 2
	}
	name := fs.Arg(0)
	f, err := os.Open(name)
	if err != nil {
		return fail(stderr, "import", err)
	}
	defer f.Close()
	size := int64(0)
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}

	store, err := openStore(ctx, *dsn, sqlite.ForBulkImport())
	if err != nil {
		return fail(stderr, "import", err)
	}
	defer store.Close()
	svc, err := casework.New(ctx, store)
	if err != nil {
		return fail(stderr, "import", err)
	}

	counted := &countingReader{r: f}
	tty := false
	if f, ok := stderr.(*os.File); ok {
		tty = isTerminal(f)
	}
	progress := func(st logimport.Stats) {
		if !tty {
			return
		}
		if st.Indexing {
			fmt.Fprintf(stderr, "\rimported %s; indexing them for search…   ", thousands(st.Read))
			return
		}
		rate := float64(st.Read) / max(st.Elapsed.Seconds(), 0.001)
		pct := ""
		if size > 0 {
			pct = fmt.Sprintf(" (%d%% of the file)", counted.n.Load()*100/size)
		}
		fmt.Fprintf(stderr, "\rimported %s%s %s/s   ", thousands(st.Read), pct, thousands(int(rate)))
	}
	bad := 0
	st, err := logimport.Run(ctx, svc, counted, name, logimport.Options{
		Batch:            *batch,
		Progress:         progress,
		PublishUnchecked: *unchecked,
		Held: func(line int, ref foi.Reference, findings []casework.Held, held bool) {
			what := "held back from the public log"
			if !held {
				what = "published unchecked (--publish-unchecked)"
			}
			fmt.Fprintf(stdout, "%s: line %d: %s %s: %d finding(s):\n", name, line, ref, what, len(findings))
			for _, f := range findings {
				fmt.Fprintf(stdout, "  %s\n", f)
			}
		},
		Problem: func(line int, err error) {
			if bad == 0 && tty {
				fmt.Fprintln(stderr)
			}
			bad++
			fmt.Fprintf(stderr, "%s: line %d: %v\n", name, line, err)
		},
	})
	if tty {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return fail(stderr, "import", fmt.Errorf("stopped after %s entries: %w", thousands(st.Read), err))
	}
	fmt.Fprintf(stdout, "%s entries: %s created, %s updated, %s unchanged, %s refused, %s held back from the log (%.1fs, %s/s)\n",
		thousands(st.Read), thousands(st.Created), thousands(st.Updated), thousands(st.Unchanged),
		thousands(st.Refused), thousands(st.Held), st.Elapsed.Seconds(), thousands(int(float64(st.Read)/max(st.Elapsed.Seconds(), 0.001))))
	if st.Held > 0 {
		fmt.Fprintln(stdout, "Entries held back are cases without a public entry: clear their findings on the case page (redact, change, or override with a reason) and publish them there, or import again with --publish-unchecked.")
	}
	if st.Refused > 0 || st.Held > 0 {
		return 1
	}
	return 0
}

// countingReader counts the bytes read, for the progress line.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

// Seek lets the import read the file twice (it reserves the references
// the file brings first); the count starts again.
func (c *countingReader) Seek(offset int64, whence int) (int64, error) {
	s, ok := c.r.(io.Seeker)
	if !ok {
		return 0, fmt.Errorf("the input cannot be read twice")
	}
	n, err := s.Seek(offset, whence)
	c.n.Store(n)
	return n, err
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// thousands writes n with commas: 1,000,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
