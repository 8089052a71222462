package sqlgen

import (
	"path"
	"strconv"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
)

func (t *translator) whereCmd(c *spl.WhereCommand) error {
	v, err := t.expr(c.Expr, nil)
	if err != nil {
		return err
	}
	if v.k != kBool {
		return stopf("where needs a Boolean expression")
	}
	list := []string{"*"}
	if t.known() {
		list = t.selectCols(nil)
	}
	t.wrap(list, v.sql)
	return nil
}

// needKnown stops a command that must list every column when the
// columns are a table's (a search over events).
func (t *translator) needKnown(what string) error {
	if !t.known() {
		return stopf("%s needs the columns, which come from the events table (add stats, table or fields first)", what)
	}
	return nil
}

// eval assigns in order; each assignment sees the ones before it.
func (t *translator) eval(c *spl.EvalCommand) error {
	if err := t.needKnown("eval"); err != nil {
		return err
	}
	env := map[string]val{}
	var order []string
	for _, a := range c.Assignments {
		v, err := t.expr(a.Expr, env)
		if err != nil {
			return err
		}
		if v.k == kBool {
			return stopf("eval of a Boolean into %s", a.Target)
		}
		if strings.ContainsAny(a.Target, "{}") {
			return stopf("eval into a dynamic field name")
		}
		if _, ok := env[a.Target]; !ok {
			order = append(order, a.Target)
		}
		env[a.Target] = v
	}
	var added []string
	for _, f := range order {
		if !t.has(f) {
			added = append(added, f)
		}
	}
	return t.assign(env, added)
}

func (t *translator) typed(v val) string {
	if v.k == kNull {
		return t.d.nullStr
	}
	return v.sql
}

func exprKind(v val) kind {
	if v.k == kNull {
		return kText
	}
	return v.k
}

// rename renames known columns; a wildcard pattern renames every column
// it matches (docs/SEMANTICS.md §8), and a target that exists is
// replaced.
func (t *translator) rename(c *spl.RenameCommand) error {
	if err := t.needKnown("rename"); err != nil {
		return err
	}
	// Each column keeps its source name while renames change its name.
	type entry struct{ src, name string }
	var cols []entry
	for _, c := range t.s.cols {
		cols = append(cols, entry{c, c})
	}
	for _, p := range c.Pairs {
		renamed := map[int]string{}
		targets := map[string]bool{}
		for i, e := range cols {
			if to, ok := renameOne(p.From, p.To, e.name); ok {
				renamed[i] = to
				targets[to] = true
			}
		}
		var next []entry
		for i, e := range cols {
			if to, ok := renamed[i]; ok {
				next = append(next, entry{e.src, to})
			} else if !targets[e.name] {
				next = append(next, e)
			}
		}
		cols = next
	}
	var list, out []string
	kinds := map[string]kind{}
	back := map[string]string{}
	for _, e := range cols {
		list = append(list, t.d.Ident(e.src)+" AS "+t.d.Ident(e.name))
		out = append(out, e.name)
		kinds[e.name] = t.s.kinds[e.src]
		back[e.src] = e.name
	}
	timeTS := t.s.timeTS && back["_time"] == "_time"
	t.keepOrder(func(c string) (string, bool) { n, ok := back[c]; return n, ok })
	t.wrap(list, "")
	t.s.cols, t.s.kinds, t.s.timeTS = out, kinds, timeTS
	return nil
}

// renameOne applies one `from AS to` (each may hold one run of *) to a
// column name.
func renameOne(from, to, col string) (string, bool) {
	if !strings.Contains(from, "*") {
		return to, col == from
	}
	pre, suf, _ := strings.Cut(from, "*")
	if strings.Contains(suf, "*") || !strings.HasPrefix(col, pre) || !strings.HasSuffix(col, suf) || len(col) < len(pre)+len(suf) {
		return "", false
	}
	mid := col[len(pre) : len(col)-len(suf)]
	return strings.Replace(to, "*", mid, 1), true
}

// table keeps the listed fields in that order; fields (keepInternal)
// keeps _time and _raw as well (docs/SEMANTICS.md §15).
func (t *translator) table(fs []spl.FieldName, keepInternal bool) error {
	var names []string
	seen := map[string]bool{}
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	for _, f := range fs {
		if !strings.Contains(f.Name, "*") {
			add(f.Name)
			continue
		}
		if err := t.needKnown("a wildcard in " + f.Name); err != nil {
			return err
		}
		for _, c := range t.s.cols {
			if ok, _ := path.Match(strings.ReplaceAll(f.Name, "[", `\[`), c); ok {
				add(c)
			}
		}
	}
	if keepInternal {
		for _, c := range []string{"_time", "_raw"} {
			if !t.known() && !seen[c] || t.has(c) {
				add(c)
			}
		}
	}
	var list []string
	kinds := map[string]kind{}
	for _, n := range names {
		v := t.col(n)
		if v.k == kNull {
			list = append(list, t.d.nullStr+" AS "+t.d.Ident(n))
			kinds[n] = kText
			continue
		}
		list = append(list, t.d.Ident(n)+" AS "+t.d.Ident(n))
		kinds[n] = v.k
	}
	t.project(list, names, kinds, seen)
	return nil
}

// project replaces the columns; an order over a dropped column is applied
// in this SELECT, as engines keep a subquery's order in practice.
func (t *translator) project(list, names []string, kinds map[string]kind, keep map[string]bool) {
	ordered := ""
	for _, o := range t.s.order {
		if !keep[o.col] {
			ordered = " ORDER BY " + t.orderBy(t.s.order)
			break
		}
	}
	timeTS := t.s.timeTS && keep["_time"]
	t.wrap(list, "")
	if ordered != "" {
		t.s.body += ordered
		t.s.order = nil
	}
	t.s.cols, t.s.kinds, t.s.timeTS = names, kinds, timeTS
}

func (t *translator) fieldsRemove(fs []spl.FieldName) error {
	if err := t.needKnown("fields -"); err != nil {
		return err
	}
	drop := map[string]bool{}
	for _, f := range fs {
		for _, c := range t.s.cols {
			if ok, _ := path.Match(strings.ReplaceAll(f.Name, "[", `\[`), c); ok || c == f.Name {
				drop[c] = true
			}
		}
	}
	var list, names []string
	keep := map[string]bool{}
	kinds := map[string]kind{}
	for _, c := range t.s.cols {
		if !drop[c] {
			list = append(list, t.d.Ident(c))
			names = append(names, c)
			keep[c] = true
			kinds[c] = t.s.kinds[c]
		}
	}
	t.project(list, names, kinds, keep)
	return nil
}

// sort orders the rows and keeps the first 10000 unless told otherwise
// (docs/SEMANTICS.md §14). Equal rows keep their order, so the earlier
// order follows the new keys.
func (t *translator) sort(c *spl.SortCommand) error {
	var keys []orderTerm
	for _, k := range c.Keys {
		if k.Collation == "ip" {
			return stopf("sort by ip() has no SQL translation")
		}
		desc := k.Desc != c.Desc
		keys = append(keys, orderTerm{col: k.Field, desc: desc, collation: k.Collation})
	}
	limit := 10000
	if c.Limit != nil {
		limit = *c.Limit
	}
	t.s.order = append(keys, t.s.order...)
	if limit > 0 {
		t.limit(limit)
	}
	return nil
}

// limit keeps the first n rows in the current order.
func (t *translator) limit(n int) {
	list := []string{"*"}
	if t.known() {
		list = t.selectCols(nil)
	}
	order := t.s.order
	t.wrap(list, "")
	if len(order) > 0 {
		t.s.body += " ORDER BY " + t.orderBy(order)
	}
	t.s.body += " LIMIT " + strconv.Itoa(n)
	t.s.limited = true
}

func (t *translator) head(c *spl.HeadCommand) error {
	if c.Expr != nil {
		return stopf("head with an expression has no SQL translation")
	}
	if len(t.s.order) == 0 {
		return stopf("head needs the rows' order, which the SQL so far does not keep")
	}
	t.limit(c.Count)
	return nil
}

// dedup keeps the first N rows of each combination of its fields, in the
// current order; rows missing a field go (docs/SEMANTICS.md §13).
func (t *translator) dedup(c *spl.DedupCommand) error {
	if c.KeepEvents || c.KeepEmpty || c.Consecutive || len(c.SortBy) > 0 {
		return stopf("dedup's keepevents, keepempty, consecutive and sortby have no SQL translation")
	}
	if len(t.s.order) == 0 {
		return stopf("dedup needs the rows' order, which the SQL so far does not keep")
	}
	n := c.Count
	if n <= 0 {
		n = 1
	}
	var parts, conds []string
	for _, f := range c.Fields {
		if strings.Contains(f.Name, "*") {
			return stopf("dedup over a wildcard field")
		}
		v := t.col(f.Name)
		if v.k == kNull {
			conds = append(conds, sqlFalse)
			continue
		}
		parts = append(parts, v.sql)
		conds = append(conds, v.sql+" IS NOT NULL")
	}
	order := t.orderBy(t.s.order)
	if t.d.limitBy {
		list := []string{"*"}
		if t.known() {
			list = t.selectCols(nil)
		}
		t.wrap(list, strings.Join(conds, " AND "))
		t.s.body += " ORDER BY " + order + " LIMIT " + strconv.Itoa(n) + " BY " + strings.Join(parts, ", ")
		t.s.limited = true
		return nil
	}
	if err := t.needKnown("dedup"); err != nil {
		return err
	}
	cols := t.selectCols(nil)
	rn := t.d.Ident("_sqlgen_rn")
	inner := "SELECT " + strings.Join(cols, ", ") + ", row_number() OVER (PARTITION BY " + strings.Join(parts, ", ") +
		" ORDER BY " + order + ") AS " + rn + " FROM " + t.fromItem() + " WHERE " + strings.Join(conds, " AND ")
	t.n++
	t.s.body = "SELECT " + strings.Join(cols, ", ") + " FROM (" + inner + ") AS t" + strconv.Itoa(t.n) + " WHERE " + rn + " <= " + strconv.Itoa(n)
	t.s.limited, t.s.grouped = false, false
	return nil
}

// convert translates ctime: epoch seconds to text in UTC; a value that is
// not a number stays as it is (docs/SEMANTICS.md §7).
func (t *translator) convert(c *spl.ConvertCommand) error {
	if err := t.needKnown("convert"); err != nil {
		return err
	}
	format := "%m/%d/%Y %H:%M:%S"
	if c.Timeformat != nil {
		format = *c.Timeformat
	}
	f, ok := t.d.ctimeFmt(format)
	if !ok {
		return stopf("timeformat %q has a variable the %s translation does not render", format, t.d.Name)
	}
	env := map[string]val{}
	var added []string
	for _, cv := range c.Conversions {
		if cv.Func != "ctime" || strings.Contains(cv.Field, "*") {
			return stopf("convert %s(%s) has no SQL translation", cv.Func, cv.Field)
		}
		v := t.col(cv.Field)
		if v.k == kNull {
			continue
		}
		n := t.asNum(v)
		out := strings.ReplaceAll(strings.ReplaceAll(t.d.ctimeTmpl, "%[1]s", n), "%[2]s", t.d.Lit(f))
		if v.k != kNum {
			out = "CASE WHEN " + n + " IS NULL THEN " + t.asText(v) + " ELSE " + out + " END"
		}
		to := cv.Field
		if cv.As != "" {
			to = cv.As
		}
		if _, ok := env[to]; !ok && !t.has(to) {
			added = append(added, to)
		}
		env[to] = val{out, kText}
	}
	return t.assign(env, added)
}

// assign replaces or adds columns with values computed from the current
// state.
func (t *translator) assign(env map[string]val, added []string) error {
	var list, cols []string
	kinds := map[string]kind{}
	for _, col := range t.s.cols {
		if v, ok := env[col]; ok {
			list = append(list, t.typed(v)+" AS "+t.d.Ident(col))
			kinds[col] = exprKind(v)
		} else {
			list = append(list, t.d.Ident(col))
			kinds[col] = t.s.kinds[col]
		}
		cols = append(cols, col)
	}
	for _, f := range added {
		list = append(list, t.typed(env[f])+" AS "+t.d.Ident(f))
		cols = append(cols, f)
		kinds[f] = exprKind(env[f])
	}
	timeTS := t.s.timeTS
	if _, ok := env["_time"]; ok {
		timeTS = false
	}
	t.wrap(list, "")
	t.s.cols, t.s.kinds, t.s.timeTS = cols, kinds, timeTS
	return nil
}

// bin buckets _time by a time span (docs/SEMANTICS.md §12).
func (t *translator) bin(c *spl.BinCommand) error {
	b := c.Binning
	if c.Field.Name != "_time" || b.Span == nil || !b.Span.IsTime() || b.Bins != 0 || b.MinSpan != nil ||
		b.Start != nil || b.End != nil || b.AlignTime != "" {
		return stopf("only bin _time span=<time> has a SQL translation")
	}
	if err := t.needKnown("bin"); err != nil {
		return err
	}
	v := t.col("_time")
	if v.k == kNull {
		return nil
	}
	e, err := t.bucket(v.sql, *b.Span)
	if err != nil {
		return err
	}
	to := "_time"
	var added []string
	if c.As != "" {
		to = c.As
		if !t.has(to) {
			added = []string{to}
		}
	}
	return t.assign(map[string]val{to: {e, kNum}}, added)
}

// fillnull puts a value in the listed fields (or every known column)
// where they are null.
func (t *translator) fillnull(c *spl.FillnullCommand) error {
	fill := "0"
	if c.Value != nil {
		fill = *c.Value
	}
	var names []string
	if len(c.Fields) == 0 {
		if err := t.needKnown("fillnull without fields"); err != nil {
			return err
		}
		names = t.s.cols
	} else {
		if err := t.needKnown("fillnull"); err != nil {
			return err
		}
		for _, f := range c.Fields {
			if strings.Contains(f.Name, "*") {
				return stopf("fillnull over a wildcard field")
			}
			names = append(names, f.Name)
		}
	}
	env := map[string]val{}
	var added []string
	for _, n := range names {
		v := t.col(n)
		if v.k == kList {
			continue
		}
		if v.k == kNull {
			added = append(added, n)
			env[n] = val{t.d.Lit(fill), kText}
			continue
		}
		env[n] = val{"coalesce(" + t.asText(v) + ", " + t.d.Lit(fill) + ")", kText}
	}
	return t.assign(env, added)
}
