package index_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/parquet-go/parquet-go"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/index"
	"github.com/spelunk-dev/spelunk/runner"
)

// sysmonEvent is a Sysmon process creation of record n, whose command
// line, user, process id and directory differ from event to event.
func sysmonEvent(n int) string {
	return fmt.Sprintf(`<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385F-C22A-43E0-BF4C-06F5698FFBD9}'/><EventID>1</EventID><TimeCreated SystemTime='2024-01-02T03:%02d:%02d.0000000Z'/><EventRecordID>%d</EventRecordID><Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>WIN-%d</Computer></System><EventData><Data Name='Image'>C:\Windows\System32\cmd%d.exe</Data><Data Name='CommandLine'>cmd%d.exe /c echo &quot;%d&quot;</Data><Data Name='CurrentDirectory'>C:\dir%d\</Data><Data Name='User'>CORP\user%d</Data><Data Name='ProcessId'>%d</Data><Data Name='ParentImage'>C:\Windows\explorer.exe</Data><Data Name='ParentCommandLine'>explorer.exe %d</Data><Data Name='ParentProcessId'>%d</Data></EventData></Event>`,
		n/60%60, n%60, n, n%3, n%5, n, n, n%11, n%13, 1000+n, n%4, 2000+n)
}

// refKnowledge makes some rows' values differ from their event's column
// (process, upper case every seventh record) and leaves others without a
// value (process_current_directory, every fifth record).
const refKnowledge = `knowledge:
- name: Sysmon refs
  sourcetype: XmlWinEventLog
  source: XmlWinEventLog:Microsoft-Windows-Sysmon/Operational
  when: EventCode=1
  evals:
    process: 'if(EventRecordID % 7 == 0, upper(CommandLine), CommandLine)'
    process_current_directory: 'if(EventRecordID % 5 == 0, null(), CurrentDirectory)'
`

// TestSummaryRefsMatchFiles indexes Sysmon events whose summary cells
// mostly equal an event column, some differing from it and some null,
// from events of two files read by two goroutines (two event parts), and
// compares tstats over the index, reading the references back, with
// tstats over the files.
func TestSummaryRefsMatchFiles(t *testing.T) {
	tmp := t.TempDir()
	var files []string
	for f := 0; f < 2; f++ {
		var b strings.Builder
		for n := f * 300; n < (f+1)*300; n++ {
			b.WriteString(sysmonEvent(n) + "\n")
		}
		p := filepath.Join(tmp, fmt.Sprintf("sysmon%d.log", f))
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	k := filepath.Join(tmp, "refs.yaml")
	if err := os.WriteFile(k, []byte(refKnowledge), 0o644); err != nil {
		t.Fatal(err)
	}
	kb, err := datamodel.Load(k)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(tmp, "idx")
	func() {
		defer index.SetRowGroupBytes(index.SetRowGroupBytes(16 << 10))
		defer index.SetColumnRefs(index.SetColumnRefs(true))
		if _, err := index.Build(dir, index.Options{Paths: files, Workers: 2, Knowledge: kb}); err != nil {
			t.Fatal(err)
		}
	}()
	checkRefCells(t, dir)

	now := time.Unix(1_800_000_000, 0).UTC()
	over := runner.New(runner.Config{Data: []string{dir}, Knowledge: []string{k}, Now: now, Workers: 2})
	raw := runner.New(runner.Config{Data: files, Knowledge: []string{k}, Now: now, Workers: 2})
	for _, s := range []string{
		`| tstats count values(Processes.process) as p from datamodel=Endpoint.Processes by Processes.process_id`,
		`| tstats count from datamodel=Endpoint.Processes by Processes.process_current_directory Processes.user`,
		`| tstats count from datamodel=Endpoint.Processes where Processes.process="*ECHO*" by Processes.process Processes.parent_process`,
		`| tstats count from datamodel=Endpoint.Processes where Processes.process_current_directory="*dir3*" by Processes.process_id Processes.parent_process_id`,
		`| tstats summariesonly=true count from datamodel=Endpoint.Processes where Processes.process_name="cmd2.exe" by Processes.process Processes.dest`,
	} {
		want, got := outcome(context.Background(), raw, s, nil), outcome(context.Background(), over, s, nil)
		if !strings.Contains(want, "\n") || strings.Count(want, "\n") < 3 {
			t.Errorf("%s: too few rows to compare:\n%s", s, want)
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s (-files +index):\n%s", s, d)
		}
	}
	// An event part damaged: reading the references back is an error
	// naming it, not a crash.
	m, err := index.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range m.Parts {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(p.Path)), []byte("PAR1 damaged PAR1"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := outcome(context.Background(), over, `| tstats count from datamodel=Endpoint.Processes by Processes.process_current_directory`, nil)
	if !strings.HasPrefix(out, "run: ") || !strings.Contains(out, m.Parts[0].Path[:strings.LastIndex(m.Parts[0].Path, "/")]) {
		t.Errorf("over damaged event parts: %q, want an error naming a part", out)
	}
}

// checkRefCells fails unless the index's Endpoint.Processes summary holds
// what the test means to read back: references to CommandLine, rows of
// process with their own text (those that differ), rows of
// process_current_directory with neither (nulls), events of two parts.
func checkRefCells(t *testing.T, dir string) {
	t.Helper()
	m, err := index.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	refs, texts, none := map[string]int{}, map[string]int{}, map[string]int{}
	events := map[string]bool{}
	for _, p := range m.Summaries {
		if p.Dataset != "Endpoint.Processes" {
			continue
		}
		if got := p.Refs["process"]; got != "CommandLine" {
			t.Errorf("%s refers process to %q, not CommandLine (%v)", p.Path, got, p.Refs)
		}
		f, err := os.Open(filepath.Join(dir, filepath.FromSlash(p.Path)))
		if err != nil {
			t.Fatal(err)
		}
		st, _ := f.Stat()
		pf, err := parquet.OpenFile(f, st.Size())
		if err != nil {
			t.Fatal(err)
		}
		if v, ok := pf.Lookup("spelunk.summary.events"); ok {
			var list []string
			if err := json.Unmarshal([]byte(v), &list); err != nil {
				t.Fatal(err)
			}
			for _, e := range list {
				events[e] = true
			}
		}
		for _, field := range []string{"process", "process_current_directory"} {
			col, ok := pf.Schema().Lookup(field)
			rcol, rok := pf.Schema().Lookup("_spelunk_cref_" + field)
			if !ok || !rok {
				t.Fatalf("%s: no column %s or its references", p.Path, field)
			}
			for _, rg := range pf.RowGroups() {
				vals := columnNulls(t, rg, col.ColumnIndex)
				rvals := columnNulls(t, rg, rcol.ColumnIndex)
				for r := range vals {
					switch {
					case !rvals[r] && !vals[r]:
						t.Fatalf("%s: row %d of %s has a text and a reference", p.Path, r, field)
					case !rvals[r]:
						refs[field]++
					case !vals[r]:
						texts[field]++
					default:
						none[field]++
					}
				}
			}
		}
		f.Close()
	}
	if refs["process"] == 0 || texts["process"] == 0 || refs["process_current_directory"] == 0 || none["process_current_directory"] == 0 || len(events) < 2 {
		t.Fatalf("the summary does not hold the cases to read back: references %v, texts %v, neither %v, events of %d parts",
			refs, texts, none, len(events))
	}
}

// columnNulls says of each row of column i of rg whether it is null.
func columnNulls(t *testing.T, rg parquet.RowGroup, i int) []bool {
	t.Helper()
	var out []bool
	pages := rg.ColumnChunks()[i].Pages()
	defer pages.Close()
	buf := make([]parquet.Value, 1024)
	for {
		p, err := pages.ReadPage()
		if err != nil {
			break
		}
		vr := p.Values()
		for {
			n, err := vr.ReadValues(buf)
			for _, v := range buf[:n] {
				out = append(out, v.IsNull())
			}
			if err != nil {
				break
			}
		}
		parquet.Release(p)
	}
	if int64(len(out)) != rg.NumRows() {
		t.Fatalf("column %d: %d values of %d rows", i, len(out), rg.NumRows())
	}
	return out
}
