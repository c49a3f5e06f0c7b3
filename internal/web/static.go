// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// staticFS holds the front end. static/build is produced by
// scripts/build-assets from the npm packages (the GOV.UK Design System
// compiled for a council) and is not committed.
//
//go:embed static
var staticFS embed.FS

// assets serves static files under checksummed URLs, so browsers may cache
// them for a year and still see a new version at once.
type assets struct {
	sums map[string]string // path under static/ -> short content hash
}

func loadAssets() (*assets, error) {
	a := &assets{sums: map[string]string{}}
	err := fs.WalkDir(staticFS, "static", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		a.sums[strings.TrimPrefix(path, "static/")] = hex.EncodeToString(sum[:6])
		return nil
	})
	return a, err
}

// built reports whether scripts/build-assets has run: without it pages
// work but are unstyled.
func (a *assets) built() bool { _, ok := a.sums["build/disclose.css"]; return ok }

// url is the template function: the asset's URL with its checksum.
func (a *assets) url(path string) (string, error) {
	sum, ok := a.sums[path]
	if !ok {
		if strings.HasPrefix(path, "build/") {
			return "/static/" + path, nil // not built: the page still renders, unstyled
		}
		return "", fmt.Errorf("no static file %q", path)
	}
	return "/static/" + path + "?v=" + sum, nil
}

func (a *assets) handler() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	files := http.FileServerFS(sub)
	return http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Files only: a folder's listing would show what is built and how.
		if r.URL.Path == "" || strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		if f, err := sub.Open(strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")); err == nil {
			st, err := f.Stat()
			f.Close()
			if err == nil && st.IsDir() {
				http.NotFound(w, r)
				return
			}
		}
		if r.URL.Query().Get("v") != "" && r.URL.Query().Get("v") == a.sums[r.URL.Path] {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=300")
		}
		files.ServeHTTP(w, r)
	}))
}
