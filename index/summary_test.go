package index_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/index"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/value"
)

// summaryFixture is data of many sourcetypes, so that most CIM datasets
// have rows.
var summaryFixture = []string{"seed/data", "datamodels", "sources", "cim_detections/data"}

func fixturePaths(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, f := range summaryFixture {
		p, err := filepath.Abs(filepath.Join("..", "testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// buildFixture indexes the fixture into a new folder, in many small row
// groups (read in parallel), with the knowledge files given.
func buildFixture(t *testing.T, knowledge ...string) string {
	t.Helper()
	return buildFixtureRows(t, 16, knowledge...)
}

// buildFixtureRows is buildFixture with summary row groups of rows rows.
func buildFixtureRows(t *testing.T, rows int, knowledge ...string) string {
	t.Helper()
	defer index.SetRowGroupBytes(index.SetRowGroupBytes(4 << 10))
	defer index.SetSummaryGroupRows(index.SetSummaryGroupRows(rows))
	// Copies kept as places whatever the parts they lie in, so that
	// every differential test reads some back.
	defer index.SetCopyEventParts(index.SetCopyEventParts(1 << 20))
	// And cells equal to an event column kept as references to it for
	// every field.
	defer index.SetColumnRefs(index.SetColumnRefs(true))
	// Files of a few KB cut into chunks, read in place: the records
	// staged are views of the mapped files (ingest.Options.Retain).
	defer ingest.SetChunkSize(ingest.SetChunkSize(1 << 10))
	b, err := datamodel.Load(knowledge...)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "idx")
	if _, err := index.Build(dir, index.Options{Paths: fixturePaths(t), Workers: 2, Knowledge: b}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// tstatsSearches are the searches compared: tstats forms of every kind
// over the datasets the fixture fills (written here), then every tstats
// detection of the corpus when SPELUNK_CORPUS is set.
func tstatsSearches(t *testing.T, withCorpus bool) (names, searches []string, dets []*content.Detection) {
	for _, s := range []string{
		`| tstats count from datamodel=Endpoint.Processes by Processes.process_name`,
		`| tstats count min(_time) as firstTime max(_time) as lastTime values(Processes.process) as process from datamodel=Endpoint.Processes where Processes.parent_process_name="wermgr.exe" by Processes.dest Processes.user`,
		`| tstats summariesonly=true count from datamodel=Endpoint.Processes where Processes.process_name IN ("cmd.exe","powershell.exe") by Processes.process_name Processes.process`,
		`| tstats first(Processes.process) last(Processes.process) list(Processes.process_id) from datamodel=Endpoint.Processes by Processes.dest`,
		`| tstats count from datamodel=Endpoint.Processes where Processes.process="*whoami*" OR Processes.process_name=cmd* by _time span=1h`,
		`| tstats values(tag) dc(Processes.process_name) from datamodel=Endpoint.Processes by host sourcetype`,
		`| tstats count sum(All_Traffic.bytes) from datamodel=Network_Traffic.All_Traffic by All_Traffic.dest_port All_Traffic.action`,
		`| tstats count from datamodel=Network_Traffic where nodename=All_Traffic.Traffic_By_Action.Blocked_Traffic by All_Traffic.src`,
		`| tstats count from datamodel=Authentication where Authentication.action=failure by Authentication.user Authentication.src`,
		`| tstats count from datamodel=Network_Resolution.DNS by DNS.query`,
		`| tstats count from datamodel=Web.Web by Web.status Web.http_method`,
		`| tstats count from datamodel=Change.All_Changes by All_Changes.action All_Changes.object_category`,
		`| tstats latest(_time) earliest(_time) count from datamodel=Endpoint.Filesystem by Filesystem.file_name`,
		`| tstats count from datamodel=Endpoint.Registry where Registry.registry_path="*run*" by Registry.registry_value_name`,
		`| tstats fillnull_value="-" count from datamodel=Endpoint.Processes by Processes.original_file_name Processes.parent_process_id`,
		`| tstats count values(Processes.process_guid) dc(Processes.process_hash) from datamodel=Endpoint.Processes by Processes.parent_process_guid Processes.process_name`,
		`| tstats count from datamodel=Endpoint.Processes where Processes.process_hash="*MD5=*" Processes.process_name!=cmd.exe by Processes.process_hash Processes.dest`,
		`| tstats count from datamodel=Endpoint.Filesystem by Filesystem.file_path Filesystem.process_guid`,
	} {
		names = append(names, s)
		searches = append(searches, s)
		dets = append(dets, nil)
	}
	corpus := os.Getenv("SPELUNK_CORPUS")
	if !withCorpus {
		return
	}
	if corpus == "" {
		t.Log("SPELUNK_CORPUS not set: the corpus's tstats detections are not compared")
		return
	}
	root := filepath.Join(corpus, "detections")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yml") {
			return err
		}
		det, err := content.LoadDetection(path)
		if err != nil || !strings.Contains(det.Search, "tstats") || !strings.Contains(det.Search, "datamodel") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		names = append(names, rel)
		searches = append(searches, "")
		dets = append(dets, det)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return names, searches, dets
}

// outcome is what a search gives: its rows printed, or its error.
func outcome(ctx context.Context, r *runner.Runner, search string, det *content.Detection) string {
	var s *runner.Search
	var err error
	if det != nil {
		s, err = r.PrepareDetection(det)
	} else {
		s, err = r.Prepare("search", search, "")
	}
	if err != nil {
		return "prepare: " + err.Error()
	}
	res, err := r.Run(ctx, s)
	if err != nil {
		return "run: " + runner.Message(err)
	}
	var b strings.Builder
	fmt.Fprintln(&b, strings.Join(res.Columns, "|"))
	for _, row := range res.Rows {
		fmt.Fprintf(&b, "%#v\n", row)
	}
	return b.String()
}

// compareSummaries runs every search over the fixture's files and over
// the index dir (searched with the given knowledge files) and returns the
// searches whose outcomes differ, with their diff, and how many read a
// summary.
func compareSummaries(t *testing.T, dir string, withCorpus bool) (diffs []string, summarized int) {
	t.Helper()
	corpus := os.Getenv("SPELUNK_CORPUS")
	var macroDirs []string
	if corpus != "" {
		macroDirs = []string{corpus}
	}
	now := time.Unix(1_800_000_000, 0).UTC()
	files := runner.New(runner.Config{Data: fixturePaths(t), Macros: macroDirs, Now: now, Workers: 2})
	over := runner.New(runner.Config{Data: []string{dir}, Macros: macroDirs, Now: now, Workers: 2})
	ctx := context.Background()
	kb, err := over.Base()
	if err != nil {
		t.Fatal(err)
	}
	src, err := index.Open(dir, kb, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	names, searches, dets := tstatsSearches(t, withCorpus)
	for i, name := range names {
		want := outcome(ctx, files, searches[i], dets[i])
		got := outcome(ctx, over, searches[i], dets[i])
		if d := cmp.Diff(want, got); d != "" {
			diffs = append(diffs, fmt.Sprintf("%s (-files +index):\n%s", name, d))
		}
	}
	for _, name := range kb.DatasetNames() {
		ds, err := src.Dataset(name)
		if err == nil && strings.HasSuffix(fmt.Sprintf("%T", ds), "sumDataset") {
			summarized++
		}
	}
	t.Logf("%d searches compared; %d datasets read from summaries", len(names), summarized)
	return diffs, summarized
}

// TestSummaryMatchesFiles is the differential test of the summaries:
// every tstats search (the corpus's tstats detections with
// SPELUNK_CORPUS) gives over the index, reading the summaries, what it
// gives over the files, building the datasets from the events.
func TestSummaryMatchesFiles(t *testing.T) {
	dir := buildFixture(t)
	diffs, summarized := compareSummaries(t, dir, true)
	if summarized == 0 {
		t.Fatal("no dataset was read from its summary")
	}
	for _, d := range diffs {
		t.Error(d)
	}
}

// A knowledge file that gives Sysmon's process_name other text: rows
// built with it differ from rows built with the built-in knowledge.
const otherKnowledge = `knowledge:
- name: Sysmon upper
  sourcetype: XmlWinEventLog
  source: XmlWinEventLog:Microsoft-Windows-Sysmon/Operational
  when: EventCode=1
  evals:
    process_name: 'upper(replace(Image, "^.*\\\\", ""))'
`

// TestSummaryDiffCanFail shows the differential test failing: an index
// whose manifest claims that summaries built with other knowledge were
// built with the built-in one serves those rows, and the comparison
// finds them.
func TestSummaryDiffCanFail(t *testing.T) {
	k := filepath.Join(t.TempDir(), "upper.yaml")
	if err := os.WriteFile(k, []byte(otherKnowledge), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := buildFixture(t, k)
	b, err := datamodel.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	lie(t, dir, index.Fingerprints(b))
	diffs, _ := compareSummaries(t, dir, false)
	found := false
	for _, d := range diffs {
		if strings.Contains(d, "Processes.process_name") && strings.Contains(d, "CMD.EXE") {
			found = true
		}
	}
	if !found {
		t.Fatalf("the comparison found no difference in process_name; diffs:\n%s", strings.Join(diffs, "\n"))
	}
}

// lie rewrites dir's manifest as if every summary had been built with
// the fingerprints fps.
func lie(t *testing.T, dir string, fps map[string]string) {
	t.Helper()
	path := filepath.Join(dir, index.ManifestName)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m index.Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for i := range m.Summaries {
		m.Summaries[i].Fingerprint = fps[m.Summaries[i].Dataset]
	}
	for i := range m.Runs {
		for name := range m.Runs[i].Summarized {
			m.Runs[i].Summarized[name] = fps[name]
		}
	}
	b, err = json.Marshal(&m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSummaryStale checks that summaries built with other knowledge are
// not read (the datasets are built from the events, and the results are
// the files'), that SummaryStatus says they are stale, and what
// summariesonly=true reads then.
func TestSummaryStale(t *testing.T) {
	k := filepath.Join(t.TempDir(), "upper.yaml")
	if err := os.WriteFile(k, []byte(otherKnowledge), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := buildFixture(t, k)
	m, err := index.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, err := datamodel.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if got := m.SummaryStatus(b)["Endpoint.Processes"]; got != "stale" {
		t.Errorf("status with the built-in knowledge: %q, want stale", got)
	}
	kb, err := datamodel.Load(k)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.SummaryStatus(kb)["Endpoint.Processes"]; got != "fresh" {
		t.Errorf("status with the knowledge it was built with: %q, want fresh", got)
	}
	diffs, summarized := compareSummaries(t, dir, false)
	if summarized != 0 {
		t.Errorf("%d stale summaries were read", summarized)
	}
	for _, d := range diffs {
		// summariesonly=true reads no stale summary: checked below.
		if !strings.Contains(d, "summariesonly=true") {
			t.Error(d)
		}
	}
	src, err := index.Open(dir, b, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	count := func(only, old bool) int {
		ds, err := src.SummaryDataset("Endpoint.Processes", only, old)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		if err := ds.Scan(context.Background(), func(value.Fields) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	all := count(false, false)
	if all == 0 {
		t.Fatal("Endpoint.Processes has no row")
	}
	// summariesonly=true reads only what is summarized with the search's
	// knowledge: nothing here; with allow_old_summaries=true, the rows
	// summarized with the other knowledge.
	if got := count(true, false); got != 0 {
		t.Errorf("summariesonly=true: %d rows, want 0", got)
	}
	if got := count(true, true); got != all {
		t.Errorf("summariesonly=true allow_old_summaries=true: %d rows, want %d", got, all)
	}
}
