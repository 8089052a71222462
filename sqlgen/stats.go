package sqlgen

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/spelunk-dev/spelunk/spl"
)

// The stats family in SQL (docs/SEMANTICS.md §5, §6): count counts rows,
// count(x) the rows where x is present; dc and values compare text;
// min and max prefer numbers over text; sum and avg read the numbers; a
// row with a null BY field belongs to no group unless tstats'
// fillnull_value fills it; groups come sorted by their BY values.

// agg translates one aggregation over the current state; arg reads its
// field (resolved for tstats).
func (t *translator) agg(a spl.Aggregation, arg func(string) val) (val, error) {
	if a.Sparkline != nil || a.IsEvalOfAggs() {
		return val{}, stopf("%s has no SQL translation", a.Func)
	}
	if strings.Contains(a.Field, "*") {
		return val{}, stopf("%s over a wildcard field", a.Name())
	}
	var v val
	switch {
	case a.Eval != nil:
		e, err := t.expr(a.Eval, nil)
		if err != nil {
			return val{}, err
		}
		if e.k == kBool {
			// count(eval(cond)) counts the rows where cond holds.
			e = val{"CASE WHEN " + e.sql + " THEN 1 END", kNum}
		}
		v = e
	case a.Field != "":
		v = arg(a.Field)
	}
	if v.k == kNull {
		v = val{t.d.nullStr, kText}
	}
	switch a.Func {
	case "count", "c":
		if a.Field == "" && a.Eval == nil {
			return val{t.double("count(*)"), kNum}, nil
		}
		return val{t.double("count(" + v.sql + ")"), kNum}, nil
	case "dc", "distinct_count", "estdc":
		return val{t.double(t.d.dc(t.asText(v))), kNum}, nil
	case "sum":
		return val{"sum(" + t.asNum(v) + ")", kNum}, nil
	case "avg", "mean":
		return val{"avg(" + t.asNum(v) + ")", kNum}, nil
	case "stdev":
		return val{t.d.stdev(t.asNum(v)), kNum}, nil
	case "var":
		return val{t.d.variance(t.asNum(v)), kNum}, nil
	case "range":
		n := t.asNum(v)
		return val{"(max(" + n + ") - min(" + n + "))", kNum}, nil
	case "min", "max":
		if v.k == kNum {
			return val{a.Func + "(" + v.sql + ")", kNum}, nil
		}
		n := t.d.num(t.asText(v))
		return val{"CASE WHEN count(" + n + ") > 0 THEN " + t.numText(a.Func+"("+n+")") +
			" ELSE " + a.Func + "(" + t.asText(v) + ") END", kText}, nil
	case "values":
		return val{t.d.values(t.asText(v)), kList}, nil
	case "median":
		return t.perc(v, "50"), nil
	case "earliest", "latest":
		tm := t.col("_time")
		if tm.k == kNull {
			return val{}, stopf("%s needs _time", a.Func)
		}
		by := "CASE WHEN " + v.sql + " IS NOT NULL THEN " + tm.sql + " END"
		if a.Func == "earliest" {
			return val{t.d.argMin(t.asText(v), by), kText}, nil
		}
		return val{t.d.argMax(t.asText(v), by), kText}, nil
	}
	if m := percName().FindStringSubmatch(a.Func); m != nil {
		if p, err := strconv.ParseFloat(m[2], 64); err == nil && p <= 100 {
			return t.perc(v, m[2]), nil
		}
	}
	return val{}, stopf("%s() has no SQL translation (it depends on the rows' order or keeps every value)", a.Func)
}

var percName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(perc|p|exactperc|upperperc)(\d+(?:\.\d+)?)$`) })

// perc is the p-th percentile as spelunk takes it (docs/SEMANTICS.md §6):
// the numeric values sorted, the one at 0-based rank floor(p*n/100), at
// most n-1. The engines' quantile functions interpolate or choose their
// own rank, so the rank is computed here, in the order of operations
// spelunk uses, which gives the same double.
func (t *translator) perc(v val, p string) val {
	n := t.asNum(v)
	cnt := "count(" + n + ")"
	rank := "least(floor(" + p + " * " + cnt + " / 100), " + t.double(cnt) + " - 1)"
	return val{"CASE WHEN " + cnt + " > 0 THEN " + t.d.nth(n, rank) + " END", kNum}
}

// double makes a count a double in ClickHouse, whose UInt64 has no
// common type with the doubles it meets in expressions.
func (t *translator) double(x string) string {
	if t.d.Name == "clickhouse" {
		return "toFloat64(" + x + ")"
	}
	return x
}

// group builds SELECT by..., aggs... GROUP BY over the current state.
// by are the output names, byExpr their values; keep says which rows
// count (besides the null test of the BY fields).
func (t *translator) group(by []string, byExpr []val, fill *string, aggs []spl.Aggregation, arg func(string) val, from, where string) error {
	var list, groups, conds []string
	cols := make([]string, 0, len(by)+len(aggs))
	kinds := map[string]kind{}
	seen := map[string]bool{}
	for i, b := range by {
		e := byExpr[i]
		if e.k == kNull && fill == nil && !t.keepNull {
			// A BY field no row has: no group at all.
			conds = append(conds, sqlFalse)
		}
		s := e.sql
		if e.k == kNull {
			s = t.d.nullStr
		}
		if fill != nil && e.k != kNum {
			s = "coalesce(" + t.asText(val{s, e.k}) + ", " + t.d.Lit(*fill) + ")"
			e.k = kText
		} else if e.k != kNull && !t.keepNull {
			conds = append(conds, s+" IS NOT NULL")
		}
		list = append(list, s+" AS "+t.alias(len(list), b))
		groups = append(groups, s)
		cols = append(cols, b)
		kinds[b] = e.k
		seen[b] = true
	}
	for _, a := range aggs {
		v, err := t.agg(a, arg)
		if err != nil {
			return err
		}
		name := a.Name()
		if seen[name] {
			return stopf("two outputs named %s", name)
		}
		seen[name] = true
		list = append(list, v.sql+" AS "+t.alias(len(list), name))
		cols = append(cols, name)
		kinds[name] = v.k
	}
	if where != "" {
		conds = append([]string{where}, conds...)
	}
	q := "SELECT " + strings.Join(list, ", ") + " FROM " + from
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	if len(groups) > 0 {
		q += " GROUP BY " + strings.Join(groups, ", ")
	}
	t.s = state{body: q, cols: cols, kinds: kinds, grouped: true}
	t.unalias()
	for _, b := range by {
		t.s.order = append(t.s.order, orderTerm{col: b, collation: "auto"})
	}
	return nil
}

func (t *translator) stats(c *spl.StatsCommand) error {
	if c.AllNum || c.DedupSplitVals || len(c.Options) > 0 && !(len(c.Options) == 1 && c.Options[0].Key == "partitions") {
		return stopf("stats options have no SQL translation")
	}
	by := make([]string, len(c.By))
	byExpr := make([]val, len(c.By))
	for i, b := range c.By {
		if strings.Contains(b.Name, "*") {
			return stopf("BY fields cannot hold wildcards")
		}
		by[i], byExpr[i] = b.Name, t.col(b.Name)
	}
	for _, a := range c.Aggs {
		if a.Func == "earliest" || a.Func == "latest" {
			if t.col("_time").k == kNull {
				return stopf("%s needs _time", a.Func)
			}
		}
	}
	from := t.fromItem()
	return t.group(by, byExpr, nil, c.Aggs, t.col, from, "")
}

// tstats reads a data model dataset's table (or, without FROM, the events'
// indexed fields).
func (t *translator) tstats(c *spl.TstatsCommand) error {
	switch {
	case c.Prestats || c.Append:
		return stopf("prestats= and append= have no SQL translation")
	case c.Namespace != "":
		return stopf("a tscollect namespace has no table")
	}
	where, nodename := spl.SplitNodename(c.Where)
	var resolve func(string) string
	if c.Datamodel == "" {
		t.s = state{table: t.o.Tables.eventsFrom(t.d), timeTS: !t.o.Tables.TimeEpoch, hasRaw: true,
			cols: indexedFields, kinds: map[string]kind{}}
		resolve = func(s string) string { return s }
	} else {
		if t.o.Base == nil {
			return stopf("no data model definitions")
		}
		name := c.Datamodel
		if nodename != "" {
			model, _, _ := strings.Cut(c.Datamodel, ".")
			name = model + "." + nodename
		}
		ds, err := t.o.Base.LookupDataset(name)
		if err != nil {
			return stopf("%v", err)
		}
		t.dataset = ds.Name()
		if t.o.Tables.CopiesUnread(t.d, ds.Model, ds.Path) {
			return stopf("the summary of %s keeps cells as their event's place in _raw or as references to event columns, which only the duckdb dialect reads back", ds.Name())
		}
		t.s = state{table: t.o.Tables.datasetFrom(t.d, ds.Model, ds.Path), timeTS: !t.o.Tables.TimeEpoch,
			kinds: map[string]kind{}}
		prefixes := []string{ds.Object() + "."}
		for _, part := range strings.Split(ds.Path, ".")[1:] {
			prefixes = append(prefixes, part+".")
		}
		t.reads = map[string]bool{}
		resolve = func(n string) string {
			for _, p := range prefixes {
				if strings.HasPrefix(n, p) {
					n = n[len(p):]
					break
				}
			}
			if n != "_time" {
				t.reads[n] = true
			}
			return n
		}
	}
	w, err := t.searchSQL(where, resolve)
	if err != nil {
		return err
	}
	if w == sqlTrue {
		w = ""
	}
	by := make([]string, len(c.By))
	byExpr := make([]val, len(c.By))
	for i, b := range c.By {
		if strings.Contains(b.Name, "*") {
			return stopf("BY fields cannot hold wildcards")
		}
		by[i], byExpr[i] = b.Name, t.col(resolve(b.Name))
		if resolve(b.Name) == "_time" && c.ByTimeSpan != nil {
			e, err := t.bucket(byExpr[i].sql, *c.ByTimeSpan)
			if err != nil {
				return err
			}
			byExpr[i] = val{e, kNum}
		}
	}
	arg := func(f string) val { return t.col(resolve(f)) }
	return t.group(by, byExpr, c.FillNullValue, c.Aggs, arg, t.fromItem(), w)
}

// alias names the i-th output of a grouped query. ClickHouse lets an
// alias shadow a column everywhere in its query (WHERE, GROUP BY, other
// aggregates), so there the outputs get names no column has, and
// unalias gives them their own names from outside.
func (t *translator) alias(i int, name string) string {
	if t.d.Name == "clickhouse" {
		return t.d.Ident("_sqlgen_" + strconv.Itoa(i))
	}
	return t.d.Ident(name)
}

func (t *translator) unalias() {
	if t.d.Name != "clickhouse" {
		return
	}
	list := make([]string, len(t.s.cols))
	for i, c := range t.s.cols {
		list[i] = t.d.Ident("_sqlgen_"+strconv.Itoa(i)) + " AS " + t.d.Ident(c)
	}
	t.wrap(list, "")
}

// indexedFields are what tstats without FROM reads (docs/SEMANTICS.md
// §5); any other field is absent.
var indexedFields = []string{"_time", "_raw", "index", "host", "source", "sourcetype"}

// bucket floors epoch seconds to a span. Spans under a day align to
// epoch 0; a day or more to midnight UTC, which is the same for whole
// days (docs/SEMANTICS.md §12, with the search's zone UTC).
func (t *translator) bucket(x string, sp spl.Span) (string, error) {
	if sp.Unit == "mon" {
		return "", stopf("a span of %v%s aligns to the calendar", sp.N, sp.Unit)
	}
	// Day and week spans align to midnight, UTC here, in whole days
	// since the epoch (docs/SEMANTICS.md §12): the epoch-aligned seconds.
	sec := sp.Seconds()
	if sec <= 0 || sec != float64(int64(sec)) {
		return "", stopf("a span of %v seconds", sec)
	}
	s := strconv.FormatInt(int64(sec), 10)
	return "(" + t.d.floor(x+" / "+s) + " * " + s + ")", nil
}

// top counts the rows of each combination of fields, most first.
func (t *translator) top(c *spl.TopCommand) error {
	if len(c.By) > 0 || c.UseOther || !c.ShowCount || !c.ShowPerc {
		return stopf("top's by, useother, showcount and showperc have no SQL translation")
	}
	var list, groups, conds []string
	var cols []string
	kinds := map[string]kind{}
	for _, f := range c.Fields {
		v := t.col(f.Name)
		if v.k == kNull || strings.Contains(f.Name, "*") {
			return stopf("top over a missing or wildcard field")
		}
		list = append(list, v.sql+" AS "+t.d.Ident(f.Name))
		groups = append(groups, v.sql)
		conds = append(conds, v.sql+" IS NOT NULL")
		cols = append(cols, f.Name)
		kinds[f.Name] = v.k
	}
	cf, pf := c.CountField, c.PercentField
	// The percentage is of the rows that have every field.
	src := t.fromItem()
	total := "(SELECT count(*) FROM " + t.reuse(src) + " WHERE " + strings.Join(conds, " AND ") + ")"
	list = append(list, "count(*) AS "+t.d.Ident(cf), "count(*) * 100.0 / "+total+" AS "+t.d.Ident(pf))
	cols = append(cols, cf, pf)
	kinds[cf], kinds[pf] = kNum, kNum
	q := "SELECT " + strings.Join(list, ", ") + " FROM " + src + " WHERE " + strings.Join(conds, " AND ") +
		" GROUP BY " + strings.Join(groups, ", ")
	t.s = state{body: q, cols: cols, kinds: kinds, grouped: true}
	t.s.order = []orderTerm{{col: cf, desc: true}}
	// Equal counts in descending text order, as the engine's top.
	for _, f := range c.Fields {
		t.s.order = append(t.s.order, orderTerm{col: f.Name, desc: true, collation: "text"})
	}
	if c.Limit > 0 {
		t.limit(c.Limit)
	}
	return nil
}

// reuse gives a second alias to a FROM item so it can be read twice.
func (t *translator) reuse(from string) string {
	if i := strings.LastIndex(from, ") AS t"); i >= 0 && strings.HasPrefix(from, "(") {
		t.n++
		return from[:i+1] + " AS t" + strconv.Itoa(t.n)
	}
	return from
}
