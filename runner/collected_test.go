package runner

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestCollectReadBackSameRunner checks that a search run by a Runner reads
// what an earlier search of the same Runner collected, as the index it
// names, next to the data's own events (Search Reference, collect:
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/collect).
func TestCollectReadBackSameRunner(t *testing.T) {
	dir := t.TempDir()
	r := New(Config{CollectDir: dir, Now: time.Unix(1700000000, 0),
		Data: []string{filepath.Join(testdata, "seed", "data", "sysmon_wermgr.log")}})
	run := func(q string) [][]string {
		t.Helper()
		s, err := r.Prepare("", q, "")
		if err != nil {
			t.Fatal(err)
		}
		res, err := r.Run(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		var out [][]string
		for _, row := range res.Rows {
			var cells []string
			for _, c := range res.Columns {
				cells = append(cells, row.Get(c).String())
			}
			out = append(out, cells)
		}
		return out
	}
	if got := run(`index=summary | stats count`); !cmp.Equal(got, [][]string{{"0"}}) {
		t.Fatalf("before collecting: %v", got)
	}
	run(`index=main | stats count by sourcetype | collect index=summary file=counts.stash`)
	got := run(`index=summary | table index sourcetype orig_sourcetype count`)
	want := [][]string{{"summary", "stash", "XmlWinEventLog", got[0][3]}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("index=summary (-want +got):\n%s", diff)
	}
	if main := run(`index=main | stats count`); main[0][0] != got[0][3] {
		t.Errorf("the data's own events: %v, the collected count %s", main, got[0][3])
	}
}

// TestFoldersMustExist checks that a folder flag naming no folder is a
// configuration error naming the flag.
func TestFoldersMustExist(t *testing.T) {
	for _, cfg := range []Config{{CollectDir: "no/such"}, {CSVDir: "no/such"}, {RestFixtures: "no/such"}} {
		r := New(cfg)
		s, err := r.Prepare("", "| makeresults", "")
		if err != nil {
			t.Fatal(err)
		}
		_, err = r.Run(context.Background(), s)
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Value != "no/such" {
			t.Errorf("%+v: %v, want a ConfigError", cfg, err)
		}
	}
}
