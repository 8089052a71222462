package engine

import (
	"math"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// perUnits are timechart's per_* functions and the seconds of their unit:
// per_second(x) is the sum of x in a bucket divided by the bucket's
// seconds, per_minute(x) by its minutes, and so on (Search Reference,
// "Time functions": per_second, per_minute, per_hour, per_day).
// [UNCONFIRMED] A month bucket counts as 30 days, as spans do elsewhere
// in spelunk.
var perUnits = map[string]float64{"per_second": 1, "per_minute": 60, "per_hour": 3600, "per_day": 86400}

// perSpan hands timechart's bucket width to its per_* functions, which
// are compiled before the width is known.
type perSpan struct{ bin *binSpec }

func compilePer(a spl.Aggregation, o aggOptions) (*compiledAgg, error) {
	if o.cmd != "timechart" {
		return nil, errAt(a, "%s: %s is a function of timechart only", o.cmd, a.Func)
	}
	if a.Field == "" || a.Eval != nil {
		return nil, errAt(a, "%s needs a field, e.g. %s(bytes)", a.Func, a.Func)
	}
	unit, holder := perUnits[a.Func], &perSpan{}
	fn := &aggFunc{names: []string{a.Func}, numeric: true, orderFree: true, new: func(float64) aggState {
		return &perAgg{unit: unit, span: holder}
	}}
	return &compiledAgg{spec: a, fn: fn, name: a.Name(), field: a.Field, per: holder}, nil
}

type perAgg struct {
	unit float64
	span *perSpan
	sum  float64
	n    int
}

func (a *perAgg) add(v value.Value, _ float64) {
	for _, e := range v.Values() {
		if f, ok := e.Number(); ok {
			a.sum += f
			a.n++
		}
	}
}

func (a *perAgg) result() value.Value {
	if a.n == 0 || a.span.bin == nil {
		return value.Null
	}
	secs := a.span.bin.time.seconds()
	if secs <= 0 || math.IsNaN(secs) {
		return value.Null
	}
	return value.Num(a.sum * a.unit / secs)
}
