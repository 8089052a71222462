package engine

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// aggState accumulates one statistical function over a group of rows.
type aggState interface {
	// add takes the function's input for one row (Null when the row lacks
	// the field; for a bare count, any non-null marker) and the row's
	// _time (NaN when the row has none).
	add(v value.Value, t float64)
	// result is the function's value so far. It must not change the
	// state: streamstats asks after every row.
	result() value.Value
}

// aggFunc declares a statistical function shared by stats, eventstats,
// streamstats, tstats, chart and timechart.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/statistical-and-charting-functions/statistical-and-charting-functions
type aggFunc struct {
	names []string
	// bare is true when the function may be called without a field
	// (count); every other function needs one.
	bare bool
	// numeric functions read only numeric values; allnum=true makes
	// their result null when a group holds any other value.
	numeric bool
	// percentile functions take the percentile from their name (p95,
	// perc95, exactperc99.9, upperperc90).
	percentile bool
	// orderFree functions give the same answer whatever the order of
	// the rows they read, so their input may come unordered.
	orderFree bool
	doc       string
	new       func(param float64) aggState
}

var aggFuncs = map[string]*aggFunc{}

func registerAgg(f *aggFunc) {
	for _, n := range f.names {
		aggFuncs[n] = f
	}
}

// AggregationNames lists the statistical functions the engine computes;
// percentile functions are listed with a placeholder, e.g. "perc<N>".
func AggregationNames() []string {
	out := make([]string, 0, len(aggFuncs))
	for k, f := range aggFuncs {
		if f.percentile {
			k += "<N>"
		}
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var percName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(perc|p|exactperc|upperperc)(\d+(?:\.\d+)?)$`) })

// lookupAgg finds a function by its lower-cased name, reading the
// percentile out of names such as p95 or exactperc99.5.
func lookupAgg(name string) (*aggFunc, float64, bool) {
	if f, ok := aggFuncs[name]; ok && !f.percentile {
		return f, 0, true
	}
	if m := percName().FindStringSubmatch(name); m != nil {
		p, _ := strconv.ParseFloat(m[2], 64)
		if p < 0 || p > 100 {
			return nil, 0, false
		}
		return aggFuncs[m[1]], p, true
	}
	return nil, 0, false
}

// unknownAggErr explains a function name lookupAgg does not know: a
// percentile function without its percentile (the Search Reference gives
// none by default), a function of another command (rate_avg is mstats',
// per_second timechart's), or an unknown name with a suggestion.
func unknownAggErr(a spl.Aggregation, cmd string) *spl.Error {
	if f, ok := aggFuncs[a.Func]; ok && f.percentile {
		return errAt(a, "%s: %s needs its percentile in the name, as in %s95(%s); it has no default", cmd, a.Func, a.Func, a.Field)
	}
	if h, ok := helpOnlyAggs[a.Func]; ok {
		if owner, what, ok := strings.Cut(h.Doc, " only: "); ok {
			return errAt(a, "%s: %s is a function of %s only (%s)", cmd, a.Func, owner, strings.TrimSuffix(what, "."))
		}
		return errAt(a, "%s: spelunk does not compute %s here (%s)", cmd, a.Func, h.Doc)
	}
	e := errAt(a, "unknown or unsupported statistical function %q", a.Func)
	if s := spl.Suggest(a.Func, AggregationNames()); s != "" {
		e.Hint = fmt.Sprintf("did you mean %q?", s)
	}
	return e
}

func init() {
	registerAgg(&aggFunc{names: []string{"count", "c"}, orderFree: true, bare: true,
		doc: "The number of rows; count(x) counts the values of x (each value of a multivalue field).",
		new: func(float64) aggState { return &countAgg{} }})
	registerAgg(&aggFunc{names: []string{"dc", "distinct_count"}, orderFree: true,
		doc: "The number of distinct values, compared as text.",
		new: func(float64) aggState { return &distinctAgg{set: map[string]bool{}} }})
	registerAgg(&aggFunc{names: []string{"estdc"}, orderFree: true,
		doc: "The estimated number of distinct values; spelunk counts exactly, so it equals dc.",
		new: func(float64) aggState { return &distinctAgg{set: map[string]bool{}} }})
	registerAgg(&aggFunc{names: []string{"estdc_error"}, orderFree: true,
		doc: "The relative error of estdc; 0, since spelunk counts exactly.",
		new: func(float64) aggState { return &distinctAgg{set: map[string]bool{}, zero: true} }})
	registerAgg(&aggFunc{names: []string{"values"}, orderFree: true,
		doc: "The distinct values in lexicographic (UTF-8 byte) order.",
		new: func(float64) aggState { return &distinctAgg{set: map[string]bool{}, list: true} }})
	registerAgg(&aggFunc{names: []string{"list"},
		doc: "The values in the order seen, duplicates kept, at most the first 100 (limits.conf list_maxsize).",
		new: func(float64) aggState { return &listAgg{} }})
	registerAgg(&aggFunc{names: []string{"min"}, orderFree: true, doc: "The smallest value: numeric when there are numbers, else lexicographic.",
		new: func(float64) aggState { return &extremeAgg{sign: -1} }})
	registerAgg(&aggFunc{names: []string{"max"}, orderFree: true, doc: "The largest value: numeric when there are numbers, else lexicographic.",
		new: func(float64) aggState { return &extremeAgg{sign: 1} }})
	registerAgg(&aggFunc{names: []string{"earliest"}, doc: "The value of the chronologically first row (by _time).",
		new: func(float64) aggState { return &timedAgg{} }})
	registerAgg(&aggFunc{names: []string{"latest"}, doc: "The value of the chronologically last row (by _time).",
		new: func(float64) aggState { return &timedAgg{latest: true} }})
	registerAgg(&aggFunc{names: []string{"earliest_time"}, doc: "The _time (epoch seconds) of the chronologically first value.",
		new: func(float64) aggState { return &timedAgg{wantTime: true} }})
	registerAgg(&aggFunc{names: []string{"latest_time"}, doc: "The _time (epoch seconds) of the chronologically last value.",
		new: func(float64) aggState { return &timedAgg{latest: true, wantTime: true} }})
	registerAgg(&aggFunc{names: []string{"first"}, doc: "The first value seen, in input order.",
		new: func(float64) aggState { return &orderAgg{} }})
	registerAgg(&aggFunc{names: []string{"last"}, doc: "The last value seen, in input order.",
		new: func(float64) aggState { return &orderAgg{last: true} }})
	registerAgg(&aggFunc{names: []string{"rate"}, numeric: true,
		doc: "(latest(x) - earliest(x)) / (latest_time(x) - earliest_time(x)): the per-second rate of a counter.",
		new: func(float64) aggState { return &rateAgg{} }})
	registerNumericAggs()
}

// compiledAgg is one aggregation ready to run: where its input comes
// from, the function, and the output name.
type compiledAgg struct {
	spec   spl.Aggregation
	fn     *aggFunc
	param  float64
	field  string // row field name ("" for bare count or eval)
	eval   evalFn
	name   string
	allnum bool
	// pattern is the field with `*` wildcards of avg(*delay) or
	// latest(*): the function runs once per matching field.
	pattern []string
	asParts []string // the AS name split at its `*`s; nil without AS
	per     *perSpan // timechart's per_* functions: the bucket width
}

// aggOptions says what a command allows in its aggregations.
type aggOptions struct {
	cmd     string
	evalOK  bool                // stats-family yes, tstats no
	resolve func(string) string // tstats strips the dataset prefix
	allnum  bool
	// example is a field name for error messages ("user").
	example string
	// wildcardOK allows avg(*delay) and latest(*) AS *.
	wildcardOK bool
}

// compileAggs checks and compiles the aggregations of a command.
func compileAggs(rc *runCtx, aggs []spl.Aggregation, o aggOptions) ([]*compiledAgg, error) {
	out := make([]*compiledAgg, 0, len(aggs))
	seen := map[string]bool{}
	for _, a := range aggs {
		if a.Sparkline != nil {
			c, err := compileSparkline(rc, a, o)
			if err != nil {
				return nil, err
			}
			if seen[c.name] {
				return nil, errAt(a, "%s: the output field %q is named twice; rename one with AS", o.cmd, c.name)
			}
			seen[c.name] = true
			out = append(out, c)
			continue
		}
		if _, ok := perUnits[a.Func]; ok {
			c, err := compilePer(a, o)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
			continue
		}
		if a.IsEvalOfAggs() {
			// chart and timechart expand it first (chart_eval.go).
			return nil, errAt(a, "%s: eval(...) over statistical functions is only for chart and timechart", o.cmd)
		}
		fn, param, ok := lookupAgg(a.Func)
		if !ok {
			return nil, unknownAggErr(a, o.cmd)
		}
		c := &compiledAgg{spec: a, fn: fn, param: param, name: a.Name(), allnum: o.allnum && fn.numeric}
		switch {
		case a.Eval != nil && !o.evalOK:
			return nil, errAt(a, "%s does not take eval() inside functions (Splunk rejects it too); use stats", o.cmd)
		case a.Eval != nil:
			// Splunk refuses an unnamed eval aggregation: "You must
			// specify a rename for the aggregation specifier on the
			// dynamically evaluated field".
			if a.As == "" {
				return nil, errAt(a, "%s: %s(eval(...)) needs a name: add AS <field>", o.cmd, a.Func)
			}
			f, err := (&exprCompiler{rc: rc}).compile(a.Eval)
			if err != nil {
				return nil, err
			}
			c.eval = f
		case a.Field == "" && !fn.bare:
			ex := o.example
			if ex == "" {
				ex = "user"
			}
			return nil, errAt(a, "%s needs a field, e.g. %s(%s)", a.Func, a.Func, ex)
		case strings.Contains(a.Field, "*") && !o.wildcardOK:
			return nil, errAt(a, "%s: wildcard fields in %s(%s) are not supported; name the fields", o.cmd, a.Func, a.Field)
		case strings.Contains(a.Field, "*"):
			c.pattern = strings.Split(a.Field, "*")
			if a.As != "" {
				c.asParts = strings.Split(a.As, "*")
				if len(c.asParts) > 1 && len(c.asParts) != len(c.pattern) {
					return nil, errAt(a, "%s: %s and %s have different numbers of wildcards", o.cmd, a.Field, a.As)
				}
			}
		default:
			c.field = a.Field
			if o.resolve != nil && a.Field != "" {
				c.field = o.resolve(a.Field)
			}
		}
		if seen[c.name] {
			return nil, errAt(a, "%s: the output field %q is named twice; rename one with AS", o.cmd, c.name)
		}
		seen[c.name] = true
		out = append(out, c)
	}
	return out, nil
}

// matches reports whether a row field is one a wildcard aggregation
// reads, and its output name. `*` does not reach internal fields (_time,
// _raw) unless the pattern starts with "_" [UNCONFIRMED].
func (a *compiledAgg) matches(field string) (string, bool) {
	if strings.HasPrefix(field, "_") && !strings.HasPrefix(a.spec.Field, "_") {
		return "", false
	}
	caps, ok := wildcardCaptures(field, a.pattern)
	if !ok {
		return "", false
	}
	switch {
	case a.asParts == nil:
		return a.spec.Func + "(" + field + ")", true
	case len(a.asParts) == 1:
		return a.spec.As, true
	}
	var b strings.Builder
	for i, part := range a.asParts {
		b.WriteString(part)
		if i < len(caps) {
			b.WriteString(caps[i])
		}
	}
	return b.String(), true
}

// input is the function's argument for one row.
func (a *compiledAgg) input(r value.Fields) value.Value {
	switch {
	case a.eval != nil:
		v := a.eval(r)
		// A predicate counts where it holds: count(eval(x="a")) counts
		// the rows with x="a", so false is no value.
		if v.Kind() == value.KindBool {
			if v.Truth() {
				return value.Num(1)
			}
			return value.Null
		}
		return v
	case a.field == "":
		return value.Num(1)
	}
	return r.Get(a.field)
}

func (a *compiledAgg) newState() aggState {
	s := a.fn.new(a.param)
	if a.allnum {
		return &allnumAgg{inner: s}
	}
	return s
}

// rowTime is a row's _time, or NaN.
func rowTime(r value.Fields) float64 {
	if t, ok := r.Get("_time").Number(); ok {
		return t
	}
	return math.NaN()
}

// allnumAgg is a numeric function under allnum=true: any non-numeric
// value in the group, or a row without one, makes the result null
// (Search Reference, eventstats: "The allnum=true argument applies to
// empty values as well as alphabetic character values").
type allnumAgg struct {
	inner aggState
	bad   bool
}

func (a *allnumAgg) add(v value.Value, t float64) {
	if v.IsNull() {
		a.bad = true
	}
	for _, e := range v.Values() {
		if !e.IsNumeric() {
			a.bad = true
		}
	}
	a.inner.add(v, t)
}

func (a *allnumAgg) result() value.Value {
	if a.bad {
		return value.Null
	}
	return a.inner.result()
}

type countAgg struct{ n int }

func (a *countAgg) add(v value.Value, _ float64) { a.n += v.Len() }
func (a *countAgg) result() value.Value          { return value.Num(float64(a.n)) }

type distinctAgg struct {
	set  map[string]bool
	list bool
	zero bool
}

func (a *distinctAgg) add(v value.Value, _ float64) {
	for _, e := range v.Values() {
		if k := e.String(); !a.set[k] {
			a.set[strings.Clone(k)] = true // kept: not a part of the row's text
		}
	}
}

func (a *distinctAgg) result() value.Value {
	switch {
	case a.zero:
		return value.Num(0)
	case !a.list:
		return value.Num(float64(len(a.set)))
	}
	keys := make([]string, 0, len(a.set))
	for k := range a.set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return value.Strs(keys...)
}

// listMax is limits.conf [stats] list_maxsize: list() keeps the first
// 100 values.
const listMax = 100

type listAgg struct{ vals []value.Value }

func (a *listAgg) add(v value.Value, _ float64) {
	for _, e := range v.Values() {
		if len(a.vals) < listMax {
			a.vals = append(a.vals, e.Detach())
		}
	}
}

func (a *listAgg) result() value.Value { return value.Multi(a.vals...) }

// extremeAgg is min or max. Numbers win over text when both occur
// [UNCONFIRMED for mixed input: the docs describe only all-numeric and
// all-text cases (docs/SEMANTICS.md §6)].
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
			a.txt, a.hasTxt = strings.Clone(s), true
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

// timedAgg is earliest/latest (the value) or earliest_time/latest_time
// (its _time). On equal times the first row seen wins.
type timedAgg struct {
	latest, wantTime bool
	t                float64
	v                value.Value
	set              bool
}

func (a *timedAgg) add(v value.Value, t float64) {
	if v.IsNull() || math.IsNaN(t) {
		return
	}
	if !a.set || (a.latest && t > a.t) || (!a.latest && t < a.t) {
		a.t, a.v, a.set = t, v.Detach(), true
	}
}

func (a *timedAgg) result() value.Value {
	if a.wantTime && a.set {
		return value.Num(a.t)
	}
	return a.v
}

type orderAgg struct {
	last bool
	v    value.Value
}

func (a *orderAgg) add(v value.Value, _ float64) {
	if v.IsNull() {
		return
	}
	if a.last || a.v.IsNull() {
		a.v = v.Detach()
	}
}

func (a *orderAgg) result() value.Value { return a.v }

// rateAgg is rate(x): the change of a counter between its earliest and
// latest values, per second. Null when there is one time only.
type rateAgg struct {
	first, last timedAgg
}

func (a *rateAgg) add(v value.Value, t float64) {
	v = v.First()
	if !v.IsNumeric() {
		return
	}
	a.first.add(v, t)
	a.last.latest = true
	a.last.add(v, t)
}

func (a *rateAgg) result() value.Value {
	if !a.first.set || a.last.t == a.first.t {
		return value.Null
	}
	x, _ := a.first.v.Number()
	y, _ := a.last.v.Number()
	return value.Num((y - x) / (a.last.t - a.first.t))
}
