package engine

import (
	"encoding/json"
	"math"
	"sort"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// fieldsummary returns one result per field, in name order, with the
// page's columns: field, count (results with the field), distinct_count,
// is_exact, max, mean, min, numeric_count, stdev (sample) and values, a
// JSON array of {"value","count"} objects, most frequent first, at most
// maxvals of them (0: all). The numeric columns are over the numeric
// values and empty when there are none.
// [UNCONFIRMED] Fields whose names start with "_" are left out, values of
// equal count are in text order, each value of a multivalue field counts,
// and is_exact is 0 only when the distinct values outnumber a maxvals
// other than 0 (the page's wording); spelunk keeps every value, so its
// distinct_count stays exact even then.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/fieldsummary
func init() {
	registerStream("fieldsummary", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.FieldsummaryCommand)
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			return summarizeFields(rows, c), nil
		}}, nil
	})
}

type fieldSummary struct {
	count, numeric  int
	min, max        float64
	values          map[string]int
	meanAcc, m2Welf float64
}

func summarizeFields(rows []value.Fields, c *spl.FieldsummaryCommand) []value.Fields {
	sums := map[string]*fieldSummary{}
	for _, r := range rows {
		for _, f := range r {
			if f.Value.IsNull() || strings.HasPrefix(f.Name, "_") || !wantedField(c.Fields, f.Name) {
				continue
			}
			s := sums[f.Name]
			if s == nil {
				s = &fieldSummary{values: map[string]int{}, min: math.Inf(1), max: math.Inf(-1)}
				sums[f.Name] = s
			}
			s.count++
			for _, v := range f.Value.Values() {
				s.values[v.String()]++
				if n, ok := v.Number(); ok {
					s.numeric++
					s.min, s.max = math.Min(s.min, n), math.Max(s.max, n)
					// Welford's update keeps stdev accurate for large values.
					d := n - s.meanAcc
					s.meanAcc += d / float64(s.numeric)
					s.m2Welf += d * (n - s.meanAcc)
				}
			}
		}
	}
	names := make([]string, 0, len(sums))
	for n := range sums {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]value.Fields, 0, len(names))
	for _, n := range names {
		s := sums[n]
		row := value.Fields{
			{Name: "field", Value: value.Str(n)},
			{Name: "count", Value: value.Num(float64(s.count))},
			{Name: "distinct_count", Value: value.Num(float64(len(s.values)))},
			{Name: "is_exact", Value: value.Num(boolNum(c.MaxVals == 0 || len(s.values) <= c.MaxVals))},
		}
		if s.numeric > 0 {
			row.Set("max", value.Num(s.max))
			row.Set("mean", value.Num(s.meanAcc))
			row.Set("min", value.Num(s.min))
		} else {
			row.Set("max", value.Str(""))
			row.Set("mean", value.Str(""))
			row.Set("min", value.Str(""))
		}
		row.Set("numeric_count", value.Num(float64(s.numeric)))
		if s.numeric > 1 {
			row.Set("stdev", value.Num(math.Sqrt(s.m2Welf/float64(s.numeric-1))))
		} else {
			row.Set("stdev", value.Str(""))
		}
		row.Set("values", value.Str(valuesJSON(s.values, c.MaxVals)))
		out = append(out, row)
	}
	return out
}

func boolNum(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// wantedField matches a field against the command's wildcard list (all
// fields when it is empty).
func wantedField(list []spl.FieldName, name string) bool {
	if len(list) == 0 {
		return true
	}
	for _, f := range list {
		if f.Name == name || strings.Contains(f.Name, "*") && wildcardMatchFold(f.Name, name) {
			return true
		}
	}
	return false
}

// valuesJSON writes the most frequent values first, ties in text order.
func valuesJSON(counts map[string]int, maxVals int) string {
	type vc struct {
		Value string `json:"value"`
		Count int    `json:"count"`
	}
	list := make([]vc, 0, len(counts))
	for v, n := range counts {
		list = append(list, vc{v, n})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].Count != list[j].Count {
			return list[i].Count > list[j].Count
		}
		return list[i].Value < list[j].Value
	})
	if maxVals > 0 && len(list) > maxVals {
		list = list[:maxVals]
	}
	b, _ := json.Marshal(list)
	return string(b)
}
