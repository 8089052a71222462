package engine

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spelunk-dev/spelunk/value"
)

// Nearest rank (https://en.wikipedia.org/wiki/Percentile#Nearest_rank):
// the value at 1-based rank ceil(p/100*n); when p/100*n is whole, spelunk
// takes the next value up (docs/SEMANTICS.md §6).
func TestNearestRank(t *testing.T) {
	tests := []struct {
		p    float64
		n    int
		want int // 0-based index
	}{
		{0, 10, 0},
		{25, 10, 2},
		{50, 10, 5},
		{50, 4, 2},
		{50, 3, 1},
		{95, 10, 9},
		{100, 10, 9},
		{29, 100, 29},
		{99.9, 1000, 999},
		{99.9, 100, 99},
		{50, 1, 0},
	}
	for _, tc := range tests {
		if got := nearestRank(tc.p, tc.n); got != tc.want {
			t.Errorf("nearestRank(%v, %d) = %d, want %d", tc.p, tc.n, got, tc.want)
		}
	}
}

// The variance of values far from zero: sumsq - sum²/n would cancel to 0.
// Expected values are the textbook ones: deviations -1, 0, 1 (and -1.5 ...
// 1.5 for four values).
func TestMomentAggStable(t *testing.T) {
	tests := []struct {
		name string
		vals []float64
		kind string
		want float64
	}{
		{"var near 1e9", []float64{1e9 + 1, 1e9 + 2, 1e9 + 3}, "var", 1},
		{"stdev near 1e9", []float64{1e9 + 1, 1e9 + 2, 1e9 + 3}, "stdev", 1},
		{"varp near 1e9", []float64{1e9 + 1, 1e9 + 2, 1e9 + 3}, "varp", 2.0 / 3},
		{"var near 1e12, four values", []float64{1e12 + 1, 1e12 + 2, 1e12 + 3, 1e12 + 4}, "var", 5.0 / 3},
		{"stdevp of equal values", []float64{1e15, 1e15, 1e15}, "stdevp", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := &momentAgg{kind: tc.kind}
			for _, v := range tc.vals {
				a.add(value.Num(v), math.NaN())
			}
			got, _ := a.result().Number()
			if diff := cmp.Diff(tc.want, got, cmp.Comparer(func(x, y float64) bool {
				return math.Abs(x-y) <= 1e-12*math.Max(1, math.Abs(y))
			})); diff != "" {
				t.Errorf("%s(%v) (-want +got):\n%s", tc.kind, tc.vals, diff)
			}
		})
	}
}
