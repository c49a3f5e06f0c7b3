// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// The disclosure-safety API: an answer naming the requester blocks
// publishing with the finding named; the finding is listed, an override
// needs a reviewer and a reason, a redaction of its match clears it, and
// the entry then publishes with the marker in place of the name.
func TestDisclosureSafetyThroughTheAPI(t *testing.T) {
	f := newFixture(t)
	slug := respondedCase(t, f, "Please tell me about consultants.")
	officer, reviewer := f.tokens["officer"], f.tokens["reviewer"]

	// Redaction matches words exactly; words not in the text are refused.
	status, got := f.call(t, "POST", "/api/v1/requests/"+slug+"/redactions", officer,
		`{"subject":"request","phrase":"tender evaluation that is not there","reason":"s40(2)"}`)
	if status != http.StatusBadRequest || !strings.Contains(fmt.Sprint(got["error"]), "do not appear") {
		t.Errorf("redacting words that are not there: %d %v", status, got)
	}

	// The request text is signed with the requester's name: publishing is refused.
	slug2 := respondedCase(t, f, "Please tell me about consultants. Regards, "+secretName)
	status, got = f.call(t, "POST", "/api/v1/requests/"+slug2+"/publish", officer, `{"title":"Consultants","category":"Finance"}`)
	msg := fmt.Sprint(got["error"])
	if status != http.StatusConflict || !strings.Contains(msg, "the request text") || !strings.Contains(msg, "personal-data:requester") {
		t.Fatalf("publishing a request signed by the requester: %d %v", status, got)
	}
	if strings.Contains(msg, secretName) {
		t.Errorf("the refusal repeats the requester's name: %s", msg)
	}
	status, got = f.call(t, "GET", "/api/v1/requests/"+slug2+"/findings", officer, "")
	if status != http.StatusOK {
		t.Fatalf("GET findings: %d %v", status, got)
	}
	findings := got["findings"].([]any)
	blocking := got["blocking_publish"].([]any)
	if len(findings) != 1 || len(blocking) != 1 {
		t.Fatalf("findings %v, blocking publish %v: want the one requester finding", findings, blocking)
	}
	fd := findings[0].(map[string]any)
	if fd["kind"] != "personal-data:requester" || fd["in"] != "the request text" || fd["status"] != "open" || fd["current"] != true {
		t.Errorf("finding = %v", fd)
	}
	id := int64(fd["id"].(float64))
	if status, _ := f.call(t, "GET", "/api/v1/requests/"+slug2+"/findings", f.tokens["contributor"], ""); status != http.StatusForbidden {
		t.Errorf("a contributor reading findings: %d, want 403", status)
	}
	override := fmt.Sprintf("/api/v1/requests/%s/findings/%d/override", slug2, id)
	if status, got := f.call(t, "POST", override, officer, `{"reason":"fine"}`); status != http.StatusForbidden {
		t.Errorf("an officer overriding: %d %v, want 403", status, got)
	}
	if status, got := f.call(t, "POST", override, reviewer, `{"reason":""}`); status != http.StatusBadRequest {
		t.Errorf("an override without a reason: %d %v, want 400", status, got)
	}

	// Redact the match instead: the finding is resolved and the log publishes.
	status, got = f.call(t, "POST", "/api/v1/requests/"+slug2+"/redactions", officer, fmt.Sprintf(`{"finding_id":%d,"reason":"s40(2)"}`, id))
	if status != http.StatusCreated || got["original"] != secretName || got["reason"] != "s40(2)" {
		t.Fatalf("redacting the finding: %d %v", status, got)
	}
	status, got = f.call(t, "POST", "/api/v1/requests/"+slug2+"/publish", officer, `{"title":"Consultants","category":"Finance"}`)
	if status != http.StatusOK {
		t.Fatalf("publishing after the redaction: %d %v", status, got)
	}
	if req := fmt.Sprint(got["request"]); !strings.Contains(req, "Regards, [redacted: s40(2)]") || strings.Contains(req, "Zanzibar") {
		t.Errorf("published request = %q", req)
	}
	if status, got := f.call(t, "POST", override, reviewer, `{"reason":"late"}`); status != http.StatusConflict {
		t.Errorf("overriding a resolved finding: %d %v, want 409", status, got)
	}
}
