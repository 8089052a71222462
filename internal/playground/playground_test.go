package playground

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/output"
	"github.com/spelunk-dev/spelunk/runner"
)

const seed = "../../testdata/seed"

// seedSet is the seed detection's Sysmon test data and its macros, as
// the page hands them in (text, with the test's sourcetype and source).
func seedSet(t *testing.T) DataSet {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(seed, "data", "sysmon_wermgr.log"))
	if err != nil {
		t.Fatal(err)
	}
	ds := DataSet{Files: []File{{Name: "sysmon_wermgr.log", Text: string(data), Sourcetype: "xmlwineventlog", Source: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"}}}
	names, _ := filepath.Glob(filepath.Join(seed, "macros", "*.yml"))
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		ds.Macros = append(ds.Macros, File{Name: filepath.Base(n), Text: string(b)})
	}
	return ds
}

// The seed detection over text handed in gives what the runner gives
// over the same files read from disk, as spelunk run reads them.
func TestSeedDetectionAgreesWithRunner(t *testing.T) {
	yml, err := os.ReadFile(filepath.Join(seed, "detections", "windows_process_injection_wermgr_child_process.yml"))
	if err != nil {
		t.Fatal(err)
	}
	query, err := DetectionSearch("seed.yml", string(yml))
	if err != nil {
		t.Fatal(err)
	}
	s, info, err := Load(seedSet(t))
	if err != nil {
		t.Fatal(err)
	}
	got := s.Run(context.Background(), query)
	if got.Error != "" {
		t.Fatalf("run: %s", got.Error)
	}

	cfg := runner.Config{
		Data:   []string{filepath.Join(seed, "data", "sysmon_wermgr.log")},
		Macros: []string{filepath.Join(seed, "macros")},
	}
	cfg.Ingest.Sourcetype, cfg.Ingest.Source = "xmlwineventlog", "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"
	r := runner.New(cfg)
	p, err := r.Prepare("", query, "")
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.Run(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	if err := output.CSV(&want, res, time.UTC); err != nil {
		t.Fatal(err)
	}
	csv, err := s.Export("csv")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want.String(), csv); diff != "" {
		t.Errorf("csv (-runner +playground):\n%s", diff)
	}
	if len(got.Rows) != len(res.Rows) || len(got.Rows) == 0 {
		t.Errorf("%d rows, the runner has %d", len(got.Rows), len(res.Rows))
	}
	_, st, _ := r.Store()
	if info.Events != st.Events {
		t.Errorf("loaded %d events, the runner %d", info.Events, st.Events)
	}
	if len(got.Stages) != len(p.Pipeline.Commands) || got.Stages[0].What != "dataset rows read" {
		t.Errorf("stages: %+v", got.Stages)
	}
}

// Errors come back at the line and column of the query as written, with
// the caret message; the positions were counted by hand.
func TestErrorPositions(t *testing.T) {
	s, _, err := Load(DataSet{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, query string
		line, col   int
		caret       string
	}{
		{"unclosed call", `| makeresults | eval x=substr("abc",`, 1, 30, "                                 ^"},
		{"second line", "| makeresults\n| evl x=1", 2, 3, "      ^^^"},
		{"undefined macro", "| makeresults | `nosuch`", 1, 17, "                    ^^^^^^^^"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := s.Run(context.Background(), c.query)
			if len(got.Problems) == 0 {
				t.Fatalf("no problem reported; error %q", got.Error)
			}
			p := got.Problems[0]
			if p.Line != c.line || p.Col != c.col {
				t.Errorf("at %d:%d, want %d:%d (%s)", p.Line, p.Col, c.line, c.col, got.Error)
			}
			if !strings.Contains(got.Error, "\n"+c.caret+"\n") && !strings.HasSuffix(got.Error, "\n"+c.caret) {
				t.Errorf("no caret line %q in\n%s", c.caret, got.Error)
			}
		})
	}
}

// Every documented example of the registry, run as the page's "try it"
// runs it, gives the value spelunk run gives for the same search (a few
// examples need a lookup table or an event, so not every one gives the
// documented value on its own).
func TestHelpExamples(t *testing.T) {
	s, _, err := Load(DataSet{})
	if err != nil {
		t.Fatal(err)
	}
	h := Registry()
	if len(h.Commands) < 50 || len(h.Functions) < 50 || len(h.Stats) < 10 {
		t.Fatalf("registry too small: %d commands, %d functions, %d stats", len(h.Commands), len(h.Functions), len(h.Stats))
	}
	r := runner.New(runner.Config{})
	n, documented := 0, 0
	for _, f := range append(h.Functions, h.Stats...) {
		for _, ex := range f.Examples {
			n++
			got := s.Run(context.Background(), ex.Search)
			want, werr := runValue(r, ex.Search, ex.Field)
			if werr != "" {
				if got.Error != strings.TrimRight(werr, "\n") {
					t.Errorf("%s: error %q, spelunk run's %q", ex.Search, got.Error, werr)
				}
				continue
			}
			if got.Error != "" {
				t.Errorf("%s: %s", ex.Search, got.Error)
				continue
			}
			value := cell(got, 0, ex.Field)
			if value != want {
				t.Errorf("%s: %s = %q, spelunk run's %q", ex.Search, ex.Field, value, want)
			}
			if value == ex.Want {
				documented++
			}
		}
	}
	if n < 100 || documented < n*9/10 {
		t.Errorf("%d examples, %d give their documented value", n, documented)
	}
}

// runValue is field of the first row of query run as spelunk run runs
// it, or the message it fails with.
func runValue(r *runner.Runner, query, field string) (string, string) {
	p, err := r.Prepare("", query, "")
	if err != nil {
		return "", runner.Message(err)
	}
	res, err := r.Run(context.Background(), p)
	if err != nil {
		return "", runner.Message(err)
	}
	if len(res.Rows) == 0 {
		return "", ""
	}
	return strings.Join(output.Cell(field, res.Rows[0].Get(field), time.UTC), "\n"), ""
}

// cell is a field of a row of a result, multivalue joined by newlines.
func cell(res Result, row int, field string) string {
	for i, c := range res.Columns {
		if c == field && row < len(res.Rows) {
			return strings.Join(res.Rows[row][i], "\n")
		}
	}
	return ""
}
