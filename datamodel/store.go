package datamodel

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/engine/value"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/spl"
)

// Store holds ingested events with their search-time fields, and builds
// data model datasets from them on first use. It implements engine.Source.
// Add must not run concurrently with searches; searches may run
// concurrently with each other.
type Store struct {
	knowledge []*compiledKnowledge
	events    []value.Fields

	mu    sync.Mutex
	built map[string]*dataset
}

// AllKnowledge lists the built-in add-on knowledge, in the order it
// applies.
func AllKnowledge() []*Knowledge {
	var out []*Knowledge
	out = append(out, windowsKnowledge...)
	out = append(out, crowdstrikeKnowledge...)
	return out
}

// NewStore makes an empty store with the built-in knowledge.
func NewStore() (*Store, error) {
	s := &Store{built: map[string]*dataset{}}
	for _, k := range AllKnowledge() {
		ck, err := compileKnowledge(k)
		if err != nil {
			return nil, fmt.Errorf("BUG: built-in knowledge: %v", err)
		}
		s.knowledge = append(s.knowledge, ck)
	}
	return s, nil
}

// Add ingests one event: its default fields, the fields its format
// yields, then the add-on knowledge that applies to it.
func (s *Store) Add(ev *ingest.Event) {
	row := make(value.Fields, 0, len(ev.Fields)+32)
	row = append(row,
		value.Field{Name: "_time", Value: value.Num(ev.Time)},
		value.Field{Name: "_raw", Value: value.Str(ev.Raw)},
		value.Field{Name: "host", Value: value.Str(ev.Host)},
		value.Field{Name: "source", Value: value.Str(ev.Source)},
		value.Field{Name: "sourcetype", Value: value.Str(ev.Sourcetype)},
		value.Field{Name: "index", Value: value.Str(ev.Index)},
		value.Field{Name: "linecount", Value: value.Num(float64(1 + strings.Count(ev.Raw, "\n")))},
	)
	for _, f := range ev.Fields {
		// Format fields never replace the default fields above.
		if row.Index(f.Name) >= 0 {
			continue
		}
		row = append(row, f)
	}
	for _, k := range s.knowledge {
		if k.selects(ev.Sourcetype, ev.Source, row) {
			k.apply(&row)
		}
	}
	s.events = append(s.events, row)
	s.mu.Lock()
	s.built = map[string]*dataset{}
	s.mu.Unlock()
}

// Len is the number of events held.
func (s *Store) Len() int { return len(s.events) }

// Events implements engine.Source. Each row is a copy the caller may keep
// and change.
func (s *Store) Events(ctx context.Context, fn func(value.Fields) error) error {
	for i, r := range s.events {
		if i%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if err := fn(r.Clone()); err != nil {
			return err
		}
	}
	return nil
}

// Dataset implements engine.Source.
func (s *Store) Dataset(name string) (engine.Dataset, error) {
	def, err := LookupDataset(name)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if d, ok := s.built[def.Name()]; ok {
		return d, nil
	}
	d, err := s.build(def)
	if err != nil {
		return nil, err
	}
	s.built[def.Name()] = d
	return d, nil
}

// dataset is a built dataset: one row per event that meets the
// constraints of the dataset and all its ancestors.
type dataset struct {
	def  *DatasetDef
	rows []value.Fields
	evs  []value.Fields // the event each row was built from
}

func (d *dataset) Name() string   { return d.def.Name() }
func (d *dataset) Object() string { return d.def.Object() }

func (d *dataset) Scan(ctx context.Context, fn func(value.Fields) error) error {
	for i, r := range d.rows {
		if i%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// Events implements engine.Dataset: each row with a copy of its event.
func (d *dataset) Events(ctx context.Context, fn func(event, row value.Fields) error) error {
	for i, r := range d.rows {
		if i%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if err := fn(d.evs[i].Clone(), r); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) build(def *DatasetDef) (*dataset, error) {
	chain := lineage(def)
	var preds []func(value.Fields) bool
	var calcs []compiledCalc
	fields := append([]string(nil), baseFields...)
	for _, d := range chain {
		if d.Constraint != "" {
			x, err := spl.ParseSearch(d.Constraint)
			if err != nil {
				return nil, fmt.Errorf("BUG: dataset %s constraint: %v", d.Name(), err)
			}
			p, err := engine.CompileSearch(x, engine.Options{})
			if err != nil {
				return nil, fmt.Errorf("BUG: dataset %s constraint: %v", d.Name(), err)
			}
			preds = append(preds, p)
		}
		cs, err := compileCalcs(d.Name(), d.Calcs)
		if err != nil {
			return nil, fmt.Errorf("BUG: %v", err)
		}
		calcs = append(calcs, cs...)
		fields = appendNew(fields, d.Fields...)
		for _, c := range d.Calcs {
			fields = appendNew(fields, c.Field)
		}
	}
	out := &dataset{def: def}
	for _, ev := range s.events {
		ok := true
		for _, p := range preds {
			if !p(ev) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		work := ev.Clone()
		for _, c := range calcs {
			work.Set(c.field, c.f(work))
		}
		row := make(value.Fields, 0, len(fields))
		for _, f := range fields {
			if v, ok := work.Lookup(f); ok && !v.IsNull() {
				row = append(row, value.Field{Name: f, Value: v})
			}
		}
		out.rows = append(out.rows, row)
		out.evs = append(out.evs, ev)
	}
	return out, nil
}

func appendNew(list []string, items ...string) []string {
	for _, it := range items {
		found := false
		for _, l := range list {
			if l == it {
				found = true
				break
			}
		}
		if !found {
			list = append(list, it)
		}
	}
	return list
}

// Describe summarises the store for people: events per sourcetype.
func (s *Store) Describe() string {
	counts := map[string]int{}
	var order []string
	for _, r := range s.events {
		st := r.Get("sourcetype").String()
		if counts[st] == 0 {
			order = append(order, st)
		}
		counts[st]++
	}
	parts := make([]string, len(order))
	for i, st := range order {
		parts[i] = st + "=" + strconv.Itoa(counts[st])
	}
	return strings.Join(parts, ", ")
}

// TimeRange returns the earliest and latest _time of the events, and
// whether there are any.
func (s *Store) TimeRange() (lo, hi float64, ok bool) {
	for _, r := range s.events {
		t, isNum := r.Get("_time").Number()
		if !isNum {
			continue
		}
		if !ok || t < lo {
			lo = t
		}
		if !ok || t > hi {
			hi = t
		}
		ok = true
	}
	return lo, hi, ok
}
