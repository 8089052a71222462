package engine

import (
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// tstats aggregates a data model dataset (or, without FROM, the events'
// indexed fields: tstats_indexed.go). Output columns are the BY
// fields, named exactly as written (Processes.dest), then the aggregates
// in the order written; rows come sorted by the BY values.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/tstats
func init() {
	registerGen("tstats", buildTstats)
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
	aggs     []*compiledAgg
	scanned  int
	where    spl.SearchExpr
	resolve  func(string) string
}

func (g *tstatsGen) inputs() int { return g.scanned }

// collectBeforeRows is how many groups make a collection before their
// rows are made pay (tens of MB of rows on top of the read's garbage).
const collectBeforeRows = 1 << 16

func buildTstats(rc *runCtx, cmd spl.Command, next stage) (generator, error) {
	c := cmd.(*spl.TstatsCommand)
	if err := tstatsOffline(c); err != nil {
		return nil, err
	}
	switch {
	case c.Prestats:
		return nil, errAt(c, "tstats prestats=true is not supported yet")
	case c.Append:
		return nil, errAt(c, "tstats append=true is not supported yet")
	case c.Datamodel == "":
		g, err := buildTstatsIndexed(rc, c)
		if err != nil {
			return nil, err
		}
		g.next = next
		return g, nil
	}
	where, nodename := spl.SplitNodename(c.Where)
	ds, err := tstatsDataset(rc.src, c, datasetName(c, nodename))
	if err != nil {
		e := errAt(c, "%v", err)
		return nil, e
	}
	resolve := datasetResolver(ds)
	g := &tstatsGen{rc: rc, cmd: c, next: next, ds: ds, where: where, resolve: resolve}
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
	g.fillnull = c.FillNullValue
	if c.ByTimeSpan != nil {
		sp := spanOf(*c.ByTimeSpan)
		g.span = &sp
	}
	g.aggs, err = compileAggs(rc, c.Aggs, aggOptions{cmd: "tstats", resolve: resolve, example: ds.Object() + ".dest"})
	if err != nil {
		return nil, err
	}
	return g, nil
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

func (g *tstatsGen) generate() error {
	if dropsAll(g.next) {
		// Every row would go into an inner join whose subsearch found
		// nothing: grouping the dataset (seconds for a large one, by
		// many fields) would change nothing but the time.
		return g.next.finish()
	}
	if done, err := g.tryFlat(); done || err != nil {
		// Grouped by ids (tstats_flat.go).
		return err
	}
	gr := newGrouper(g.by, g.aggs)
	gr.fill = g.fillnull
	if g.span != nil {
		gr.transform = make([]func(value.Value) value.Value, len(g.by))
		for i, f := range g.by {
			if f == "_time" {
				gr.transform[i] = func(v value.Value) value.Value {
					if t, ok := v.Number(); ok {
						return value.Num(g.span.floor(t, g.rc.tz))
					}
					return v
				}
			}
		}
	}
	fd, streamed := g.ds.(FilteredDataset)
	blocks, err := g.tryBlocks(gr)
	if blocks || err != nil {
		// Grouped by blocks of numbered columns (tstats_blocks.go).
	} else if streamed {
		// The dataset filters as it builds rows; each of its
		// goroutines compiles the where clause again, since compiled
		// predicates are not meant to be shared.
		newKeep := func() func(value.Fields) bool {
			p, err := (&searchCompiler{rc: g.rc, resolve: g.resolve}).compile(g.where)
			if err != nil {
				return g.pred // compiled once already, so unreachable
			}
			return p
		}
		gr.internKeys()
		rs := EventScan{Fields: g.fieldsRead(), Must: mustContain(g.where, g.resolve), NewKeep: g.rc.countedKeep(newKeep), Unordered: orderFree(g.aggs)}
		err = fd.ScanFiltered(g.rc.ctx, rs, gr.add)
	} else if cd, ok := g.ds.(ColumnDataset); ok {
		g.scanned = cd.Len()
		err = g.scanColumns(cd, gr)
	} else {
		gr.internKeys()
		err = g.ds.Scan(g.rc.ctx, func(r value.Fields) error {
			g.scanned++
			if !g.pred(r) {
				return nil
			}
			return gr.add(r)
		})
	}
	if err != nil {
		return err
	}
	if streamed && len(gr.order) >= collectBeforeRows {
		// The read's garbage goes before the rows are made: otherwise
		// the rows are made while it is still held, on top of the
		// groups, and the collector marks during their making. Only
		// after a read of files, whose heap is mostly this search's
		// (a store's would be marked in full for nothing).
		runtime.GC()
	}
	return emitGroups(g.next, gr, fieldNames(g.cmd.By))
}

// fieldsRead lists the row fields the where clause, the BY fields and the
// aggregations read, or nil when that cannot be told (a bare term in the
// where clause searches every field of a row without _raw).
func (g *tstatsGen) fieldsRead() []string {
	seen := map[string]bool{"_time": true} // aggregations take the row's time
	out := []string{"_time"}
	add := func(f string) {
		if f != "" && !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	for _, b := range g.by {
		add(b)
	}
	for _, a := range g.aggs {
		if a.pattern != nil || a.eval != nil {
			return nil
		}
		add(a.field)
	}
	all := false
	spl.Walk(g.where, func(n spl.Node) bool {
		switch x := n.(type) {
		case *spl.SearchCompare:
			if !x.IsTimeModifier() {
				add(g.resolve(x.Field))
			}
		case *spl.SearchIn:
			add(g.resolve(x.Field))
		case *spl.SearchTerm:
			all = all || !(strings.Trim(x.Value.Text, "*") == "" && x.Value.Modifier == "")
		case *spl.SearchSubsearch:
			all = true
		}
		return true
	})
	if all {
		return nil
	}
	return out
}

// whereFields lists the fields a where clause's terms compare, as
// written (time modifiers are not fields).
func whereFields(x spl.SearchExpr) []string {
	var out []string
	spl.Walk(x, func(n spl.Node) bool {
		switch t := n.(type) {
		case *spl.SearchCompare:
			if !t.IsTimeModifier() {
				out = append(out, t.Field)
			}
		case *spl.SearchIn:
			out = append(out, t.Field)
		}
		return true
	})
	return out
}

// Accelerate builds over src the data model datasets the tstats commands
// of searches (their subsearches included) read, and the columns of the
// fields their where clauses test, as Splunk's data model acceleration
// summarizes a dataset's fields ahead of the summariesonly searches that
// read them: many searches over one source then share that work, on
// every core. The columns of BY fields and aggregations are left to be
// made when a search groups rows: most searches keep none (making every
// column named costs a hunt more than it saves). done is called after
// each dataset. Errors (no such dataset) are left for the searches.
func Accelerate(src Source, pipes []*spl.Pipeline, done func(dataset string, took time.Duration)) {
	var order []string
	fields := map[string][]string{}
	for _, p := range pipes {
		spl.Walk(p, func(n spl.Node) bool {
			c, ok := n.(*spl.TstatsCommand)
			if !ok || c.Datamodel == "" {
				return true
			}
			where, nodename := spl.SplitNodename(c.Where)
			name := datasetName(c, nodename)
			if _, ok := fields[name]; !ok {
				order = append(order, name)
				fields[name] = nil
			}
			for _, f := range whereFields(where) {
				if !strings.Contains(f, "*") && !slices.Contains(fields[name], f) {
					fields[name] = append(fields[name], f)
				}
			}
			return true
		})
	}
	for _, name := range order {
		start := time.Now()
		ds, err := src.Dataset(name)
		if err != nil {
			continue
		}
		if cd, ok := ds.(ColumnDataset); ok {
			resolve := datasetResolver(ds)
			var cols []string
			for _, f := range fields[name] {
				cols = append(cols, resolve(f))
			}
			cd.Columns(cols)
		}
		if done != nil {
			done(name, time.Since(start))
		}
	}
}

// orderFree reports whether aggregations give the same groups and values
// whatever the order of their rows (the groups' order is their BY
// values': sortGroups).
func orderFree(aggs []*compiledAgg) bool {
	for _, a := range aggs {
		if !a.fn.orderFree || a.pattern != nil {
			return false
		}
	}
	return true
}
