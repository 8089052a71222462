package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk"
	"github.com/spelunk-dev/spelunk/attackdata"
	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/hunt"
	"github.com/spelunk-dev/spelunk/judge"
	"github.com/spelunk-dev/spelunk/output"
	"github.com/spelunk-dev/spelunk/runner"
)

var seedDir = filepath.Join("..", "..", "testdata", "seed")

// cli runs the command line in-process and returns its standard output.
func cli(t *testing.T, args ...string) []byte {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(args, &out, &errb); code != 0 {
		t.Fatalf("spelunk %v: exit %d: %s", args, code, errb.String())
	}
	return out.Bytes()
}

// jsonRows is a result as `--format json` prints it, decoded.
func jsonRows(t *testing.T, res *engine.Result) []map[string]any {
	t.Helper()
	var b bytes.Buffer
	if err := output.JSON(&b, res, time.UTC, false); err != nil {
		t.Fatal(err)
	}
	return decodeRows(t, b.Bytes())
}

func decodeRows(t *testing.T, b []byte) []map[string]any {
	t.Helper()
	var rows []map[string]any
	if err := json.Unmarshal(b, &rows); err != nil {
		t.Fatalf("%v in %s", err, b)
	}
	return rows
}

// TestLibraryAgreesWithCLIOnSeed runs the seed detection over each of its
// tests' data three ways: `spelunk run`, the runner (which streams, as run
// does), and the spelunk.Engine facade (which loads the events one by one
// into a store, another path). The rows must be the same.
func TestLibraryAgreesWithCLIOnSeed(t *testing.T) {
	det := filepath.Join(seedDir, "detections", "windows_process_injection_wermgr_child_process.yml")
	d, err := content.LoadDetection(det)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Tests) == 0 {
		t.Fatal("the seed detection has no tests")
	}
	for _, tc := range d.Tests {
		ad := tc.AttackData[0]
		src, err := attackdata.Locate(ad.Data, "", det)
		if err != nil {
			t.Fatal(err)
		}
		data := src.Path
		t.Run(tc.Name, func(t *testing.T) {
			want := decodeRows(t, cli(t, "run", "--detection", det, "--data", data, "--source", ad.Source, "--sourcetype", ad.Sourcetype, "--format", "json"))
			if len(want) == 0 {
				t.Fatal("spelunk run gave no rows: nothing to compare")
			}

			r := spelunk.NewRunner(spelunk.Config{Data: []string{data}, Ingest: spelunk.IngestOptions{Source: ad.Source, Sourcetype: ad.Sourcetype}})
			res, err := r.RunDetection(context.Background(), det)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, jsonRows(t, res)); diff != "" {
				t.Errorf("runner differs from spelunk run (-run +runner):\n%s", diff)
			}

			e := spelunk.New()
			if err := e.LoadMacros(seedDir); err != nil {
				t.Fatal(err)
			}
			if _, err := e.AddFile(data, spelunk.IngestOptions{Source: ad.Source, Sourcetype: ad.Sourcetype}); err != nil {
				t.Fatal(err)
			}
			eres, err := e.Detection(context.Background(), det)
			if err != nil {
				t.Fatal(err)
			}
			var got []map[string]any
			for _, row := range eres.Rows {
				m := map[string]any{}
				for _, c := range eres.Columns {
					if vals := row.Values(c); len(vals) > 1 {
						m[c] = toAny(vals)
					} else if row.Has(c) {
						m[c] = row.Get(c)
					}
				}
				got = append(got, m)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("spelunk.Engine differs from spelunk run (-run +engine):\n%s", diff)
			}
		})
	}
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// TestLibraryAgreesWithCLIOnSeedTests judges the seed detection's tests
// with the judge package and with `spelunk test --json`: the same
// verdicts, row counts and reasons.
func TestLibraryAgreesWithCLIOnSeedTests(t *testing.T) {
	type verdict struct {
		Detection, Test, Verdict, Reason string
		Rows                             int
	}
	report := filepath.Join(t.TempDir(), "report.json")
	cli(t, "test", "--jobs", "1", "--json", report, seedDir)
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct{ Results []verdict }
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}

	files, err := content.FindDetections([]string{seedDir})
	if err != nil {
		t.Fatal(err)
	}
	r := runner.New(runner.Config{QuietFilters: true})
	cases, loadErrs, err := judge.Plan(context.Background(), r, files, judge.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []verdict
	for _, res := range append(loadErrs, judge.Run(r, cases, 2, nil)...) {
		got = append(got, verdict{res.Detection, res.Test, res.Verdict, res.Reason, res.Rows})
	}
	if len(got) != 3 {
		t.Errorf("%d results, want the seed detection's 3 tests", len(got))
	}
	if diff := cmp.Diff(rep.Results, got); diff != "" {
		t.Errorf("judge differs from spelunk test (-test +judge):\n%s", diff)
	}
}

// huntItem is one detection of `spelunk hunt --format json`.
type huntItem struct {
	Path, Status, Reason string
	Rows                 []map[string]any
}

// TestLibraryAgreesWithCLIOnHunt hunts with the hunt package and with
// `spelunk hunt --format json` over the seed data: the seed repository's
// detection, and with SPELUNK_CORPUS set the whole corpus (hunt_test.go's
// fixture). Every detection must have the same status, reason and rows.
func TestLibraryAgreesWithCLIOnHunt(t *testing.T) {
	data := filepath.Join(seedDir, "data")
	repos := []string{seedDir}
	if corpus := os.Getenv("SPELUNK_CORPUS"); corpus != "" {
		repos = append(repos, corpus)
	}
	for _, repo := range repos {
		t.Run(filepath.Base(repo), func(t *testing.T) {
			var rep struct{ Results []huntItem }
			if err := json.Unmarshal(cli(t, "hunt", "--data", data, "--macros", repo, "--format", "json"), &rep); err != nil {
				t.Fatal(err)
			}

			r := runner.New(runner.Config{Data: []string{data}, Macros: []string{repo}, QuietFilters: true})
			store, _, err := r.Store()
			if err != nil {
				t.Fatal(err)
			}
			store.Seal()
			files, err := content.FindDetections([]string{filepath.Join(repo, "detections")})
			if err != nil {
				t.Fatal(err)
			}
			sources, _ := content.LoadDataSources(repo)
			h := hunt.Run(r, store, files, hunt.Options{Jobs: 2, Sources: sources})
			var got []huntItem
			fired := 0
			for _, res := range h.Results {
				it := huntItem{Path: res.Detection.Path, Status: res.Status, Reason: res.Reason}
				for _, row := range res.Rows {
					it.Rows = append(it.Rows, roundTrip(t, output.Object(row, res.Columns, time.UTC)))
				}
				if res.Status == hunt.Fired {
					fired++
				}
				got = append(got, it)
			}
			if fired == 0 {
				t.Error("no detection fired: nothing compared")
			}
			if diff := cmp.Diff(rep.Results, got); diff != "" {
				t.Errorf("hunt package differs from spelunk hunt (-cli +library):\n%s", diff)
			}
		})
	}
}

// roundTrip gives a row the types JSON decoding gives it.
func roundTrip(t *testing.T, m map[string]any) map[string]any {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
