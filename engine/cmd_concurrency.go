package engine

import (
	"math"
	"sort"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// concurrency writes, for each result, the number of results in progress
// when it started, itself included: "An event X is concurrent with event
// Y if X.start is between Y.start and (Y.start + Y.duration)", both ends
// included [UNCONFIRMED: the page does not say whether "between" takes
// its ends; with them an event of duration 0 counts itself, as the page
// says it must]. All results are compared, whatever their order; a
// result without a number in start or duration gets no count and is not
// counted.
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/concurrency
func init() {
	registerStream("concurrency", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.ConcurrencyCommand)
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			runConcurrency(c, rows)
			return rows, nil
		}}, nil
	})
}

func runConcurrency(c *spl.ConcurrencyCommand, rows []value.Fields) {
	starts := make([]float64, len(rows))
	var sortedStarts, ends []float64
	for i, r := range rows {
		starts[i] = math.NaN()
		s, ok1 := r.Get(c.Start).Number()
		d, ok2 := r.Get(c.Duration).Number()
		if !ok1 || !ok2 || math.IsNaN(s) || math.IsNaN(d) {
			continue
		}
		starts[i] = s
		sortedStarts = append(sortedStarts, s)
		ends = append(ends, s+d)
	}
	sort.Float64s(sortedStarts)
	sort.Float64s(ends)
	for i := range rows {
		s := starts[i]
		if math.IsNaN(s) {
			continue
		}
		// Started at or before s, minus those ended before s.
		begun := sort.Search(len(sortedStarts), func(j int) bool { return sortedStarts[j] > s })
		ended := sort.Search(len(ends), func(j int) bool { return ends[j] >= s })
		rows[i].Set(c.Output, value.Num(float64(begun-ended)))
	}
}
