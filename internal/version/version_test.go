// SPDX-License-Identifier: AGPL-3.0-or-later

package version

import (
	"runtime/debug"
	"testing"
	"time"
)

func TestFromBuildInfo(t *testing.T) {
	bi := &debug.BuildInfo{
		GoVersion: "go1.26.8",
		Main:      debug.Module{Path: "disclose", Version: "v1.2.3"},
		Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
			{Key: "vcs.time", Value: "2026-12-07T22:00:00Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	i := FromBuildInfo(bi)
	want := Info{Module: "disclose", Version: "v1.2.3", Revision: "0123456789abcdef0123456789abcdef01234567",
		Time: time.Date(2026, 12, 7, 22, 0, 0, 0, time.UTC), Modified: true, GoVersion: "go1.26.8"}
	if i != want {
		t.Errorf("FromBuildInfo = %+v, want %+v", i, want)
	}
	if got, w := i.String(), "disclose v1.2.3 revision 0123456789abcdef0123456789abcdef01234567 2026-12-07T22:00:00Z modified go1.26.8"; got != w {
		t.Errorf("String = %q, want %q", got, w)
	}
	bare := FromBuildInfo(&debug.BuildInfo{Main: debug.Module{Path: "disclose"}, GoVersion: "go1.26.8"})
	if got, w := bare.String(), "disclose (devel) go1.26.8"; got != w {
		t.Errorf("a build without VCS data: %q, want %q", got, w)
	}
}
