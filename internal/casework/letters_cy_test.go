// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"

	"disclose/internal/foi"
	"disclose/internal/i18n"
)

// TestEveryLetterHasAWelshTwin: each built-in letter template has its Welsh
// twin at letters/cy/<same name>.txt, and each Welsh one an English original;
// both render on a sample case, and the Welsh ones carry the note that a
// native speaker should review them.
func TestEveryLetterHasAWelshTwin(t *testing.T) {
	names := func(dir string) []string {
		entries, err := fs.ReadDir(defaultLetters, dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			if !e.IsDir() && path.Ext(e.Name()) == ".txt" {
				out = append(out, e.Name())
			}
		}
		return out
	}
	en, cy := names("letters"), names("letters/cy")
	if !slices.Equal(en, cy) {
		t.Errorf("letters/ has %v but letters/cy/ has %v", en, cy)
	}
	for _, kind := range foi.LetterKinds {
		for _, l := range i18n.Langs {
			b, err := defaultLetters.ReadFile(defaultLetterFile(kind, l))
			if err != nil {
				t.Errorf("%s letter in %s: %v", kind, l, err)
				continue
			}
			out, err := renderLetter(string(b), sampleLetterData())
			if err != nil {
				t.Errorf("%s letter in %s does not render: %v", kind, l, err)
			}
			if l == i18n.Welsh && (!strings.Contains(string(b), "native Welsh speaker should review") || !strings.Contains(out, "Yn gywir")) {
				t.Errorf("the Welsh %s letter lacks the review note or is not Welsh:\n%s", kind, out)
			}
		}
	}
}
