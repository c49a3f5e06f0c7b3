// SPDX-License-Identifier: AGPL-3.0-or-later

package version

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every Go file of the project names its licence in its first line, so a
// file copied out of the repository still says on what terms it may be
// reused (AGPL-3.0-or-later, LICENSE at the root).
func TestEveryGoFileNamesItsLicence(t *testing.T) {
	root := filepath.Join("..", "..")
	const want = "// SPDX-License-Identifier: AGPL-3.0-or-later"
	n := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Scan()
		if sc.Text() != want {
			t.Errorf("%s: first line %q, want %q", path, sc.Text(), want)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Fatalf("found only %d Go files under %s: is the test in the right place?", n, root)
	}
}
