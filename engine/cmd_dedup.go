package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// dedup keeps the first Count results for each combination of the fields'
// values, in input order. A multivalue field matches only the same values
// in the same order. Results missing any listed field are dropped unless
// keepempty=true, which keeps them all. keepevents=true keeps duplicates
// but removes the listed fields from them; consecutive=true compares each
// result only with the one before it. With sortby the results are sorted
// first, so the first of each combination in that order is kept.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/dedup
func init() {
	registerStream("dedup", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.DedupCommand)
		names := fieldNames(c.Fields)
		seen := map[string]int{}
		prev, run := "", 0
		st := &flatStage{f: func(r value.Fields, emit func(value.Fields)) error {
			var key strings.Builder
			for _, n := range names {
				v := r.Get(n)
				if v.IsNull() {
					if c.KeepEmpty {
						emit(r)
					}
					return nil
				}
				for _, s := range v.Strings() {
					key.WriteString(s)
					key.WriteByte(0)
				}
				key.WriteByte(1)
			}
			k := key.String()
			dup := false
			if c.Consecutive {
				// Only runs of equal results count: the first Count of each
				// run stay.
				if run > 0 && k == prev {
					run++
				} else {
					prev, run = k, 1
				}
				dup = run > c.Count
			} else {
				seen[k]++
				dup = seen[k] > c.Count
			}
			switch {
			case !dup:
				emit(r)
			case c.KeepEvents:
				for _, n := range names {
					r.Delete(n)
				}
				emit(r)
			}
			return nil
		}}
		if len(c.SortBy) == 0 {
			st.next = next
			return st, nil
		}
		// sortby sorts first: "When the list of events is sorted, the
		// top-most event, of the duplicate events in the sorted list, is
		// retained" (10.0 page).
		keys := c.SortBy
		st.next = next
		return &bufferStage{next: st, done: func(rows []value.Fields) ([]value.Fields, error) {
			sortRows(rows, keys, false)
			return rows, nil
		}}, nil
	})
}
