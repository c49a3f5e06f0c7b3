// SPDX-License-Identifier: AGPL-3.0-or-later

// Command disclose-gen writes a made-up council disclosure log in the
// format `disclose import` reads (JSONL), for benchmarks and trials:
//
//	go run ./cmd/disclose-gen -n 100000 -seed 1 > log.jsonl
//
// The same -n and -seed always give the same file (see internal/loadgen).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"disclose/internal/loadgen"
)

func main() {
	n := flag.Int("n", 1000, "number of entries")
	seed := flag.Uint64("seed", 1, "random seed")
	first := flag.Int("first", 100000, "reference number of the first entry")
	flag.Parse()
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	if err := loadgen.Write(w, loadgen.Options{N: *n, Seed: *seed, FirstRef: *first}); err != nil {
		fmt.Fprintln(os.Stderr, "disclose-gen:", err)
		os.Exit(1)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "disclose-gen:", err)
		os.Exit(1)
	}
}
