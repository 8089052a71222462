package index

import (
	"context"
	"sort"
	"sync"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// Dataset implements engine.Source: the dataset's summary when the index
// has one built with the search's knowledge, else the dataset built from
// the index's events each time it is read, from the parts its
// constraints leave.
func (s *Source) Dataset(name string) (engine.Dataset, error) {
	return s.SummaryDataset(name, false, false)
}

// SummaryDataset implements engine.SummarySource. A summary built with
// the knowledge of the search serves every read. Without one, the
// dataset is built from the events, unless summariesOnly: then only what
// is summarized is read, as Splunk reads only its summaries; with
// allowOld that is the summaries built with other knowledge or
// definitions, else only the parts built with the search's.
func (s *Source) SummaryDataset(name string, summariesOnly, allowOld bool) (engine.Dataset, error) {
	def, err := datamodel.CheckedDataset(s.base, name)
	if err != nil {
		return nil, err
	}
	events := &dataset{s: s, def: def}
	parts, old, fresh := s.m.summaryState(def.Name(), Fingerprints(s.base)[def.Name()])
	switch {
	case fresh:
		return &sumDataset{s: s, def: def, parts: parts, events: events}, nil
	case summariesOnly && allowOld:
		return &sumDataset{s: s, def: def, parts: append(parts, old...), events: events}, nil
	case summariesOnly:
		return &sumDataset{s: s, def: def, parts: parts, events: events}, nil
	}
	return events, nil
}

type dataset struct {
	s   *Source
	def *datamodel.DatasetDef
}

func (d *dataset) Name() string   { return d.def.Name() }
func (d *dataset) Object() string { return d.def.Object() }

// Scan implements engine.Dataset.
func (d *dataset) Scan(ctx context.Context, fn func(value.Fields) error) error {
	return d.ScanFiltered(ctx, engine.EventScan{}, fn)
}

// ScanFiltered implements engine.FilteredDataset: rows are made on the
// reading goroutines from the columns their fields need, filtered there,
// and the kept ones handed over in a store's order.
func (d *dataset) ScanFiltered(ctx context.Context, rs engine.EventScan, fn func(value.Fields) error) error {
	s := d.s
	s.Report()
	newKeep := rs.NewKeep
	if newKeep == nil {
		newKeep = func() func(value.Fields) bool { return func(value.Fields) bool { return true } }
	}
	first, err := datamodel.NewDatasetShaper(s.base, d.def)
	if err != nil {
		return err
	}
	// The text an event must hold for its row to pass (the pieces the
	// knowledge can only take from the event's own fields): tested on the
	// fields read, before the event gets its knowledge.
	pieces := first.Pieces(rs.Must)
	first.Reduce(rs.Fields)
	want := wantSet(first.EventFields())
	cd, err := datamodel.CompileDataset(s.base, d.def)
	if err != nil {
		return err
	}
	es, err := datamodel.NewEventShaper(s.base)
	if err != nil {
		return err
	}
	units := s.units(es, cd.RulesOut)

	type worker struct {
		sh   *datamodel.DatasetShaper
		keep func(value.Fields) bool
		kept []kept
	}
	workers := make([]*worker, s.workers)
	var mu sync.Mutex // guards first and calls of fn
	var fnErr error
	err = s.eachEvent(ctx, units, needsRaw(want), want, rs.Interrupt, func(wi int, ev *ingest.Event, seq int64) error {
		w := workers[wi]
		if w == nil {
			mu.Lock()
			sh := first
			first = nil
			kp := newKeep()
			mu.Unlock()
			if sh == nil {
				var err error
				if sh, err = datamodel.NewDatasetShaper(s.base, d.def); err != nil {
					return err
				}
				sh.Reduce(rs.Fields)
			}
			w = &worker{sh: sh, keep: kp}
			workers[wi] = w
		}
		if len(pieces) > 0 && !eventHolds(ev, pieces) {
			return nil
		}
		evRow := w.sh.Event(ev)
		t := rowTime(evRow)
		row, ok := w.sh.Row(evRow)
		if !ok || !w.keep(row) {
			return nil
		}
		if rs.Unordered {
			mu.Lock()
			defer mu.Unlock()
			if fnErr == nil {
				fnErr = fn(row)
			}
			if fnErr != nil {
				return errStopped
			}
			return nil
		}
		w.kept = append(w.kept, kept{t: t, seq: seq, row: row})
		return nil
	})
	if fnErr != nil {
		return fnErr
	}
	if err != nil {
		return err
	}
	var all []kept
	for _, w := range workers {
		if w != nil {
			all = append(all, w.kept...)
		}
	}
	sortKept(all)
	for _, k := range all {
		if err := fn(k.row); err != nil {
			return err
		}
	}
	return nil
}

// Events implements engine.Dataset through a store loaded from the index
// (`| from datamodel` and `| datamodel ... search` want whole events).
func (d *dataset) Events(ctx context.Context, fn func(event, row value.Fields) error) error {
	st, err := d.s.Store(ctx)
	if err != nil {
		return err
	}
	ds, err := st.Dataset(d.def.Name())
	if err != nil {
		return err
	}
	return ds.Events(ctx, fn)
}

// Store is every event of the index loaded into a store, once.
func (s *Source) Store(ctx context.Context) (*store.Store, error) {
	s.sh.mu.Lock()
	defer s.sh.mu.Unlock()
	if s.sh.store != nil {
		return s.sh.store, nil
	}
	st, err := store.NewWith(s.base)
	if err != nil {
		return nil, err
	}
	if err := s.LoadInto(ctx, st, nil); err != nil {
		return nil, err
	}
	s.sh.store = st
	return st, nil
}

// LoadInto adds every event of the index that keep lets through (nil:
// all) to st, in the order a read of the indexed files adds them, so st
// is the store those files make. It reports the reads' stats first.
func (s *Source) LoadInto(ctx context.Context, st *store.Store, keep func(*ingest.Event) (bool, error)) error {
	s.Report()
	es, err := datamodel.NewEventShaper(s.base)
	if err != nil {
		return err
	}
	type held struct {
		seq int64
		ev  *ingest.Event
	}
	var mu sync.Mutex
	var all []held
	err = s.eachEvent(ctx, s.units(es, nil), true, nil, nil, func(_ int, ev *ingest.Event, seq int64) error {
		if keep != nil {
			ok, err := keep(ev)
			if err != nil || !ok {
				return err
			}
		}
		c := *ev
		c.Fields = append(value.Fields(nil), ev.Fields...)
		mu.Lock()
		all = append(all, held{seq, &c})
		mu.Unlock()
		return nil
	})
	if err != nil {
		return err
	}
	sort.Slice(all, func(i, j int) bool { return all[i].seq < all[j].seq })
	for i, h := range all {
		st.Add(h.ev)
		all[i].ev = nil
	}
	return nil
}

// eventHolds reports whether every piece is in _raw (when read) or in
// one of the event's fields read.
func eventHolds(ev *ingest.Event, pieces []string) bool {
	for _, p := range pieces {
		if ev.Raw != "" && engine.IndexFoldASCII(ev.Raw, p) >= 0 {
			continue
		}
		found := false
		for _, f := range ev.Fields {
			if f.Value.IsMulti() {
				for _, v := range f.Value.Values() {
					if engine.IndexFoldASCII(v.String(), p) >= 0 {
						found = true
						break
					}
				}
			} else if engine.IndexFoldASCII(f.Value.String(), p) >= 0 {
				found = true
			}
			if found {
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
