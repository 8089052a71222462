package content

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzDetection parses arbitrary detection YAML: reading may fail, but it
// never panics, and every offset of every search (the detection's and
// each drilldown's, with tokens substituted) maps into the file, which is
// what error messages rely on. Seeds: the detections under testdata/.
func FuzzDetection(f *testing.F) {
	for _, glob := range []string{"../testdata/seed/detections/*.yml", "../testdata/content/*.yml", "../testdata/content/broken/*.yml", "../testdata/raw_detections/detections/*.yml"} {
		files, _ := filepath.Glob(glob)
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte("search: |\n  a\n  b\ndrilldown_searches:\n- name: x $y$\n  search: '%original_detection_search% | where u=$user$'\n"))
	f.Add([]byte("search: \"a \\\"b\\\" \\x41\\u00e9 c\"\n"))
	f.Add([]byte("search: >-\n  folded\n\n  text\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := ParseDetection("fuzz.yml", b)
		if err != nil {
			return
		}
		for _, s := range d.Searches() {
			for off := -1; off <= len(s.Text)+1; off++ {
				fo, _ := s.FileOffset(off)
				if fo < 0 || fo > len(b) {
					t.Fatalf("%s: offset %d of %q maps to %d, outside the file (%d bytes)", s.Label(), off, s.Text, fo, len(b))
				}
			}
		}
	})
}
