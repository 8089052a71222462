package index

import (
	"fmt"
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
	lines := strings.Split(strings.TrimSpace(string(mustRead(t, filepath.Join(seedData(t), "sysmon_wermgr.log")))), "\n")
	var b strings.Builder
	for i := 0; b.Len() < 8<<20; i++ {
		for _, l := range lines {
			b.WriteString(strings.Replace(l, "<EventRecordID>", fmt.Sprintf("<EventRecordID>%d", i), 1) + "\n")
		}
	}
	root := t.TempDir()
	in := filepath.Join(root, "sysmon.xml")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
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
