package engine

import (
	"math"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// x11 writes the seasonally adjusted series of a field, in the results'
// order, by the X11 method's core [UNCONFIRMED: the page names the method;
// spelunk runs its two passes without Henderson trend filters or extreme
// value corrections]: twice, a centred moving average over one period (2
// x period when even) estimates the trend, extended at both ends along its
// mean slope over the nearest period; the seasonal-irregular ratios
// (mult, the default: value / trend; add: value - trend) are smoothed
// across the same phase of each period by a 3x3 moving average (weights
// 1 2 3 2 1 over 9, fewer at the ends) and normalised by their own
// centred average, and the series divided by (or minus) the seasonal
// factors is the next pass's input. Without a period, the period is the
// one predict finds (autocorrelation of first differences) and must be 5
// or more. Every result needs a number (positive for mult), and there
// must be two periods of them.
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/x11
func init() {
	registerStream("x11", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.X11Command)
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			if len(rows) == 0 {
				return nil, nil
			}
			y := make([]float64, len(rows))
			for i, r := range rows {
				v, ok := r.Get(c.Field).Number()
				if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, errAt(c, "x11: %s has no number at result %d; x11 needs a value at every result", c.Field, i+1)
				}
				if c.Type == "mult" && v <= 0 {
					return nil, errAt(c, "x11: mult needs positive values; %s is %s at result %d (use add)", c.Field, value.FormatNumber(v), i+1)
				}
				y[i] = v
			}
			period := c.Period
			if period == 0 {
				period = findPeriod(y)
				if period < 5 {
					return nil, errAt(c, "x11: found no period of 5 or more in %s; give one, as in x11 %s15(%s)", c.Field, c.Type, c.Field)
				}
			}
			if len(y) < 2*period {
				return nil, errAt(c, "x11: a period of %d needs at least %d results, has %d", period, 2*period, len(y))
			}
			adj := x11Adjust(y, period, c.Type == "mult")
			for i := range rows {
				rows[i].Set(c.OutField(), value.Num(adj[i]))
			}
			return rows, nil
		}}, nil
	})
}

// x11Adjust runs two passes of trend, seasonal factors and adjustment.
func x11Adjust(y []float64, period int, mult bool) []float64 {
	seasonal := make([]float64, len(y))
	in := y
	for range 2 {
		trend := centredMA(in, period)
		si := make([]float64, len(y))
		for i := range y {
			if mult {
				si[i] = y[i] / trend[i]
			} else {
				si[i] = y[i] - trend[i]
			}
		}
		seasonal = seasonalFactors(si, period)
		norm := centredMA(seasonal, period)
		adj := make([]float64, len(y))
		for i := range y {
			if mult {
				seasonal[i] /= norm[i]
				adj[i] = y[i] / seasonal[i]
			} else {
				seasonal[i] -= norm[i]
				adj[i] = y[i] - seasonal[i]
			}
		}
		in = adj
	}
	return in
}

// centredMA is the centred moving average over one period (2 x period
// for an even one), extended at the ends along the mean slope of the
// nearest period of averages.
func centredMA(y []float64, period int) []float64 {
	n := len(y)
	out := make([]float64, n)
	half := period / 2
	lo, hi := half, n-1-half
	for t := lo; t <= hi; t++ {
		s := 0.0
		if period%2 == 1 {
			for j := t - half; j <= t+half; j++ {
				s += y[j]
			}
			out[t] = s / float64(period)
			continue
		}
		for j := t - half; j <= t+half; j++ {
			w := 1.0
			if j == t-half || j == t+half {
				w = 0.5
			}
			s += w * y[j]
		}
		out[t] = s / float64(period)
	}
	span := min(period, hi-lo)
	slopeLo, slopeHi := 0.0, 0.0
	if span > 0 {
		slopeLo = (out[lo+span] - out[lo]) / float64(span)
		slopeHi = (out[hi] - out[hi-span]) / float64(span)
	}
	for t := 0; t < lo; t++ {
		out[t] = out[lo] - float64(lo-t)*slopeLo
	}
	for t := hi + 1; t < n; t++ {
		out[t] = out[hi] + float64(t-hi)*slopeHi
	}
	return out
}

// seasonalFactors smooths each phase's ratios over the periods with the
// 3x3 moving average, renormalising its weights where it runs off an end.
func seasonalFactors(si []float64, period int) []float64 {
	weights := []float64{1, 2, 3, 2, 1}
	out := make([]float64, len(si))
	for phase := range period {
		var idx []int
		for t := phase; t < len(si); t += period {
			idx = append(idx, t)
		}
		for k, t := range idx {
			s, w := 0.0, 0.0
			for d := -2; d <= 2; d++ {
				if j := k + d; j >= 0 && j < len(idx) {
					s += weights[d+2] * si[idx[j]]
					w += weights[d+2]
				}
			}
			out[t] = s / w
		}
	}
	return out
}
