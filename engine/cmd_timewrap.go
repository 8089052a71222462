package engine

import (
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/timefmt"
	"github.com/spelunk-dev/spelunk/value"
)

// timewrap wraps a timechart's results by period. Periods count back from
// the end E: with align=end (the default) the search's latest time, or,
// when the search has none, the end of the last result's bucket (its _time
// plus the step between the last two results); with align=now, the
// search's now. Period 0 is [E - span, E), period 1 the span before, and
// so on; months, quarters and years are calendar ones in the search's
// time zone. Each result moves forward by whole periods into period 0:
// one result per time there, sorted, holding _time and, for each series
// (every field of the results but the internal ones) and each period,
// oldest first, the field <series>_<name>, name being latest_<unit> and
// <n><unit>s_before (series=relative, the default: "latest_week,
// 1week_before, 2weeks_before"), s0, s1, ... (series=short: "s" and the
// period's number), or the period's start formatted by time_format=
// (series=exact; default %Y-%m-%d) [UNCONFIRMED: the page names the
// periods; prefixing the series, as its BY-clause names do, and the
// column order are spelunk's]. Results at or after E are left out.
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/timewrap
func init() {
	registerStream("timewrap", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.TimewrapCommand)
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			return runTimewrap(rc, c, rows), nil
		}}, nil
	})
}

var timewrapSeconds = map[string]float64{"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400}
var timewrapMonths = map[string]int{"month": 1, "quarter": 3, "year": 12}

// wrapper moves times by whole periods.
type wrapper struct {
	c   *spl.TimewrapCommand
	loc *time.Location
}

// shift moves t forward by k periods (back when k < 0).
func (w wrapper) shift(t float64, k int) float64 {
	if s, ok := timewrapSeconds[w.c.Unit]; ok {
		return t + float64(k*w.c.N)*s
	}
	sec, frac := math.Modf(t)
	tt := time.Unix(int64(sec), 0).In(w.loc).AddDate(0, k*w.c.N*timewrapMonths[w.c.Unit], 0)
	return float64(tt.Unix()) + frac
}

// period is how many periods before the one ending at e time t lies in.
func (w wrapper) period(t, e float64) int {
	if s, ok := timewrapSeconds[w.c.Unit]; ok {
		return int(math.Ceil((e-t)/(s*float64(w.c.N)))) - 1
	}
	k := max(int((e-t)/(86400*28*float64(w.c.N*timewrapMonths[w.c.Unit])))-1, 0)
	for w.shift(t, k+1) < e {
		k++
	}
	for k > 0 && w.shift(t, k) >= e {
		k--
	}
	return k
}

func (w wrapper) name(k int, e float64) string {
	c := w.c
	switch c.Series {
	case "short":
		return "s" + strconv.Itoa(k)
	case "exact":
		f := c.TimeFormat
		if f == "" {
			f = "%Y-%m-%d"
		}
		return timefmt.Strftime(w.shift(e, -(k+1)), f, w.loc)
	}
	unit := func(n int) string {
		if n == 1 {
			return c.Unit
		}
		return strconv.Itoa(n) + c.Unit + "s"
	}
	if k == 0 {
		return "latest_" + unit(c.N)
	}
	n := k * c.N
	if n == 1 {
		return "1" + c.Unit + "_before"
	}
	return unit(n) + "_before"
}

func runTimewrap(rc *runCtx, c *spl.TimewrapCommand, rows []value.Fields) []value.Fields {
	w := wrapper{c: c, loc: rc.tz}
	if w.loc == nil {
		w.loc = time.UTC
	}
	var times []float64
	var timed []value.Fields
	for _, r := range rows {
		if t, ok := r.Get("_time").Number(); ok {
			times = append(times, t)
			timed = append(timed, r)
		}
	}
	if len(timed) == 0 {
		return nil
	}
	e := timewrapEnd(rc, c, times)
	series := publicFieldNames(timed)
	type cell struct {
		k int
		r value.Fields
	}
	byTime := map[float64][]cell{}
	maxK := 0
	for i, t := range times {
		if t >= e {
			continue
		}
		k := w.period(t, e)
		maxK = max(maxK, k)
		at := w.shift(t, k)
		byTime[at] = append(byTime[at], cell{k: k, r: timed[i]})
	}
	keys := make([]float64, 0, len(byTime))
	for t := range byTime {
		keys = append(keys, t)
	}
	sort.Float64s(keys)
	out := make([]value.Fields, 0, len(keys))
	for _, t := range keys {
		row := value.Fields{{Name: "_time", Value: value.Num(t)}}
		for _, s := range series {
			for k := maxK; k >= 0; k-- {
				v := value.Value{}
				for _, cl := range byTime[t] {
					if cl.k == k {
						v = cl.r.Get(s)
					}
				}
				if !v.IsNull() {
					row.Set(s+"_"+w.name(k, e), v)
				}
			}
		}
		out = append(out, row)
	}
	return out
}

// timewrapEnd is the end the periods count back from.
func timewrapEnd(rc *runCtx, c *spl.TimewrapCommand, times []float64) float64 {
	if c.Align == "now" {
		return rc.now
	}
	if rc.latest != nil && !math.IsInf(*rc.latest, 0) {
		return *rc.latest
	}
	sorted := append([]float64(nil), times...)
	sort.Float64s(sorted)
	last := sorted[len(sorted)-1]
	step := 1.0
	if n := len(sorted); n >= 2 && sorted[n-1] > sorted[n-2] {
		step = sorted[n-1] - sorted[n-2]
	}
	return last + step
}
