package engine

import (
	"math"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/timefmt"
	"github.com/spelunk-dev/spelunk/value"
)

// bin (alias bucket) puts values into buckets.
//
//   - A span with a time unit (span=5m) floors an epoch to the start of
//     its bucket: spans under a day are aligned to epoch 0 or to
//     aligntime, day and longer spans to midnight in the search's time
//     zone (Search Reference, bin: span, aligntime).
//   - A plain number (span=10) turns a number into the range holding it,
//     "20-30" [UNCONFIRMED output format, docs/SEMANTICS.md §12].
//   - Without span, bins=N (default 100) picks the smallest span from a
//     list of round sizes that gives at most N buckets over the values
//     seen (10^k for numbers; 1s..1mon for _time) [UNCONFIRMED: Splunk
//     documents only "at most N bins"], at least minspan.
//
// Values that are not numbers are left as they are.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/bin
func init() {
	registerStream("bin", buildBin)
}

// binSpec is a compiled bucketing rule, shared with timechart and chart.
type binSpec struct {
	rc       *runCtx
	isTime   bool
	time     timeSpan
	width    float64 // numeric span
	logBase  float64 // log span: width is the coefficient
	align    float64
	hasAlign bool
	bins     int
	minspan  *timeSpan
	minnum   float64
	start    *float64
	end      *float64
	auto     bool
}

func compileBinSpec(rc *runCtx, node spl.Node, cmd string, o spl.BinOptions, field string) (*binSpec, error) {
	b := &binSpec{rc: rc, bins: 100, isTime: field == "_time", start: o.Start, end: o.End}
	if sp := o.Span; sp != nil {
		switch {
		case sp.LogBase > 0 && b.isTime:
			return nil, errAt(node, "%s: a log span buckets numbers, not _time", cmd)
		case sp.LogBase > 0:
			b.width, b.logBase = sp.N, sp.LogBase
		case sp.IsTime():
			b.time, b.isTime = spanOf(*sp), true
		default:
			b.width = sp.N
		}
	}
	if o.Bins > 0 {
		b.bins = o.Bins
	}
	if sp := o.MinSpan; sp != nil {
		if sp.IsTime() {
			t := spanOf(*sp)
			b.minspan = &t
		} else {
			b.minnum = sp.N
		}
	}
	if o.AlignTime != "" {
		t, err := timefmt.ParseTimeArg(o.AlignTime, rc.now, rc.tz)
		if err != nil {
			return nil, errAt(node, "%s: aligntime=%s: %v", cmd, o.AlignTime, err)
		}
		b.align, b.hasAlign = t, true
	}
	if b.isTime && b.width != 0 && b.time.n == 0 {
		// A plain number on a time field counts seconds.
		b.time, b.width = timeSpan{n: b.width, unit: "s"}, 0
	}
	b.auto = b.width == 0 && b.time.n == 0
	return b, nil
}

// apply buckets one value.
func (b *binSpec) apply(v value.Value) value.Value {
	f, ok := v.First().Number()
	if !ok || v.IsMulti() {
		return v
	}
	if b.isTime {
		return value.Num(b.floorTime(f))
	}
	if b.logBase > 0 {
		return logBin(f, b.width, b.logBase, v)
	}
	lo := math.Floor(f/b.width) * b.width
	return value.Str(value.FormatNumber(lo) + "-" + value.FormatNumber(lo+b.width))
}

// logBin puts f into the log bucket [c*base^k, c*base^(k+1)) that holds
// it, written "lo-hi" like numeric buckets. [UNCONFIRMED] A value of 0 or
// less has no log bucket and is left as it is (v).
func logBin(f, c, base float64, v value.Value) value.Value {
	if f <= 0 {
		return v
	}
	k := math.Floor(math.Log(f/c) / math.Log(base))
	// Correct the rounding of the logarithm at exact powers.
	for c*math.Pow(base, k) > f {
		k--
	}
	for c*math.Pow(base, k+1) <= f {
		k++
	}
	lo, hi := c*math.Pow(base, k), c*math.Pow(base, k+1)
	return value.Str(value.FormatNumber(lo) + "-" + value.FormatNumber(hi))
}

func (b *binSpec) floorTime(t float64) float64 {
	if b.hasAlign && b.time.unit != "d" && b.time.unit != "w" && b.time.unit != "mon" {
		w := b.time.seconds()
		return math.Floor((t-b.align)/w)*w + b.align
	}
	return b.time.floor(t, b.rc.tz)
}

// autoTimeSpans are the round spans bins= chooses from for times.
var autoTimeSpans = []timeSpan{{1, "s"}, {10, "s"}, {1, "m"}, {5, "m"}, {10, "m"}, {30, "m"}, {1, "h"}, {1, "d"}, {7, "d"}, {1, "mon"}}

// choose fixes an automatic span from the range of the values.
func (b *binSpec) choose(lo, hi float64) {
	if !b.auto {
		return
	}
	if b.start != nil {
		lo = math.Min(lo, *b.start)
	}
	if b.end != nil {
		hi = math.Max(hi, *b.end)
	}
	if b.isTime {
		b.time = autoTimeSpans[len(autoTimeSpans)-1]
		for _, sp := range autoTimeSpans {
			if b.minspan != nil && sp.seconds() < b.minspan.seconds() {
				continue
			}
			if (hi-lo)/sp.seconds() < float64(b.bins) {
				b.time = sp
				break
			}
		}
		return
	}
	w := 1.0
	if hi > lo {
		w = math.Pow(10, math.Ceil(math.Log10((hi-lo)/float64(b.bins))))
	}
	for w < b.minnum {
		w *= 10
	}
	b.width = w
}

type binStage struct {
	next     stage
	spec     *binSpec
	field    string
	target   string
	rows     []value.Fields // automatic spans wait for all values
	lo, hi   float64
	hasRange bool
}

func buildBin(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
	c := cmd.(*spl.BinCommand)
	spec, err := compileBinSpec(rc, c, "bin", c.Binning, c.Field.Name)
	if err != nil {
		return nil, err
	}
	target := c.Field.Name
	if c.As != "" {
		target = c.As
	}
	return &binStage{next: next, spec: spec, field: c.Field.Name, target: target}, nil
}

func (s *binStage) set(r *value.Fields) {
	if v, ok := r.Lookup(s.field); ok && !v.IsNull() {
		r.Set(s.target, s.spec.apply(v))
	}
}

func (s *binStage) push(rows []value.Fields) error {
	if !s.spec.auto {
		for i := range rows {
			s.set(&rows[i])
		}
		return s.next.push(rows)
	}
	for _, r := range rows {
		if f, ok := r.Get(s.field).First().Number(); ok {
			if !s.hasRange {
				s.lo, s.hi, s.hasRange = f, f, true
			}
			s.lo, s.hi = math.Min(s.lo, f), math.Max(s.hi, f)
		}
	}
	s.rows = append(s.rows, rows...)
	return nil
}

func (s *binStage) finish() error {
	if s.spec.auto {
		s.spec.choose(s.lo, s.hi)
		s.spec.auto = false
		b := &batcher{next: s.next}
		for i := range s.rows {
			s.set(&s.rows[i])
			if err := b.add(s.rows[i]); err != nil {
				return err
			}
		}
		s.rows = nil
		if err := b.flush(); err != nil {
			return err
		}
	}
	return s.next.finish()
}
