// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// checkout returns a checkout of this repository with a .git directory
// and its HEAD. Go stamps VCS data into a binary only in such a checkout,
// which a git worktree (a .git file) is not: there the committed state is
// cloned (sharing its objects) and built instead.
func checkout(t *testing.T) (dir, head string) {
	t.Helper()
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Fatalf("git rev-parse: %v (the test needs git and a checkout)", err)
	}
	dir = strings.TrimSpace(string(top))
	if fi, err := os.Stat(filepath.Join(dir, ".git")); err != nil || !fi.IsDir() {
		clone := filepath.Join(t.TempDir(), "src")
		t.Logf("%s is a git worktree: building a clone of its HEAD in %s", dir, clone)
		if out, err := exec.Command("git", "clone", "--quiet", "--shared", dir, clone).CombinedOutput(); err != nil {
			t.Fatalf("git clone: %v\n%s", err, out)
		}
		dir = clone
	}
	h, err := exec.Command("git", "-C", dir, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	return dir, strings.TrimSpace(string(h))
}

// goBuild runs "go build ARGS" in dir with GOFLAGS cleared (a developer's
// -buildvcs=false would hide what is tested) and returns the binary.
func goBuild(t *testing.T, dir string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", append([]string{"build"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), append([]string{"GOFLAGS="}, env...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// `disclose version` and /healthz report the commit a binary was built
// from, its time, and whether the checkout had uncommitted changes, all
// read from what the toolchain recorded.
func TestVersionFromBuildInfo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary from a clone; skipped with -short")
	}
	src, head := checkout(t)
	when, err := exec.Command("git", "-C", src, "log", "-1", "--format=%cd", "--date=iso-strict").Output()
	if err != nil {
		t.Fatal(err)
	}
	commitTime, err := time.Parse(time.RFC3339, strings.TrimSpace(string(when)))
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "disclose")
	goBuild(t, src, nil, "-buildvcs=true", "-o", bin, "./cmd/disclose")
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	// The version is "(devel)", or the pseudo-version Go makes from the
	// commit (v0.0.0-TIME-REVISION, "+dirty" when modified).
	status, err := exec.Command("git", "-C", src, "status", "--porcelain").Output()
	if err != nil {
		t.Fatal(err)
	}
	checkLine := func(line string, dirty bool) {
		t.Helper()
		f := strings.Fields(line)
		stamp := commitTime.UTC().Format(time.RFC3339)
		if len(f) < 5 || f[0] != "disclose" || f[2] != "revision" || f[3] != head || f[4] != stamp ||
			(f[1] != "(devel)" && !strings.HasPrefix(f[1], "v0.0.0-"+commitTime.UTC().Format("20060102150405")+"-"+head[:12])) ||
			slices.Contains(f, "modified") != dirty {
			t.Errorf("disclose version = %q, want disclose, a version of commit %s, its time %s, and modified: %v", line, head, stamp, dirty)
		}
	}
	line := strings.TrimSpace(string(out))
	checkLine(line, len(status) > 0) // a developer's checkout may have changes; a clone has none

	base, _ := startServe(t, bin, "sqlite:"+filepath.Join(t.TempDir(), "v.db"))
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "ok\nversion: "+line+"\n" {
		t.Errorf("/healthz = %d %q, want 200 and the version line %q", resp.StatusCode, body, line)
	}

	// An uncommitted file makes the build "modified".
	extra := filepath.Join(src, "cmd", "disclose", "uncommitted-by-version-test.txt")
	if err := os.WriteFile(extra, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(extra)
	goBuild(t, src, nil, "-buildvcs=true", "-o", bin, "./cmd/disclose")
	out, err = exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	checkLine(strings.TrimSpace(string(out)), true)
}
