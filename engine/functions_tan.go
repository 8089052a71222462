package engine

import (
	"math"
	"math/big"
)

// tanPrec is the working precision of tan, in bits: enough that the
// float64 it rounds to is the nearest one to the true tangent.
const tanPrec = 160

var tanPi, _, _ = big.ParseFloat("3.14159265358979323846264338327950288419716939937510582097494459230781640628620899863", 10, tanPrec, big.ToNearestEven)

// tan is the tangent rounded to the nearest float64, as the C library
// Splunk calls gives it: Go's math.Tan is off by one unit in the last place
// for some arguments, such as the page's tan(1) = 1.5574077246549023.
// Very large arguments, whose reduction would need more digits of pi, go
// to math.Tan.
func tan(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 1<<20 {
		return math.Tan(x)
	}
	r := new(big.Float).SetPrec(tanPrec).SetFloat64(x)
	k := new(big.Float).SetPrec(tanPrec).SetFloat64(math.Round(x / math.Pi))
	r.Sub(r, k.Mul(k, tanPi))
	sin, cos := sincosBig(r)
	if cos.Sign() == 0 {
		return math.Tan(x)
	}
	f, _ := sin.Quo(sin, cos).Float64()
	return f
}

// sincosBig sums the Taylor series of sin and cos of a reduced argument
// (|r| <= pi/2 or a little more).
func sincosBig(r *big.Float) (sin, cos *big.Float) {
	newf := func() *big.Float { return new(big.Float).SetPrec(tanPrec) }
	r2 := newf().Mul(r, r)
	sin, cos = newf().Set(r), newf().SetInt64(1)
	ts, tc := newf().Set(r), newf().SetInt64(1)
	eps := newf().SetMantExp(newf().SetInt64(1), -tanPrec-8)
	d := newf()
	for n := int64(1); n < 200; n++ {
		tc.Mul(tc, r2).Quo(tc, d.SetInt64((2*n-1)*(2*n))).Neg(tc)
		ts.Mul(ts, r2).Quo(ts, d.SetInt64((2*n)*(2*n+1))).Neg(ts)
		cos.Add(cos, tc)
		sin.Add(sin, ts)
		if newf().Abs(tc).Cmp(eps) < 0 && newf().Abs(ts).Cmp(eps) < 0 {
			break
		}
	}
	return sin, cos
}
