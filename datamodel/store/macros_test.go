package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/macros"
	"github.com/spelunk-dev/spelunk/spl"
)

// TestCorpusSourceMacros runs the corpus's source macros as searches over
// crafted events of every kind and counts what each finds: the macros
// match on source, sourcetype, eventtype and Channel, so this checks that
// events get what those searches read. Expected counts are from the data
// files: sysmon 15 in testdata/datamodels + 2 in its CSV export + 3 in the
// EVTX fixture's XML export + 1 Sysmon for Linux; Security 4 + 3 + 2; the
// rest one file each.
func TestCorpusSourceMacros(t *testing.T) {
	corpus := os.Getenv("SPELUNK_CORPUS")
	if corpus == "" {
		t.Skip("SPELUNK_CORPUS not set; skipping the corpus source macros")
	}
	set := macros.NewSet()
	if err := set.Load(corpus); err != nil {
		t.Fatal(err)
	}
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join("..", "..", "testdata")
	paths := []string{filepath.Join(root, "datamodels"), filepath.Join(root, "sources"),
		filepath.Join("..", "..", "ingest", "testdata", "evtx", "sample.xml")}
	st, err := ingest.ReadPaths(paths, ingest.Options{}, func(ev *ingest.Event) error {
		s.Add(ev)
		return nil
	})
	if err != nil || st.Bad != 0 {
		t.Fatalf("%v %v", err, st.Problems)
	}
	want := map[string]int{
		"sysmon": 21, "wineventlog_security": 9, "wineventlog_system": 1, "powershell": 1,
		"linux_auditd": 2, "suricata": 2, "okta": 1, "o365_management_activity": 1,
		"azure_monitor_aad": 1, "kube_audit": 1, "nginx_access_logs": 3,
	}
	got := map[string]int{}
	for m := range want {
		exp, err := set.Expand("`"+m+"`", macros.Options{})
		if err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		p, err := spl.Parse(exp.Text)
		if err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		res, err := engine.Run(context.Background(), p, s, engine.Options{})
		if err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		got[m] = len(res.Rows)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events found by each macro (-want +got):\n%s", diff)
	}
}
