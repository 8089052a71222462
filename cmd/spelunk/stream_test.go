package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/datamodel/stream"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/internal/benchgen"
	"github.com/spelunk-dev/spelunk/output"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/value"
)

// streamQueries are tstats searches over what the bundled data maps to;
// with SPELUNK_CORPUS set, every corpus detection that starts with tstats
// over a data model is checked too.
var streamQueries = []string{
	`| tstats count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes where Processes.parent_process_name = "wermgr.exe" AND NOT (Processes.process_name IN ("WerFaultSecure.exe", "wermgr.exe", "WerFault.exe")) by Processes.dest Processes.user Processes.parent_process_name Processes.process_name Processes.process Processes.process_id Processes.parent_process_id Processes.original_file_name`,
	`| tstats count values(Processes.process) as cmds list(Processes.process_id) as pids first(Processes.user) as u last(Processes.user) as lu from datamodel=Endpoint.Processes by Processes.dest Processes.process_name`,
	`| tstats count from datamodel=Endpoint.Processes where Processes.process=*cmd* by _time span=1h Processes.dest`,
	`| tstats count sum(Processes.process_id) as s avg(Processes.process_id) as a from datamodel=Endpoint.Processes where earliest=0 by Processes.vendor_product`,
	`| tstats count from datamodel=Endpoint.Processes where cmd by Processes.dest`,
	`| tstats count from datamodel=Authentication by Authentication.user Authentication.action`,
	`| tstats count from datamodel=Endpoint.Registry by Registry.registry_path`,
	`| tstats count from datamodel=Network_Resolution by DNS.query`,
	`| tstats dc(Processes.process_name) as n from datamodel=Endpoint.Processes by Processes.user | sort - n`,
	// Order-free aggregations, which the stream hands rows unordered;
	// the groups' order must not depend on it.
	`| tstats count max(Processes.process_id) as m min(_time) as t values(Processes.user) as u from datamodel=Endpoint.Processes by Processes.process_id Processes.parent_process_id`,
	// Where clauses whose text the readers look for before parsing
	// (ingest.Options.Need), over the escaped variants of needEscapes.
	`| tstats count from datamodel=Endpoint.Processes where Processes.parent_process_name=*MGR.e* Processes.process_name=* by Processes.parent_process_name Processes.dest`,
	`| tstats count from datamodel=Endpoint.Processes where Processes.process="*updater*" by Processes.process`,
	`| tstats count from datamodel=Endpoint.Processes where Processes.process_name="unknown" by Processes.dest`,
}

// needEscapes turn the first record of a generated file into records
// whose parent process is wermgr.exe written in ways a search of the text
// for "wermgr.exe" would miss: the readers must parse those.
var needEscapes = map[string][]string{
	"gen.xml":  {`C:\Windows\System32\&#119;ermgr.exe`, `C:\Windows\System32\WER&#x4D;GR.EXE`, `C:\Windows\System32\WerMgr.exe`, `wermgr.ex&amp;e`},
	"gen.json": {`\u0077ermgr.exe`, `WERMGR\u002eexe`, `WerMgr.exe`, `C:\\updater.exe`},
}

// TestStreamMatchesStore checks that a search run over a stream.Source
// (spelunk run's path for tstats) gives what it gives over a Store.
func TestStreamMatchesStore(t *testing.T) {
	dir := t.TempDir()
	var data []string
	for _, g := range []struct {
		name string
		f    benchgen.Format
	}{{"gen.xml", benchgen.SysmonXML}, {"gen.json", benchgen.CrowdStrikeJSON}} {
		f, err := os.Create(filepath.Join(dir, g.name))
		if err != nil {
			t.Fatal(err)
		}
		if err := benchgen.Generate(f, benchgen.Options{Events: 3000, Seed: 7, Format: g.f, WermgrPermille: 50}); err != nil {
			t.Fatal(err)
		}
		f.Close()
		data = append(data, f.Name(), escapedVariants(t, f.Name(), needEscapes[g.name]))
	}
	logs, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*", "data", "*.log"))
	data = append(data, logs...)

	store, err := store.New()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.ReadPaths(data, ingest.Options{}, func(ev *ingest.Event) error {
		store.Add(ev)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	src, err := stream.New(nil, data, ingest.Options{}, 3, nil)
	if err != nil {
		t.Fatal(err)
	}

	type query struct{ name, text string }
	var queries []query
	for i, q := range streamQueries {
		queries = append(queries, query{name: "query " + string(rune('A'+i)), text: q})
	}
	cfg := runner.Config{Data: data, QuietFilters: true}
	if root := os.Getenv("SPELUNK_CORPUS"); root != "" {
		cfg.Macros = []string{root}
		files, err := content.FindDetections([]string{filepath.Join(root, "detections")})
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(files)
		// Every fourth detection keeps the test under a couple of
		// minutes; all 828 that start with tstats matched when the
		// stream path was written.
		for i, f := range files {
			if i%4 != 0 {
				continue
			}
			d, err := content.LoadDetection(f)
			if err != nil {
				continue
			}
			queries = append(queries, query{name: relName(f), text: d.Searches()[0].Text})
		}
	}
	r := runner.New(cfg)
	if _, err := r.Macros(""); err != nil {
		t.Fatal(err)
	}
	opt := engine.Options{Now: time.Unix(1700000000, 0)}
	ran := 0
	for _, q := range queries {
		p, err := r.Prepare(q.name, q.text, "")
		if err != nil || !r.Streams(p) {
			continue
		}
		want, wantErr := engine.Run(context.Background(), p.Pipeline, store, opt)
		got, gotErr := engine.Run(context.Background(), p.Pipeline, src, opt)
		if (wantErr == nil) != (gotErr == nil) {
			t.Errorf("%s: store error %v, stream error %v", q.name, wantErr, gotErr)
			continue
		}
		if wantErr != nil {
			continue
		}
		ran++
		var wantOut, gotOut bytes.Buffer
		_ = output.Write(&wantOut, want, "json", time.UTC)
		_ = output.Write(&gotOut, got, "json", time.UTC)
		if diff := cmp.Diff(wantOut.String(), gotOut.String()); diff != "" {
			t.Errorf("%s: stream differs from store (-store +stream):\n%s", q.name, diff)
		} else if diff := cmp.Diff(want, got, cmp.Comparer(value.Equal)); diff != "" {
			t.Errorf("%s: stream differs from store (-store +stream):\n%s", q.name, diff)
		}
	}
	if ran < len(streamQueries) {
		t.Errorf("only %d searches ran", ran)
	}
	t.Logf("%d searches compared", ran)
}

// escapedVariants writes a file of copies of the first record of path, its
// parent process replaced by each of parents, and returns its name.
func escapedVariants(t *testing.T, path string, parents []string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(b), "\n")
	re := regexp.MustCompile(`(<Data Name='ParentImage'>|"ParentBaseFileName":")[^<"]*`)
	if !re.MatchString(first) {
		t.Fatalf("%s: no parent process in %q", path, first)
	}
	var out strings.Builder
	for _, p := range parents {
		out.WriteString(re.ReplaceAllString(first, "${1}"+p) + "\n")
	}
	name := path + ".escaped" + filepath.Ext(path)
	if err := os.WriteFile(name, []byte(out.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}
