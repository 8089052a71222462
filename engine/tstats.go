package engine

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/spelunk-dev/spelunk/engine/value"
	"github.com/spelunk-dev/spelunk/spl"
)

// tstats aggregates a data model dataset. Output columns are the BY
// fields, named exactly as written (Processes.dest), then the aggregates
// in the order written; rows come sorted by the BY values.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/tstats
func init() {
	registerGen("tstats", buildTstats)
}

type compiledAgg struct {
	spec  spl.Aggregation
	fn    *aggFunc
	field string // row field name ("" for bare count)
}

type tstatsGen struct {
	rc       *runCtx
	cmd      *spl.TstatsCommand
	next     stage
	ds       Dataset
	pred     rowPred
	by       []string // row field names
	fillnull *string
	span     *timeSpan
	aggs     []compiledAgg
	scanned  int
}

func (g *tstatsGen) inputs() int { return g.scanned }

func buildTstats(rc *runCtx, cmd spl.Command, next stage) (generator, error) {
	c := cmd.(*spl.TstatsCommand)
	if c.Datamodel == "" {
		return nil, errAt(c, "tstats over indexed fields (without FROM datamodel=...) is not supported yet")
	}
	for _, o := range c.Options {
		switch o.Key {
		case "prestats", "append":
			if truthy(o.Value) {
				return nil, errAt(c, "tstats %s=%s is not supported yet", o.Key, o.Value)
			}
		}
	}
	where, nodename := splitNodename(c.Where)
	ds, err := rc.src.Dataset(datasetName(c, nodename))
	if err != nil {
		e := errAt(c, "%v", err)
		return nil, e
	}
	g := &tstatsGen{rc: rc, cmd: c, next: next, ds: ds}
	resolve := datasetResolver(ds)
	g.pred, err = (&searchCompiler{rc: rc, resolve: resolve}).compile(where)
	if err != nil {
		return nil, err
	}
	for _, b := range c.By {
		if strings.Contains(b.Name, "*") {
			return nil, errAt(b, "tstats BY fields cannot hold wildcards (%s)", b.Name)
		}
		g.by = append(g.by, resolve(b.Name))
	}
	if v, ok := c.Option("fillnull_value"); ok {
		g.fillnull = &v
	}
	if c.BySpan != "" {
		sp, err := parseTimeSpan(c.BySpan)
		if err != nil {
			return nil, errAt(c, "span=%s: %v", c.BySpan, err)
		}
		g.span = &sp
	}
	for _, a := range c.Aggs {
		fn, ok := aggFuncs[a.Func]
		if !ok {
			e := errAt(a, "unknown or unsupported statistical function %q", a.Func)
			if s := spl.Suggest(a.Func, AggregationNames()); s != "" {
				e.Hint = fmt.Sprintf("did you mean %q?", s)
			}
			return nil, e
		}
		if a.Eval != nil {
			return nil, errAt(a, "tstats does not take eval() inside functions (Splunk rejects it too); use stats")
		}
		if a.Field == "" && !fn.bare {
			return nil, errAt(a, "%s needs a field, e.g. %s(Processes.dest)", a.Func, a.Func)
		}
		g.aggs = append(g.aggs, compiledAgg{spec: a, fn: fn, field: resolve(a.Field)})
	}
	return g, nil
}

func truthy(s string) bool {
	switch strings.ToLower(s) {
	case "t", "true", "1", "yes":
		return true
	}
	return false
}

// splitNodename takes `nodename=X.Y` terms out of the top-level AND of a
// where clause: they choose the child dataset rather than filter rows.
func splitNodename(x spl.SearchExpr) (spl.SearchExpr, string) {
	isNode := func(t spl.SearchExpr) (string, bool) {
		if c, ok := t.(*spl.SearchCompare); ok && strings.EqualFold(c.Field, "nodename") && c.Op == "=" {
			return c.Value.Text, true
		}
		return "", false
	}
	if n, ok := isNode(x); ok {
		return nil, n
	}
	and, ok := x.(*spl.SearchAnd)
	if !ok {
		return x, ""
	}
	node := ""
	var rest []spl.SearchExpr
	for _, t := range and.Terms {
		if n, ok := isNode(t); ok {
			node = n
			continue
		}
		rest = append(rest, t)
	}
	switch len(rest) {
	case 0:
		return nil, node
	case 1:
		return rest[0], node
	}
	return &spl.SearchAnd{Loc: and.Loc, Terms: rest}, node
}

// datasetResolver maps tstats field names to dataset row fields: the
// dataset prefix (Processes.dest → dest, or any dataset on the nodename
// path) is stripped; _time, host, source, sourcetype stay as they are.
func datasetResolver(ds Dataset) func(string) string {
	prefixes := []string{ds.Object() + "."}
	for _, part := range strings.Split(ds.Name(), ".")[1:] {
		prefixes = append(prefixes, part+".")
	}
	return func(name string) string {
		for _, p := range prefixes {
			if strings.HasPrefix(name, p) {
				return name[len(p):]
			}
		}
		return name
	}
}

type tstatsGroup struct {
	key    []value.Value
	states []aggState
}

func (g *tstatsGen) generate() error {
	groups := map[string]*tstatsGroup{}
	var order []*tstatsGroup
	keyVals := make([][]value.Value, len(g.by))
	var kb strings.Builder
	err := g.ds.Scan(g.rc.ctx, func(r value.Fields) error {
		g.scanned++
		if !g.pred(r) {
			return nil
		}
		t, ok := r.Get("_time").Number()
		if !ok {
			t = math.NaN()
		}
		for i, f := range g.by {
			v := r.Get(f)
			if f == "_time" && g.span != nil && ok {
				v = value.Num(g.span.floor(t, g.rc.tz))
			}
			if v.IsNull() {
				// Without fillnull_value, rows with a null BY field are
				// left out; with it, the null becomes that string
				// (Search Reference, tstats: fillnull_value).
				if g.fillnull == nil {
					return nil
				}
				v = value.Str(*g.fillnull)
			}
			keyVals[i] = v.Values()
		}
		// A multivalue BY field puts the row in one group per value.
		return forEachCombination(keyVals, func(key []value.Value) error {
			kb.Reset()
			for _, k := range key {
				kb.WriteString(k.String())
				kb.WriteByte(0)
			}
			grp := groups[kb.String()]
			if grp == nil {
				grp = &tstatsGroup{key: append([]value.Value(nil), key...), states: make([]aggState, len(g.aggs))}
				for i, a := range g.aggs {
					grp.states[i] = a.fn.new()
				}
				groups[kb.String()] = grp
				order = append(order, grp)
			}
			for i, a := range g.aggs {
				in := value.Num(1)
				if a.field != "" {
					in = r.Get(a.field)
				}
				grp.states[i].add(in, t)
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	if len(g.by) == 0 && len(order) == 0 {
		// Without BY there is always one row, even over no events.
		grp := &tstatsGroup{states: make([]aggState, len(g.aggs))}
		for i, a := range g.aggs {
			grp.states[i] = a.fn.new()
		}
		order = append(order, grp)
	}
	sortGroups(order)
	rows := make([]value.Fields, 0, len(order))
	for _, grp := range order {
		row := make(value.Fields, 0, len(g.by)+len(g.aggs))
		for i, b := range g.cmd.By {
			row = append(row, value.Field{Name: b.Name, Value: grp.key[i]})
		}
		for i, a := range g.aggs {
			row.Set(a.spec.Name(), grp.states[i].result())
		}
		rows = append(rows, row)
	}
	if len(rows) > 0 {
		if err := g.next.push(rows); err != nil {
			return err
		}
	}
	return g.next.finish()
}

// sortGroups orders groups by their BY values, field by field, as text in
// UTF-8 byte order [UNCONFIRMED: SEMANTICS.md §6 says only "sorted
// ascending by the BY fields"; lexicographic matches values()].
func sortGroups(gs []*tstatsGroup) {
	sort.SliceStable(gs, func(i, j int) bool {
		a, b := gs[i].key, gs[j].key
		for k := range a {
			if c := strings.Compare(a[k].String(), b[k].String()); c != 0 {
				return c < 0
			}
		}
		return false
	})
}

// forEachCombination calls fn with every choice of one value per slot.
func forEachCombination(slots [][]value.Value, fn func([]value.Value) error) error {
	key := make([]value.Value, len(slots))
	var rec func(i int) error
	rec = func(i int) error {
		if i == len(slots) {
			return fn(key)
		}
		for _, v := range slots[i] {
			key[i] = v
			if err := rec(i + 1); err != nil {
				return err
			}
		}
		return nil
	}
	return rec(0)
}
