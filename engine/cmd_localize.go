package engine

import (
	"sort"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// localize returns the time regions of the results: runs of results whose
// consecutive times are at most maxpause apart (default 1m, inclusive).
// Each region is one result: _time, the time of its first result before
// expansion; starttime, that time minus timebefore (default 30s);
// endtime, its last result's time plus timeafter (default 30s), both in
// epoch seconds, as map's searches read them. Regions come newest first,
// as a historical search's results do. Results without a time are left
// out.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/localize
func init() {
	registerStream("localize", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.LocalizeCommand)
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			var times []float64
			for _, r := range rows {
				if t, ok := r.Get("_time").Number(); ok {
					times = append(times, t)
				}
			}
			sort.Float64s(times)
			var out []value.Fields
			for i := 0; i < len(times); {
				j := i
				for j+1 < len(times) && times[j+1]-times[j] <= c.MaxPause {
					j++
				}
				out = append(out, value.Fields{
					{Name: "_time", Value: value.Num(times[i])},
					{Name: "starttime", Value: value.Num(times[i] - c.TimeBefore)},
					{Name: "endtime", Value: value.Num(times[j] + c.TimeAfter)},
				})
				i = j + 1
			}
			reverseRows(out)
			return out, nil
		}}, nil
	})
}
