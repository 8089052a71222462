package engine

import (
	"sort"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// xyseries makes one row per value of the x field, in the order the values
// first appear (grouped=false makes it a streaming command), holding the
// x field and one column per value of the y-name field with the y-data
// field's value. The columns are sorted by series value as chart sorts its
// series (the page's example lists 138, 245, ... 806 in that order); with
// several data fields they are named <data><sep><name> (sep defaults to
// ":"; format's $AGG$ and $VAL$ win over it) and come data field by data
// field. Results without the x field are left out; when two results give
// the same cell the last one wins [choice: the page says only that
// "results that contain duplicate values are removed"]. grouped=true only
// tells Splunk the input is sorted by x; offline all results are seen at
// once, so it changes nothing.
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
	var names []string
	seen := map[string]bool{}
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
		nv := r.Get(c.YName.Name)
		if nv.IsNull() {
			continue
		}
		name := nv.String()
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
		for _, data := range c.YData {
			if v := r.Get(data.Name); !v.IsNull() {
				out[i].Set(xyseriesColumn(c, data.Name, name), v)
			}
		}
	}
	sort.SliceStable(names, func(i, j int) bool { return value.CompareAuto(value.Str(names[i]), value.Str(names[j])) < 0 })
	var cols []string
	for _, data := range c.YData {
		for _, name := range names {
			cols = append(cols, xyseriesColumn(c, data.Name, name))
		}
	}
	// Every row gets every column, null where it has no value (as chart's
	// rows do): the fields of the rows give the column order of the
	// results.
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
