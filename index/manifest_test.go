package index

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestManifestVersion refuses an index of another layout version with a
// message that says to index the files again.
func TestManifestVersion(t *testing.T) {
	for _, v := range []int{0, manifestVersion + 1} {
		t.Run(fmt.Sprint(v), func(t *testing.T) {
			dir := t.TempDir()
			body := fmt.Sprintf(`{"version": %d, "files": [], "parts": [], "runs": []}`, v)
			if err := os.WriteFile(filepath.Join(dir, ManifestName), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := ReadManifest(dir)
			if err == nil || !strings.Contains(err.Error(), "index the files again") {
				t.Errorf("ReadManifest: %v, want an error telling to index the files again", err)
			}
			if _, err := Build(dir, Options{Paths: []string{"x.log"}}); err == nil || !strings.Contains(err.Error(), "index the files again") {
				t.Errorf("Build: %v, want an error telling to index the files again", err)
			}
		})
	}
}

// TestManifestVersionOne reads an index of version 1 (before summary
// cells kept as places): it has none, and reads as it did.
func TestManifestVersionOne(t *testing.T) {
	dir := t.TempDir()
	body := `{"version": 1, "files": [], "parts": [], "runs": []}`
	if err := os.WriteFile(filepath.Join(dir, ManifestName), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := ReadManifest(dir)
	if err != nil || m.Version != 1 {
		t.Fatalf("ReadManifest: %v, %v; want version 1 read", m, err)
	}
}
