package datamodel

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/ingest"
)

// TestSharedShaperMatchesFresh checks that shapers made from one
// Shapers, each reduced to its own fields and used in turn on the same
// events, give the rows a shaper compiled afresh gives: the other path,
// which each hunt worker took before its shapers shared their knowledge.
func TestSharedShaperMatchesFresh(t *testing.T) {
	b := mustBuiltin(t)
	// The first reads every field: a shaper reduced later must not take
	// from it the knowledge it runs.
	sets := []struct {
		name       string
		fields     []string
		underscore bool
	}{
		{"every field", nil, false},
		{"processes", []string{"process_name", "parent_process_name", "process", "user", "dest"}, false},
		{"authentication", []string{"action", "user", "src", "app", "signature_id"}, true},
		{"eventtypes", []string{"eventtype", "tag"}, false},
		{"format fields", []string{"EventCode", "CommandLine", "Image"}, true},
		{"text", []string{"_raw"}, false},
	}
	reduce := func(sh *EventShaper, fields []string, underscore bool) {
		if underscore {
			sh.ReduceKeeping(fields, func(f string) bool { return strings.HasPrefix(f, "_") })
		} else {
			sh.Reduce(fields)
		}
	}
	shared, err := NewShapers(b)
	if err != nil {
		t.Fatal(err)
	}
	fresh := make([]*EventShaper, len(sets))
	derived := make([]*EventShaper, len(sets))
	for i, s := range sets {
		if fresh[i], err = NewEventShaper(b); err != nil {
			t.Fatal(err)
		}
		reduce(fresh[i], s.fields, s.underscore)
		derived[i] = shared.EventShaper()
		reduce(derived[i], s.fields, s.underscore)
	}
	var paths []string
	for _, f := range []string{"seed/data", "datamodels", "sources", "cim_detections/data"} {
		paths = append(paths, filepath.Join("..", "testdata", f))
	}
	rows := 0
	_, err = ingest.ReadPaths(paths, ingest.Options{}, func(ev *ingest.Event) error {
		for i, s := range sets {
			want := fresh[i].Row(ev).Clone()
			got := derived[i].Row(ev)
			if diff := cmp.Diff(want, got, cmp.Comparer(sameValue)); diff != "" {
				t.Errorf("%s, event %.60q (-fresh +shared):\n%s", s.name, ev.Raw, diff)
			}
		}
		rows++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d events, %d shapers each", rows, len(sets))
	if rows == 0 {
		t.Fatal("no events read")
	}
}
