// SPDX-License-Identifier: AGPL-3.0-or-later

// Package version says which Disclose is running, from what the Go
// toolchain recorded in the binary (runtime/debug.ReadBuildInfo): the
// module version, and the commit it was built from when built from a
// checkout. Nothing is stamped by hand, so it cannot be wrong.
package version

import (
	"fmt"
	"runtime/debug"
	"strings"
	"time"
)

// Info is what a binary knows about its own build.
type Info struct {
	Module    string    // the main module's path, "disclose"
	Version   string    // its version: a tag, a pseudo-version, or "(devel)" for a build of a checkout
	Revision  string    // the VCS commit, when the build recorded one
	Time      time.Time // the commit's time, when recorded
	Modified  bool      // the checkout had uncommitted changes
	GoVersion string    // the toolchain that built it
}

// Read returns the running binary's build information.
func Read() Info {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return Info{Version: "unknown"}
	}
	return FromBuildInfo(bi)
}

// FromBuildInfo extracts Info from the toolchain's record.
func FromBuildInfo(bi *debug.BuildInfo) Info {
	i := Info{Module: bi.Main.Path, Version: bi.Main.Version, GoVersion: bi.GoVersion}
	if i.Version == "" {
		i.Version = "(devel)" // go run and test binaries record none
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			i.Revision = s.Value
		case "vcs.time":
			i.Time, _ = time.Parse(time.RFC3339, s.Value)
		case "vcs.modified":
			i.Modified = s.Value == "true"
		}
	}
	return i
}

// String is one line: "disclose (devel) revision 96d372c0… 2026-12-07T22:00:00Z modified go1.26.8".
func (i Info) String() string {
	var b strings.Builder
	name := i.Module
	if name == "" {
		name = "disclose"
	}
	fmt.Fprintf(&b, "%s %s", name, i.Version)
	if i.Revision != "" {
		fmt.Fprintf(&b, " revision %s", i.Revision)
	}
	if !i.Time.IsZero() {
		fmt.Fprintf(&b, " %s", i.Time.UTC().Format(time.RFC3339))
	}
	if i.Modified {
		b.WriteString(" modified")
	}
	if i.GoVersion != "" {
		fmt.Fprintf(&b, " %s", i.GoVersion)
	}
	return b.String()
}
