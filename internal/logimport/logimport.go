// SPDX-License-Identifier: AGPL-3.0-or-later

// Package logimport reads a disclosure log file and imports it through the
// casework service in batches: the code behind `disclose import`, and the
// import benchmark.
package logimport

import (
	"context"
	"errors"
	"io"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/logfile"
)

// DefaultBatch is how many entries go in one transaction: large enough
// that the commit and each statement's fixed cost are a small share of the
// time (10,000 imports 4% faster than 5,000), small enough that the writer
// is not held for long (under two seconds) while serving.
const DefaultBatch = 10000

// Actor is who the audit trail says imported: the operator at the command
// line, who has the database itself in hand.
var Actor = &foi.User{Name: "disclose import (command line)", Role: foi.RoleAdmin}

// Stats counts what an import did.
type Stats struct {
	Read      int // entries read, good or bad
	Created   int
	Updated   int
	Unchanged int
	Refused   int // bad lines and refused cases
	// Held counts the entries stored out of the public log because the
	// publication gate found something in them (among Created and
	// Updated, or Unchanged when still held from an earlier import).
	Held int
	// Indexed counts the entries made findable by search once every batch
	// was in (an engine may index an import at its end: see
	// foi.Store.IndexImported); Indexing is set while that runs.
	Indexed  int
	Indexing bool
	Elapsed  time.Duration
}

// Options tune an import.
type Options struct {
	Batch int // entries per transaction; 0 means DefaultBatch
	// Problem is told about each line that imported nothing, with why.
	Problem func(line int, err error)
	// Progress is told the running totals after each batch.
	Progress func(Stats)
	// Held is told about each entry the publication gate found something
	// in, with what it found (masked): held back from the log, or, with
	// PublishUnchecked, published anyway.
	Held func(line int, ref foi.Reference, findings []casework.Held, held bool)
	// PublishUnchecked publishes entries with findings as the file says
	// (see casework.ImportOptions).
	PublishUnchecked bool
}

// seekable reports whether rs can really seek (a pipe cannot).
func seekable(rs io.ReadSeeker) bool {
	_, err := rs.Seek(0, io.SeekCurrent)
	return err == nil
}

// Run imports every entry of the file; when f can seek (a file), the
// reference numbers it brings are reserved first. A bad line (unreadable, or refused
// by the service) imports nothing of itself and is reported; the others
// are imported. The error is for what stops the import as a whole: an
// unreadable file, or the database failing, in which case the batch under
// way is rolled back and the batches before it stay (their entries are
// indexed for search when the store next opens).
func Run(ctx context.Context, svc *casework.Service, f io.Reader, name string, opt Options) (Stats, error) {
	if opt.Batch <= 0 {
		opt.Batch = DefaultBatch
	}
	problem := opt.Problem
	if problem == nil {
		problem = func(int, error) {}
	}
	start := time.Now()
	var st Stats
	// Live intake may run beside the import (another process on the same
	// database): the numbers the file brings are reserved first, so intake
	// never takes one. That needs a first pass over the file, which only a
	// file that can be read again allows.
	if rs, ok := f.(io.ReadSeeker); ok && seekable(rs) {
		highest, err := logfile.HighestReference(rs, name)
		if err != nil {
			return st, err
		}
		if _, err := rs.Seek(0, io.SeekStart); err != nil {
			return st, err
		}
		if err := svc.ReserveReferences(ctx, Actor, highest); err != nil {
			return st, err
		}
	}
	r, err := logfile.NewReader(f, name)
	if err != nil {
		return st, err
	}

	// Reading and checking lines runs beside the database writes: on two
	// cores the JSON work then costs no wall time.
	type batch struct {
		cases []casework.ImportCase
		bad   []*logfile.LineError
		read  int
	}
	batches := make(chan batch, 2)
	readErr := make(chan error, 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(batches)
		var b batch
		for {
			e, line, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			var le *logfile.LineError
			if errors.As(err, &le) {
				b.bad = append(b.bad, le)
				b.read++
				continue
			}
			if err != nil {
				readErr <- err
				return
			}
			req, pub := e.Case()
			b.cases = append(b.cases, casework.ImportCase{Line: line, Request: req, Publication: pub})
			b.read++
			if len(b.cases) >= opt.Batch {
				// The gate's inspections run here, beside the writes of
				// the batch before.
				if err := svc.CheckImports(ctx, b.cases); err != nil {
					readErr <- err
					return
				}
				select {
				case batches <- b:
				case <-ctx.Done():
					return
				}
				b = batch{}
			}
		}
		if b.read > 0 {
			if err := svc.CheckImports(ctx, b.cases); err != nil {
				readErr <- err
				return
			}
			select {
			case batches <- b:
			case <-ctx.Done():
			}
		}
		readErr <- nil
	}()

	for b := range batches {
		st.Read += b.read
		for _, le := range b.bad {
			st.Refused++
			problem(le.Line, le.Err)
		}
		if len(b.cases) > 0 {
			outcomes, err := svc.ImportCases(ctx, Actor, b.cases, casework.ImportOptions{PublishUnchecked: opt.PublishUnchecked})
			if err != nil {
				st.Elapsed = time.Since(start)
				return st, err
			}
			for _, o := range outcomes {
				if len(o.Findings) > 0 && opt.Held != nil {
					opt.Held(o.Line, o.Reference, o.Findings, o.Held)
				}
				if o.Held {
					st.Held++
				}
				switch o.Result {
				case casework.ImportCreated:
					st.Created++
				case casework.ImportUpdated:
					st.Updated++
				case casework.ImportUnchanged:
					st.Unchanged++
				default:
					st.Refused++
					problem(o.Line, o.Err)
				}
			}
		}
		st.Elapsed = time.Since(start)
		if opt.Progress != nil {
			opt.Progress(st)
		}
	}
	if err := <-readErr; err != nil {
		st.Elapsed = time.Since(start)
		return st, err
	}
	// The import is done when what it published can be found.
	st.Indexing = true
	if opt.Progress != nil {
		opt.Progress(st)
	}
	n, err := svc.IndexImported(ctx, Actor)
	st.Indexed, st.Indexing, st.Elapsed = n, false, time.Since(start)
	return st, err
}
