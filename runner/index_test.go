package runner

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/spelunk-dev/spelunk/index"
	"github.com/spelunk-dev/spelunk/ingest"
)

// TestIndexData checks what the runner does with an index folder as its
// data: reading options are an error, an index with other data is an
// error, and a search reads it.
func TestIndexData(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	data := filepath.Join(testdata, "seed", "data", "sysmon_wermgr.log")
	if _, err := index.Build(dir, index.Options{Paths: []string{data}}); err != nil {
		t.Fatal(err)
	}
	run := func(cfg Config) (int, error) {
		r := New(cfg)
		s, err := r.Prepare("", "index=* | stats count", "")
		if err != nil {
			return 0, err
		}
		res, err := r.Run(context.Background(), s)
		if err != nil {
			return 0, err
		}
		n, _ := res.Rows[0].Get("count").Number()
		return int(n), nil
	}
	if _, err := run(Config{Data: []string{dir}, Ingest: ingest.Options{Sourcetype: "x"}}); err == nil {
		t.Error("--sourcetype with an index: no error")
	} else if e := (*ConfigError)(nil); !errors.As(err, &e) || e.Setting != "--sourcetype" {
		t.Errorf("--sourcetype with an index: %v, want a ConfigError for --sourcetype", err)
	}
	if _, err := run(Config{Data: []string{dir, data}}); err == nil {
		t.Error("an index with other data: no error")
	}
	// sysmon_wermgr.log holds 9 records (one <Event> each), counted
	// streamed and loaded.
	for _, load := range []bool{false, true} {
		n, err := run(Config{Data: []string{dir}, Load: load})
		if err != nil || n != 9 {
			t.Errorf("load=%v: count %d, %v", load, n, err)
		}
	}
}
