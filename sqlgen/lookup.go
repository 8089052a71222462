package sqlgen

import (
	"strconv"
	"strings"

	"github.com/spelunk-dev/spelunk/lookups"
	"github.com/spelunk-dev/spelunk/spl"
)

// lookup as a LEFT JOIN (docs/SEMANTICS.md §11, "SQL translation"): the
// lookup's CSV is a table of text columns plus _spelunk_row, its line
// number, uploaded beside the data (LookupTable names it). The table is
// grouped by its match fields, each output's non-empty cells of the
// first max_matches matching rows listed in file order; a row whose
// match fields match takes them (one value, or a list when a key can
// match several rows), a row with no match or no non-empty value keeps
// its field as it was, and OUTPUTNEW fills only missing fields.
func (t *translator) lookup(c *spl.LookupTableCommand) error {
	switch {
	case t.o.Lookup == nil:
		return stopf("lookup has no SQL translation without its table")
	case t.d.Name == "spark":
		return stopf("lookup has no Spark translation")
	case c.EventTimeField != "":
		return stopf("a time-based lookup has no SQL translation")
	}
	if err := t.needKnown("lookup"); err != nil {
		return err
	}
	tab, err := t.o.Lookup(c.Table)
	if err != nil {
		return stopf("%v", err)
	}
	ru := tab.Rules
	if ru.HasDefault && ru.MinMatches > 0 {
		return stopf("min_matches with default_match has no SQL translation")
	}
	var keys []int
	var events []val
	for _, in := range c.Inputs {
		col := tab.Column(in.Field)
		if col < 0 || ru.Wildcard[in.Field] || ru.CIDR[in.Field] {
			return stopf("lookup field %s: only exact matches have a SQL translation", in.Field)
		}
		v := t.col(in.EventName())
		switch v.k {
		case kList:
			return stopf("a lookup on a multivalue field runs in spelunk")
		case kNull:
			// A missing field matches no row: the rows stay as they are.
			return nil
		}
		keys = append(keys, col)
		events = append(events, v)
	}
	outs, err := lookupOutputs(c, tab, keys)
	if err != nil {
		return err
	}
	multi := severalMatch(tab, keys)
	fold := func(s string) string {
		if ru.CaseSensitive {
			return s
		}
		return t.lower(s)
	}

	t.lookupJoin(c, tab, keys, events, outs, multi, fold)
	return nil
}

// lookupOut is one output: the table's column and the field it sets.
type lookupOut struct {
	col  int
	dest string
}

// lookupOutputs are the outputs of c: those listed, or every column of
// the table that is not matched on.
func lookupOutputs(c *spl.LookupTableCommand, tab *lookups.Table, keys []int) ([]lookupOut, error) {
	var outs []lookupOut
	if len(c.Outputs) == 0 {
		matched := map[int]bool{}
		for _, k := range keys {
			matched[k] = true
		}
		for i, f := range tab.Fields {
			if !matched[i] && !strings.HasPrefix(f, "_spelunk") {
				outs = append(outs, lookupOut{i, f})
			}
		}
	}
	for _, o := range c.Outputs {
		col := tab.Column(o.Field)
		if col < 0 {
			return nil, stopf("lookup %s has no field %s", c.Table, o.Field)
		}
		outs = append(outs, lookupOut{col, o.EventName()})
	}
	return outs, nil
}

// lookupJoin makes the current state the join of its rows with the
// lookup's table grouped by key.
func (t *translator) lookupJoin(c *spl.LookupTableCommand, tab *lookups.Table, keys []int, events []val, outs []lookupOut, multi bool, fold func(string) string) {
	ru := tab.Rules
	// The lookup side: one row per key, the outputs as lists.
	t.n++
	lk := "lk" + strconv.Itoa(t.n)
	var lsel, lgroup []string
	for i, k := range keys {
		e := fold(t.d.Ident(tab.Fields[k]))
		lsel = append(lsel, e+" AS "+t.d.Ident("_lk"+strconv.Itoa(i)))
		lgroup = append(lgroup, e)
	}
	for i, o := range outs {
		lsel = append(lsel, t.d.rowList(t.d.Ident(tab.Fields[o.col]), t.d.Ident("_spelunk_row"), ru.MaxMatches)+
			" AS "+t.d.Ident("_lo"+strconv.Itoa(i)))
	}
	right := "(SELECT " + strings.Join(lsel, ", ") + " FROM " + t.o.Tables.lookupFrom(t.d, c.Table) +
		" GROUP BY " + strings.Join(lgroup, ", ") + ") AS " + lk

	// The rows' side: their columns and the keys they match with.
	var inner []string
	inner = append(inner, t.selectCols(nil)...)
	var on, present []string
	for i, v := range events {
		name := t.d.Ident("_lke" + strconv.Itoa(i))
		inner = append(inner, "coalesce("+fold(t.asText(v))+", '') AS "+name)
		present = append(present, v.sql+" IS NOT NULL")
		on = append(on, "lt."+name+" = "+lk+"."+t.d.Ident("_lk"+strconv.Itoa(i)))
	}
	q := "SELECT " + strings.Join(inner, ", ") + " FROM " + t.fromItem()
	left := "(" + q + ") AS lt"

	env := map[string]val{}
	var added []string
	for i, o := range outs {
		arr := lk + "." + t.d.Ident("_lo"+strconv.Itoa(i))
		cur := t.col(o.dest)
		curRef := cur
		if cur.k != kNull {
			curRef = val{"lt." + t.d.Ident(o.dest), cur.k}
		}
		cond := strings.Join(present, " AND ") + " AND " + t.d.arrLen(arr) + " > 0"
		if c.Mode == "OUTPUTNEW" && cur.k != kNull {
			cond = curRef.sql + " IS NULL AND " + cond
		}
		var e val
		if multi || cur.k == kList {
			keep := t.d.asList(curRef)
			e = val{"CASE WHEN " + cond + " THEN " + arr + " ELSE " + keep + " END", kList}
		} else {
			e = val{"CASE WHEN " + cond + " THEN " + arr + "[1] ELSE " + t.asText(curRef) + " END", kText}
		}
		if cur.k == kNull && !containsStr(added, o.dest) {
			added = append(added, o.dest)
		}
		env[o.dest] = e
	}
	var list, cols []string
	kinds := map[string]kind{}
	for _, col := range t.s.cols {
		if v, ok := env[col]; ok {
			list = append(list, v.sql+" AS "+t.d.Ident(col))
			kinds[col] = v.k
		} else {
			list = append(list, "lt."+t.d.Ident(col))
			kinds[col] = t.s.kinds[col]
		}
		cols = append(cols, col)
	}
	for _, f := range added {
		list = append(list, env[f].sql+" AS "+t.d.Ident(f))
		cols = append(cols, f)
		kinds[f] = env[f].k
	}
	t.s.body = "SELECT " + strings.Join(list, ", ") + " FROM " + left + " " + t.d.leftJoin + " " + right +
		" ON " + strings.Join(on, " AND ")
	t.s.limited, t.s.grouped = false, false
	t.s.cols, t.s.kinds = cols, kinds
	t.lookups = append(t.lookups, c.Table)
	// A join keeps no order.
	t.s.order = nil
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// severalMatch reports whether some key of the table matches several
// rows, so that outputs can be lists.
func severalMatch(tab *lookups.Table, keys []int) bool {
	seen := map[string]bool{}
	for _, r := range tab.Rows {
		var b strings.Builder
		for _, k := range keys {
			v := r[k]
			if !tab.Rules.CaseSensitive {
				v = strings.ToLower(v)
			}
			b.WriteString(v)
			b.WriteByte(0)
		}
		if seen[b.String()] {
			return true
		}
		seen[b.String()] = true
	}
	return false
}

// LookupTable is the table a lookup's CSV is uploaded to by default:
// lookup__<name>, other characters than letters, digits and _ as _.
func LookupTable(name string) string {
	b := []byte("lookup__" + name)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			b[i] = '_'
		}
	}
	return string(b)
}

// lookupFrom is the FROM item of a lookup's table.
func (t Tables) lookupFrom(d *Dialect, name string) string {
	if t.Lookup != "" {
		return strings.ReplaceAll(strings.ReplaceAll(t.Lookup, "{root}", t.root()), "{name}", LookupTable(name))
	}
	return d.Ident(LookupTable(name))
}
