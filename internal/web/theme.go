// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"fmt"
	"net/http"
)

// theme serves the authority's colours as CSS, so they are a setting and
// not a build step (and no inline styles are needed under the CSP).
func (s *Server) theme(w http.ResponseWriter, r *http.Request) error {
	a, err := s.authority(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=60")
	// BrandColour is validated as #RRGGBB, so it cannot break out of the rule.
	_, err = fmt.Fprintf(w, `.govuk-generic-header { background-color: %[1]s; border-bottom-color: %[1]s; }
.govuk-service-navigation { border-top-color: %[1]s; }
`, a.BrandColour)
	return err
}
