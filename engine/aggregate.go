package engine

import (
	"cmp"
	"math"
	"sort"
	"strings"

	"github.com/spelunk-dev/spelunk/engine/value"
)

// aggState accumulates one statistical function over a group of rows.
type aggState interface {
	// add takes the function's input for one row (Null when the row lacks
	// the field; for a bare count, any non-null marker) and the row's _time.
	add(v value.Value, t float64)
	result() value.Value
}

// aggFunc declares a statistical function shared by stats-like commands.
// https://help.splunk.com/splunk-enterprise/search/spl-search-reference/10.0/statistical-and-charting-functions
type aggFunc struct {
	names []string
	// bare is true when the function may be called without a field
	// (count); every other function needs one.
	bare bool
	doc  string
	new  func() aggState
}

var aggFuncs = map[string]*aggFunc{}

func registerAgg(f *aggFunc) {
	for _, n := range f.names {
		aggFuncs[n] = f
	}
}

// AggregationNames lists the statistical functions the engine computes.
func AggregationNames() []string {
	out := make([]string, 0, len(aggFuncs))
	for k := range aggFuncs {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func init() {
	registerAgg(&aggFunc{names: []string{"count", "c"}, bare: true,
		doc: "The number of rows; count(x) counts the values of x (each value of a multivalue field).",
		new: func() aggState { return &countAgg{} }})
	registerAgg(&aggFunc{names: []string{"dc", "distinct_count"},
		doc: "The number of distinct values, compared as text.",
		new: func() aggState { return &distinctAgg{set: map[string]bool{}} }})
	registerAgg(&aggFunc{names: []string{"values"},
		doc: "The distinct values in lexicographic (UTF-8 byte) order.",
		new: func() aggState { return &distinctAgg{set: map[string]bool{}, list: true} }})
	registerAgg(&aggFunc{names: []string{"min"}, doc: "The smallest value: numeric when there are numbers, else lexicographic.",
		new: func() aggState { return &extremeAgg{sign: -1} }})
	registerAgg(&aggFunc{names: []string{"max"}, doc: "The largest value: numeric when there are numbers, else lexicographic.",
		new: func() aggState { return &extremeAgg{sign: 1} }})
	registerAgg(&aggFunc{names: []string{"sum"}, doc: "The sum of the numeric values.",
		new: func() aggState { return &sumAgg{} }})
	registerAgg(&aggFunc{names: []string{"avg", "mean"}, doc: "The mean of the numeric values.",
		new: func() aggState { return &sumAgg{avg: true} }})
	registerAgg(&aggFunc{names: []string{"earliest"}, doc: "The value of the chronologically first row (by _time).",
		new: func() aggState { return &timedAgg{latest: false} }})
	registerAgg(&aggFunc{names: []string{"latest"}, doc: "The value of the chronologically last row (by _time).",
		new: func() aggState { return &timedAgg{latest: true} }})
	registerAgg(&aggFunc{names: []string{"first"}, doc: "The first value seen, in input order.",
		new: func() aggState { return &orderAgg{} }})
	registerAgg(&aggFunc{names: []string{"last"}, doc: "The last value seen, in input order.",
		new: func() aggState { return &orderAgg{last: true} }})
}

type countAgg struct{ n int }

func (a *countAgg) add(v value.Value, _ float64) { a.n += v.Len() }
func (a *countAgg) result() value.Value          { return value.Num(float64(a.n)) }

type distinctAgg struct {
	set  map[string]bool
	list bool
}

func (a *distinctAgg) add(v value.Value, _ float64) {
	for _, e := range v.Values() {
		a.set[e.String()] = true
	}
}

func (a *distinctAgg) result() value.Value {
	if !a.list {
		return value.Num(float64(len(a.set)))
	}
	keys := make([]string, 0, len(a.set))
	for k := range a.set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return value.Strs(keys...)
}

// extremeAgg is min or max. Numbers win over text when both occur
// [UNCONFIRMED for mixed input: the docs describe only all-numeric and
// all-text cases (SEMANTICS.md §6)].
type extremeAgg struct {
	sign   int
	num    float64
	hasNum bool
	txt    string
	hasTxt bool
}

func (a *extremeAgg) add(v value.Value, _ float64) {
	for _, e := range v.Values() {
		if f, ok := e.Number(); ok {
			if !a.hasNum || cmp.Compare(f, a.num) == a.sign {
				a.num, a.hasNum = f, true
			}
			continue
		}
		s := e.String()
		if !a.hasTxt || strings.Compare(s, a.txt) == a.sign {
			a.txt, a.hasTxt = s, true
		}
	}
}

func (a *extremeAgg) result() value.Value {
	switch {
	case a.hasNum:
		return value.Num(a.num)
	case a.hasTxt:
		return value.Str(a.txt)
	}
	return value.Null
}

// sumAgg is sum or avg over numeric values; text values are ignored.
type sumAgg struct {
	avg bool
	sum float64
	n   int
}

func (a *sumAgg) add(v value.Value, _ float64) {
	for _, e := range v.Values() {
		if f, ok := e.Number(); ok {
			a.sum += f
			a.n++
		}
	}
}

func (a *sumAgg) result() value.Value {
	if a.n == 0 {
		return value.Null
	}
	if a.avg {
		return value.Num(a.sum / float64(a.n))
	}
	return value.Num(a.sum)
}

type timedAgg struct {
	latest bool
	t      float64
	v      value.Value
	set    bool
}

func (a *timedAgg) add(v value.Value, t float64) {
	if v.IsNull() || math.IsNaN(t) {
		return
	}
	if !a.set || (a.latest && t > a.t) || (!a.latest && t < a.t) {
		a.t, a.v, a.set = t, v, true
	}
}

func (a *timedAgg) result() value.Value { return a.v }

type orderAgg struct {
	last bool
	v    value.Value
}

func (a *orderAgg) add(v value.Value, _ float64) {
	if v.IsNull() {
		return
	}
	if a.last || a.v.IsNull() {
		a.v = v
	}
}

func (a *orderAgg) result() value.Value { return a.v }
