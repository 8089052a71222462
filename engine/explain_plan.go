package engine

import "github.com/spelunk-dev/spelunk/value"

// planFirst fills the trace's Plan with what the first command asks of
// the source: the EventScan generate passes (for events or a dataset's
// rows), worked out by the same functions.
func (rc *runCtx) planFirst(gen generator) {
	pl := &rc.trace.Plan
	switch g := gen.(type) {
	case *eventSearch:
		pl.Reads = "events"
		pl.Must, pl.Fields, pl.Unordered, pl.Limit = g.must, g.fields, g.unordered, g.limit
		pl.PartitionTest = g.skip != nil
	case *tstatsGen:
		pl.Reads, pl.Dataset = "dataset", g.ds.Name()
		if _, ok := g.ds.(FilteredDataset); ok {
			pl.Filtered = true
			pl.Must, pl.Fields, pl.Unordered = mustContain(g.where, g.resolve), g.fieldsRead(), orderFree(g.aggs)
		} else if _, ok := g.ds.(ColumnDataset); ok {
			pl.Columnar = true
			for _, f := range g.pushedFilters() {
				pl.Pushed = append(pl.Pushed, f.stage)
			}
		}
	case *datasetGen:
		pl.Reads, pl.Dataset = "dataset events", g.ds.Name()
	}
}

// holdsOf is what a stage holds until its input ends, by its kind: ""
// when it passes rows on as they come. Run corrects it by what the
// stage did when it passed any row on (countStage).
func holdsOf(st stage) string {
	switch st.(type) {
	case *statsStage, *topStage, *chartStage:
		return "groups"
	case *bufferStage, *eventstatsStage, *transactionStage, *makecontinuousStage, *mapSearchStage, *transposeStage:
		return "rows"
	}
	return ""
}

// settleHolds decides, once the search has run, whether each later
// command streamed: by what it did when it passed rows on, else by its
// kind (holdsOf).
func (t *Trace) settleHolds() {
	for i := 1; i < len(t.Stages); i++ {
		s := &t.Stages[i]
		switch {
		case s.Out > 0 && s.Streams:
			s.Holds = ""
		case s.Out > 0 && s.Holds == "":
			s.Holds = "rows"
		case s.Out == 0:
			s.Streams = s.Holds == ""
		}
	}
}

// traceEarly counts dataset row i, which filter stage k (applied before
// grouping) kept from being grouped, in that stage's Early, when the
// row would have made a group: the where clause keeps it (sure says so
// without reading it) and it has every BY value or a fill value.
func (g *tstatsGen) traceEarly(cd ColumnDataset, i int, sure bool, k int, buf value.Fields) value.Fields {
	buf = cd.RowAt(i, buf)
	if !sure && !g.pred(buf) {
		return buf
	}
	if g.fillnull == nil {
		for _, b := range g.by {
			if buf.Get(b).IsNull() {
				return buf
			}
		}
	}
	g.rc.trace.Stages[k].Early++
	return buf
}
