package engine

import (
	"sort"
	"strconv"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// mstats aggregates metric data points: the measurements of the events
// read from metrics files (a metrics CSV's metric_name and _value, or its
// metric_name:<name> columns, and HEC metrics records'
// "metric_name:<name>" fields: Getting Data In, "Get metrics in from
// other sources"). Each measurement is one data point with its name, its
// numeric value, the event's _time, and the event's other fields as
// dimensions (index, host, source, sourcetype among them); events with no
// measurement are not metrics and mstats does not see them.
//
// avg(cpu.util) reads the points named cpu.util; avg(_value) every point
// the WHERE clause keeps (WHERE metric_name=cpu.util); avg(tcp.*) runs
// once per matching metric name, AS tcp.* naming each result. The WHERE
// clause filters points by metric_name, dimensions and time modifiers.
// Output: _time first when span= is given, then the BY fields, then the
// aggregations; rows sorted by those group values.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/mstats
//
// [UNCONFIRMED] the page does not show the column order under span=;
// spelunk puts _time first, as timechart and `tstats ... by _time` do.
func init() {
	registerGen("mstats", buildMstats)
}

type mstatsGen struct {
	rc       *runCtx
	cmd      *spl.MstatsCommand
	next     stage
	pred     rowPred
	by       []string // group fields, _time first under span=
	span     *timeSpan
	fillnull *string
	aggs     []*compiledAgg
	// value is set when an aggregation reads _value, so rows carry it;
	// tsid when one is rate_avg or rate_sum, so rows carry their series.
	value, tsid bool
	// prestats passes the data points on for the stats, chart or
	// timechart after it to aggregate.
	prestats bool
	// skip rules out partitions of events by the WHERE clause (nil when
	// it cannot be told: eventDecides).
	skip  func(Partition) bool
	batch []value.Fields
	read  int
}

func (g *mstatsGen) inputs() int { return g.read }

// mstatsNoEffect are options that change how Splunk runs a search, not
// its results.
var mstatsNoEffect = map[string]bool{"backfill": true, "update_period": true, "chunk_size": true}

func buildMstats(rc *runCtx, cmd spl.Command, next stage) (generator, error) {
	c := cmd.(*spl.MstatsCommand)
	g := &mstatsGen{rc: rc, cmd: c, next: next}
	span := c.BySpan
	for _, o := range c.Options {
		key := strings.ToLower(o.Key)
		switch {
		case key == "span":
			span = o.Value
		case key == "fillnull_value":
			v := o.Value
			g.fillnull = &v
		case key == "prestats":
			b, ok := spl.ParseBool(o.Value)
			if !ok {
				return nil, errAt(o, "mstats prestats=%s: expected a Boolean", o.Value)
			}
			g.prestats = b
		case key == "append" || key == "chart":
			if b, ok := spl.ParseBool(o.Value); ok && !b {
				continue
			}
			return nil, errAt(o, "mstats %s=true is not supported yet", key)
		case strings.HasPrefix(key, "chart."):
			return nil, errAt(o, "mstats %s is a chart=true option, and spelunk does not run mstats chart=true yet", o.Key)
		case mstatsNoEffect[key]:
		default:
			return nil, errAt(o, "mstats: unknown option %s", o.Key)
		}
	}
	var err error
	if g.pred, err = (&searchCompiler{rc: rc}).compile(c.Where); err != nil {
		return nil, err
	}
	if eventDecides(c.Where) {
		if g.skip, err = (&searchCompiler{rc: rc}).partitionSkip(c.Where); err != nil {
			return nil, err
		}
	}
	if span != "" {
		sp, err := spl.ParseTimeSpan(span)
		if err != nil {
			return nil, errAt(c, "mstats span=%s: %v", span, err)
		}
		ts := spanOf(sp)
		g.span = &ts
		g.by = append(g.by, "_time")
	}
	for _, b := range c.By {
		if strings.Contains(b.Name, "*") {
			return nil, errAt(b, "mstats BY fields cannot hold wildcards (%s)", b.Name)
		}
		if b.Name == "_time" && g.span != nil {
			continue
		}
		g.by = append(g.by, b.Name)
	}
	for _, a := range c.Aggs {
		if a.Func == "count" && a.Field == "" {
			return nil, errAt(a, "mstats %s needs a metric name or _value, as in count(_value) or count(cpu.util)", a.Func)
		}
		g.value = g.value || a.Field == "_value"
	}
	aggs, series, err := seriesRateAggs(c.Aggs)
	if err != nil {
		return nil, err
	}
	if g.aggs, err = compileAggs(rc, aggs, aggOptions{cmd: "mstats", example: "cpu.util", wildcardOK: true}); err != nil {
		return nil, err
	}
	for i, fn := range series {
		if fn != "" {
			g.bySeries(g.aggs[i], fn)
		}
	}
	return g, nil
}

// seriesRateAggs reads rate_avg and rate_sum as rate, keeping their names;
// series names, by index, the ones bySeries then makes per time series.
func seriesRateAggs(in []spl.Aggregation) ([]spl.Aggregation, []string, error) {
	aggs := append([]spl.Aggregation(nil), in...)
	series := make([]string, len(aggs))
	for i, a := range aggs {
		if a.Func != "rate_avg" && a.Func != "rate_sum" {
			continue
		}
		if strings.Contains(a.Field, "*") || a.Field == "" || a.Eval != nil {
			return nil, nil, errAt(a, "mstats %s takes one metric name, as in %s(net.bytes)", a.Func, a.Func)
		}
		if a.As == "" {
			a.As = a.Name()
		}
		series[i], a.Func = in[i].Func, "rate"
		aggs[i] = a
	}
	return aggs, series, nil
}

// bySeries makes a rate_avg or rate_sum of a: the rate of each time series
// (a metric name with one set of dimension values), averaged or summed
// (Search Reference, Time functions: "Computes the per-time-series rates
// for an accumulating counter metric"). The input pairs the point's
// series with its value.
func (g *mstatsGen) bySeries(a *compiledAgg, fn string) {
	g.tsid = true
	field, sum := a.field, fn == "rate_sum"
	a.fn = &aggFunc{names: []string{fn}, numeric: true,
		new: func(float64) aggState { return &seriesRateAgg{sum: sum, series: map[string]*rateAgg{}} }}
	a.eval = func(r value.Fields) value.Value { return value.Multi(r.Get(tsidField), r.Get(field)) }
}

// tsidField carries a data point's time series into the aggregations.
const tsidField = "_tsid"

// tsidOf names a point's time series: its metric name and dimensions.
func tsidOf(point value.Fields) string {
	var b strings.Builder
	for _, f := range point {
		if f.Name == "_time" || f.Name == "_value" {
			continue
		}
		b.WriteString(f.Name)
		b.WriteByte('=')
		b.WriteString(f.Value.String())
		b.WriteByte(0)
	}
	return b.String()
}

// seriesRateAgg is rate per time series, then the average or the sum of
// the series' rates; a series without two times has no rate.
type seriesRateAgg struct {
	sum    bool
	series map[string]*rateAgg
}

func (a *seriesRateAgg) add(v value.Value, t float64) {
	vals := v.Values()
	if len(vals) != 2 {
		return
	}
	k := vals[0].String()
	s := a.series[k]
	if s == nil {
		s = &rateAgg{}
		a.series[k] = s
	}
	s.add(vals[1], t)
}

func (a *seriesRateAgg) result() value.Value {
	keys := make([]string, 0, len(a.series))
	for k := range a.series {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	total, n := 0.0, 0
	for _, k := range keys {
		if f, ok := a.series[k].result().Number(); ok {
			total += f
			n++
		}
	}
	switch {
	case n == 0:
		return value.Null
	case a.sum:
		return value.Num(total)
	}
	return value.Num(total / float64(n))
}

func (g *mstatsGen) generate() error {
	if dropsAll(g.next) {
		return g.next.finish()
	}
	gr := newGrouper(g.by, g.aggs)
	gr.fill = g.fillnull
	if g.span != nil {
		gr.transform = make([]func(value.Value) value.Value, len(g.by))
		gr.transform[0] = func(v value.Value) value.Value {
			if t, ok := v.Number(); ok {
				return value.Num(g.span.floor(t, g.rc.tz))
			}
			return v
		}
	}
	var point, row value.Fields
	read := func(ev value.Fields) error {
		return metricPoints(ev, func(name string, v value.Value) error {
			g.read++
			point = pointRow(ev, name, v, point[:0])
			if !g.pred(point) {
				return nil
			}
			row = row[:0]
			for _, b := range g.by {
				if bv, ok := point.Lookup(b); ok {
					row = append(row, value.Field{Name: b, Value: bv})
				}
			}
			if g.span == nil {
				row = append(row, value.Field{Name: "_time", Value: point.Get("_time")})
			}
			if !gr.isBy[name] {
				row = append(row, value.Field{Name: name, Value: v})
			}
			if g.value {
				row = append(row, value.Field{Name: "_value", Value: v})
			}
			if g.tsid && !g.prestats {
				row = append(row, value.Field{Name: tsidField, Value: value.Str(tsidOf(point))})
			}
			if g.prestats {
				return g.pass(row, gr)
			}
			return gr.add(row)
		})
	}
	req := EventScan{NewKeep: g.rc.countedKeep(func() func(value.Fields) bool { return hasMeasurement }),
		Skip: g.rc.countedSkip(g.skip), Interrupt: g.rc.interrupt, Prefilter: mstatsPrefilterText(g.cmd)}
	if err := g.rc.src.Scan(g.rc.ctx, req, read); err != nil {
		return err
	}
	if g.prestats {
		if err := g.flush(); err != nil {
			return err
		}
	}
	if g.read == 0 {
		// Otherwise an input of plain events would give an empty result
		// with no hint why.
		g.rc.warn("mstats: the input holds no metric data points (metrics CSV rows or HEC metrics records); events are not metrics")
	}
	if g.prestats {
		return g.next.finish()
	}
	rows := gr.rows(g.by, gr.sorted())
	if len(rows) > 0 {
		if err := g.next.push(rows); err != nil {
			return err
		}
	}
	return g.next.finish()
}

// pass hands a data point's row on under prestats=true, _time bucketed
// by span=, in batches.
func (g *mstatsGen) pass(row value.Fields, gr *grouper) error {
	out := row.Clone()
	if g.span != nil {
		for i := range out {
			if out[i].Name == "_time" {
				out[i].Value = gr.transform[0](out[i].Value)
			}
		}
	}
	g.batch = append(g.batch, out)
	if len(g.batch) >= 1024 {
		return g.flush()
	}
	return nil
}

func (g *mstatsGen) flush() error {
	if len(g.batch) == 0 {
		return nil
	}
	b := g.batch
	g.batch = nil
	return g.next.push(b)
}

// eventDecides reports whether a WHERE clause holds for a data point
// exactly when it holds for its event: it names no field the point makes
// (metric_name, _value) and has no bare term or subsearch (a point has no
// _raw). Only then may partitions of events be ruled out by it, as a
// leading search rules them out (index=kubernetes_metrics over Windows
// events reads none).
func eventDecides(x spl.SearchExpr) bool {
	ok := x != nil
	spl.Walk(x, func(n spl.Node) bool {
		switch t := n.(type) {
		case *spl.SearchTerm, *spl.SearchSubsearch:
			ok = false
		case *spl.SearchCompare:
			ok = ok && (t.IsTimeModifier() || !pointField(t.Field))
		case *spl.SearchIn:
			ok = ok && !pointField(t.Field)
		}
		return ok
	})
	return ok
}

func pointField(f string) bool {
	return f == "_value" || strings.HasPrefix(f, "metric_name") || strings.Contains(f, "*")
}

// hasMeasurement reports whether an event holds a measurement field, so
// that a source may pass over the others before copying them.
func hasMeasurement(ev value.Fields) bool {
	for _, f := range ev {
		if f.Name == "metric_name" || strings.HasPrefix(f.Name, "metric_name:") {
			return true
		}
	}
	return false
}

// metricPoints calls fn with each measurement of an event: metric_name
// with _value, and every metric_name:<name> field. A value that is not a
// number is no measurement (a metrics index takes numbers only).
func metricPoints(ev value.Fields, fn func(name string, v value.Value) error) error {
	emit := func(name string, v value.Value) error {
		if name == "" || v.IsNull() || v.IsMulti() {
			return nil
		}
		n, ok := v.Number()
		if !ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v.String()), 64)
			if err != nil {
				return nil
			}
			n = f
		}
		return fn(name, value.Num(n))
	}
	if name, ok := ev.Lookup("metric_name"); ok && !name.IsMulti() {
		if v, ok := ev.Lookup("_value"); ok {
			if err := emit(name.String(), v); err != nil {
				return err
			}
		}
	}
	for _, f := range ev {
		if rest, ok := strings.CutPrefix(f.Name, "metric_name:"); ok {
			if err := emit(rest, f.Value); err != nil {
				return err
			}
		}
	}
	return nil
}

// pointRow makes in buf the row a WHERE clause sees for one data point:
// the event's dimensions, _time, metric_name and _value. An event's
// text and the fields Splunk derives from it (punct, date_*) are no part
// of a metric data point.
func pointRow(ev value.Fields, name string, v value.Value, buf value.Fields) value.Fields {
	row := buf
	for _, f := range ev {
		switch {
		case f.Name == "metric_name" || f.Name == "_value" || f.Name == "punct" || f.Name == "linecount":
		case strings.HasPrefix(f.Name, "metric_name:") || strings.HasPrefix(f.Name, "date_"):
		case strings.HasPrefix(f.Name, "_") && f.Name != "_time":
		default:
			row = append(row, f)
		}
	}
	return append(row, value.Field{Name: "metric_name", Value: value.Str(name)}, value.Field{Name: "_value", Value: v})
}
