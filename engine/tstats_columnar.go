package engine

import (
	"slices"

	"github.com/spelunk-dev/spelunk/value"
)

// columnarGrouping lets tstats group a ColumnDataset by its numbered
// columns; tests turn it off to compare with the rows read whole.
var columnarGrouping = true

// scanColumns feeds the grouper the rows of a ColumnDataset that the
// where clause and the filters pushed down keep. Rows the where clause
// rejects by their values alone (rowFilter) are skipped unread; the
// others are grouped by their columns' numbers when that is exact and
// cheaper (groupColumns), else read whole and grouped as any row.
func (g *tstatsGen) scanColumns(cd ColumnDataset, gr *grouper) error {
	n := cd.Len()
	// The columns the where clause and the filters read, made at once.
	var fields []string
	for _, f := range whereFields(g.where) {
		fields = append(fields, g.resolve(f))
	}
	pushed := g.pushedFilters()
	for _, f := range pushed {
		for _, b := range f.by {
			fields = append(fields, g.by[b])
		}
	}
	cd.Columns(fields)
	var terms []rowFilter
	if g.where != nil {
		var err error
		terms, err = (&searchCompiler{rc: g.rc, resolve: g.resolve}).rowFilterTerms(g.where, cd)
		if err != nil {
			return err
		}
		if len(terms) == 0 {
			terms = []rowFilter{func(int) tri { return triUnknown }}
		}
	}
	// kept narrows term by term; sure says the clause holds for the row
	// without reading it (every term true).
	kept := make([]int32, 0, n)
	sure := make([]bool, 0, n)
	if len(terms) == 0 {
		for i := 0; i < n; i++ {
			kept, sure = append(kept, int32(i)), append(sure, true)
		}
	} else {
		for i := 0; i < n; i++ {
			if i%4096 == 0 {
				if err := g.rc.ctx.Err(); err != nil {
					return err
				}
			}
			if w := terms[0](i); w != triFalse {
				kept, sure = append(kept, int32(i)), append(sure, w == triTrue)
			}
		}
		for _, t := range terms[1:] {
			k := 0
			for j, i := range kept {
				w := t(int(i))
				if w == triFalse {
					continue
				}
				kept[k], sure[k] = i, sure[j] && w == triTrue
				k++
			}
			kept, sure = kept[:k], sure[:k]
		}
	}
	if len(pushed) > 0 {
		groups := g.groupKeep(pushed, cd)
		k := 0
		var buf value.Fields
		for j, i := range kept {
			f := groups(int(i))
			if f < 0 {
				kept[k], sure[k] = i, sure[j]
				k++
			} else if g.rc.trace != nil {
				buf = g.traceEarly(cd, int(i), sure[j], pushed[f].stage, buf)
			}
		}
		kept, sure = kept[:k], sure[:k]
	}
	if ok, err := g.groupColumns(cd, gr, kept, sure); ok || err != nil {
		return err
	}
	var buf value.Fields
	for k, i := range kept {
		if k%1024 == 0 {
			if err := g.rc.ctx.Err(); err != nil {
				return err
			}
		}
		buf = cd.RowAt(int(i), buf)
		if !sure[k] && !g.pred(buf) {
			continue
		}
		if err := gr.add(buf); err != nil {
			return err
		}
	}
	return nil
}

// groupColumns groups the kept rows by the numbers of their BY values and
// feeds the aggregations the columns' values, without reading rows whole
// (but those whose where clause is unknown). It gives up (false) when
// that would not be what gr.add does row by row, or would cost more than
// reading the rows:
//
//   - a BY column holding multivalues, or values of more than one kind
//     (numbers 5 and text "5" are one group by their text, two numbers);
//   - a fill value that is the text of some value of its column;
//   - _time bucketed by span, wildcard or eval aggregations;
//   - columns still to be made, for fewer kept rows than they cost
//     (the seed detection keeps 174 rows of 200,000: reading them whole
//     takes 2 ms, making its eight columns 300 ms).
//
// Rows are fed in order, so groups are made, and values added, in the
// order gr.add makes and adds them.
func (g *tstatsGen) groupColumns(cd ColumnDataset, gr *grouper, kept []int32, sure []bool) (bool, error) {
	if !columnarGrouping || g.span != nil || gr.dedupSplit || len(kept) == 0 {
		return false, nil
	}
	// Rows' times (and aggregations of _time, when every time is a
	// number that Num gives back) come from cd.Times, which numbers no
	// values; other fields from columns.
	times, exactTimes := cd.Times("_time")
	fields := slices.Clone(g.by)
	for _, a := range g.aggs {
		if a.pattern != nil || a.eval != nil {
			return false, nil
		}
		if a.field != "" && (a.field != "_time" || !exactTimes) {
			fields = append(fields, a.field)
		}
	}
	missing := 0
	seen := map[string]bool{}
	for _, f := range fields {
		if !seen[f] && !cd.HasColumn(f) {
			missing++
		}
		seen[f] = true
	}
	// Making a column reads each row's field once; reading a kept row
	// whole and grouping it by its text costs about ten of those
	// (as measured on Endpoint.Processes). Columns are kept for the
	// searches after, so this undercounts what they save.
	if len(kept)*10 < missing*cd.Len() {
		return false, nil
	}
	cd.Columns(fields)
	byIDs := make([][]uint32, len(g.by))
	byDict := make([][]value.Value, len(g.by))
	fillID := make([]uint32, len(g.by)) // number standing for the fill value
	for k, f := range g.by {
		byIDs[k], byDict[k] = cd.Column(f)
		kind := value.KindNull
		for _, v := range byDict[k] {
			if v.IsMulti() || kind != value.KindNull && v.Kind() != kind {
				return false, nil
			}
			kind = v.Kind()
			if gr.fill != nil && v.String() == *gr.fill {
				return false, nil
			}
		}
		fillID[k] = uint32(len(byDict[k]) + 1)
	}
	aggIDs := make([][]uint32, len(g.aggs))
	aggDict := make([][]value.Value, len(g.aggs))
	aggTime := make([]bool, len(g.aggs))
	for k, a := range g.aggs {
		switch {
		case a.field == "_time" && exactTimes:
			aggTime[k] = true
		case a.field != "":
			aggIDs[k], aggDict[k] = cd.Column(a.field)
		}
	}
	groups := map[string]*group{}
	key := make([]value.Value, len(g.by))
	var kb []byte
	var buf value.Fields
	one := value.Num(1)
	for k, i := range kept {
		if k%1024 == 0 {
			if err := g.rc.ctx.Err(); err != nil {
				return true, err
			}
		}
		if !sure[k] {
			buf = cd.RowAt(int(i), buf)
			if !g.pred(buf) {
				continue
			}
		}
		kb = kb[:0]
		grouped := true
		for b := range byIDs {
			id := byIDs[b][i]
			if id == 0 {
				if gr.fill == nil {
					grouped = false // a null BY value: no group
					break
				}
				id = fillID[b]
			}
			kb = append(kb, byte(id), byte(id>>8), byte(id>>16), byte(id>>24))
		}
		if !grouped {
			continue
		}
		grp := groups[string(kb)]
		if grp == nil {
			for b := range byIDs {
				if id := byIDs[b][i]; id != 0 {
					key[b] = byDict[b][id-1]
				} else {
					key[b] = value.Str(*gr.fill)
				}
			}
			grp = gr.newGroup(key)
			groups[string(kb)] = grp
			gr.order = append(gr.order, grp)
		}
		t := times[i]
		for a, ag := range g.aggs {
			v := one
			switch {
			case aggTime[a]:
				v = value.Null
				if t == t { // not NaN: the row has a time
					v = value.Num(t)
				}
			case ag.field != "":
				v = value.Null
				if id := aggIDs[a][i]; id != 0 {
					v = aggDict[a][id-1]
				}
			}
			grp.states[a].add(v, t)
		}
	}
	return true, nil
}
