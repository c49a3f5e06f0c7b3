// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"disclose/internal/inspect"
)

const inspectUsage = `usage: disclose inspect [--requester S]... [--allow S]... [--json] [--clean DIR] FILE...

Checks each file for hidden and personal data before it is released:
hidden sheets, rows and columns, pivot caches, comments, tracked changes,
hidden text, document properties, text under PDF boxes, EXIF and GPS,
e-mail addresses, phone, NI and NHS numbers, home addresses, dates of
birth, and the requester's own details. Prints each finding; the exit
status is 0 when nothing was found, 1 when anything was, 2 for bad usage
or a file that cannot be opened.

With --clean DIR, a copy with the mechanical fixes applied is written to
DIR as NAME.clean.EXT, and what the copy still holds is printed.

Flags:
`

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ", ") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// runInspect implements "disclose inspect".
func runInspect(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("disclose inspect", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var requester, allow listFlag
	fs.Var(&requester, "requester", "the requester's `name`, e-mail, phone or address, to find in the files (repeatable)")
	fs.Var(&allow, "allow", "a public e-mail `address` or phone number that is not personal data, e.g. the FOI mailbox (repeatable)")
	asJSON := fs.Bool("json", false, "print the findings as JSON, one object per file")
	cleanDir := fs.String("clean", "", "write a clean copy of each file to this `directory`")
	timeout := fs.Duration("timeout", inspect.DefaultTimeout, "the longest time to spend on one file")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, inspectUsage)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return 0
		}
		fmt.Fprintln(stderr, "disclose inspect: "+err.Error())
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "disclose inspect: name at least one file to check")
		return 2
	}
	opts := inspect.Options{Requester: requester, Allow: allow, Timeout: *timeout}
	status := 0
	enc := json.NewEncoder(stdout)
	for _, path := range fs.Args() {
		info, err := os.Stat(path)
		if err == nil && info.Size() > inspect.DefaultMaxBytes {
			err = fmt.Errorf("larger than the %d MB limit", inspect.DefaultMaxBytes>>20)
		}
		var data []byte
		if err == nil {
			data, err = os.ReadFile(path)
		}
		if err != nil {
			fmt.Fprintf(stderr, "disclose inspect: %s: %v\n", path, err)
			status = 2
			continue
		}
		start := time.Now()
		findings := inspect.File(filepath.Base(path), data, opts)
		elapsed := time.Since(start)
		if len(findings) > 0 && status == 0 {
			status = 1
		}
		if *asJSON {
			type jsonFinding struct {
				Kind    string `json:"kind"`
				Where   string `json:"where"`
				Why     string `json:"why"`
				Excerpt string `json:"excerpt,omitempty"`
				Fixable bool   `json:"fixable"`
			}
			out := struct {
				File     string        `json:"file"`
				Findings []jsonFinding `json:"findings"`
			}{File: path, Findings: []jsonFinding{}}
			for _, f := range findings {
				out.Findings = append(out.Findings, jsonFinding(f))
			}
			enc.Encode(out)
		} else {
			printFindings(stdout, path, findings, elapsed)
		}
		if *cleanDir != "" && len(findings) > 0 {
			if code := writeClean(stdout, stderr, *cleanDir, path, data); code > status {
				status = code
			}
		}
	}
	return status
}

func printFindings(w io.Writer, path string, findings []inspect.Finding, elapsed time.Duration) {
	if len(findings) == 0 {
		fmt.Fprintf(w, "%s: nothing found (%v)\n", path, elapsed.Round(time.Millisecond))
		return
	}
	fmt.Fprintf(w, "%s: %d %s (%v)\n", path, len(findings), plural(len(findings), "finding", "findings"), elapsed.Round(time.Millisecond))
	for _, f := range findings {
		fix := ""
		if f.Fixable {
			fix = " [clean copy can fix]"
		}
		fmt.Fprintf(w, "  %s at %s%s\n    %s\n", f.Kind, f.Where, fix, f.Why)
		if f.Excerpt != "" {
			fmt.Fprintf(w, "    excerpt: %s\n", f.Excerpt)
		}
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// writeClean writes NAME.clean.EXT into dir and reports what it removed
// and what remains; it never overwrites the original.
func writeClean(stdout, stderr io.Writer, dir, path string, data []byte) int {
	cleaned, removed, err := inspect.Clean(filepath.Base(path), data, nil)
	if cleaned == nil {
		fmt.Fprintf(stderr, "disclose inspect: %s: no clean copy: %v\n", path, err)
		return 1
	}
	ext := filepath.Ext(path)
	out := filepath.Join(dir, strings.TrimSuffix(filepath.Base(path), ext)+".clean"+ext)
	if abs, _ := filepath.Abs(out); abs == mustAbs(path) {
		fmt.Fprintf(stderr, "disclose inspect: %s: the clean copy would overwrite the original\n", path)
		return 2
	}
	if werr := os.WriteFile(out, cleaned, 0o644); werr != nil {
		fmt.Fprintf(stderr, "disclose inspect: %s: %v\n", out, werr)
		return 2
	}
	fmt.Fprintf(stdout, "  clean copy: %s (%d removed)\n", out, len(removed))
	if err != nil {
		fmt.Fprintf(stdout, "  not fixed: %v\n", err)
		return 1
	}
	return 0
}

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}
