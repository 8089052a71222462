package sqlgen

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/lookups"
	"github.com/spelunk-dev/spelunk/spl"
)

// Options configure a translation.
type Options struct {
	Dialect *Dialect
	Tables  Tables
	// Base holds the data model definitions; tstats over a dataset
	// needs it to resolve the dataset's name.
	Base *datamodel.Base
	// Lookup finds a lookup table by name, for lookup as a join; nil
	// leaves lookup to spelunk.
	Lookup func(name string) (*lookups.Table, error)
}

// Result is the SQL of the longest translatable prefix of a pipeline.
type Result struct {
	SQL string
	// Translated is how many commands the SQL runs; Rest are the others,
	// to run in spelunk over the rows the SQL returns.
	Translated int
	Rest       []spl.Command
	// Stop says why the command Rest[0] was not translated; "" when the
	// whole pipeline was.
	Stop string
	// Dataset is the data model dataset the SQL reads ("Endpoint.Processes"),
	// "" when it reads events.
	Dataset string
	// Reads are the dataset's columns the SQL reads, so a table written
	// for it can hold each (null where no row has it).
	Reads []string
	// Lookups are the lookup tables the SQL joins, by name: they must be
	// uploaded (LookupTable) before it runs.
	Lookups []string
	// Columns are the output columns when known (nil after a search
	// over events, whose columns are the table's).
	Columns []string
}

// RestText prints the commands left to spelunk as a pipeline.
func (r *Result) RestText() string {
	if len(r.Rest) == 0 {
		return ""
	}
	return (&spl.Pipeline{Commands: r.Rest}).String()
}

// Complete reports whether SQL runs the whole pipeline.
func (r *Result) Complete() bool { return len(r.Rest) == 0 }

// kind is what a SQL value holds, so operators can pick numeric or text
// forms: stored fields are text, counts are numbers.
type kind int

const (
	kText kind = iota
	kNum
	kBool
	kList
	kNull
)

// val is a translated expression.
type val struct {
	sql string
	k   kind
}

// orderTerm is one key of the rows' current order.
type orderTerm struct {
	col       string
	desc      bool
	collation string // "", "auto", "str", "num"; "text" orders numbers as text too
}

// state is the query built so far: a SELECT (body) over earlier ones,
// or the base table alone.
type state struct {
	body    string
	table   string
	limited bool // body already holds its ORDER BY and LIMIT
	// grouped: body is a GROUP BY, whose ORDER BY could not read its
	// output names inside expressions, so it is ordered from outside.
	grouped bool
	cols    []string
	kinds   map[string]kind
	timeTS  bool // _time is a timestamp column, not epoch seconds
	hasRaw  bool
	order   []orderTerm
}

type translator struct {
	d       *Dialect
	o       Options
	n       int
	s       state
	stop    string
	dataset string
	reads   map[string]bool
	lookups []string
	// keepNull makes group keep the rows whose BY value is null, in a
	// null group (timechart's NULL series).
	keepNull bool
}

// stopErr ends the translation at the current command.
type stopErr struct{ why string }

func (e *stopErr) Error() string { return e.why }

func stopf(format string, a ...any) error { return &stopErr{fmt.Sprintf(format, a...)} }

// Translate builds the SQL of the longest prefix of p it can express. The
// first command must be a search over events or tstats; otherwise, or if
// that command cannot be translated, it returns an error naming the
// command and its position.
func Translate(p *spl.Pipeline, o Options) (*Result, error) {
	if o.Dialect == nil {
		o.Dialect = duckdb
	}
	if len(p.Commands) == 0 {
		return nil, fmt.Errorf("sql: empty search")
	}
	t := &translator{d: o.Dialect, o: o}
	first := p.Commands[0]
	if err := t.start(first); err != nil {
		return nil, fmt.Errorf("sql: %s at offset %d: %v", first.CommandName(), first.Span().Start, err)
	}
	res := &Result{Translated: 1}
	for i, c := range p.Commands[1:] {
		saved, savedN, savedLookups := t.s, t.n, t.lookups
		err := t.command(c)
		if err == nil {
			res.Translated = i + 2
			continue
		}
		if sp, ok := err.(*splitErr); ok {
			// SQL runs the first half of c; the rest starts with the
			// other half.
			res.Translated = i + 1
			res.Rest = append(sp.rest, p.Commands[i+2:]...)
			res.Stop = fmt.Sprintf("%s at offset %d: %s", c.CommandName(), c.Span().Start, sp.why)
			break
		}
		if _, ok := err.(*stopErr); !ok {
			return nil, err
		}
		t.s, t.n, t.lookups = saved, savedN, savedLookups
		res.Rest = p.Commands[i+1:]
		res.Stop = fmt.Sprintf("%s at offset %d: %v", c.CommandName(), c.Span().Start, err)
		break
	}
	res.SQL = t.full()
	res.Columns = t.s.cols
	res.Dataset = t.dataset
	res.Lookups = t.lookups
	for c := range t.reads {
		res.Reads = append(res.Reads, c)
	}
	sort.Strings(res.Reads)
	return res, nil
}

func (t *translator) start(c spl.Command) error {
	switch c := c.(type) {
	case *spl.SearchCommand:
		t.s = state{table: t.o.Tables.eventsFrom(t.d), timeTS: !t.o.Tables.TimeEpoch, hasRaw: true,
			kinds: map[string]kind{}}
		// Events come newest first, ties in the order they were read.
		t.s.order = []orderTerm{{col: "_time", desc: true, collation: "num"}}
		if t.o.Tables.Events == "" || t.o.Tables.Seq {
			t.s.order = append(t.s.order, orderTerm{col: "_spelunk_seq", collation: "num"})
		}
		return t.search(c)
	case *spl.TstatsCommand:
		return t.tstats(c)
	}
	return stopf("a SQL query starts with a search over events or with tstats")
}

func (t *translator) command(c spl.Command) error {
	switch c := c.(type) {
	case *spl.SearchCommand:
		return t.search(c)
	case *spl.WhereCommand:
		return t.whereCmd(c)
	case *spl.EvalCommand:
		return t.eval(c)
	case *spl.StatsCommand:
		return t.stats(c)
	case *spl.RenameCommand:
		return t.rename(c)
	case *spl.TableCommand:
		return t.table(c.Fields, false)
	case *spl.FieldsCommand:
		if c.Remove {
			return t.fieldsRemove(c.Fields)
		}
		return t.table(c.Fields, true)
	case *spl.SortCommand:
		return t.sort(c)
	case *spl.HeadCommand:
		return t.head(c)
	case *spl.DedupCommand:
		return t.dedup(c)
	case *spl.ConvertCommand:
		return t.convert(c)
	case *spl.BinCommand:
		return t.bin(c)
	case *spl.TopCommand:
		return t.top(c)
	case *spl.FillnullCommand:
		return t.fillnull(c)
	case *spl.LookupTableCommand:
		return t.lookup(c)
	case *spl.TimechartCommand:
		return t.timechart(c)
	}
	return stopf("%s has no SQL translation", c.CommandName())
}

// fromItem is the FROM item reading the current state.
func (t *translator) fromItem() string {
	if t.s.body == "" {
		return t.s.table
	}
	t.n++
	return "(" + t.s.body + ") AS t" + strconv.Itoa(t.n)
}

// full is the query of the current state with its order.
func (t *translator) full() string {
	q := t.s.body
	if q == "" {
		q = "SELECT * FROM " + t.s.table
	}
	if t.s.limited || len(t.s.order) == 0 {
		return q
	}
	if t.s.grouped {
		q = "SELECT * FROM " + t.fromItem()
	}
	return q + " ORDER BY " + t.orderBy(t.s.order)
}

// known reports whether the columns are known (not a raw table's).
func (t *translator) known() bool { return t.s.cols != nil }

func (t *translator) has(col string) bool {
	for _, c := range t.s.cols {
		if c == col {
			return true
		}
	}
	return false
}

// col reads a field of the current state: null when the columns are
// known and it is not one of them, as a missing field is null.
func (t *translator) col(name string) val {
	if t.known() && !t.has(name) {
		return val{"NULL", kNull}
	}
	id := t.d.Ident(name)
	if name == "_time" {
		if t.s.timeTS {
			return val{t.d.epoch(id), kNum}
		}
		return val{id, kNum}
	}
	if k, ok := t.s.kinds[name]; ok {
		return val{id, k}
	}
	return val{id, kText}
}

// selectCols is the select list keeping every known column as it is,
// except those in skip.
func (t *translator) selectCols(skip map[string]bool) []string {
	var out []string
	for _, c := range t.s.cols {
		if !skip[c] {
			out = append(out, t.d.Ident(c))
		}
	}
	return out
}

// wrap makes a new SELECT over the current state.
func (t *translator) wrap(list []string, where string) {
	q := "SELECT " + strings.Join(list, ", ") + " FROM " + t.fromItem()
	if where != "" {
		q += " WHERE " + where
	}
	t.s.body, t.s.limited, t.s.grouped = q, false, false
}

// orderBy renders order terms as ORDER BY keys. Automatic collation puts
// numbers first, numerically, then text by bytes; a missing value goes
// last either way (docs/SEMANTICS.md §14).
func (t *translator) orderBy(terms []orderTerm) string {
	var keys []string
	for _, o := range terms {
		v := t.col(o.col)
		dir := ""
		if o.desc {
			dir = " DESC"
		}
		if v.k == kNull {
			continue
		}
		keys = append(keys, "("+v.sql+" IS NULL)")
		switch {
		case o.collation == "text":
			keys = append(keys, t.asText(v)+dir)
		case v.k == kNum:
			keys = append(keys, v.sql+dir)
		case o.collation == "str":
			keys = append(keys, t.asText(v)+dir)
		case o.collation == "num":
			n := t.asNum(v)
			keys = append(keys, "("+n+" IS NULL)", n+dir, t.asText(v)+dir)
		default:
			n := t.asNum(v)
			keys = append(keys, "("+n+" IS NULL)"+dir, n+dir, t.asText(v)+dir)
		}
	}
	return strings.Join(keys, ", ")
}

// renameOrder follows the order's columns through a rename; a column
// dropped from the order ends it there.
func (t *translator) keepOrder(rename func(string) (string, bool)) {
	var out []orderTerm
	for _, o := range t.s.order {
		n, ok := rename(o.col)
		if !ok {
			break
		}
		o.col = n
		out = append(out, o)
	}
	t.s.order = out
}
