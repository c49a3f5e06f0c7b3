// SPDX-License-Identifier: AGPL-3.0-or-later

package mail

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
)

// TestEveryEmailHasAWelshTwin: each email template a requester can get has
// its Welsh twin at templates/cy/<same name>, and nothing in templates/cy
// lacks an English original. Only the staff-only kinds stay English.
func TestEveryEmailHasAWelshTwin(t *testing.T) {
	list := func(dir string) []string {
		entries, err := fs.ReadDir(templateFiles, dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			if !e.IsDir() {
				out = append(out, e.Name())
			}
		}
		return out
	}
	cy := list("templates/cy")
	var want []string
	for _, name := range list("templates") {
		kind := strings.TrimSuffix(strings.TrimSuffix(name, ".txt"), ".html")
		if !slices.Contains(staffOnly, kind) {
			want = append(want, name)
		}
	}
	if !slices.Equal(want, cy) {
		t.Errorf("templates/cy has %v, want the Welsh twin of each of %v", cy, want)
	}
	for _, name := range cy {
		b, _ := fs.ReadFile(templateFiles, "templates/cy/"+name)
		if !strings.Contains(string(b), "native Welsh speaker should review") {
			t.Errorf("templates/cy/%s lacks the note that a native speaker should review it", name)
		}
	}
}
