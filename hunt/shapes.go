package hunt

import (
	"slices"
	"strings"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// fieldSet is a set of fields an event is shaped to before the sieve
// judges it: the shaper computes only the knowledge that makes them
// (datamodel.EventShaper.Reduce), so they are exact while the others
// may be missing.
type fieldSet struct {
	fields []string // sorted
	// underscore keeps every field whose name starts with "_" too, as
	// the models' store does (keepField).
	underscore bool
}

// baseFields are what every event is shaped to first: the fields of its
// partition key (store.PartitionFields) and those its count reads.
func baseFields() []string {
	fs := append(store.PartitionFields(), "sourcetype", "source")
	return append(fs, separatorFields...)
}

// scanReads lists the fields a prefilter's tests read of an event (its
// Must's fields and its filter's), from its text as written again; all
// is true when they may read any field, or the text is not a search
// expression (mstats' prefilter reads the metric fields).
func scanReads(pre engine.Prefilter) (fields []string, all bool) {
	if strings.HasPrefix(pre.Text, "mstats ") {
		return nil, true
	}
	for _, c := range pre.Must {
		fields = append(fields, c.Field)
	}
	if pre.Text == "" {
		return fields, false
	}
	x, err := spl.ParseSearch(pre.Text)
	if err != nil {
		return nil, true
	}
	read, all := spl.SearchFields(x)
	return append(fields, read...), all
}

// setOf numbers the set of fields (with the base fields), adding it when
// new. The caller holds sv.mu, or is the constructor.
func (sv *sieve) setOf(fields []string, underscore bool) int {
	fs := append(baseFields(), fields...)
	slices.Sort(fs)
	fs = slices.Compact(fs)
	id := strings.Join(fs, "\x00")
	if underscore {
		id += "\x01_"
	}
	if i, ok := sv.byID[id]; ok {
		return i
	}
	sv.sets = append(sv.sets, fieldSet{fields: fs, underscore: underscore})
	sv.byID[id] = len(sv.sets) - 1
	return len(sv.sets) - 1
}

// lightSet is the field set the tests of scans read, with those the
// models' store keeps when models is set; -1 when they may read any
// field. The caller holds sv.mu.
func (sv *sieve) lightSet(scans []specScan, models bool) int {
	if models && sv.modelAll {
		return -1
	}
	var fields []string
	for _, s := range scans {
		sc := &sv.scans[s.scan]
		if sc.all {
			return -1
		}
		fields = append(fields, sc.fields...)
	}
	if models {
		fields = append(fields, sv.modelFields...)
	}
	return sv.setOf(fields, models)
}

// modelReads lists the fields keepField keeps but those starting with
// "_" (which no list can name before the events are read), and whether
// it may keep any.
func modelReads(models []*datamodel.CompiledDataset) (fields []string, all bool) {
	fields = append(store.PartitionFields(), "host", "source", "sourcetype", "index", "linecount", "punct", "splunk_server")
	for _, cd := range models {
		rd := cd.Reads()
		if rd == nil {
			return nil, true
		}
		fields = append(fields, rd...)
	}
	return fields, false
}

// shape makes the event's row with the fields of set (-1: every field),
// in the space of the last row that shaper made.
func (sv *sieve) shape(w *sieveWorker, set int, ev *ingest.Event) (value.Fields, error) {
	if set < 0 {
		if w.full == nil {
			sh, err := sv.shaperOf(w)
			if err != nil {
				return nil, err
			}
			sh.Reduce(nil)
			w.full = sh
		}
		return w.full.Row(ev), nil
	}
	for len(w.shapes) <= set {
		w.shapes = append(w.shapes, nil)
	}
	sh := w.shapes[set]
	if sh == nil {
		sv.mu.Lock()
		fs := sv.sets[set]
		sv.mu.Unlock()
		var err error
		if sh, err = sv.shaperOf(w); err != nil {
			return nil, err
		}
		if fs.underscore {
			sh.ReduceKeeping(fs.fields, underscored)
		} else {
			sh.Reduce(fs.fields)
		}
		w.shapes[set] = sh
	}
	return sh.Row(ev), nil
}

// shaperOf is a fresh shaper of every field from the worker's compiled
// knowledge, compiled at its first shaper: its shapers share it.
func (sv *sieve) shaperOf(w *sieveWorker) (*datamodel.EventShaper, error) {
	if w.compiled == nil {
		c, err := datamodel.NewShapers(sv.kb)
		if err != nil {
			return nil, err
		}
		w.compiled = c
	}
	return w.compiled.EventShaper(), nil
}

func underscored(name string) bool { return strings.HasPrefix(name, "_") }
