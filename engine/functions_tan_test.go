package engine

import (
	"math"
	"testing"
)

// TestTanNearMathTan checks the extended-precision tan against Go's
// math.Tan, an independent path: they may differ by one unit in the last
// place, never more.
func TestTanNearMathTan(t *testing.T) {
	for i := -2000; i <= 2000; i++ {
		x := float64(i) * 0.0137
		got, want := tan(x), math.Tan(x)
		if d := math.Abs(got - want); d > 2*math.Abs(math.Nextafter(want, math.Inf(1))-want) {
			t.Errorf("tan(%v) = %v, math.Tan %v", x, got, want)
		}
	}
	for _, x := range []float64{0, math.Inf(1), math.NaN(), 1e300} {
		if got, want := tan(x), math.Tan(x); !(got == want || math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("tan(%v) = %v, want %v", x, got, want)
		}
	}
}
