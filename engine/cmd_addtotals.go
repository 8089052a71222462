package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// addtotals sets fieldname (default Total) on each result to the sum of
// the numeric values of the listed fields (wildcards allowed), or of
// every field when none are listed (internal fields starting with "_"
// excluded [UNCONFIRMED]). A result with no numeric value gets 0
// [UNCONFIRMED]. col=true adds a last row holding each numeric field's
// column sum, with labelfield set to label (default "Total").
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/addtotals
func init() {
	registerStream("addtotals", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.AddtotalsCommand)
		return &addtotalsStage{next: next, row: c.Row, col: c.Col, fieldname: c.FieldName, label: c.Label,
			labelfield: c.LabelField, pats: fieldNames(c.Fields), sums: map[string]float64{}}, nil
	})
}

type addtotalsStage struct {
	next             stage
	row, col         bool
	fieldname, label string
	labelfield       string
	pats             []string
	sums             map[string]float64
	order            []string
}

// summed lists the fields of r that count.
func (s *addtotalsStage) summed(r value.Fields) []string {
	if len(s.pats) == 0 {
		var out []string
		for _, f := range r {
			if !strings.HasPrefix(f.Name, "_") && f.Name != s.fieldname {
				out = append(out, f.Name)
			}
		}
		return out
	}
	var out []string
	for _, p := range s.pats {
		if !strings.Contains(p, "*") {
			if p != s.fieldname {
				out = append(out, p)
			}
			continue
		}
		for _, m := range matchingFields(r, p) {
			if m != s.fieldname {
				out = append(out, m)
			}
		}
	}
	return out
}

func (s *addtotalsStage) push(rows []value.Fields) error {
	for i := range rows {
		r := &rows[i]
		total := 0.0
		for _, name := range s.summed(*r) {
			for _, e := range r.Get(name).Values() {
				if f, ok := e.Number(); ok {
					total += f
					if s.col {
						if _, seen := s.sums[name]; !seen {
							s.order = append(s.order, name)
						}
						s.sums[name] += f
					}
				}
			}
		}
		if s.row {
			r.Set(s.fieldname, value.Num(total))
			if s.col {
				if _, seen := s.sums[s.fieldname]; !seen {
					s.order = append(s.order, s.fieldname)
				}
				s.sums[s.fieldname] += total
			}
		}
	}
	return s.next.push(rows)
}

func (s *addtotalsStage) finish() error {
	if s.col {
		var r value.Fields
		if s.labelfield != "" {
			r.Set(s.labelfield, value.Str(s.label))
		}
		for _, n := range s.order {
			r.Set(n, value.Num(s.sums[n]))
		}
		if err := s.next.push([]value.Fields{r}); err != nil {
			return err
		}
	}
	return s.next.finish()
}
