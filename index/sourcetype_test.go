package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// sysmonFile writes root/sysmon.xml: the seed's one-line Sysmon records
// again and again, each round of its own record numbers, for at least
// rounds rounds and minBytes bytes; it returns the file's path.
func sysmonFile(t *testing.T, root string, rounds, minBytes int) string {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(string(mustRead(t, filepath.Join(seedData(t), "sysmon_wermgr.log")))), "\n")
	var b strings.Builder
	for i := 0; i < rounds || b.Len() < minBytes; i++ {
		for _, l := range lines {
			b.WriteString(strings.Replace(l, "<EventRecordID>", fmt.Sprintf("<EventRecordID>%d", i), 1) + "\n")
		}
	}
	in := filepath.Join(root, "sysmon.xml")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return in
}

// TestNamedSourcetypeSameIndex: one-line Sysmon XML indexed with its
// sourcetype and source named (as the content gives them) makes the index
// made with them detected: the file is read in parallel chunks either way
// (a part per reading goroutine), the same events, the same summaries.
func TestNamedSourcetypeSameIndex(t *testing.T) {
	defer ingest.SetChunkSize(ingest.SetChunkSize(64 << 10))
	root := t.TempDir()
	in := sysmonFile(t, root, 300, 0)
	type outcome struct {
		Parts      int
		Partitions map[string]bool
		Summaries  map[string]int64 // dataset: rows
		Events     []string
	}
	build := func(name string, opt ingest.Options) outcome {
		dir := filepath.Join(root, name)
		res, err := Build(dir, Options{Paths: []string{in}, Workers: 2, Ingest: opt, RowGroupBytes: 256 << 10})
		if err != nil {
			t.Fatal(err)
		}
		out := outcome{Parts: len(res.Parts), Partitions: map[string]bool{}, Summaries: map[string]int64{}}
		for _, p := range res.Parts {
			out.Partitions[p.Index+"/"+p.Sourcetype+"/"+p.Day] = true
		}
		for _, s := range res.Summaries {
			out.Summaries[s.Dataset] += s.Rows
		}
		src, err := Open(dir, nil, 2, nil)
		if err != nil {
			t.Fatal(err)
		}
		err = src.Scan(context.Background(), engine.AllEvents, func(r value.Fields) error {
			var e strings.Builder
			for _, f := range r {
				e.WriteString(f.Name + "=" + f.Value.GoString() + "\n")
			}
			out.Events = append(out.Events, e.String())
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(out.Events)
		return out
	}
	want := build("detected", ingest.Options{})
	// Both goroutines read every partition's events.
	if want.Parts != 2*len(want.Partitions) || want.Summaries["Endpoint.Processes"] == 0 || len(want.Events) == 0 {
		t.Fatalf("detected: %d parts of %d partitions, summaries %v, %d events; want a part per goroutine, summaries",
			want.Parts, len(want.Partitions), want.Summaries, len(want.Events))
	}
	for name, opt := range map[string]ingest.Options{
		"sourcetype":        {Sourcetype: "XmlWinEventLog"},
		"sourcetype+source": {Sourcetype: "XmlWinEventLog", Source: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"},
		"channel":           {Sourcetype: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"},
	} {
		if diff := cmp.Diff(want, build(name, opt)); diff != "" {
			t.Errorf("%s (-detected +named):\n%s", name, diff)
		}
	}
}
