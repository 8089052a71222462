package engine

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// transaction groups events into transactions (docs/SEMANTICS.md §20).
//
// Events are taken in time order (Splunk reads them newest first and
// requires that order; spelunk sorts them, so any input order gives the
// same groups). Events with the same values of the listed fields form a
// transaction; an event lacking a listed field joins none and is dropped
// [Splunk links events that share only some fields transitively; spelunk
// requires all of them, UNCONFIRMED for multi-field cases]. A
// transaction closes, and the event starts a new one, when adding the
// event would break maxspan (first to last), maxpause (gap between
// events) or maxevents (default 1000); with startswith, an event that
// matches it starts a new transaction and an event arriving with no open
// transaction is dropped; with endswith, a matching event closes its
// transaction. A transaction that never saw its endswith is evicted:
// dropped unless keepevicted=true (closed_txn=0 marks it).
//
// Output, newest transaction first: _time of the earliest member, _raw
// of the members joined by newlines in time order, every field as a
// multivalue of its distinct values in lexicographic order (mvlist=true:
// all values in event order), duration (last _time - first _time) and
// eventcount; closed_txn (1 or 0) with keepevicted=true.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/transaction
func init() {
	registerStream("transaction", buildTransaction)
}

type transactionStage struct {
	next        stage
	fields      []string
	maxspan     float64 // seconds; <0 none
	maxpause    float64
	maxevents   int
	start, end  rowPred
	keepEvicted bool
	mvlist      bool
	rows        []value.Fields
}

func buildTransaction(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
	c := cmd.(*spl.TransactionCommand)
	s := &transactionStage{next: next, fields: fieldNames(c.Fields), maxspan: c.MaxSpan, maxpause: c.MaxPause,
		maxevents: c.MaxEvents, keepEvicted: c.KeepEvicted, mvlist: c.MvList}
	if s.maxevents <= 0 {
		s.maxevents = math.MaxInt
	}
	var err error
	if s.start, err = txnPred(rc, c.StartsWith); err != nil {
		return nil, err
	}
	if s.end, err = txnPred(rc, c.EndsWith); err != nil {
		return nil, err
	}
	return s, nil
}

func txnPred(rc *runCtx, f *spl.TxnFilter) (rowPred, error) {
	switch {
	case f == nil:
		return nil, nil
	case f.Eval != nil:
		fn, err := (&exprCompiler{rc: rc}).compile(f.Eval)
		if err != nil {
			return nil, err
		}
		return func(r value.Fields) bool { return fn(r).Truth() }, nil
	}
	return (&searchCompiler{rc: rc}).compile(f.Search)
}

func (s *transactionStage) push(rows []value.Fields) error {
	s.rows = append(s.rows, rows...)
	return nil
}

type txn struct {
	members []value.Fields
	first   float64
	last    float64
	closed  bool
}

func (s *transactionStage) finish() error {
	rows := s.rows
	s.rows = nil
	sortByTime(rows, false)
	open := map[string]*txn{}
	var done []*txn
	closeTxn := func(k string) {
		if t := open[k]; t != nil {
			done = append(done, t)
			delete(open, k)
		}
	}
	for _, r := range rows {
		k, ok := joinKey(r, s.fields)
		if !ok {
			continue
		}
		t := rowTime(r)
		cur := open[k]
		isStart := s.start != nil && s.start(r)
		if cur != nil && (isStart || len(cur.members) >= s.maxevents ||
			(s.maxspan >= 0 && t-cur.first > s.maxspan) || (s.maxpause >= 0 && t-cur.last > s.maxpause)) {
			closeTxn(k)
			cur = nil
		}
		if cur == nil {
			if s.start != nil && !isStart {
				continue
			}
			cur = &txn{first: t}
			open[k] = cur
		}
		cur.members = append(cur.members, r)
		cur.last = t
		if s.end != nil && s.end(r) {
			cur.closed = true
			closeTxn(k)
		}
	}
	keys := make([]string, 0, len(open))
	for k := range open {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		closeTxn(k)
	}
	var out []value.Fields
	for _, t := range done {
		complete := s.end == nil || t.closed
		if !complete && !s.keepEvicted {
			continue
		}
		out = append(out, s.render(t, complete))
	}
	sortByTime(out, true)
	return emitAll(s.next, out)
}

// cmpLess turns a less test, asked both ways, into a comparison.
func cmpLess(less, greater bool) int {
	switch {
	case less:
		return -1
	case greater:
		return 1
	}
	return 0
}

// sortByTime sorts rows by _time, stably, oldest first or newest first.
// Each row's time is read once: the same comparisons as reading it in
// the comparator (NaN for a row without one), so the same order.
func sortByTime(rows []value.Fields, newestFirst bool) {
	type timed struct {
		t float64
		r value.Fields
	}
	ts := make([]timed, len(rows))
	for i, r := range rows {
		ts[i] = timed{rowTime(r), r}
	}
	// slices' stable sort is sort's algorithm without reflection: the
	// same comparisons, so the same order.
	if newestFirst {
		slices.SortStableFunc(ts, func(a, b timed) int { return cmpLess(a.t > b.t, b.t > a.t) })
	} else {
		slices.SortStableFunc(ts, func(a, b timed) int { return cmpLess(a.t < b.t, b.t < a.t) })
	}
	for i := range ts {
		rows[i] = ts[i].r
	}
}

func (s *transactionStage) render(t *txn, complete bool) value.Fields {
	// Fields in order of first appearance, each with the values of all
	// members; a transaction has a few fields, so they are looked up by
	// a linear search rather than a map made for each one.
	type acc struct {
		name string
		vals []value.Value
	}
	accs := make([]acc, 0, len(t.members[0])+2)
	var raws []string
	for _, m := range t.members {
		for _, f := range m {
			switch f.Name {
			case "_time":
				continue
			case "_raw":
				raws = append(raws, f.Value.String())
				continue
			}
			k := -1
			for j := range accs {
				if accs[j].name == f.Name {
					k = j
					break
				}
			}
			if k < 0 {
				accs = append(accs, acc{name: f.Name})
				k = len(accs) - 1
			}
			if f.Value.IsMulti() {
				accs[k].vals = append(accs[k].vals, f.Value.Values()...)
			} else if !f.Value.IsNull() {
				accs[k].vals = append(accs[k].vals, f.Value)
			}
		}
	}
	row := make(value.Fields, 0, len(accs)+4)
	row = append(row, value.Field{Name: "_time", Value: value.Num(t.first)})
	if len(raws) > 0 {
		row = append(row, value.Field{Name: "_raw", Value: value.Str(strings.Join(raws, "\n"))})
	}
	for _, a := range accs {
		vs := a.vals
		if !s.mvlist {
			if len(vs) == 1 {
				// Most transactions of a few events: no list to sort.
				row.Set(a.name, value.Str(vs[0].String()))
				continue
			}
			ss := make([]string, 0, len(vs))
			for _, v := range vs {
				ss = append(ss, v.String())
			}
			sort.Strings(ss)
			ss = slices.Compact(ss)
			row.Set(a.name, value.Strs(ss...))
			continue
		}
		row.Set(a.name, value.Multi(vs...))
	}
	row.Set("duration", value.Num(t.last-t.first))
	row.Set("eventcount", value.Num(float64(len(t.members))))
	if s.keepEvicted {
		c := 0.0
		if complete {
			c = 1
		}
		row.Set("closed_txn", value.Num(c))
	}
	return row
}
