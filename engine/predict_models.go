package engine

import (
	"math"
)

// The state space models of predict. Each is filtered in units of the
// observation noise variance (sigma² = 1); the noise ratios q are chosen
// by maximum likelihood with sigma² concentrated out, and the variances
// are scaled by the estimated sigma² at the end. A series is a slice with
// NaN where the value is missing: the filter then predicts and does not
// update.

// forecast is a model's answer at each time index: the one-step-ahead
// prediction of the observation and its variance (in data units), NaN
// where the model gives none (before it has seen enough values).
type forecast struct {
	mean, vari []float64
}

func newForecast(n int) forecast {
	f := forecast{mean: make([]float64, n), vari: make([]float64, n)}
	for i := range f.mean {
		f.mean[i], f.vari[i] = math.NaN(), math.NaN()
	}
	return f
}

// fit is one filter run: its forecast in noise units and the sums of the
// concentrated likelihood.
type fit struct {
	fc      forecast
	sumV2F  float64 // sum of v²/F over the innovations
	sumLogF float64
	m       int // innovations counted
}

// sigma2 is the concentrated estimate of the observation noise variance.
func (f fit) sigma2() float64 {
	if f.m == 0 {
		return 0
	}
	return f.sumV2F / float64(f.m)
}

// deviance is -2 log likelihood up to a constant; -Inf for a perfect fit.
func (f fit) deviance() float64 {
	s := f.sigma2()
	if s <= 1e-300 {
		return math.Inf(-1)
	}
	return float64(f.m)*math.Log(s) + f.sumLogF
}

func (f *fit) innovation(v, F float64) {
	if F <= 0 {
		return
	}
	f.sumV2F += v * v / F
	f.sumLogF += math.Log(F)
	f.m++
}

// scaled turns the forecast into data units.
func (f fit) scaled() forecast {
	s := f.sigma2()
	for i, v := range f.fc.vari {
		if !math.IsNaN(v) {
			f.fc.vari[i] = v * s
		}
	}
	return f.fc
}

// filterLL is the local level model: y = level + e, level' = level + q·e.
// The first value sets the level with variance 1 (its own noise).
func filterLL(y []float64, n int, q float64) fit {
	ft := fit{fc: newForecast(n)}
	started := false
	var a, p float64
	for t := 0; t < n; t++ {
		obs := t < len(y) && !math.IsNaN(y[t])
		if !started {
			if obs {
				a, p, started = y[t], 1+q, true
			}
			continue
		}
		F := p + 1
		ft.fc.mean[t], ft.fc.vari[t] = a, F
		if obs {
			v := y[t] - a
			ft.innovation(v, F)
			a += p / F * v
			p = p / F
		}
		p += q
	}
	return ft
}

// filterLLT is the local level trend model: level' = level + slope + noise
// (ratio ql), slope' = slope + noise (ratio qs). The first two values set
// the level and the slope (the exact diffuse start, ignoring the state
// noise between them).
func filterLLT(y []float64, n int, ql, qs float64) fit {
	ft := fit{fc: newForecast(n)}
	first, started := -1, false
	var l, b, p00, p01, p11 float64
	for t := 0; t < n; t++ {
		obs := t < len(y) && !math.IsNaN(y[t])
		if !started {
			if obs && first < 0 {
				first = t
			} else if obs {
				k := float64(t - first)
				l, b = y[t], (y[t]-y[first])/k
				p00, p01, p11 = 1, 1/k, 2/(k*k)
				l, p00, p01, p11 = lltPredict(l, b, p00, p01, p11, ql, qs)
				started = true
			}
			continue
		}
		F := p00 + 1
		ft.fc.mean[t], ft.fc.vari[t] = l, F
		if obs {
			v := y[t] - l
			ft.innovation(v, F)
			k0, k1 := p00/F, p01/F
			l += k0 * v
			b += k1 * v
			p00, p01, p11 = p00-k0*k0*F, p01-k0*k1*F, p11-k1*k1*F
		}
		l, p00, p01, p11 = lltPredict(l, b, p00, p01, p11, ql, qs)
	}
	return ft
}

// lltPredict moves the LLT state one step: T = [[1 1] [0 1]].
func lltPredict(l, b, p00, p01, p11, ql, qs float64) (float64, float64, float64, float64) {
	return l + b, p00 + 2*p01 + p11 + ql, p01 + p11, p11 + qs
}

// filterLLP is the seasonal local level model: each phase of the period
// (t mod period) is a level of its own that moves once a period, so a
// periodic series repeats with its period.
func filterLLP(y []float64, n, period int, q float64) fit {
	ft := fit{fc: newForecast(n)}
	a := make([]float64, period)
	p := make([]float64, period)
	started := make([]bool, period)
	for t := 0; t < n; t++ {
		j := t % period
		obs := t < len(y) && !math.IsNaN(y[t])
		if !started[j] {
			if obs {
				a[j], p[j], started[j] = y[t], 1+q, true
			}
			continue
		}
		F := p[j] + 1
		ft.fc.mean[t], ft.fc.vari[t] = a[j], F
		if obs {
			v := y[t] - a[j]
			ft.innovation(v, F)
			a[j] += p[j] / F * v
			p[j] = p[j] / F
		}
		p[j] += q
	}
	return ft
}

// logGrid is the grid of log10 noise ratios the likelihood is searched
// over, then refined around the best point.
func logGrid(lo, hi, step float64) []float64 {
	var out []float64
	for x := lo; x <= hi+1e-9; x += step {
		out = append(out, x)
	}
	return out
}

// best1 finds the noise ratio with the least deviance: a coarse grid of
// log10 ratios, then a fine one around the best point. The first of equal
// points wins, so a perfect fit (deviance -Inf) takes the smallest ratio.
func best1(dev func(q float64) float64) float64 {
	bestX, bestD := 0.0, math.Inf(1)
	try := func(x float64) bool {
		if d := dev(math.Pow(10, x)); d < bestD {
			bestX, bestD = x, d
		}
		return math.IsInf(bestD, -1)
	}
	for _, x := range logGrid(-6, 3, 0.5) {
		if try(x) {
			return math.Pow(10, bestX)
		}
	}
	c := bestX
	for _, x := range logGrid(c-0.5, c+0.5, 0.05) {
		if try(x) {
			break
		}
	}
	return math.Pow(10, bestX)
}

// best2 is best1 over two ratios.
func best2(dev func(q1, q2 float64) float64) (float64, float64) {
	bx, by, bestD := 0.0, 0.0, math.Inf(1)
	try := func(x, y float64) bool {
		if d := dev(math.Pow(10, x), math.Pow(10, y)); d < bestD {
			bx, by, bestD = x, y, d
		}
		return math.IsInf(bestD, -1)
	}
	for _, x := range logGrid(-6, 2, 1) {
		for _, y := range logGrid(-6, 2, 1) {
			if try(x, y) {
				return math.Pow(10, bx), math.Pow(10, by)
			}
		}
	}
	cx, cy := bx, by
	for _, x := range logGrid(cx-1, cx+1, 0.2) {
		for _, y := range logGrid(cy-1, cy+1, 0.2) {
			if try(x, y) {
				return math.Pow(10, bx), math.Pow(10, by)
			}
		}
	}
	return math.Pow(10, bx), math.Pow(10, by)
}

// findPeriod looks for the period of a series: the lag from 2 to half
// the values whose autocorrelation of first differences is highest (the
// smallest lag within 10% of the highest, so that multiples of the
// period do not win), if that correlation is at least 0.5. Differences
// keep a trend from reading as a period. 0: not periodic.
func findPeriod(y []float64) int {
	n := len(y)
	d := make([]float64, n)
	sum, cnt := 0.0, 0
	for t := range y {
		d[t] = math.NaN()
		if t > 0 && !math.IsNaN(y[t]) && !math.IsNaN(y[t-1]) {
			d[t] = y[t] - y[t-1]
			sum += d[t]
			cnt++
		}
	}
	if cnt < 4 {
		return 0
	}
	mean := sum / float64(cnt)
	vari := 0.0
	for _, v := range d {
		if !math.IsNaN(v) {
			vari += (v - mean) * (v - mean)
		}
	}
	vari /= float64(cnt)
	if vari <= 1e-12*(mean*mean+1) {
		return 0
	}
	r := make([]float64, n/2+1)
	best := math.Inf(-1)
	for k := 2; k <= n/2; k++ {
		s, c := 0.0, 0
		for t := 0; t+k < n; t++ {
			if !math.IsNaN(d[t]) && !math.IsNaN(d[t+k]) {
				s += (d[t] - mean) * (d[t+k] - mean)
				c++
			}
		}
		r[k] = math.Inf(-1)
		if c >= 2 {
			r[k] = s / float64(c) / vari
		}
		best = math.Max(best, r[k])
	}
	if best < 0.5 {
		return 0
	}
	for k := 2; k <= n/2; k++ {
		if r[k] >= 0.9*best {
			return k
		}
	}
	return 0
}

// zScore is the normal quantile of a two-sided interval of level percent.
func zScore(level int) float64 {
	return math.Sqrt2 * math.Erfinv(float64(level)/100)
}
