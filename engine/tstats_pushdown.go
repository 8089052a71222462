package engine

import (
	"slices"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// A filter a few commands after a tstats often reads nothing but BY
// fields, as in `| tstats ... by Processes.process ... | rename
// Processes.* as * | regex process="\x{202E}"`: grouping every row and
// then dropping nearly all groups costs seconds over a large dataset.
// Such a filter decides each group by its BY values alone, and each BY
// value of a group is one value of the dataset rows that made it. So a
// row none of whose values of those fields passes the filter makes only
// groups the filter drops, and need not be grouped: the groups left
// have exactly the rows they had. The filter itself still runs, on the
// rows tstats gives, so this only saves time; it is done only when
// every command in between provably hands the BY values on unchanged
// (colMap) and the filter says what it reads (pushFilter).

// colMap tells what a stage does to the columns of the rows it gets:
// given the names a row may hold when it comes (a superset is fine), it
// returns the names it may hold after, and the name column col has after
// it with its value unchanged, or "" when the stage may change its value,
// remove it or replace it with another column.
type colMap func(cols []string, col string) (after []string, to string)

// pushFilter is what a filter stage tells a tstats before it: every field
// its test reads, and the test.
type pushFilter struct {
	reads []string
	keep  func(value.Fields) bool
}

// nameMatches reports whether a field name is selected by a name that may
// hold `*` wildcards (case-sensitive, as field names are).
func nameMatches(name, pat string) bool {
	if !strings.Contains(pat, "*") {
		return name == pat
	}
	_, ok := wildcardCaptures(name, strings.Split(pat, "*"))
	return ok
}

// withNames is cols with names added, each once ("" is no name).
func withNames(cols []string, names ...string) []string {
	out := append([]string(nil), cols...)
	for _, n := range names {
		if n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// renameColMap follows renameFields pair by pair. A column that another
// one could replace or that a rename of an absent field deletes is given
// up rather than reasoned about.
func renameColMap(pairs []spl.RenamePair) colMap {
	return func(cols []string, col string) ([]string, string) {
		for _, p := range pairs {
			cols, col = renameCols(cols, col, p.From, p.To)
		}
		return cols, col
	}
}

func renameCols(cols []string, col, from, to string) ([]string, string) {
	fromParts, toParts := strings.Split(from, "*"), strings.Split(to, "*")
	target := func(name string) (string, bool) {
		if !strings.Contains(from, "*") {
			return to, name == from
		}
		return wildcardRename(name, fromParts, toParts)
	}
	var after []string
	for _, n := range cols {
		if t, ok := target(n); ok {
			after = withNames(after, n, t) // the old name stays possible where the move is a no-op
		} else {
			after = withNames(after, n)
		}
	}
	if !strings.Contains(from, "*") {
		after = withNames(after, to)
	}
	if col == "" {
		return after, ""
	}
	dest, moved := target(col)
	if !moved {
		dest = col
	}
	if moved && dest == col {
		moved = false
	}
	for _, n := range cols {
		if n == col {
			continue
		}
		if n == dest && moved {
			return after, "" // an existing column of the new name: which stays is order-dependent
		}
		if t, ok := target(n); ok && t == dest {
			return after, "" // another column lands on the same name
		}
	}
	if !moved && !strings.Contains(from, "*") && to == col && from != col {
		return after, "" // rename of a field a row may lack deletes col
	}
	return after, dest
}

// evalColMap: an assignment to col may change it.
func evalColMap(targets []string) colMap {
	return func(cols []string, col string) ([]string, string) {
		if slices.Contains(targets, col) {
			col = ""
		}
		return withNames(cols, targets...), col
	}
}

// convertColMap: a conversion without AS changes the fields it names; one
// with AS sets the AS field.
func convertColMap(convs []spl.Conversion) colMap {
	return func(cols []string, col string) ([]string, string) {
		for _, cv := range convs {
			if cv.As == "" && nameMatches(col, cv.Field) || cv.As == col {
				col = ""
			}
			cols = withNames(cols, cv.As)
		}
		return cols, col
	}
}

// fieldsColMap follows `fields` (remove or keep) and `table`.
func fieldsColMap(names []string, remove, table bool) colMap {
	selected := func(n string) bool {
		for _, p := range names {
			if nameMatches(n, p) {
				return true
			}
		}
		return false
	}
	return func(cols []string, col string) ([]string, string) {
		var after []string
		for _, n := range cols {
			keep := selected(n) != remove
			if !remove && !table && (n == "_raw" || n == "_time") {
				keep = true
			}
			if keep {
				after = append(after, n)
			}
		}
		if table {
			for _, p := range names {
				if !strings.Contains(p, "*") {
					after = withNames(after, p)
				}
			}
		}
		if !slices.Contains(after, col) {
			col = ""
		}
		return after, col
	}
}

// searchPush is what a streamed search tells a tstats before it, when its
// terms all compare named fields (a bare term reads _raw, time bounds
// read _time as events have it).
func searchPush(x spl.SearchExpr, pred rowPred) *pushFilter {
	var reads []string
	ok := x != nil
	spl.Walk(x, func(n spl.Node) bool {
		switch t := n.(type) {
		case *spl.SearchAnd, *spl.SearchOr, *spl.SearchNot:
		case *spl.SearchCompare:
			if t.IsTimeModifier() || strings.Contains(t.Field, "*") {
				ok = false
			}
			reads = withNames(reads, t.Field)
		case *spl.SearchIn:
			if strings.Contains(t.Field, "*") {
				ok = false
			}
			reads = withNames(reads, t.Field)
		default:
			ok = false
		}
		return ok
	})
	if !ok || len(reads) == 0 {
		return nil
	}
	return &pushFilter{reads: reads, keep: pred}
}

// pushedFilter is a filter found after a tstats: the BY fields (indexes
// into g.by) its reads are, under the names the filter reads them by.
type pushedFilter struct {
	by    []int
	names []string
	keep  func(value.Fields) bool
	stage int // the filter's command, an index into the pipeline
}

// pushedFilters walks the stages after the tstats while each hands the
// BY values on unchanged, and collects the filters that read only them.
func (g *tstatsGen) pushedFilters() []pushedFilter {
	if len(g.by) == 0 {
		return nil
	}
	names := make([]string, len(g.by))
	var cols []string
	for i, b := range g.cmd.By {
		if g.by[i] != "_time" {
			names[i] = b.Name
		}
		cols = withNames(cols, b.Name)
	}
	for _, a := range g.aggs {
		if a.pattern != nil {
			return nil // output names known only from the data
		}
		cols = withNames(cols, a.name)
	}
	var out []pushedFilter
	var ds []derived // fields evals made of BY values
	st := g.next
	stage := 0 // each command's stage comes after a guardStage
	for {
		switch s := st.(type) {
		case *guardStage:
			stage++
			st = s.next
			continue
		case *countStage:
			st = s.next
			continue
		case *mapStage:
			if s.cols == nil {
				return out
			}
			ds = derive(ds, s, cols, names)
			var after []string
			for i, n := range names {
				after, names[i] = s.cols(cols, n)
			}
			cols = after
			st = s.next
			continue
		case *filterStage:
			if s.pushed != nil {
				if f, ok := filterOf(s.pushed, names, ds); ok {
					f.stage = stage
					out = append(out, f)
				}
			}
			st = s.next
			continue
		case *joinStage:
			if p := s.joinPush(); p != nil {
				if f, ok := filterOf(p, names, ds); ok {
					f.stage = stage
					out = append(out, f)
				}
			}
		}
		return out
	}
}

func byReads(p *pushFilter, names []string) (pushedFilter, bool) {
	f := pushedFilter{keep: p.keep}
	for _, r := range p.reads {
		i := -1
		for j, n := range names {
			if n != "" && n == r {
				i = j
				break
			}
		}
		if i < 0 {
			return f, false
		}
		f.by = append(f.by, i)
		f.names = append(f.names, r)
	}
	return f, true
}

// groupKeep turns the filters into a test of a ColumnDataset row by
// number: the index of the first filter no group the row makes passes,
// or -1 when the row is kept.
func (g *tstatsGen) groupKeep(fs []pushedFilter, cd ColumnDataset) func(int) int {
	var tests []func(int) bool
	for _, f := range fs {
		ids := make([][]uint32, len(f.by))
		dicts := make([][]value.Value, len(f.by))
		for k, b := range f.by {
			ids[k], dicts[k] = cd.Column(g.by[b])
		}
		row := make(value.Fields, len(f.by))
		for k, n := range f.names {
			row[k].Name = n
		}
		// valueOf is the BY value a group has for a row's number id:
		// the fill value for a row without the field, or nothing (the
		// row makes no group).
		valueOf := func(k int, id uint32) (value.Value, bool) {
			if id == 0 {
				if g.fillnull == nil {
					return value.Value{}, false
				}
				return value.Str(*g.fillnull), true
			}
			return dicts[k][id-1], true
		}
		if len(f.by) == 1 {
			memo := make([]tri, len(dicts[0])+1) // triUnknown: not tested yet
			keep := f.keep
			tests = append(tests, func(i int) bool {
				id := ids[0][i]
				if m := memo[id]; m != triUnknown {
					return m == triTrue
				}
				res := triFalse
				if v, ok := valueOf(0, id); ok {
					for _, e := range v.Values() {
						row[0].Value = e
						if keep(row) {
							res = triTrue
							break
						}
					}
				}
				memo[id] = res
				return res == triTrue
			})
			continue
		}
		keep := f.keep
		memo := map[string]bool{}
		var kb []byte
		tests = append(tests, func(i int) bool {
			kb = kb[:0]
			for k := range f.by {
				id := ids[k][i]
				kb = append(kb, byte(id), byte(id>>8), byte(id>>16), byte(id>>24))
			}
			if r, ok := memo[string(kb)]; ok {
				return r
			}
			res, multi := true, false
			for k := range f.by {
				v, ok := valueOf(k, ids[k][i])
				if !ok {
					res = false
					break
				}
				if v.IsMulti() {
					// A group for each combination of values: the row is
					// kept rather than all of them tried.
					multi = true
					continue
				}
				row[k].Value = v
			}
			if res && !multi {
				res = keep(row)
			}
			memo[string(kb)] = res
			return res
		})
	}
	return func(i int) int {
		for k, t := range tests {
			if !t(i) {
				return k
			}
		}
		return -1
	}
}
