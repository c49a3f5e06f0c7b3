// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func inspectCmd(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = runInspect(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestInspectCommand(t *testing.T) {
	dir := t.TempDir()
	clean := filepath.Join(dir, "answer.txt")
	trap := filepath.Join(dir, "data.csv")
	os.WriteFile(clean, []byte("The council spent £1,240 in 2023/24, 3% more than before.\n"), 0o644)
	os.WriteFile(trap, []byte("Name,Note\nA resident,=1+2\nJo,write to Amara Okafor\n"), 0o644)

	code, out, _ := inspectCmd(clean)
	if code != 0 || !strings.Contains(out, "nothing found") {
		t.Errorf("clean file: code %d, output %q", code, out)
	}
	code, out, _ = inspectCmd("--requester", "Amara Okafor", trap)
	if code != 1 || !strings.Contains(out, "formula-cell at cells B2") || !strings.Contains(out, "personal-data:requester at row 3, column B") || strings.Contains(out, "Amara") {
		t.Errorf("trap file: code %d, output:\n%s", code, out)
	}

	cleanDir := t.TempDir()
	code, out, _ = inspectCmd("--clean", cleanDir, trap)
	if code != 1 || !strings.Contains(out, "clean copy: "+filepath.Join(cleanDir, "data.clean.csv")) {
		t.Errorf("--clean: code %d, output:\n%s", code, out)
	}
	if code, out, _ = inspectCmd(filepath.Join(cleanDir, "data.clean.csv")); code != 0 {
		t.Errorf("the clean copy still has findings:\n%s", out)
	}

	code, out, _ = inspectCmd("--json", trap)
	var got struct {
		File     string
		Findings []struct{ Kind string }
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 1 || len(got.Findings) != 1 || got.Findings[0].Kind != "formula-cell" {
		t.Errorf("--json: code %d, %v, output %s", code, err, out)
	}

	if code, _, errOut := inspectCmd(filepath.Join(dir, "missing.pdf")); code != 2 || !strings.Contains(errOut, "missing.pdf") {
		t.Errorf("missing file: code %d, stderr %q", code, errOut)
	}
	if code, _, _ := inspectCmd(); code != 2 {
		t.Errorf("no files: code %d", code)
	}
}
