package engine

import (
	"math"
	"sort"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// seriesWhere is the where clause of chart and timechart's split-by field
// (Search Reference, timechart, "where clause"): its function is computed
// over each series' events (count counts them; max(delay) is the largest
// delay of the series), and the series kept are those in the top or
// bottom N by it, or past a threshold. The others go to OTHER, as those
// past limit= do. With a where clause, limit= does not rank as well
// [choice: the page describes where as replacing the default ranking,
// "where sum in top10"].
type seriesWhere struct {
	spec *spl.SeriesWhere
	agg  *compiledAgg
	// charted is the function of a bare "where sum in top10": it reads
	// the series' charted values, one per row of the chart (the first
	// function's result in each bucket), not its events.
	charted *aggFunc
	param   float64
}

func compileSeriesWhere(rc *runCtx, cmd string, w *spl.SeriesWhere) (*seriesWhere, error) {
	if w == nil {
		return nil, nil
	}
	if a := w.Agg; a.Field == "" && a.Eval == nil && a.Func != "count" && a.Func != "c" {
		fn, param, ok := lookupAgg(a.Func)
		if !ok {
			return nil, unknownAggErr(a, cmd)
		}
		return &seriesWhere{spec: w, charted: fn, param: param}, nil
	}
	cas, err := compileAggs(rc, []spl.Aggregation{w.Agg}, aggOptions{cmd: cmd, example: "delay"})
	if err != nil {
		return nil, err
	}
	return &seriesWhere{spec: w, agg: cas[0]}, nil
}

// chartedScores applies the bare function to each series' charted values:
// first's result per (series, row) cell.
func (w *seriesWhere) chartedScores(entries []chartEntry, first *compiledAgg, input func(chartEntry) value.Value) map[string]aggState {
	type cell struct{ series, row string }
	cells := map[cell]aggState{}
	var order []cell
	for _, e := range entries {
		if e.isNull {
			continue
		}
		k := cell{e.series, e.row.String()}
		st := cells[k]
		if st == nil {
			st = first.newState()
			cells[k] = st
			order = append(order, k)
		}
		st.add(input(e), e.t)
	}
	states := map[string]aggState{}
	for _, k := range order {
		st := states[k.series]
		if st == nil {
			st = w.charted.new(w.param)
			states[k.series] = st
		}
		st.add(cells[k].result(), math.NaN())
	}
	return states
}

// keep returns the names (in their order) of the series the clause keeps.
func (w *seriesWhere) keep(entries []chartEntry, names []string, first *compiledAgg, input func(chartEntry) value.Value) []string {
	states := map[string]aggState{}
	if w.charted != nil {
		states = w.chartedScores(entries, first, input)
	}
	for _, e := range entries {
		if w.charted != nil {
			break
		}
		if e.isNull {
			continue
		}
		st := states[e.series]
		if st == nil {
			st = w.agg.newState()
			states[e.series] = st
		}
		st.add(e.whereIn, e.t)
	}
	score := map[string]float64{}
	numeric := map[string]bool{}
	for n, st := range states {
		score[n], numeric[n] = st.result().Number()
	}
	in := map[string]bool{}
	switch w.spec.Op {
	case "<", ">":
		for _, n := range names {
			in[n] = numeric[n] && (w.spec.Op == "<" && score[n] < w.spec.Threshold || w.spec.Op == ">" && score[n] > w.spec.Threshold)
		}
	default:
		ranked := append([]string(nil), names...)
		sort.SliceStable(ranked, func(i, j int) bool {
			if w.spec.Bottom {
				return score[ranked[i]] < score[ranked[j]]
			}
			return score[ranked[i]] > score[ranked[j]]
		})
		for i, n := range ranked {
			in[n] = (i < w.spec.N) == (w.spec.Op == "in")
		}
	}
	var out []string
	for _, n := range names {
		if in[n] {
			out = append(out, n)
		}
	}
	return out
}
