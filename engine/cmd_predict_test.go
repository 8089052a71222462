package engine

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// predictSeries makes eight results one minute apart, c = 1..8, with y
// computed by the eval expression.
const predictSeries = `| makeresults count=8 | streamstats count AS c | eval _time=1700000000+c*60, y=`

// column reads a field of every result; NaN where it is missing.
func column(res *Result, name string) []float64 {
	out := make([]float64, len(res.Rows))
	for i, r := range res.Rows {
		out[i] = math.NaN()
		if v, ok := r.Get(name).Number(); ok {
			out[i] = v
		}
	}
	return out
}

var nan = math.NaN()

// TestPredictProperties checks what the predict page states of its
// models, on series whose answer is known without the code: a constant
// series predicts the constant with no spread, LLT continues a straight
// line, LLP repeats a periodic series with its period, holdback and
// future_timespan place the forecasts, and the confidence bounds are the
// normal quantiles of the levels asked.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/predict
func TestPredictProperties(t *testing.T) {
	cases := []struct {
		name, y, predict string
		field            string // the prediction field checked
		want             []float64
	}{
		// LL's first value sets the level: no prediction for it.
		{"LL constant", "5", "predict y algorithm=LL future_timespan=2", "prediction(y)",
			[]float64{nan, 5, 5, 5, 5, 5, 5, 5, 5, 5}},
		{"LL constant lower bound", "5", "predict y algorithm=LL future_timespan=2", "lower95(prediction(y))",
			[]float64{nan, 5, 5, 5, 5, 5, 5, 5, 5, 5}},
		// LLT's first two values set the level and the slope.
		{"LLT line", "3*c+1", "predict y algorithm=LLT future_timespan=3", "prediction(y)",
			[]float64{nan, nan, 10, 13, 16, 19, 22, 25, 28, 31, 34}},
		{"LLT line upper bound", "3*c+1", "predict y algorithm=LLT future_timespan=3", "upper95(prediction(y))",
			[]float64{nan, nan, 10, 13, 16, 19, 22, 25, 28, 31, 34}},
		// c = 1..8 gives 10 20 5 10 20 5 10 20; the next three repeat.
		{"LLP period given", "case(c%3==1,10,c%3==2,20,true(),5)", "predict y algorithm=LLP period=3 future_timespan=3", "prediction(y)",
			[]float64{nan, nan, nan, 10, 20, 5, 10, 20, 5, 10, 20}},
		{"LLP period found", "case(c%3==1,10,c%3==2,20,true(),5)", "predict y algorithm=LLP future_timespan=4", "prediction(y)",
			[]float64{nan, nan, nan, 10, 20, 5, 10, 20, 5, 10, 20, 5}},
		// Not periodic: LLP5 is LLT alone.
		{"LLP5 line", "2*c", "predict y future_timespan=1", "prediction(y)",
			[]float64{nan, nan, 6, 8, 10, 12, 14, 16, 18}},
		// Periodic: LLT and LLP are averaged; LLP fits exactly, so it takes
		// all the weight once both predict.
		{"LLP5 periodic", "case(c%3==1,10,c%3==2,20,true(),5)", "predict y future_timespan=3", "prediction(y)",
			nil},
		// holdback=3 leaves c = 6..8 out; future_timespan=2 forecasts
		// onto c = 6 and 7; c = 8 gets none.
		{"holdback", "if(c<6, 5, 100)", "predict y algorithm=LL holdback=3 future_timespan=2", "prediction(y)",
			[]float64{nan, 5, 5, 5, 5, 5, 5, nan}},
		{"AS and upper field", "5", "predict y AS p algorithm=LL upper80=hi future_timespan=0", "hi",
			[]float64{nan, 5, 5, 5, 5, 5, 5, 5}},
		{"BiLL constant", "5, z=9", "predict y z algorithm=BiLL future_timespan=1", "prediction(z)",
			[]float64{nan, 9, 9, 9, 9, 9, 9, 9, 9}},
		// LLB: y constant, predicted from z over the held-back results too.
		{"LLB", "7, z=c%2", "predict y AS p algorithm=LLB correlate=z holdback=3", "p",
			[]float64{nan, 7, 7, 7, 7, 7, 7, 7}},
		{"future _time", "5", "predict y algorithm=LL future_timespan=2", "_time",
			[]float64{1700000060, 1700000120, 1700000180, 1700000240, 1700000300, 1700000360, 1700000420, 1700000480, 1700000540, 1700000600}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runQuery(t, &memSource{}, predictSeries+tc.y+" | "+tc.predict)
			if err != nil {
				t.Fatal(err)
			}
			got := column(res, tc.field)
			want := tc.want
			if want == nil {
				// LLP5 periodic: LLT alone from 10, 20 at c=3 (30), where LLP
				// has no value yet; then the repeat.
				want = []float64{nan, nan, 30, 10, 20, 5, 10, 20, 5, 10, 20}
			}
			if diff := cmp.Diff(want, got, cmpopts.EquateNaNs(), cmpopts.EquateApprox(0, 1e-6)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.field, diff)
			}
		})
	}
}

// TestPredictBounds checks that the bounds sit the normal quantile of
// their level away from the prediction: z(95) = 1.959964, z(80) =
// 1.281552 (standard normal tables), on a noisy series.
func TestPredictBounds(t *testing.T) {
	res, err := runQuery(t, &memSource{}, predictSeries+"case(c==1,3,c==2,9,c==3,4,c==4,8,c==5,2,c==6,7,c==7,5,true(),6) | predict y algorithm=LL upper80=hi")
	if err != nil {
		t.Fatal(err)
	}
	p, hi, lo := column(res, "prediction(y)"), column(res, "hi"), column(res, "lower95(prediction(y))")
	checked := 0
	for i := range p {
		if math.IsNaN(p[i]) {
			continue
		}
		up, down := hi[i]-p[i], p[i]-lo[i]
		if down <= 0 || math.Abs(up/down-1.281552/1.959964) > 1e-5 {
			t.Errorf("result %d: upper80 is %g above, lower95 %g below; want the ratio 1.281552/1.959964", i, up, down)
		}
		checked++
	}
	if checked != 12 { // 7 results after the first, then 5 future ones
		t.Errorf("%d predictions, want 12", checked)
	}
}

func TestPredictErrors(t *testing.T) {
	cases := []struct{ q, want string }{
		{predictSeries + "5 | predict y algorithm=LLP", "predict: algorithm=LLP found no period in y"},
		{predictSeries + "5 | predict y algorithm=LL holdback=7", "predict: algorithm=LL needs at least 2 values of y, has 1 (after holdback=7)"},
		{predictSeries + "5 | predict y algorithm=LLT holdback=6", "predict: algorithm=LLT needs at least 3 values of y, has 2"},
		{predictSeries + "5 | predict y algorithm=LLP period=5", "predict: algorithm=LLP needs at least 10 values of y, has 8"},
		{predictSeries + "5 | predict y z algorithm=BiLL", "predict: algorithm=BiLL needs at least 2 results where both y and z have values, has 0"},
	}
	for _, tc := range cases {
		_, err := runQuery(t, &memSource{}, tc.q)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.q, err, tc.want)
		}
	}
}

func TestPredictFutureLimit(t *testing.T) {
	p := mustParse(t, predictSeries+"5 | predict y algorithm=LL future_timespan=600000")
	_, err := Run(t.Context(), p, &memSource{}, Options{Limits: &Limits{MaxResults: 500000}})
	if err == nil || !strings.Contains(err.Error(), "predict: future_timespan=600000 would make 600008 results, more than the 500000 a search may return") {
		t.Errorf("got %v", err)
	}
}
