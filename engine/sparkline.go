package engine

import (
	"math"
	"sort"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// sparklineMarker opens the multivalue a sparkline exports as: the
// marker, then the inner function's value for each time bucket, oldest
// first (Search Reference, chart and stats: "Sparkline charts").
const sparklineMarker = "##__SPARKLINE__##"

// compileSparkline compiles sparkline(<agg>[, <span>]) of stats and chart.
// Splunk cuts the search's time range into buckets of the span (chosen
// from that range when not given); offline there is no search time range,
// so the buckets run from the earliest to the latest _time of the rows
// the command reads, shared by every row of its output, and without a
// span spelunk picks it as bin does for _time with bins=100 [UNCONFIRMED:
// docs/SEMANTICS.md, "Sparklines"]. Buckets under a day start at multiples
// of the span since the epoch.
func compileSparkline(rc *runCtx, a spl.Aggregation, o aggOptions) (*compiledAgg, error) {
	if o.cmd != "stats" && o.cmd != "chart" {
		return nil, errAt(a, "%s: sparkline is a function of stats and chart only", o.cmd)
	}
	innerSpec := *a.Sparkline
	inners, err := compileAggs(rc, []spl.Aggregation{innerSpec}, o)
	if err != nil {
		return nil, err
	}
	inner := inners[0]
	if inner.pattern != nil {
		return nil, errAt(a, "%s: sparkline takes one field, not a wildcard", o.cmd)
	}
	var span *timeSpan
	if a.SparkSpan != "" {
		sp, err := spl.ParseTimeSpan(a.SparkSpan)
		if err != nil {
			return nil, errAt(a, "%s: sparkline span %q: %v", o.cmd, a.SparkSpan, err)
		}
		ts := spanOf(sp)
		span = &ts
	}
	shared := &sparkRange{lo: math.Inf(1), hi: math.Inf(-1), span: span}
	fn := &aggFunc{names: []string{"sparkline"}, bare: true, new: func(float64) aggState {
		return &sparkState{inner: inner, shared: shared}
	}}
	return &compiledAgg{spec: a, fn: fn, name: a.Name(), field: inner.field, eval: inner.eval}, nil
}

// sparkRange is the time range every sparkline of one command shares.
type sparkRange struct {
	lo, hi float64
	span   *timeSpan
}

// step is the bucket width in seconds, chosen from the range when no
// span was given.
func (r *sparkRange) step() float64 {
	if r.span != nil {
		return r.span.seconds()
	}
	sp := autoTimeSpans[len(autoTimeSpans)-1]
	for _, s := range autoTimeSpans {
		if (r.hi-r.lo)/s.seconds() < 100 {
			sp = s
			break
		}
	}
	r.span = &sp
	return sp.seconds()
}

type sparkPoint struct {
	v value.Value
	t float64
}

// sparkState keeps its group's inputs until the result, when the shared
// range is known.
type sparkState struct {
	inner  *compiledAgg
	shared *sparkRange
	points []sparkPoint
}

func (s *sparkState) add(v value.Value, t float64) {
	if math.IsNaN(t) {
		return
	}
	s.points = append(s.points, sparkPoint{v, t})
	s.shared.lo, s.shared.hi = math.Min(s.shared.lo, t), math.Max(s.shared.hi, t)
}

func (s *sparkState) result() value.Value {
	out := []string{sparklineMarker}
	if math.IsInf(s.shared.lo, 0) {
		return value.Strs(out...)
	}
	w := s.shared.step()
	first := math.Floor(s.shared.lo/w) * w
	n := int(math.Floor(s.shared.hi/w)*w-first)/int(w) + 1
	buckets := make([]aggState, n)
	pts := append([]sparkPoint(nil), s.points...)
	sort.SliceStable(pts, func(i, j int) bool { return pts[i].t < pts[j].t })
	for _, p := range pts {
		i := int((math.Floor(p.t/w)*w - first) / w)
		if buckets[i] == nil {
			buckets[i] = s.inner.newState()
		}
		buckets[i].add(p.v, p.t)
	}
	for _, b := range buckets {
		if b == nil {
			b = s.inner.newState()
		}
		r := b.result()
		// [UNCONFIRMED] An empty bucket of a function with no value
		// (avg over nothing) is written 0, as the chart draws it.
		if r.IsNull() {
			r = value.Num(0)
		}
		out = append(out, r.String())
	}
	return value.Strs(out...)
}
