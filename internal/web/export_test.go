// SPDX-License-Identifier: AGPL-3.0-or-later

package web

// SetMissingWelsh tells f of every public string written without Welsh.
func (s *Server) SetMissingWelsh(f func(key string)) { s.missingWelsh = f }
