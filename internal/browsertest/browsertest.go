// SPDX-License-Identifier: AGPL-3.0-or-later

// Package browsertest drives a real browser (Debian's Chromium, headless)
// for tests of what a person sees, and checks pages for accessibility with
// axe-core from the npm lockfile. scripts/test installs both.
package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumPath finds the browser: DISCLOSE_CHROMIUM, or Debian's package.
func chromiumPath() (string, error) {
	if p := os.Getenv("DISCLOSE_CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no Chromium found: install Debian's chromium package (scripts/test does) or set DISCLOSE_CHROMIUM")
}

// New starts a headless browser for one test and returns a context for
// chromedp actions; it closes with the test. A missing browser fails the
// test (never a silent skip); set DISCLOSE_SKIP_BROWSER=1 to skip on purpose.
func New(t testing.TB) context.Context {
	t.Helper()
	if os.Getenv("DISCLOSE_SKIP_BROWSER") == "1" {
		t.Skip("DISCLOSE_SKIP_BROWSER=1: browser tests skipped on request")
	}
	path, err := chromiumPath()
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // tests run as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		// No network beyond loopback here: stop Chromium's own background
		// connections, which would otherwise fail and slow everything down.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	// A bound on the whole browser, so a stuck page cannot hang the suite.
	ctx, cancelTimeout := context.WithTimeout(ctx, 5*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium (%s): %v", path, err)
	}
	return ctx
}

// Violation is one axe-core accessibility failure on a page.
type Violation struct {
	ID    string   `json:"id"`
	Help  string   `json:"help"`
	Nodes []string `json:"nodes"` // CSS selectors of the failing elements
}

func (v Violation) String() string {
	return fmt.Sprintf("%s (%s) at %s", v.ID, v.Help, strings.Join(v.Nodes, ", "))
}

var (
	axeOnce   sync.Once
	axeSource string
	axeErr    error
)

// loadAxe reads axe-core from node_modules at the repository root.
func loadAxe() (string, error) {
	axeOnce.Do(func() {
		dir, err := os.Getwd()
		if err != nil {
			axeErr = err
			return
		}
		for ; ; dir = filepath.Dir(dir) {
			b, err := os.ReadFile(filepath.Join(dir, "node_modules", "axe-core", "axe.min.js"))
			if err == nil {
				axeSource = string(b)
				return
			}
			if dir == filepath.Dir(dir) {
				axeErr = fmt.Errorf("node_modules/axe-core/axe.min.js not found: run scripts/build-assets (npm ci)")
				return
			}
		}
	})
	return axeSource, axeErr
}

// WCAG22AA are the axe-core rule tags for WCAG 2.2 level AA.
var WCAG22AA = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// Axe runs axe-core on the page the browser shows and returns its
// violations of WCAG 2.2 AA.
func Axe(ctx context.Context) ([]Violation, error) {
	src, err := loadAxe()
	if err != nil {
		return nil, err
	}
	tags, _ := json.Marshal(WCAG22AA)
	script := src + `;
axe.run(document, {runOnly: {type: 'tag', values: ` + string(tags) + `}, resultTypes: ['violations']})
  .then(r => JSON.stringify(r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))))`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](script, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("running axe: %w", err)
	}
	var vs []Violation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		return nil, fmt.Errorf("reading axe's result: %w", err)
	}
	return vs, nil
}

// CheckAxe fails the test with every WCAG 2.2 AA violation on the page.
func CheckAxe(t testing.TB, ctx context.Context, page string) {
	t.Helper()
	vs, err := Axe(ctx)
	if err != nil {
		t.Fatalf("%s: %v", page, err)
	}
	for _, v := range vs {
		t.Errorf("%s: accessibility violation: %s", page, v)
	}
}
