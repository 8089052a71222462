package hunt

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// lazySearches are prefilters over fields the knowledge makes (EVALs,
// aliases, extractions, eventtypes and tags) or that the format gives,
// and over partition fields, for the lazy sieve against the full rows.
var lazySearches = []string{
	`process_name=wermgr.exe`,
	`parent_process_name=*`,
	`EventCode=1 process_name=*.exe`,
	`NOT process_name=cmd.exe EventCode=1`,
	`tag=process`,
	`eventtype=* user=*`,
	`dest=* OR src=*`,
	`sourcetype=XmlWinEventLog* action=*`,
	`Image=*wermgr* OR process_path=*`,
	`wermgr`,
	`user_id=* OR signature=*`,
	`NOT tag=network`,
	`EventCode=4688 OR process_name=wermgr.exe`,
	`(sourcetype=nothing OR EventCode IN (1, 4688)) NOT eventtype=nothing user=*`,
	`NOT (EventCode=1 AND Image=*wermgr*)`,
}

// lazyDatasets are datasets whose rows tstats would read: the models'
// store keeps the fields they are made of.
var lazyDatasets = []string{"Endpoint.Processes", "Authentication.Authentication", "Change.All_Changes", "Network_Traffic.All_Traffic"}

// ruledOut reports whether every dataset rules out the row's partition.
func ruledOut(models []*datamodel.CompiledDataset, row value.Fields) bool {
	for _, cd := range models {
		if !cd.RulesOut(store.RowPartition(row)) {
			return false
		}
	}
	return true
}

// fieldsText writes the fields of row keep accepts (nil: all), in order.
func fieldsText(row value.Fields, keep func(string) bool) string {
	var b strings.Builder
	for _, f := range row {
		if keep == nil || keep(f.Name) {
			fmt.Fprintf(&b, "%s=%q ", f.Name, f.Value.Values())
		}
	}
	return b.String()
}

// TestLazySieveMatchesFull runs the sieve, which shapes each event only to
// what its judgement reads, over the bundled logs, and compares what it
// holds, which prefilters each held event passed and the rows it gives
// the models' store with the searches run on the events' full rows
// (every search-time field, as a search over the loaded store sees them)
// and those rows' fields the models' store keeps. The other cases leave
// out of the light rows the fields the scans read, or the models' store
// keeps: the comparison must then fail, which shows it can see an event
// the lazy path drops or a field it misses.
func TestLazySieveMatchesFull(t *testing.T) {
	kb, err := datamodel.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var pres []engine.Prefilter
	for _, text := range lazySearches {
		_, pre := prefilterOf(t, text)
		pres = append(pres, pre)
	}
	for _, tc := range []struct {
		name        string
		blind       bool // the light rows miss what the scans read
		blindModels bool // and what the models' store keeps
		wantSame    bool
	}{
		{name: "lazy", wantSame: true},
		{name: "blind light rows", blind: true, wantSame: false},
		{name: "blind model rows", blindModels: true, wantSame: false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sv := newSieve([]reads{{name: "lazy", pres: pres, datasets: lazyDatasets}}, kb, 1)
			if len(sv.models) != len(lazyDatasets) || sv.modelAll {
				t.Fatalf("%d of %d datasets compiled (any field: %v)", len(sv.models), len(lazyDatasets), sv.modelAll)
			}
			if tc.blind {
				for i := range sv.scans {
					sv.scans[i].fields = nil
				}
			}
			if tc.blindModels {
				sv.modelFields = nil
			}
			full, err := datamodel.NewEventShaper(kb)
			if err != nil {
				t.Fatal(err)
			}
			preds := make([]func(ev *ingest.Event) bool, len(lazySearches))
			for i, text := range lazySearches {
				x, _ := spl.ParseSearch(text)
				pred, err := engine.CompileSearch(x, engine.Options{})
				if err != nil {
					t.Fatal(err)
				}
				preds[i] = func(ev *ingest.Event) bool { return pred(full.Row(ev)) }
			}
			var got, want []string
			kept := make([]int, len(lazySearches))
			modelled, n := 0, 0
			_, err = ingest.ReadPaths(bundledData(), ingest.Options{}, func(ev *ingest.Event) error {
				if row := full.Row(ev); !ruledOut(sv.models, row) {
					modelled++
					want = append(want, fmt.Sprint(n, " model ", fieldsText(row, sv.keepField)))
				}
				var passed []int
				for i, p := range preds {
					if p(ev) {
						passed = append(passed, i)
						kept[i]++
					}
				}
				if len(passed) > 0 {
					want = append(want, fmt.Sprint(n, passed))
				}
				hold, model, err := sv.keep(0, 0, int64(n), ev)
				if err != nil {
					return err
				}
				if model != nil {
					got = append(got, fmt.Sprint(n, " model ", fieldsText(model, nil)))
				}
				if hold != nil {
					var lazy []int
					for _, i := range sv.workers[0].passed {
						// Scans are deduplicated by text: the table's
						// texts are distinct, so their numbers agree.
						lazy = append(lazy, int(i))
					}
					got = append(got, fmt.Sprint(n, lazy))
				}
				n++
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if modelled == 0 {
				t.Errorf("no bundled event is of the datasets: the comparison says nothing of model rows")
			}
			for i, k := range kept {
				if k == 0 {
					t.Errorf("%q keeps no bundled event: the comparison says nothing of it", lazySearches[i])
				}
			}
			diff := cmp.Diff(want, got)
			if tc.wantSame && diff != "" {
				t.Errorf("events held and prefilters passed, lazy sieve against full rows (-want +got):\n%s", diff)
			}
			if !tc.wantSame && diff == "" {
				t.Errorf("light rows without the scans' fields held the same events: the comparison cannot fail")
			}
		})
	}
}
