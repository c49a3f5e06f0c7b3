// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"io"
	"os"
)

// isTerminal reports whether r is an interactive terminal (a character
// device), where we must not block waiting for piped input.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
