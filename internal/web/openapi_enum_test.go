// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"encoding/json"
	"net/http/httptest"
	"slices"
	"testing"

	"disclose/internal/foi"
	"disclose/internal/web"
)

// schemaEnum reads components.schemas[schema].properties[prop].enum from
// the served OpenAPI description.
func schemaEnum(t *testing.T, doc map[string]any, schema, prop string) []string {
	t.Helper()
	s, _ := doc["components"].(map[string]any)["schemas"].(map[string]any)[schema].(map[string]any)
	p, _ := s["properties"].(map[string]any)[prop].(map[string]any)
	var out []string
	for _, v := range p["enum"].([]any) {
		out = append(out, v.(string))
	}
	return out
}

// The API description's lists are the code's: a kind of letter or event
// the code knows and the description does not (or the reverse) fails.
func TestOpenAPIEnumsMatchTheCode(t *testing.T) {
	site, err := web.New(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	site.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	var doc map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	for _, c := range []struct {
		schema, prop string
		want         []string
	}{
		{"Letter", "kind", foi.LetterKinds},
		{"DraftLetter", "kind", foi.LetterKinds},
		{"ClockEvent", "type", foi.ClockEvents},
	} {
		if got := schemaEnum(t, doc, c.schema, c.prop); !slices.Equal(got, c.want) {
			t.Errorf("openapi.json %s.%s enum is %q, the code's list is %q", c.schema, c.prop, got, c.want)
		}
	}
}
