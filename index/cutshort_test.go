package index

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/spelunk-dev/spelunk/ingest"
)

// A file cut short while it is indexed (its records staged as views of
// its mapping, ingest.Options.Retain) is an error naming what happened,
// not a crash, and the run leaves no part behind.
func TestIndexFileCutShort(t *testing.T) {
	defer ingest.SetChunkSize(ingest.SetChunkSize(256 << 10))
	root := t.TempDir()
	in := sysmonFile(t, root, 0, 8<<20)
	dir := filepath.Join(root, "idx")
	var once sync.Once
	_, err := Build(dir, Options{Paths: []string{in}, Workers: 2, Progress: func(Progress) {
		once.Do(func() {
			if err := os.Truncate(in, 0); err != nil {
				t.Error(err)
			}
		})
	}})
	if err == nil {
		t.Skip("this system reads chunks without mapping them")
	}
	if !strings.Contains(err.Error(), "cut short") {
		t.Errorf("got %v, want the file cut short", err)
	}
	var parts []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".parquet") {
			parts = append(parts, path)
		}
		return nil
	})
	if len(parts) > 0 {
		t.Errorf("parts left behind: %v", parts)
	}
}
