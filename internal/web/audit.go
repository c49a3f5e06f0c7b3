// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"

	"disclose/internal/audit"
)

// auditCheckpoint publishes the newest signed checkpoint of the audit
// chain (docs/audit.md), when the site turns it on, so that copies kept by
// anyone who fetches it make a rewrite of the whole trail detectable. It
// says how many audit events there are and a hash, nothing else.
func (s *Server) auditCheckpoint(w http.ResponseWriter, r *http.Request) {
	if !s.PublishAuditCheckpoint {
		http.NotFound(w, r)
		return
	}
	list, err := s.Service.Store.FindAuditCheckpoints(r.Context(), 1)
	if err != nil {
		s.logger().Error("audit checkpoint", "err", err)
		http.Error(w, "the checkpoint could not be read", http.StatusInternalServerError)
		return
	}
	if len(list) == 0 {
		http.Error(w, "no audit checkpoint has been signed yet", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(audit.Export(list[0]))
}
