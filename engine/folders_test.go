package engine

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestConfinedPath checks that a name built from a search never leads
// out of its folder: absolute paths, "..", a path where only a file name
// is allowed, and symbolic links on the way are refused.
func TestConfinedPath(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "services"), 0o755); err != nil {
		t.Fatal(err)
	}
	links := os.Symlink(outside, filepath.Join(dir, "services", "out")) == nil &&
		os.Symlink(filepath.Join(outside, "f.csv"), filepath.Join(dir, "f.csv")) == nil
	cases := []struct {
		name string
		sub  bool
		ok   bool
		link bool
	}{
		{"x.csv", false, true, false},
		{"services/server/info.json", true, true, false},
		{"services/server/info.json", false, false, false},
		{"../x.csv", false, false, false},
		{"services/../../x.json", true, false, false},
		{"/etc/passwd", true, false, false},
		{`..\x.csv`, false, false, false},
		{"", false, false, false},
		{"services//x.json", true, false, false},
		{"services/out/x.json", true, false, true},
		{"f.csv", false, false, true},
	}
	for _, c := range cases {
		if c.link && !links {
			continue
		}
		p, err := confinedPath(dir, c.name, c.sub)
		if c.ok != (err == nil) {
			t.Errorf("confinedPath(%q, sub=%v) = %q, %v; want ok=%v", c.name, c.sub, p, err, c.ok)
		}
		if err != nil && !errors.Is(err, errOutside) {
			t.Errorf("confinedPath(%q): %v is not errOutside", c.name, err)
		}
	}
}
