// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// The open-data page: what a journalist or researcher can download or call,
// in words, with working examples for this site. The public API's part is
// read from the OpenAPI document the API serves, so the page cannot
// describe routes or parameters the API does not have.

type openDataPage struct {
	Page
	Base       string // this site's address, for the examples
	Operations []apiOperation
}

// apiOperation is one public route of the API, as the page lists it.
type apiOperation struct {
	Method, Path, Summary string
	Parameters            []apiParameter
}

type apiParameter struct {
	Name, In, Description string
	Required              bool
}

// publicOperations are the API routes anyone may call without a token:
// those the document gives no security, or an empty (anonymous) one, and
// not the request-making route, which is off unless the site turns it on.
var publicOperations = sync.OnceValues(func() ([]apiOperation, error) {
	var doc struct {
		Servers []struct {
			URL string `json:"url"`
		} `json:"servers"`
		Paths map[string]map[string]struct {
			Summary    string           `json:"summary"`
			Security   []map[string]any `json:"security"`
			Parameters []struct {
				Name        string `json:"name"`
				In          string `json:"in"`
				Description string `json:"description"`
				Required    bool   `json:"required"`
			} `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		return nil, err
	}
	prefix := ""
	if len(doc.Servers) > 0 {
		prefix = doc.Servers[0].URL
	}
	var out []apiOperation
	for path, methods := range doc.Paths {
		for method, op := range methods {
			if len(op.Security) > 0 || method != "get" {
				continue // staff only, or (POST /requests) not a reading route
			}
			o := apiOperation{Method: strings.ToUpper(method), Path: prefix + path, Summary: op.Summary}
			for _, p := range op.Parameters {
				o.Parameters = append(o.Parameters, apiParameter{Name: p.Name, In: p.In, Description: p.Description, Required: p.Required})
			}
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b apiOperation) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
})

// openDataHelp is GET /open-data.
func (s *Server) openDataHelp(w http.ResponseWriter, r *http.Request) error {
	ops, err := publicOperations()
	if err != nil {
		return err
	}
	p := &openDataPage{Base: baseURL(r), Operations: ops}
	p.Title = "Open data: the disclosure log for reuse"
	revalidate(w)
	return s.render(w, r, http.StatusOK, "public/open_data.html", p)
}
