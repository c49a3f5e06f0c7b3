// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"fmt"
	"io"

	"disclose/internal/version"
)

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("version", stderr)
	if err := parseFlags(fs, args, 0); err != nil {
		return 2
	}
	fmt.Fprintln(stdout, version.Read())
	return 0
}
