package main

import (
	"runtime/debug"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestVersionString(t *testing.T) {
	setting := func(kv ...string) []debug.BuildSetting {
		var out []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			out = append(out, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	cases := []struct {
		name string
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{"no build info", nil, false, "spelunk (devel)"},
		{"work tree without VCS", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true, "spelunk (devel)"},
		{"empty version", &debug.BuildInfo{}, true, "spelunk (devel)"},
		{"go install of a tag", &debug.BuildInfo{Main: debug.Module{Version: "v0.4.1"}}, true, "spelunk v0.4.1"},
		{"git checkout", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: setting("vcs", "git", "vcs.revision", "e1ecb79a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e", "vcs.time", "2026-12-06T19:00:00Z", "vcs.modified", "true")},
			true, "spelunk (devel) (revision e1ecb79a0b1c, 2026-12-06T19:00:00Z, modified)"},
		{"clean checkout", &debug.BuildInfo{Main: debug.Module{Version: "v0.5.0"},
			Settings: setting("vcs.revision", "abc", "vcs.modified", "false")},
			true, "spelunk v0.5.0 (revision abc)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, versionString(c.bi, c.ok)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
