package store

import (
	"context"
	"errors"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/value"
)

// Dataset implements engine.Source.
func (s *Store) Dataset(name string) (engine.Dataset, error) {
	def, err := s.base.LookupDataset(name)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seal()
	if d, ok := s.built[def.Name()]; ok {
		return d, nil
	}
	cd, err := datamodel.CompileDataset(s.base, def)
	if err != nil {
		return nil, err
	}
	d, err := s.build(cd)
	if err != nil {
		return nil, err
	}
	s.built[def.Name()] = d
	return d, nil
}

// dataset is a built dataset: one row per event that meets the
// constraints of the dataset and all its ancestors.
type dataset struct {
	def *datamodel.DatasetDef
	// rows are encoded as the store's events are (crow), their values
	// offsets into the event's _raw where they are substrings of it;
	// rowNames numbers their names (the dataset's own: the store's may
	// not grow while searches read it).
	rows     []crow
	rowNames []string
	// evs numbers the event each row was built from in src, the store's
	// rows when the dataset was built (sealing again makes new ones).
	evs   []int32
	src   []crow
	names []string
	// srcLocs, srcParts and sp read src's spilled rows (rowReader).
	srcLocs  []spillLoc
	srcParts []uint16
	sp       *Spill

	colMu sync.Mutex
	cols  map[string]*column
	times map[string]timeColumn
}

// timeColumn is a field's number in each row (Times).
type timeColumn struct {
	ts    []float64
	exact bool
}

// column is one field's values numbered by row (engine.ColumnDataset).
type column struct {
	ids      []uint32
	dict     []value.Value
	ready    chan struct{} // closed once ids and dict are made (nil then)
	foldOnce sync.Once
	folded   []string // made on first use
}

// FoldedColumn implements engine.ColumnDataset.
func (d *dataset) FoldedColumn(field string) []string {
	d.Column(field)
	d.colMu.Lock()
	c := d.cols[field]
	d.colMu.Unlock()
	c.foldOnce.Do(func() {
		c.folded = make([]string, len(c.dict))
		for i, v := range c.dict {
			if v.Kind() == value.KindString {
				c.folded[i] = engine.FoldCase(v.String())
			}
		}
	})
	return c.folded
}

// Column implements engine.ColumnDataset: columns are made on first use
// (columns.go) and kept, as concurrent searches share the dataset.
func (d *dataset) Column(field string) ([]uint32, []value.Value) {
	d.Columns([]string{field})
	d.colMu.Lock()
	c := d.cols[field]
	d.colMu.Unlock()
	return c.ids, c.dict
}

// Columns implements engine.ColumnDataset. The columns are made outside
// the lock, so that a search asking for columns made already does not
// wait for another's; one asking for a column being made waits for it.
func (d *dataset) Columns(fields []string) {
	d.colMu.Lock()
	var mine []string
	var wait []chan struct{}
	for _, f := range fields {
		if c, ok := d.cols[f]; ok {
			if c.ready != nil {
				wait = append(wait, c.ready)
			}
			continue
		}
		if d.cols == nil {
			d.cols = map[string]*column{}
		}
		d.cols[f] = &column{ready: make(chan struct{})}
		mine = append(mine, f)
	}
	d.colMu.Unlock()
	if len(mine) > 0 {
		made := d.buildColumns(mine)
		d.colMu.Lock()
		for _, f := range mine {
			c := d.cols[f]
			if m, ok := made[f]; ok {
				c.ids, c.dict = m.ids, m.dict
			} else {
				c.ids = make([]uint32, len(d.rows)) // no row has the field
			}
			close(c.ready)
			c.ready = nil
		}
		d.colMu.Unlock()
	}
	for _, ch := range wait {
		<-ch
	}
}

// Times implements engine.ColumnDataset. Made without numbering values,
// it costs a pass over the rows (a column of 200,000 distinct times takes
// about a third of a second).
func (d *dataset) Times(field string) ([]float64, bool) {
	d.colMu.Lock()
	tc, ok := d.times[field]
	d.colMu.Unlock()
	if ok {
		return tc.ts, tc.exact
	}
	tc = timeColumn{ts: make([]float64, len(d.rows)), exact: true}
	id := slices.Index(d.rowNames, field)
	for i := range d.rows {
		tc.ts[i] = math.NaN()
		if id < 0 {
			continue
		}
		v, ok := d.rows[i].lookup(d.rowNames, uint32(id))
		if !ok || v.IsNull() {
			continue
		}
		if _, exact := v.ExactNumber(); !exact {
			tc.exact = false
		}
		if t, ok := v.Number(); ok {
			tc.ts[i] = t
		}
	}
	d.colMu.Lock()
	defer d.colMu.Unlock()
	if d.times == nil {
		d.times = map[string]timeColumn{}
	}
	if have, ok := d.times[field]; ok {
		return have.ts, have.exact
	}
	d.times[field] = tc
	return tc.ts, tc.exact
}

// HasColumn implements engine.ColumnDataset.
func (d *dataset) HasColumn(field string) bool {
	d.colMu.Lock()
	defer d.colMu.Unlock()
	c, ok := d.cols[field]
	return ok && c.ready == nil
}

// Len implements engine.ColumnDataset.
func (d *dataset) Len() int { return len(d.rows) }

// RowAt implements engine.ColumnDataset.
func (d *dataset) RowAt(i int, buf value.Fields) value.Fields {
	return d.rows[i].decode(d.rowNames, buf[:0])
}

func (d *dataset) Name() string   { return d.def.Name() }
func (d *dataset) Object() string { return d.def.Object() }

func (d *dataset) Scan(ctx context.Context, fn func(value.Fields) error) error {
	var buf value.Fields
	for i := range d.rows {
		if i%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		buf = d.rows[i].decode(d.rowNames, buf[:0])
		if err := fn(buf); err != nil {
			return err
		}
	}
	return nil
}

// Events implements engine.Dataset: each row with a copy of its event.
func (d *dataset) Events(ctx context.Context, fn func(event, row value.Fields) error) error {
	var buf value.Fields
	rd := &rowReader{rows: d.src, locs: d.srcLocs, lanes: d.srcParts, sp: d.sp}
	for i := range d.rows {
		if i%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		c, err := rd.row(int(d.evs[i]))
		if err != nil {
			return err
		}
		ev := c.decode(d.names, make(value.Fields, 0, 80))
		buf = d.rows[i].decode(d.rowNames, buf[:0])
		if err := fn(ev, buf); err != nil {
			return err
		}
	}
	return nil
}

// parallelBuild is the number of events from which a dataset is built on
// every core (a variable for the tests).
var parallelBuild = 1 << 14

func (s *Store) build(cd *datamodel.CompiledDataset) (*dataset, error) {
	if s.spillErr != nil {
		return nil, s.spillErr
	}
	out := &dataset{def: cd.Def(), src: s.rows, names: s.names.names, srcLocs: s.locs, srcParts: s.partOf, sp: s.spill}
	// Partitions the constraints rule out are not read (exact, as for a
	// leading search: see engine.EventScan.Skip).
	keep := make([]bool, len(s.parts))
	for i, p := range s.parts {
		keep[i] = !cd.RulesOut(partView{s, p})
	}
	var evs []int32
	for i := range s.rows {
		if keep[s.partOf[i]] {
			evs = append(evs, int32(i))
		}
	}
	// Large datasets are built on every core, each goroutine with its own
	// compiled dataset (compiled expressions are not shared) over a range
	// of the events, and the ranges put back in order: the rows are the
	// ones one goroutine would make, in the same order.
	cds := []*datamodel.CompiledDataset{cd}
	if len(evs) >= parallelBuild {
		for range runtime.GOMAXPROCS(0) - 1 {
			c, err := datamodel.CompileDataset(s.base, cd.Def())
			if err != nil {
				break // compiled once already: not expected
			}
			cds = append(cds, c)
		}
	}
	var want []bool
	if !buildReadsAll {
		want = cd.EventFields(out.names)
	}
	names := newNameTable()
	parts := make([]*dataset, len(cds))
	errs := make([]error, len(cds))
	var wg sync.WaitGroup
	for w, c := range cds {
		lo, hi := len(evs)*w/len(cds), len(evs)*(w+1)/len(cds)
		wg.Go(func() { parts[w], errs[w] = s.buildRange(c, names, evs[lo:hi], out.names, want) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if len(parts) == 1 && cap(parts[0].rows) <= 2*len(parts[0].rows)+1024 {
		out.rows, out.evs = parts[0].rows, parts[0].evs
	} else {
		// Copied to their size: a dataset of few of many events
		// keeps no room for all of them.
		total := 0
		for _, p := range parts {
			total += len(p.rows)
		}
		out.rows, out.evs = make([]crow, 0, total), make([]int32, 0, total)
		for _, p := range parts {
			out.rows = append(out.rows, p.rows...)
			out.evs = append(out.evs, p.evs...)
		}
	}
	out.rowNames = names.names
	return out, nil
}

// buildRange makes the dataset's rows of the events evs, numbering their
// names in names; eventNames are the store's.
func (s *Store) buildRange(cd *datamodel.CompiledDataset, names *nameTable, evs []int32, eventNames []string, want []bool) (*dataset, error) {
	// Sized for every event at once: growing 200,000 rows step by step
	// copied them (and their pointers, under the write barrier) again
	// and again.
	out := &dataset{rows: make([]crow, 0, len(evs)), evs: make([]int32, 0, len(evs))}
	var buf, row value.Fields
	enc := newRowEncoder(names)
	rd := s.reader()
	for _, i := range evs {
		c, err := rd.row(int(i))
		if err != nil {
			return nil, err
		}
		// The decoded event is scratch: the calculations may change it.
		var raw string
		buf, raw = c.decodeWant(eventNames, want, buf[:0])
		var ok bool
		row, ok = cd.RowInto(buf, row)
		if !ok {
			continue
		}
		// A row of a spilled event keeps its values: the text read
		// back is not kept.
		if c.pk != nil || rd.spilled(int(i)) {
			out.rows = append(out.rows, enc.encodeDetached(row, raw))
		} else if ev := &s.rows[i]; ev.raw == "" {
			out.rows = append(out.rows, enc.encodeOnFields(row, ev))
		} else {
			out.rows = append(out.rows, enc.encodeIn(row, raw, &s.rows[i]))
		}
		out.evs = append(out.evs, i)
	}
	return out, nil
}

// buildReadsAll makes builds decode every field of the events (tests
// compare the rows with those of the fields the dataset reads).
var buildReadsAll = false
