package engine

import (
	"math"
	"sort"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// rtorder buffers the events of a real-time search to give them in
// ascending time order. Offline every search is historical and all its
// results are at hand, so it sorts them by _time, oldest first (stable;
// results without a time last); its buffer options change nothing.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/rtorder
func init() {
	registerStream("rtorder", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			key := func(r value.Fields) float64 {
				if t, ok := r.Get("_time").Number(); ok {
					return t
				}
				return math.Inf(1)
			}
			sort.SliceStable(rows, func(i, j int) bool { return key(rows[i]) < key(rows[j]) })
			return rows, nil
		}}, nil
	})
}
