package engine

import (
	"math"
	"sort"

	"github.com/spelunk-dev/spelunk/value"
)

// Numeric statistical functions: they read the numeric values of their
// field and ignore the others (eventstats example: "test" is ignored).
func registerNumericAggs() {
	num := func(names []string, doc string, f func(float64) aggState) {
		registerAgg(&aggFunc{names: names, numeric: true, doc: doc, new: f})
	}
	num([]string{"sum"}, "The sum of the numeric values.",
		func(float64) aggState { return &momentAgg{kind: "sum"} })
	num([]string{"avg", "mean"}, "The mean of the numeric values.",
		func(float64) aggState { return &momentAgg{kind: "avg"} })
	num([]string{"sumsq"}, "The sum of the squares of the numeric values.",
		func(float64) aggState { return &momentAgg{kind: "sumsq"} })
	num([]string{"var"}, "The sample variance of the numeric values.",
		func(float64) aggState { return &momentAgg{kind: "var"} })
	num([]string{"varp"}, "The population variance of the numeric values.",
		func(float64) aggState { return &momentAgg{kind: "varp"} })
	num([]string{"stdev"}, "The sample standard deviation of the numeric values.",
		func(float64) aggState { return &momentAgg{kind: "stdev"} })
	num([]string{"stdevp"}, "The population standard deviation of the numeric values.",
		func(float64) aggState { return &momentAgg{kind: "stdevp"} })
	num([]string{"range"}, "max - min of the numeric values.",
		func(float64) aggState { return &rangeAgg{} })
	num([]string{"median"}, "The middle numeric value; of two middle values, the higher.",
		func(float64) aggState { return &percAgg{p: 50} })
	for _, n := range []string{"perc", "p", "exactperc", "upperperc"} {
		registerAgg(&aggFunc{names: []string{n}, numeric: true, percentile: true,
			doc: n + "<N>(x): the N-th percentile of the numeric values, by nearest rank (exact below and above 1000 values).",
			new: func(p float64) aggState { return &percAgg{p: p} }})
	}
	registerAgg(&aggFunc{names: []string{"mode"},
		doc: "The most frequent value; on a tie, the one seen first.",
		new: func(float64) aggState { return &modeAgg{counts: map[string]int{}} }})
}

// momentAgg is the sum, mean and variance family. The variance uses
// Welford's update (a running mean and sum of squared deviations), which
// stays exact where sumsq - sum²/n cancels: 1e9+1, 1e9+2, 1e9+3 have
// variance 1.
type momentAgg struct {
	kind      string
	n         int
	sum, sum2 float64
	mean, m2  float64
}

func (a *momentAgg) add(v value.Value, _ float64) {
	for _, e := range v.Values() {
		f, ok := e.Number()
		if !ok {
			continue
		}
		a.n++
		a.sum += f
		a.sum2 += f * f
		d := f - a.mean
		a.mean += d / float64(a.n)
		a.m2 += d * (f - a.mean)
	}
}

func (a *momentAgg) result() value.Value {
	if a.n == 0 {
		return value.Null
	}
	n := float64(a.n)
	m2 := max(a.m2, 0)
	switch a.kind {
	case "sum":
		return value.Num(a.sum)
	case "avg":
		return value.Num(a.sum / n)
	case "sumsq":
		return value.Num(a.sum2)
	case "varp":
		return value.Num(m2 / n)
	case "stdevp":
		return value.Num(math.Sqrt(m2 / n))
	}
	// Sample statistics of a single value are 0, not null
	// [UNCONFIRMED: the docs give no one-value example].
	if a.n == 1 {
		return value.Num(0)
	}
	if a.kind == "var" {
		return value.Num(m2 / (n - 1))
	}
	return value.Num(math.Sqrt(m2 / (n - 1)))
}

type rangeAgg struct {
	lo, hi float64
	set    bool
}

func (a *rangeAgg) add(v value.Value, _ float64) {
	for _, e := range v.Values() {
		if f, ok := e.Number(); ok {
			if !a.set {
				a.lo, a.hi, a.set = f, f, true
			}
			a.lo, a.hi = math.Min(a.lo, f), math.Max(a.hi, f)
		}
	}
}

func (a *rangeAgg) result() value.Value {
	if !a.set {
		return value.Null
	}
	return value.Num(a.hi - a.lo)
}

// percAgg is median and the percentile functions. Below 1000 distinct
// values Splunk's perc, exactperc and upperperc all use the nearest rank
// (Search Reference, perc); spelunk keeps every value, so it gives that
// exact answer at any size. The 0-based rank is floor(p/100*n): a whole
// p/100*n takes the next value up, so the median of an even count is the
// higher middle value [UNCONFIRMED: docs/SEMANTICS.md §6].
type percAgg struct {
	p    float64
	vals []float64
}

func (a *percAgg) add(v value.Value, _ float64) {
	for _, e := range v.Values() {
		if f, ok := e.Number(); ok {
			a.vals = append(a.vals, f)
		}
	}
}

func (a *percAgg) result() value.Value {
	if len(a.vals) == 0 {
		return value.Null
	}
	s := append([]float64(nil), a.vals...)
	sort.Float64s(s)
	return value.Num(s[nearestRank(a.p, len(s))])
}

// nearestRank is the 0-based index of the p-th percentile of n sorted
// values.
func nearestRank(p float64, n int) int {
	i := int(math.Floor(p * float64(n) / 100))
	return min(max(i, 0), n-1)
}

type modeAgg struct {
	counts map[string]int
	order  []value.Value
}

func (a *modeAgg) add(v value.Value, _ float64) {
	for _, e := range v.Values() {
		k := e.String()
		if a.counts[k] == 0 {
			a.order = append(a.order, e)
		}
		a.counts[k]++
	}
}

func (a *modeAgg) result() value.Value {
	best, n := value.Null, 0
	for _, v := range a.order {
		if c := a.counts[v.String()]; c > n {
			best, n = v, c
		}
	}
	return best
}
