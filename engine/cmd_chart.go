package engine

import (
	"math"
	"sort"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// chart and timechart share chartCore: rows by one field (timechart:
// _time binned), and with a split-by field one column per series.
//
//   - limit (default 10, 0 for all) keeps the series with the largest sum
//     of their first function's values (timechart with several functions:
//     the most rows, its page's rule); the rest are merged into OTHER
//     (useother=true, the default) or dropped. Ties keep the
//     lexicographic order [UNCONFIRMED].
//   - Rows whose split-by value is null form the NULL series
//     (usenull=true, the default).
//   - Columns: the row field, then the series in automatic order
//     (numbers numerically, then text), then NULL, then OTHER
//     [UNCONFIRMED column order]. With several functions a column is
//     named "<function>: <series>", all series of the first function
//     first.
//   - A cell with no rows holds the function's value over nothing: 0 for
//     count and dc, empty for the others (timechart fills empty buckets
//     so, with cont=true).
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/chart
func init() {
	registerStream("chart", buildChart)
}

type chartEntry struct {
	row    value.Value
	series string
	isNull bool
	t      float64
	inputs []value.Value
	// wild holds the values of the fields wildcard functions match.
	wild []wildInput
	// whereIn is the input of the where clause's function.
	whereIn value.Value
}

type chartCore struct {
	rc        *runCtx
	aggs      []*compiledAgg
	rowField  string
	rowName   string
	bin       *binSpec // nil: rows by value
	cont      bool
	colField  string
	limit     int
	useother  bool
	usenull   bool
	otherstr  string
	nullstr   string
	entries   []chartEntry
	lo, hi    float64
	haveRange bool
	where     *seriesWhere
	cols      []chartCol
	// valuePrefix names a series whose value starts with "_" VALUE_...
	// (timechart: "Prepending VALUE to the names of some fields that begin
	// with underscore").
	valuePrefix bool
	// wild is set when a function has a wildcard field (chart sum(*)).
	wild *wildFields
	// format names a column when there are several data series (format=
	// and sep=, with $AGG$ and $VAL$).
	format string
	// rankByCount makes limit= rank the series by their number of rows
	// rather than by the first function (timechart with several
	// functions).
	rankByCount bool
}

func newChartCore(rc *runCtx, name string, o spl.ChartOptions, aggs []spl.Aggregation) (*chartCore, error) {
	compute, cols, exprs, err := expandEvalAggs(rc, name, aggs)
	if err != nil {
		return nil, err
	}
	cas, err := compileAggs(rc, compute, aggOptions{cmd: name, evalOK: true, wildcardOK: name == "chart"})
	if err != nil {
		return nil, err
	}
	for i, x := range exprs {
		if x != nil {
			if cols[i].eval, err = (&exprCompiler{rc: rc}).compile(x); err != nil {
				return nil, err
			}
		}
	}
	w, err := compileSeriesWhere(rc, name, o.Where)
	if err != nil {
		return nil, err
	}
	return &chartCore{rc: rc, aggs: cas, limit: o.Limit, useother: o.UseOther, usenull: o.UseNull,
		cont: o.Cont, otherstr: o.OtherStr, nullstr: o.NullStr, where: w, cols: cols, wild: newWildFields(cas), format: o.Format}, nil
}

func (c *chartCore) push(rows []value.Fields) error {
	for _, r := range rows {
		rv := r.Get(c.rowField)
		if c.rowField == "" {
			rv = value.Str("")
		}
		if rv.IsNull() || rv.IsMulti() {
			continue
		}
		e := chartEntry{row: rv, t: rowTime(r)}
		if c.colField != "" {
			cv := r.Get(c.colField)
			switch {
			case cv.IsNull() && !c.usenull:
				continue
			case cv.IsNull():
				e.isNull = true
			default:
				e.series = cv.First().String()
			}
		}
		if c.bin != nil {
			f, ok := rv.Number()
			if !ok {
				continue
			}
			if !c.haveRange {
				c.lo, c.hi, c.haveRange = f, f, true
			}
			c.lo, c.hi = math.Min(c.lo, f), math.Max(c.hi, f)
		}
		e.inputs = make([]value.Value, len(c.aggs))
		for i, a := range c.aggs {
			if a.pattern == nil {
				e.inputs[i] = a.input(r)
			}
		}
		if c.wild != nil {
			e.wild = c.wild.inputs(r, c.rowField, c.colField)
		}
		if c.where != nil && c.where.agg != nil {
			e.whereIn = c.where.agg.input(r)
		}
		c.entries = append(c.entries, e)
	}
	return nil
}

// result builds the chart's rows.
func (c *chartCore) result() []value.Fields {
	if c.bin != nil {
		c.bin.choose(c.lo, c.hi)
		c.bin.auto = false
		for i := range c.entries {
			c.entries[i].row = c.bin.apply(c.entries[i].row)
		}
	}
	cols := c.dataCols()
	series := c.pickSeries()
	cells := map[string]map[string]*chartCell{}
	rowVals := map[string]value.Value{}
	for _, e := range c.entries {
		name, ok := series.of(e)
		if !ok {
			continue
		}
		rk := e.row.String()
		if cells[rk] == nil {
			cells[rk] = map[string]*chartCell{}
			rowVals[rk] = e.row
		}
		cl := cells[rk][name]
		if cl == nil {
			cl = c.newCell()
			cells[rk][name] = cl
		}
		cl.add(c.aggs, e)
	}
	keys := make([]value.Value, 0, len(rowVals))
	for _, v := range rowVals {
		keys = append(keys, v)
	}
	less := func(i, j int) bool { return value.CompareAuto(keys[i], keys[j]) < 0 }
	if c.bin != nil && !c.bin.isTime {
		// Numeric buckets ("2-4", "128-256") in the order of their start,
		// as the chart page's log2 table lists them: sort's automatic
		// collation.
		less = func(i, j int) bool { return collate("auto", keys[i], keys[j]) < 0 }
	}
	sort.Slice(keys, less)
	if c.bin != nil && c.bin.isTime && c.cont && len(keys) > 1 {
		keys = c.fillTimes(keys)
	}
	if c.rowField == "" && len(keys) == 0 {
		keys = []value.Value{value.Str("")}
	}
	var out []value.Fields
	for _, k := range keys {
		row := value.Fields{}
		if c.rowField != "" {
			row = append(row, value.Field{Name: c.rowName, Value: k})
		}
		for _, cc := range cols {
			for _, name := range series.columns {
				v := c.colValue(cc, cells[k.String()][name])
				if c.valuePrefix && strings.HasPrefix(name, "_") {
					name = "VALUE" + name
				}
				col := name
				switch {
				case c.colField == "":
					col = cc.name
				case len(cols) > 1:
					col = c.seriesName(cc.name, name)
				}
				row = setKeep(row, col, v)
			}
		}
		out = append(out, row)
	}
	return out
}

// seriesName names the column of one function's series when there are
// several data series: format= with $AGG$ and $VAL$ replaced, by default
// "<function>: <series>" [UNCONFIRMED: the pages give no default sep].
func (c *chartCore) seriesName(agg, val string) string {
	if c.format == "" {
		return agg + ": " + val
	}
	return strings.NewReplacer("$AGG$", agg, "$VAL$", val).Replace(c.format)
}

// fillTimes adds the empty buckets between the first and last one.
func (c *chartCore) fillTimes(keys []value.Value) []value.Value {
	lo, _ := keys[0].Number()
	hi, _ := keys[len(keys)-1].Number()
	var out []value.Value
	for t := lo; t <= hi && len(out) < 100000; {
		out = append(out, value.Num(t))
		next := c.bin.floorTime(t + c.bin.time.seconds())
		if c.bin.time.unit == "mon" {
			next = c.bin.floorTime(t + 32*86400)
		}
		if next <= t {
			break
		}
		t = next
	}
	return out
}

type seriesSet struct {
	columns []string
	keep    map[string]bool
	c       *chartCore
}

// of names the column an entry goes to, or false when it is dropped.
func (s *seriesSet) of(e chartEntry) (string, bool) {
	if s.c.colField == "" {
		return "", true
	}
	if e.isNull {
		return s.c.nullstr, true
	}
	if s.keep[e.series] {
		return e.series, true
	}
	if s.c.useother {
		return s.c.otherstr, true
	}
	return "", false
}

func (c *chartCore) pickSeries() *seriesSet {
	s := &seriesSet{c: c, keep: map[string]bool{}}
	if c.colField == "" {
		s.columns = []string{""}
		return s
	}
	first, input := c.firstSeries()
	rank, rankIn := first, input
	if c.rankByCount {
		rank = &compiledAgg{fn: aggFuncs["count"]}
		rankIn = func(chartEntry) value.Value { return value.Num(1) }
	}
	score := map[string]aggState{}
	hasNull := false
	for _, e := range c.entries {
		if e.isNull {
			hasNull = true
			continue
		}
		sc := score[e.series]
		if sc == nil {
			sc = rank.newState()
			score[e.series] = sc
		}
		sc.add(rankIn(e), e.t)
	}
	names := make([]string, 0, len(score))
	for n := range score {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return value.CompareAuto(value.Str(names[i]), value.Str(names[j])) < 0 })
	kept := names
	if c.where != nil {
		kept = c.where.keep(c.entries, names, first, input)
	} else if c.limit > 0 && len(names) > c.limit {
		ranked := append([]string(nil), names...)
		sort.SliceStable(ranked, func(i, j int) bool {
			a, _ := score[ranked[i]].result().Number()
			b, _ := score[ranked[j]].result().Number()
			return a > b
		})
		top := map[string]bool{}
		for _, n := range ranked[:c.limit] {
			top[n] = true
		}
		kept = nil
		for _, n := range names {
			if top[n] {
				kept = append(kept, n)
			}
		}
	}
	for _, n := range kept {
		s.keep[n] = true
	}
	s.columns = append(s.columns, kept...)
	if hasNull {
		s.columns = append(s.columns, c.nullstr)
	}
	if len(kept) < len(names) && c.useother {
		s.columns = append(s.columns, c.otherstr)
	}
	return s
}

type chartStage struct {
	next stage
	core *chartCore
}

func (s *chartStage) push(rows []value.Fields) error { return s.core.push(rows) }

func (s *chartStage) finish() error {
	rows := s.core.result()
	if len(rows) > 0 {
		if err := s.next.push(rows); err != nil {
			return err
		}
	}
	return s.next.finish()
}

func buildChart(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
	c := cmd.(*spl.ChartCommand)
	if err := splitByInFunction("chart", c.Aggs, c.Over, c.By); err != nil {
		return nil, err
	}
	// "Unless you specify a split-by clause, the eval expression must be
	// renamed" (chart page, 10.0).
	for _, a := range c.Aggs {
		if a.IsEvalOfAggs() && a.As == "" && c.Over == nil && c.By == nil {
			return nil, errAt(a, "chart: eval(...) without a BY clause needs a name: add AS <field>")
		}
	}
	core, err := newChartCore(rc, "chart", c.ChartOptions, c.Aggs)
	if err != nil {
		return nil, err
	}
	if c.Over != nil {
		core.rowField, core.rowName = c.Over.Name, c.Over.Name
		if c.Binning.Span != nil || c.Binning.Bins != 0 || c.Over.Name == "_time" {
			core.bin, err = compileBinSpec(rc, c, "chart", c.Binning, c.Over.Name)
			if err != nil {
				return nil, err
			}
			core.cont = false
		}
	}
	if c.By != nil {
		core.colField = c.By.Name
	}
	return &chartStage{next: next, core: core}, nil
}

// splitByInFunction refuses a split-by field that a function reads: "If
// you use chart or timechart, you cannot use a field that you specify in a
// function as your split-by field" (timechart page, 10.0: chart sum(A) by
// A is the example; eval A1=A and split by A1 instead).
func splitByInFunction(cmd string, aggs []spl.Aggregation, splits ...*spl.FieldName) error {
	for _, s := range splits {
		if s == nil {
			continue
		}
		for _, a := range aggs {
			if a.Field != "" && a.Field == s.Name {
				return errAt(s, "%s: %s is both a function's field and a split-by field; copy it first (eval %s1=%s) and split by the copy", cmd, s.Name, s.Name, s.Name)
			}
		}
	}
	return nil
}
