package engine

import (
	"math"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// predict forecasts each field over the results in their order (a
// timechart's rows), with the page's Kalman-filter models:
//   - LL: a level that moves as a random walk;
//   - LLT: a level and a slope that both move;
//   - LLP: a seasonal level, each phase of the period a level of its own
//     [UNCONFIRMED: the page names the model only]; the period is found
//     from the data when not given, and non-periodic data is an error;
//   - LLP5 (the default): LLT and LLP averaged, weighted by the inverse of
//     each one's mean squared one-step error, variances alike; LLT alone
//     when the data is not periodic;
//   - BiLL: two fields as one bivariate local level; LLB: the field
//     predicted from the correlate field's value at each result.
//
// Each result gets the one-step-ahead prediction (the estimate from the
// results before it) in prediction(<field>) or the AS name, with the
// bounds of a two-sided confidence interval (default 95%) in
// lower95(...)/upper95(...) or the lowerXX=/upperXX= fields. holdback=N
// leaves the last N results out of the model; future_timespan=F
// forecasts F steps past the last result used, onto the held-back
// results and then onto new results whose _time continues the last step
// of _time. Results before a model has enough values get no prediction.
// Noise variances are maximum-likelihood estimates; docs/SEMANTICS.md
// ("predict") records every choice the page leaves open.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/predict
func init() {
	registerStream("predict", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.PredictCommand)
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			if len(rows) == 0 {
				return nil, nil // nothing to predict from, as for every command over no results
			}
			if err := predictFits(c, len(rows), rc.limits.MaxResults); err != nil {
				return nil, err
			}
			return runPredict(c, rows)
		}}, nil
	})
}

// predictFits refuses a future_timespan that would make more results than
// a search may return (the max results limit), before anything is made.
func predictFits(c *spl.PredictCommand, n, limit int) error {
	if limit <= 0 {
		return nil
	}
	for _, g := range c.Groups {
		if total := max(n-g.Holdback, 0) + g.FutureTimespan; total > limit {
			return errAt(c, "predict: future_timespan=%d would make %d results, more than the %d a search may return", g.FutureTimespan, total, limit)
		}
	}
	return nil
}

// predictOut is one predicted field's forecast and where it goes.
type predictOut struct {
	g  *spl.PredictGroup
	f  spl.PredictField
	fc forecast
}

func runPredict(c *spl.PredictCommand, rows []value.Fields) ([]value.Fields, error) {
	n := len(rows)
	series := func(field string) []float64 {
		y := make([]float64, n)
		for i, r := range rows {
			y[i] = math.NaN()
			if v, ok := r.Get(field).Number(); ok && !math.IsNaN(v) && !math.IsInf(v, 0) {
				y[i] = v
			}
		}
		return y
	}
	var outs []predictOut
	for gi := range c.Groups {
		g := &c.Groups[gi]
		used := max(n-g.Holdback, 0)
		hz := used + g.FutureTimespan
		switch g.Algorithm {
		case "BiLL":
			x, y := series(g.Fields[0].Field)[:used], series(g.Fields[1].Field)[:used]
			if k := countBoth(x, y); k < 2 {
				return nil, errAt(c, "predict: algorithm=BiLL needs at least 2 results where both %s and %s have values, has %d", g.Fields[0].Field, g.Fields[1].Field, k)
			}
			q, h := biEstimate(x, y)
			fx, fy := biFilter(x, y, hz, q, h, false)
			for i, fc := range []forecast{fx, fy} {
				if g.Suppress != g.Fields[i].Field {
					outs = append(outs, predictOut{g: g, f: g.Fields[i], fc: fc})
				}
			}
		case "LLB":
			cy := series(g.Correlate)
			for _, f := range g.Fields {
				x := series(f.Field)[:used]
				if k := countBoth(x, cy[:used]); k < 2 {
					return nil, errAt(c, "predict: algorithm=LLB needs at least 2 results where both %s and %s have values, has %d", f.Field, g.Correlate, k)
				}
				q, h := biEstimate(x, cy[:used])
				fx, _ := biFilter(x, cy, n, q, h, true)
				outs = append(outs, predictOut{g: g, f: f, fc: fx})
			}
		default:
			for _, f := range g.Fields {
				fc, err := predictUni(c, g, f.Field, series(f.Field)[:used], hz)
				if err != nil {
					return nil, err
				}
				outs = append(outs, predictOut{g: g, f: f, fc: fc})
			}
		}
	}
	return writePredictions(rows, outs), nil
}

// predictUni runs one univariate algorithm over y (the results used) and
// forecasts up to hz results.
func predictUni(c *spl.PredictCommand, g *spl.PredictGroup, field string, y []float64, hz int) (forecast, error) {
	alg := g.Algorithm
	if alg == "" {
		alg = "LLP5"
	}
	count := 0
	for _, v := range y {
		if !math.IsNaN(v) {
			count++
		}
	}
	need := func(k int) error {
		if count >= k {
			return nil
		}
		return errAt(c, "predict: algorithm=%s needs at least %d values of %s, has %d (after holdback=%d)", alg, k, field, count, g.Holdback)
	}
	period := g.Period
	if period == 0 && (alg == "LLP" || alg == "LLP5") {
		period = findPeriod(y)
	}
	switch alg {
	case "LL":
		if err := need(2); err != nil {
			return forecast{}, err
		}
		return fitLL(y, hz).scaled(), nil
	case "LLT":
		if err := need(3); err != nil {
			return forecast{}, err
		}
		return fitLLT(y, hz).scaled(), nil
	case "LLP":
		if period == 0 {
			return forecast{}, errAt(c, "predict: algorithm=LLP found no period in %s (the data is not periodic); give period=<num> if it has one", field)
		}
		if err := need(2 * period); err != nil {
			return forecast{}, err
		}
		return fitLLP(y, hz, period).scaled(), nil
	}
	// LLP5
	if err := need(3); err != nil {
		return forecast{}, err
	}
	if g.Period != 0 {
		if err := need(2 * period); err != nil {
			return forecast{}, err
		}
	}
	trend := fitLLT(y, hz).scaled()
	if period == 0 || count < 2*period {
		return trend, nil
	}
	return combine(y, trend, fitLLP(y, hz, period).scaled()), nil
}

func fitLL(y []float64, hz int) fit {
	q := best1(func(q float64) float64 { return filterLL(y, len(y), q).deviance() })
	return filterLL(y, hz, q)
}

func fitLLT(y []float64, hz int) fit {
	ql, qs := best2(func(ql, qs float64) float64 { return filterLLT(y, len(y), ql, qs).deviance() })
	return filterLLT(y, hz, ql, qs)
}

func fitLLP(y []float64, hz, period int) fit {
	q := best1(func(q float64) float64 { return filterLLP(y, len(y), period, q).deviance() })
	return filterLLP(y, hz, period, q)
}

// combine is LLP5's weighted average of LLT (a) and LLP (b): weights the
// inverse of each model's mean squared one-step error over the values
// both predicted; a model with no error takes all the weight.
func combine(y []float64, a, b forecast) forecast {
	ea, eb, k := 0.0, 0.0, 0
	for t, v := range y {
		if math.IsNaN(v) || math.IsNaN(a.mean[t]) || math.IsNaN(b.mean[t]) {
			continue
		}
		ea += (v - a.mean[t]) * (v - a.mean[t])
		eb += (v - b.mean[t]) * (v - b.mean[t])
		k++
	}
	wa := 0.5
	switch {
	case k == 0 || ea == eb:
	case ea == 0:
		wa = 1
	case eb == 0:
		wa = 0
	default:
		wa = (1 / ea) / (1/ea + 1/eb)
	}
	out := newForecast(len(a.mean))
	for t := range out.mean {
		switch {
		case math.IsNaN(a.mean[t]):
			out.mean[t], out.vari[t] = b.mean[t], b.vari[t]
		case math.IsNaN(b.mean[t]):
			out.mean[t], out.vari[t] = a.mean[t], a.vari[t]
		default:
			out.mean[t] = wa*a.mean[t] + (1-wa)*b.mean[t]
			out.vari[t] = wa*a.vari[t] + (1-wa)*b.vari[t]
		}
	}
	return out
}

func countBoth(x, y []float64) int {
	k := 0
	for t := range x {
		if !math.IsNaN(x[t]) && !math.IsNaN(y[t]) {
			k++
		}
	}
	return k
}

// writePredictions sets each forecast on its results and appends the
// future results, their _time one step (the last step between results)
// after another.
func writePredictions(rows []value.Fields, outs []predictOut) []value.Fields {
	n := len(rows)
	total := n
	for _, o := range outs {
		total = max(total, len(o.fc.mean))
	}
	last, step, timed := 0.0, 0.0, false
	if n >= 2 {
		t1, ok1 := rows[n-1].Get("_time").Number()
		t0, ok0 := rows[n-2].Get("_time").Number()
		last, step, timed = t1, t1-t0, ok0 && ok1 && t1 > t0
	}
	for i := n; i < total; i++ {
		r := value.Fields{}
		if timed {
			r.Set("_time", value.Num(last+float64(i-n+1)*step))
		}
		rows = append(rows, r)
	}
	for _, o := range outs {
		pred := o.f.Pred()
		lo, hi := o.g.BoundField(o.f, false), o.g.BoundField(o.f, true)
		zl, zh := zScore(o.g.Lower.Level), zScore(o.g.Upper.Level)
		for t, m := range o.fc.mean {
			if math.IsNaN(m) {
				continue
			}
			sd := math.Sqrt(math.Max(o.fc.vari[t], 0))
			rows[t].Set(pred, value.Num(m))
			rows[t].Set(lo, value.Num(m-zl*sd))
			rows[t].Set(hi, value.Num(m+zh*sd))
		}
	}
	return rows
}
