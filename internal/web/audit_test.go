// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"crypto/ed25519"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"disclose/internal/audit"
)

// TestPublishedAuditCheckpoint: /audit-checkpoint.json is off unless the
// site turns it on; then it serves the newest signed checkpoint, which an
// outsider reads and checks as a checkpoint file.
func TestPublishedAuditCheckpoint(t *testing.T) {
	f := newFixture(t)
	get := func() (int, []byte) {
		t.Helper()
		resp, err := http.Get(f.srv.URL + "/audit-checkpoint.json")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	if code, _ := get(); code != http.StatusNotFound {
		t.Fatalf("a site that did not turn it on: %d, want 404", code)
	}
	f.site.PublishAuditCheckpoint = true
	if code, body := get(); code != http.StatusNotFound {
		t.Fatalf("before any checkpoint: %d %s, want 404", code, body)
	}
	_, key, _ := ed25519.GenerateKey(nil)
	for range 2 {
		if _, err := audit.Checkpoint(ctx, f.store, key, time.Now(), false); err != nil {
			t.Fatal(err)
		}
	}
	h, err := f.store.AuditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	code, body := get()
	if code != http.StatusOK {
		t.Fatalf("published checkpoint: %d %s", code, body)
	}
	path := filepath.Join(t.TempDir(), "published.json")
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := audit.ReadFile(path)
	if err != nil || c.Seq != h.Seq || c.Hash != h.Hash || c.Chain != h.Chain {
		t.Fatalf("the published checkpoint %+v, %v; want the head %+v", c, err, h)
	}
	rep, err := audit.Verify(ctx, f.store, c)
	if err != nil || !rep.OK() || !rep.ExternalChecked {
		t.Fatalf("verify against the published checkpoint: %v %+v", err, rep)
	}
}
