// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/inspecttest"
)

// A PDF naming the requester is redacted through the API: a flattened
// copy replaces it for release, and bad requests are refused clearly.
func TestRedactPDFThroughTheAPI(t *testing.T) {
	f := newFixture(t)
	slug := respondedCase(t, f, "Please tell me about parking signs.")
	ref, _ := foi.ParseReference(slug)
	officer, _ := f.store.FindUserByEmail(ctx, "officer@council.example")
	a, err := f.svc.AddAttachment(ctx, officer, ref, casework.Upload{Name: "reply.pdf",
		Data: inspecttest.TextPDF("Dear "+secretName+",", "Signs cost 2,000 pounds."), Release: true})
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/v1/requests/%s/attachments/%d/redact", slug, a.ID)
	tok := f.tokens["officer"]
	if status, got := f.call(t, "POST", path, f.tokens["contributor"], `{"phrases":["Signs"],"exemption":"s40(2)"}`); status != http.StatusForbidden {
		t.Errorf("a contributor redacting: %d %v, want 403", status, got)
	}
	status, got := f.call(t, "POST", path, tok, `{"phrases":["not in the letter"],"exemption":"s40(2)"}`)
	if status != http.StatusBadRequest || !strings.Contains(fmt.Sprint(got["error"]), "not in the letter") {
		t.Errorf("a phrase not in the file: %d %v", status, got)
	}
	status, got = f.call(t, "POST", path, tok, `{"phrases":["`+secretName+`"],"regions":[{"page":1,"x":60,"y":700,"width":300,"height":40}],"exemption":"s40(2)"}`)
	if status != http.StatusCreated || got["name"] != "reply (redacted).pdf" || got["pages"] != float64(1) || got["dpi"] != float64(150) {
		t.Fatalf("redacting: %d %v", status, got)
	}
	if reds := got["redactions"].([]any); len(reds) != 2 || reds[0].(map[string]any)["original"] != secretName {
		t.Errorf("redactions = %v", reds)
	}
	list, err := f.store.FindAttachments(ctx, a.RequestID)
	if err != nil || len(list) != 2 || list[0].Release || !list[1].Release {
		t.Errorf("attachments after redacting: %+v %v", list, err)
	}
}
