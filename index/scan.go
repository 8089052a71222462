package index

import (
	"context"
	"strings"
	"sync"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// unorderedBatch is how many kept events a goroutine gathers before it
// hands them on, when order does not matter.
const unorderedBatch = 256

// Scan implements engine.Source. The parts req.Skip rules out are not
// opened; of the others, only the columns that make req.Fields are read,
// and an event whose stored field cannot hold req.Must (a field no
// knowledge sets, so the row holds it as stored) is left before it gets
// its knowledge.
func (s *Source) Scan(ctx context.Context, req engine.EventScan, fn func(value.Fields) error) error {
	s.Report()
	if req.NewKeep == nil {
		req.NewKeep = func() func(value.Fields) bool { return func(value.Fields) bool { return true } }
	}
	first, err := datamodel.NewEventShaper(s.base)
	if err != nil {
		return err
	}
	first.Reduce(req.Fields)
	want := wantSet(first.EventFields())
	withRaw := needsRaw(want)
	checks := mustChecks(first, req.Must, withRaw)
	pre := prefilter(checks)
	span := allTime
	if req.Earliest != nil {
		span.lo = *req.Earliest
	}
	if req.Latest != nil {
		span.hi = *req.Latest
	}
	spec := readSpec{withRaw: withRaw, want: want, tests: columnTests(checks), span: span}
	units := inSpan(s.units(first, req.Skip), span)

	type worker struct {
		sh   *datamodel.EventShaper
		keep func(value.Fields) bool
		enc  *store.RowEncoder
		kept []kept
		out  []value.Fields
	}
	names := store.NewNameTable()
	workers := make([]*worker, s.workers)
	var mu sync.Mutex // guards first, setup, and calls of fn
	var fnErr error
	handOn := func(rows []value.Fields) error {
		mu.Lock()
		defer mu.Unlock()
		if fnErr != nil {
			return fnErr
		}
		for _, r := range rows {
			if fnErr = fn(r); fnErr != nil {
				return fnErr
			}
		}
		return nil
	}
	err = s.eachRead(ctx, units, spec, req.Interrupt, func(wi int, ev *ingest.Event, seq int64) error {
		w := workers[wi]
		if w == nil {
			mu.Lock()
			sh := first
			first = nil
			mu.Unlock()
			if sh == nil {
				var err error
				if sh, err = datamodel.NewEventShaper(s.base); err != nil {
					return err
				}
				sh.Reduce(req.Fields)
			}
			mu.Lock()
			w = &worker{sh: sh, keep: req.NewKeep(), enc: store.NewRowEncoder(names)}
			mu.Unlock()
			workers[wi] = w
		}
		if pre != nil && !pre(ev) {
			return nil
		}
		row := w.sh.Row(ev)
		if !w.keep(row) {
			return nil
		}
		if req.Unordered {
			w.out = append(w.out, row.Clone())
			if len(w.out) >= unorderedBatch {
				err := handOn(w.out)
				w.out = w.out[:0]
				if err != nil {
					return errStopped
				}
			}
			return nil
		}
		w.kept = append(w.kept, kept{t: rowTime(row), seq: seq, c: w.enc.Encode(row)})
		return nil
	})
	if fnErr != nil {
		return fnErr
	}
	if err != nil {
		return err
	}
	if req.Unordered {
		for _, w := range workers {
			if w != nil {
				if err := handOn(w.out); err != nil {
					return err
				}
			}
		}
		return nil
	}
	var all []kept
	for _, w := range workers {
		if w != nil {
			all = append(all, w.kept...)
			w.kept = nil
		}
	}
	sortKept(all)
	if req.Limit > 0 && len(all) > req.Limit {
		all = all[:req.Limit]
	}
	for i, k := range all {
		all[i].c = nil
		if err := fn(k.c.Decode(names)); err != nil {
			return err
		}
	}
	return nil
}

// check is a requirement of a search on a field no knowledge sets, whose
// row value is then the stored one: one of its values holds every piece.
type check struct {
	field  string
	pieces []string
}

// mustChecks are the requirements of must that can be tested on an
// event before it gets its knowledge.
func mustChecks(sh *datamodel.EventShaper, must []engine.Contains, withRaw bool) []check {
	var checks []check
	for _, c := range must {
		f := c.Field
		switch {
		case f == "_raw" && !withRaw,
			f == "_time", f == "linecount", f == "tag", f == "eventtype",
			strings.HasPrefix(f, "date_"), strings.Contains(f, "::"), sh.Sets(f):
			continue
		}
		checks = append(checks, check{f, c.Pieces})
	}
	return checks
}

// columnTests are checks as tests of the columns that hold their fields,
// made before the rest of a row is read.
func columnTests(checks []check) []colTest {
	var out []colTest
	for _, c := range checks {
		col := fieldColumn(c.field)
		switch c.field {
		case "_raw", "host", "source", "sourcetype", "index":
			col = c.field
		}
		out = append(out, colTest{col: col, pieces: c.pieces})
	}
	return out
}

// prefilter is the test of an event, before it gets its knowledge, that
// it meets checks; nil when there is none.
func prefilter(checks []check) func(*ingest.Event) bool {
	if len(checks) == 0 {
		return nil
	}
	return func(ev *ingest.Event) bool {
		for _, c := range checks {
			var s string
			switch c.field {
			case "_raw":
				s = ev.Raw
			case "host":
				s = ev.Host
			case "source":
				s = ev.Source
			case "sourcetype":
				s = ev.Sourcetype
			case "index":
				s = ev.Index
			default:
				v, ok := ev.Fields.Lookup(c.field)
				if !ok {
					return false
				}
				if v.IsMulti() {
					found := false
					for _, e := range v.Values() {
						if holdsAll(e.String(), c.pieces) {
							found = true
							break
						}
					}
					if !found {
						return false
					}
					continue
				}
				s = v.String()
			}
			if !holdsAll(s, c.pieces) {
				return false
			}
		}
		return true
	}
}
