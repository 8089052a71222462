package engine

import (
	"slices"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// tstats without FROM reads the events' indexed fields, as Splunk reads
// its tsidx files: "WHERE clauses used in tstats searches can contain only
// indexed fields. Fields that are extracted at search time are not
// supported" (Search Reference, tstats, "Filtering data using the WHERE
// clause"). The indexed fields of spelunk's inputs are the default ones
// (walklex: "default fields such as host, source, sourcetype, the date_*
// fields, punct"): _time, index, host, source, sourcetype, linecount, the
// date_* fields an event has, splunk_server ("local", the one search head
// offline, as makeresults gives it) and _indextime (the event time: spelunk
// has no separate index time). A search-time field in the where clause,
// BY clause or an aggregation is absent, so f=v matches nothing and NOT
// f=v everything, as over tsidx files. A bare term matches the event's
// raw text, whose terms tsidx files hold. With no index= term every event
// is read, as a leading search reads them (spelunk has no default index).
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/tstats

// indexedFields are the fields tstats reads from an event, in row order.
var indexedFields = []string{"_time", "index", "host", "source", "sourcetype", "linecount"}

// offlineServer is splunk_server offline: the search head itself.
const offlineServer = "local"

type tstatsIndexedGen struct {
	rc      *runCtx
	cmd     *spl.TstatsCommand
	next    stage
	pred    rowPred
	rawTerm bool // the where clause has a bare term, which reads _raw
	// skip rules out partitions of events, when the where clause names
	// only indexed fields (a search-time field is absent from the rows
	// tstats reads, but present in the events a partition describes).
	skip func(Partition) bool
	by   []string
	span *timeSpan
	aggs []*compiledAgg
	read int
}

func (g *tstatsIndexedGen) inputs() int { return g.read }

func buildTstatsIndexed(rc *runCtx, c *spl.TstatsCommand) (*tstatsIndexedGen, error) {
	g := &tstatsIndexedGen{rc: rc, cmd: c}
	var err error
	if g.pred, err = (&searchCompiler{rc: rc}).compile(c.Where); err != nil {
		return nil, err
	}
	spl.Walk(c.Where, func(n spl.Node) bool {
		if t, ok := n.(*spl.SearchTerm); ok && !(strings.Trim(t.Value.Text, "*") == "" && t.Value.Modifier == "") {
			g.rawTerm = true
		}
		_, sub := n.(*spl.SearchSubsearch)
		g.rawTerm = g.rawTerm || sub
		return true
	})
	var other []string
	for _, f := range tstatsFieldsNamed(c) {
		if !isIndexedField(f) && !slices.Contains(other, f) {
			other = append(other, f)
		}
	}
	if len(other) > 0 {
		// Splunk says nothing; the search then quietly counts nothing.
		rc.warn("tstats: %s %s not indexed: without FROM datamodel=, tstats reads only the indexed fields (%s, date_*), so a search-time field is absent", strings.Join(other, ", "), map[bool]string{true: "is", false: "are"}[len(other) == 1], strings.Join(append(append([]string(nil), indexedFields...), "splunk_server", "_indextime"), ", "))
	}
	if onlyIndexed(c.Where) {
		if g.skip, err = (&searchCompiler{rc: rc}).partitionSkip(c.Where); err != nil {
			return nil, err
		}
	}
	for _, b := range c.By {
		if strings.Contains(b.Name, "*") {
			return nil, errAt(b, "tstats BY fields cannot hold wildcards (%s)", b.Name)
		}
		g.by = append(g.by, b.Name)
	}
	if c.ByTimeSpan != nil {
		sp := spanOf(*c.ByTimeSpan)
		g.span = &sp
	}
	if g.aggs, err = compileAggs(rc, c.Aggs, aggOptions{cmd: "tstats", example: "host"}); err != nil {
		return nil, err
	}
	return g, nil
}

// isIndexedField reports whether tstats without FROM reads field.
func isIndexedField(f string) bool {
	return slices.Contains(indexedFields, f) || f == "splunk_server" || f == "_indextime" || strings.HasPrefix(f, "date_")
}

// tstatsFieldsNamed lists the fields a tstats command's where clause, BY
// clause and functions name.
func tstatsFieldsNamed(c *spl.TstatsCommand) []string {
	out := whereFields(c.Where)
	out = append(out, fieldNames(c.By)...)
	for _, a := range c.Aggs {
		if a.Field != "" {
			out = append(out, a.Field)
		}
	}
	return out
}

// onlyIndexed reports whether every field a where clause names is one
// that the events and the rows tstats reads have alike.
func onlyIndexed(x spl.SearchExpr) bool {
	sub := false
	spl.Walk(x, func(n spl.Node) bool {
		_, ok := n.(*spl.SearchSubsearch)
		sub = sub || ok
		return true
	})
	if sub {
		return false
	}
	for _, f := range whereFields(x) {
		if !slices.Contains(indexedFields, f) && !strings.HasPrefix(f, "date_") {
			return false
		}
	}
	return true
}

// indexedRow makes in buf the row of an event's indexed fields, with _raw
// last when withRaw (for bare terms; it is cut off before grouping).
func indexedRow(ev, buf value.Fields, withRaw bool) value.Fields {
	row := buf[:0]
	for _, f := range indexedFields {
		if v, ok := ev.Lookup(f); ok && !v.IsNull() {
			row = append(row, value.Field{Name: f, Value: v})
		}
	}
	for _, f := range ev {
		if strings.HasPrefix(f.Name, "date_") && !f.Value.IsNull() {
			row = append(row, f)
		}
	}
	row = append(row, value.Field{Name: "splunk_server", Value: value.Str(offlineServer)})
	if t, ok := ev.Lookup("_time"); ok && !t.IsNull() {
		row = append(row, value.Field{Name: "_indextime", Value: t})
	}
	if withRaw {
		if raw, ok := ev.Lookup("_raw"); ok {
			row = append(row, value.Field{Name: "_raw", Value: raw})
		}
	}
	return row
}

func (g *tstatsIndexedGen) generate() error {
	if dropsAll(g.next) {
		return g.next.finish()
	}
	gr := newGrouper(g.by, g.aggs)
	gr.fill = g.cmd.FillNullValue
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
	var buf value.Fields
	read := func(ev value.Fields) error {
		g.read++
		row := indexedRow(ev, buf, g.rawTerm)
		buf = row
		if !g.pred(row) {
			return nil
		}
		if g.rawTerm && len(row) > 0 && row[len(row)-1].Name == "_raw" {
			row = row[:len(row)-1]
		}
		return gr.add(row)
	}
	if err := scanEvents(g.rc, g.skip, read); err != nil {
		return err
	}
	return emitGroups(g.next, gr, fieldNames(g.cmd.By))
}
