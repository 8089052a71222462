package engine

import (
	"sort"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// correlate gives the co-occurrence of the results' fields as a matrix:
// one result per field, its name in RowField, and under each field's name
// "the percentage of times that the two fields exist in the same events",
// read as the share of the results holding either field that hold both
// (1 on the diagonal) [UNCONFIRMED: the page gives no formula; spelunk
// prints the share from 0 to 1]. Fields are those of the results, internal
// ones (_time, _raw, ...) aside, sorted by name; at most 1000 (limits.conf
// [correlate] maxfields), the first met.
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/correlate
func init() {
	registerStream("correlate", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			return runCorrelate(rows), nil
		}}, nil
	})
}

const correlateMaxFields = 1000

func runCorrelate(rows []value.Fields) []value.Fields {
	index := map[string]int{}
	var names []string
	var sets [][]int // the field indexes of each result
	for _, r := range rows {
		var set []int
		for _, f := range r {
			if strings.HasPrefix(f.Name, "_") || f.Value.IsNull() {
				continue
			}
			i, ok := index[f.Name]
			if !ok {
				if len(names) >= correlateMaxFields {
					continue
				}
				i = len(names)
				index[f.Name] = i
				names = append(names, f.Name)
			}
			set = append(set, i)
		}
		sets = append(sets, set)
	}
	n := len(names)
	both := make([][]int, n)
	for i := range both {
		both[i] = make([]int, n)
	}
	for _, set := range sets {
		for _, a := range set {
			for _, b := range set {
				both[a][b]++
			}
		}
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return names[order[a]] < names[order[b]] })
	out := make([]value.Fields, 0, n)
	for _, a := range order {
		r := value.Fields{{Name: "RowField", Value: value.Str(names[a])}}
		for _, b := range order {
			either := both[a][a] + both[b][b] - both[a][b]
			share := 0.0
			if either > 0 {
				share = float64(both[a][b]) / float64(either)
			}
			r = append(r, value.Field{Name: names[b], Value: value.Num(share)})
		}
		out = append(out, r)
	}
	return out
}
