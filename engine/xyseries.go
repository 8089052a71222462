package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// xyseries makes one row per value of the x field, in the order the values
// first appear, holding the x field and one column per value of the
// y-name field with the y-data field's value. With several data fields
// the columns are named <data><sep><name> (format's $AGG$ and $VAL$ when
// given) and come data field by data field, as chart orders its series
// [choice: the Search Reference does not give the column order]. Results
// without the x field are left out; when two results give the same cell
// the last one wins [choice]. grouped=true only tells Splunk the input is
// sorted by x; offline all results are seen at once, so it changes nothing.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/xyseries
func init() {
	registerStream("xyseries", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.XyseriesCommand)
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			return xyseries(c, rows), nil
		}}, nil
	})
}

func xyseries(c *spl.XyseriesCommand, rows []value.Fields) []value.Fields {
	var out []value.Fields
	index := map[string]int{}
	// series[d] lists the column names made for data field d, in order.
	series := make([][]string, len(c.YData))
	made := map[string]bool{}
	for _, r := range rows {
		x := r.Get(c.X.Name)
		if x.IsNull() {
			continue
		}
		k := x.String()
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			out = append(out, value.Fields{{Name: c.X.Name, Value: x}})
		}
		name := r.Get(c.YName.Name)
		if name.IsNull() {
			continue
		}
		for d, data := range c.YData {
			col := xyseriesColumn(c, data.Name, name.String())
			if !made[col] {
				made[col] = true
				series[d] = append(series[d], col)
			}
			if v := r.Get(data.Name); !v.IsNull() {
				out[i].Set(col, v)
			}
		}
	}
	// Every row gets every column, in series order, null where it has no
	// value (as chart's rows do): the fields of the rows give the column
	// order of the results.
	var cols []string
	for _, s := range series {
		cols = append(cols, s...)
	}
	for i, r := range out {
		row := make(value.Fields, 1, len(cols)+1)
		row[0] = r[0]
		for _, col := range cols {
			row = append(row, value.Field{Name: col, Value: r.Get(col)})
		}
		out[i] = row
	}
	return out
}

func xyseriesColumn(c *spl.XyseriesCommand, data, name string) string {
	switch {
	case len(c.YData) == 1:
		return name
	case c.Format != "":
		return strings.NewReplacer("$AGG$", data, "$VAL$", name).Replace(c.Format)
	}
	return data + c.Sep + name
}
