package index

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/value"
)

// typesFixture indexes the test fixtures whose tag cells have types
// entries, with summary row groups of groupRows rows (0: as built).
func typesFixture(t *testing.T, groupRows int) string {
	t.Helper()
	b, err := datamodel.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range []string{"seed/data", "datamodels", "sources", "cim_detections/data"} {
		paths = append(paths, filepath.Join("..", "testdata", f))
	}
	if groupRows > 0 {
		defer SetSummaryGroupRows(SetSummaryGroupRows(groupRows))
	}
	dir := filepath.Join(t.TempDir(), "idx")
	if _, err := Build(dir, Options{Paths: paths, Workers: 2, Knowledge: b}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestReadTypesSkipped checks that leaving a row group's types column
// unread when its dictionary concerns no field a scan reads makes the
// rows the whole column makes (the independent path), for scans reading
// one field, the multivalue tag, _time alone and every field, over the
// summaries of the test fixtures (whose tag cells have types entries).
func TestReadTypesSkipped(t *testing.T) {
	dir := typesFixture(t, 16)
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	skipped, read := 0, 0
	for _, p := range m.Summaries {
		f, pf, err := openSummary(dir, p.Path)
		if err != nil {
			t.Fatal(err)
		}
		sp, err := newSumPart(pf)
		if err != nil {
			t.Fatal(err)
		}
		sp.places = newEventPlaces(dir)
		defer sp.places.close()
		wants := []map[string]bool{{"dest": true}, {"tag": true}, {"_time": true}, wantSet(sp.order)}
		for g, rg := range sp.groups {
			n := rg.rows()
			whole, err := readSumColumn(rg, sp.cols[colTypes], n, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range wants {
				gr, err := sp.readGroup(g, want, nil, true)
				if err != nil {
					t.Fatal(err)
				}
				if slices.Contains(gr.types.ids, -1) && !slices.Contains(whole.ids, -1) {
					skipped++
				} else {
					read++
				}
				full := *gr
				full.types = whole
				for r := range gr.n {
					got, _, err := gr.row(r, sumTypes{}, nil)
					if err != nil {
						t.Fatal(err)
					}
					want, _, err := full.row(r, sumTypes{}, nil)
					if err != nil {
						t.Fatal(err)
					}
					if d := cmp.Diff(want, got, cmp.Comparer(value.Equal)); d != "" {
						t.Fatalf("%s row group %d row %d (-types read +left): %s", p.Path, g, r, d)
					}
				}
			}
		}
		f.Close()
	}
	if skipped == 0 || read == 0 {
		t.Errorf("types columns left unread %d times, read %d: want both", skipped, read)
	}
}
