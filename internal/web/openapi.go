// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	_ "embed"
	"net/http"
)

// openAPIDoc describes the JSON API. It is kept beside the handlers and a
// test checks that every /api/v1 route the server answers is described.
//
//go:embed openapi.json
var openAPIDoc []byte

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err := w.Write(openAPIDoc)
	return err
}
