// SPDX-License-Identifier: AGPL-3.0-or-later

package observe

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// An SMTP refusal quotes the recipient; the logger masks every address,
// in the message, in string attributes and in errors, in both formats.
func TestLoggerMasksEmailAddresses(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		var buf bytes.Buffer
		log, err := NewLogger(&buf, format)
		if err != nil {
			t.Fatal(err)
		}
		log.With("to", "amara.okafor@example.org").Warn("email failed for a.b@example.co.uk",
			"err", errors.New("550 5.1.1 <amara.okafor@example.org>: user unknown"), "id", 7)
		out := buf.String()
		if strings.Contains(out, "@example") || strings.Count(out, "[email]") != 3 {
			t.Errorf("%s: %s", format, out)
		}
		if format == "json" {
			var rec map[string]any
			if err := json.Unmarshal(buf.Bytes(), &rec); err != nil || rec["id"] != 7.0 {
				t.Errorf("json line %s: %v", out, err)
			}
		}
	}
	if _, err := NewLogger(&bytes.Buffer{}, "xml"); err == nil {
		t.Error("an unknown format was accepted")
	}
}
