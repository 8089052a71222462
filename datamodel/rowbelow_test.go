package datamodel

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/spelunk-dev/spelunk/ingest"
)

// TestRowBelowMatchesRowInto checks a child dataset's row made from its
// parent's fields (RowBelow) against the row made from the event alone
// (RowInto), for every child dataset and every event of the fixtures
// that meets its parent: an independent path, as a summary build takes
// the first and a search the second.
func TestRowBelowMatchesRowInto(t *testing.T) {
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	sh, err := NewEventShaper(b)
	if err != nil {
		t.Fatal(err)
	}
	type pair struct{ parent, child *CompiledDataset }
	var pairs []pair
	for _, d := range b.Datasets {
		k := strings.LastIndexByte(d.Path, '.')
		if k < 0 {
			continue
		}
		p, ok := b.datasets[strings.ToLower(d.Model+"."+d.Path[:k])]
		if !ok {
			continue
		}
		pc, err1 := CompileDataset(b, p)
		cc, err2 := CompileDataset(b, d)
		if err1 != nil || err2 != nil {
			continue
		}
		pairs = append(pairs, pair{pc, cc})
	}
	var paths []string
	for _, f := range []string{"seed/data", "datamodels", "sources", "cim_detections/data"} {
		paths = append(paths, filepath.Join("..", "testdata", f))
	}
	met := 0
	_, err = ingest.ReadPaths(paths, ingest.Options{}, func(ev *ingest.Event) error {
		row := sh.Row(ev).Clone()
		for _, p := range pairs {
			_, work, ok := p.parent.RowWork(row.Clone(), nil)
			if !ok {
				continue
			}
			want, wantOK := p.child.RowInto(row.Clone(), nil)
			got, _, gotOK := p.child.RowBelow(row, work.Clone(), nil)
			if gotOK != wantOK || !sameFields(got, want) {
				t.Errorf("%s, event %.60q: RowBelow %v %v, RowInto %v %v", p.child.Def().Name(), ev.Raw, gotOK, got, wantOK, want)
			}
			if wantOK {
				met++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if met == 0 {
		t.Fatal("no event met a child dataset")
	}
	t.Logf("%d child rows compared", met)
}
