package engine

import (
	"sort"

	"github.com/spelunk-dev/spelunk/spl"
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
}

func compileSeriesWhere(rc *runCtx, cmd string, w *spl.SeriesWhere) (*seriesWhere, error) {
	if w == nil {
		return nil, nil
	}
	if a := w.Agg; a.Field == "" && a.Eval == nil && a.Func != "count" && a.Func != "c" {
		// "where sum in top10" ranks by the series' charted values,
		// bucket by bucket, which this clause does not compute.
		e := errAt(a, "%s: where %s without a field (over the charted values) is not supported yet", cmd, a.Func)
		e.Hint = "write count, or " + a.Func + "(<field>) over the series' events"
		return nil, e
	}
	cas, err := compileAggs(rc, []spl.Aggregation{w.Agg}, aggOptions{cmd: cmd, example: "delay"})
	if err != nil {
		return nil, err
	}
	return &seriesWhere{spec: w, agg: cas[0]}, nil
}

// keep returns the names (in their order) of the series the clause keeps.
func (w *seriesWhere) keep(entries []chartEntry, names []string) []string {
	states := map[string]aggState{}
	for _, e := range entries {
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
