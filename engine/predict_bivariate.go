package engine

import "math"

// The bivariate local level model of BiLL and LLB: two levels that move
// together, y = level + e with e ~ N(0, H) and level' = level + n with
// n ~ N(0, q·H) (a "homogeneous" model: the state noise is the
// observation noise's covariance scaled by one ratio q). q and H are
// estimated by maximum likelihood on the results where both series have
// values; the filter then takes every value there is, one series alone
// included, so that LLB's correlate series informs the other.

type mat2 [2][2]float64

// biEstimate finds q and H from the results where both values are there.
func biEstimate(x, y []float64) (float64, mat2) {
	run := func(q float64) (mat2, float64, int) {
		var s mat2
		sumLogF, m := 0.0, 0
		started := false
		var ax, ay, p float64
		for t := range x {
			obs := !math.IsNaN(x[t]) && !math.IsNaN(y[t])
			if !started {
				if obs {
					ax, ay, p, started = x[t], y[t], 1+q, true
				}
				continue
			}
			if obs {
				F := p + 1
				vx, vy := x[t]-ax, y[t]-ay
				s[0][0] += vx * vx / F
				s[0][1] += vx * vy / F
				s[1][1] += vy * vy / F
				sumLogF += math.Log(F)
				m++
				ax += p / F * vx
				ay += p / F * vy
				p = p / F
			}
			p += q
		}
		if m > 0 {
			for i := range 2 {
				for j := range 2 {
					s[i][j] /= float64(m)
				}
			}
		}
		s[1][0] = s[0][1]
		return s, sumLogF, m
	}
	q := best1(func(q float64) float64 {
		h, sumLogF, m := run(q)
		det := h[0][0]*h[1][1] - h[0][1]*h[1][0]
		if m == 0 {
			return math.NaN()
		}
		if det <= 1e-300 {
			// One series a multiple of the other, or constant: judge by
			// the sum of the variances instead.
			tr := h[0][0] + h[1][1]
			if tr <= 1e-300 {
				return math.Inf(-1)
			}
			return float64(m)*math.Log(tr) + sumLogF
		}
		return float64(m)*math.Log(det) + 2*sumLogF
	})
	h, _, _ := run(q)
	return q, h
}

// biFilter runs the bivariate filter. With condY, x's prediction at each
// result is conditioned on y's value there (LLB); otherwise each series
// gets its one-step-ahead prediction (BiLL).
func biFilter(x, y []float64, n int, q float64, h mat2, condY bool) (forecast, forecast) {
	fx, fy := newForecast(n), newForecast(n)
	at := func(s []float64, t int) float64 {
		if t < len(s) {
			return s[t]
		}
		return math.NaN()
	}
	started := false
	var a [2]float64
	var p mat2
	for t := 0; t < n; t++ {
		v := [2]float64{at(x, t), at(y, t)}
		obs := [2]bool{!math.IsNaN(v[0]), !math.IsNaN(v[1])}
		if !started {
			if obs[0] && obs[1] {
				a, p, started = v, addMat(h, scaleMat(h, q)), true
			}
			continue
		}
		f := addMat(p, h)
		fx.mean[t], fx.vari[t] = a[0], f[0][0]
		fy.mean[t], fy.vari[t] = a[1], f[1][1]
		if condY && obs[1] && f[1][1] > 0 {
			fx.mean[t] = a[0] + f[0][1]/f[1][1]*(v[1]-a[1])
			fx.vari[t] = f[0][0] - f[0][1]*f[0][1]/f[1][1]
		}
		det := f[0][0]*f[1][1] - f[0][1]*f[1][0]
		if obs[0] && obs[1] && det > 1e-12*f[0][0]*f[1][1] {
			inv := mat2{{f[1][1] / det, -f[0][1] / det}, {-f[1][0] / det, f[0][0] / det}}
			k := mulMat(p, inv)
			for i := range 2 {
				a[i] += k[i][0]*(v[0]-a[0]) + k[i][1]*(v[1]-a[1])
			}
			p = subMat(p, mulMat(k, p))
		} else {
			for s := range 2 {
				if !obs[s] {
					continue
				}
				fs := p[s][s] + h[s][s]
				if fs <= 0 {
					continue
				}
				e := v[s] - a[s]
				k := [2]float64{p[0][s] / fs, p[1][s] / fs}
				for i := range 2 {
					a[i] += k[i] * e
				}
				for i := range 2 {
					for j := range 2 {
						p[i][j] -= k[i] * k[j] * fs
					}
				}
			}
		}
		p = addMat(p, scaleMat(h, q))
	}
	return fx, fy
}

func addMat(a, b mat2) mat2 {
	return mat2{{a[0][0] + b[0][0], a[0][1] + b[0][1]}, {a[1][0] + b[1][0], a[1][1] + b[1][1]}}
}

func subMat(a, b mat2) mat2 { return addMat(a, scaleMat(b, -1)) }

func scaleMat(a mat2, k float64) mat2 {
	return mat2{{a[0][0] * k, a[0][1] * k}, {a[1][0] * k, a[1][1] * k}}
}

func mulMat(a, b mat2) mat2 {
	var out mat2
	for i := range 2 {
		for j := range 2 {
			out[i][j] = a[i][0]*b[0][j] + a[i][1]*b[1][j]
		}
	}
	return out
}
