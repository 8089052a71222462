package engine

import (
	"sort"
	"strconv"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// outlier removes or truncates numeric values outside the inter-quartile
// fences, as the page's Usage states: a value below
// perc25 - param*IQR (only with uselower=true) or above
// perc75 + param*IQR is an outlier, IQR being perc75 - perc25.
// action=transform (the default) sets it to the fence it crossed, written
// after "000" when mark=true; action=remove drops the result holding it.
// param defaults to 2.5. Without fields, every field not starting with
// "_" that holds a number in some result.
// [UNCONFIRMED: the page does not say how the percentiles are taken;
// spelunk takes them as stats perc25/perc75 do (nearest rank), so the
// fences equal those of eventstats perc25(x) perc75(x). Values that are
// not single numbers neither count nor change.]
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/outlier
func init() {
	registerStream("outlier", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.OutlierCommand)
		o, err := outlierFromOptions(cmd, c.Options, c.Fields)
		if err != nil {
			return nil, err
		}
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			return o.run(rows), nil
		}}, nil
	})
}

// outlierRun is outlier's settings, shared with anomalydetection method=iqr.
type outlierRun struct {
	remove, mark, uselower bool
	param                  float64
	fields                 []string
}

// outlierFromOptions reads outlier's options; others are errors.
func outlierFromOptions(cmd spl.Node, opts []spl.Option, fields []spl.FieldName) (*outlierRun, error) {
	o := &outlierRun{param: 2.5}
	for _, f := range fields {
		o.fields = append(o.fields, f.Name)
	}
	for _, op := range opts {
		v := strings.ToLower(op.Value)
		switch strings.ToLower(op.Key) {
		case "action":
			o.remove = v == "remove" || v == "rm"
		case "mark":
			o.mark = isTrue(v)
		case "uselower":
			o.uselower = isTrue(v)
		case "param":
			p, err := strconv.ParseFloat(op.Value, 64)
			if err != nil || p < 0 {
				return nil, errAt(op, "param=%s must be a number, 0 or more", op.Value)
			}
			o.param = p
		default:
			return nil, errAt(op, "%s=%s is not an outlier option", op.Key, op.Value)
		}
	}
	return o, nil
}

// isTrue reads a boolean option value as Splunk's argument parsing does.
func isTrue(v string) bool {
	switch strings.ToLower(v) {
	case "true", "t", "1", "yes", "y":
		return true
	}
	return false
}

// singleNumber is v's number when it is one value that reads as a number.
func singleNumber(v value.Value) (float64, bool) {
	if v.IsNull() || v.IsMulti() {
		return 0, false
	}
	return v.Number()
}

// quartiles gives perc25 and perc75 of xs by nearest rank; xs is sorted.
func quartiles(xs []float64) (q1, q3 float64) {
	sort.Float64s(xs)
	return xs[nearestRank(25, len(xs))], xs[nearestRank(75, len(xs))]
}

func (o *outlierRun) run(rows []value.Fields) []value.Fields {
	names := o.fields
	if len(names) == 0 {
		names = numericFieldNames(rows)
	}
	drop := make([]bool, len(rows))
	for _, name := range names {
		var xs []float64
		for _, r := range rows {
			if x, ok := singleNumber(r.Get(name)); ok {
				xs = append(xs, x)
			}
		}
		if len(xs) == 0 {
			continue
		}
		q1, q3 := quartiles(xs)
		lo, hi := q1-o.param*(q3-q1), q3+o.param*(q3-q1)
		for i := range rows {
			x, ok := singleNumber(rows[i].Get(name))
			if !ok {
				continue
			}
			fence := 0.0
			switch {
			case x > hi:
				fence = hi
			case o.uselower && x < lo:
				fence = lo
			default:
				continue
			}
			if o.remove {
				drop[i] = true
				continue
			}
			nv := value.Num(fence)
			if o.mark {
				nv = value.Str("000" + nv.String())
			}
			rows[i].Set(name, nv)
		}
	}
	out := rows[:0]
	for i, r := range rows {
		if !drop[i] {
			out = append(out, r)
		}
	}
	return out
}

// numericFieldNames lists, in order of appearance, the fields not starting
// with "_" that hold a single number in some row.
func numericFieldNames(rows []value.Fields) []string {
	var names []string
	seen := map[string]bool{}
	for _, r := range rows {
		for _, f := range r {
			if seen[f.Name] || strings.HasPrefix(f.Name, "_") {
				continue
			}
			if _, ok := singleNumber(f.Value); ok {
				seen[f.Name] = true
				names = append(names, f.Name)
			}
		}
	}
	return names
}
