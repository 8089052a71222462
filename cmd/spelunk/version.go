package main

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// commandNames are spelunk's commands, for "did you mean".
var commandNames = []string{"run", "test", "parse", "explain", "sql", "hunt", "drilldown", "validate", "serve", "lsp", "index", "help", "version"}

// versionString is what spelunk version prints: the module version
// ("(devel)" for a build from a work tree) and, when the build recorded
// it, the VCS revision, its time and whether the tree was modified.
func versionString(bi *debug.BuildInfo, ok bool) string {
	if !ok || bi == nil {
		return "spelunk (devel)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, at string
	modified := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return "spelunk " + v
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	parts := []string{"revision " + rev}
	if at != "" {
		parts = append(parts, at)
	}
	if modified {
		parts = append(parts, "modified")
	}
	return fmt.Sprintf("spelunk %s (%s)", v, strings.Join(parts, ", "))
}
