// Package sqlexec runs a search on an external SQL engine: the longest
// prefix of its pipeline that package sqlgen translates runs there, the
// rows come back as spelunk values, and spelunk runs the rest of the
// pipeline over them. An Engine is opened from a URL; ClickHouse
// (pure Go) is built in, and a binary built with cgo can register DuckDB.
package sqlexec

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/lookups"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/sqlgen"
	"github.com/spelunk-dev/spelunk/value"
)

// Engine is a SQL engine holding the events and data model datasets.
type Engine interface {
	// Dialect is the SQL the engine reads.
	Dialect() *sqlgen.Dialect
	// Tables say where the engine holds events and datasets.
	Tables() sqlgen.Tables
	// Query runs q and returns its rows as spelunk values: a null cell
	// is a missing field, a list a multivalue field.
	Query(ctx context.Context, q string) (*Rows, error)
	// Upload replaces table with rows of text columns (fields) and
	// _spelunk_row, each row's number: a lookup's CSV for a join.
	Upload(ctx context.Context, table string, fields []string, rows [][]string) error
	Close() error
}

// Rows are a query's result: its columns and, per row, the fields that
// are not null, in column order.
type Rows struct {
	Columns []string
	Rows    []value.Fields
}

// Opener opens an engine from its URL.
type Opener func(url string) (Engine, error)

var (
	mu      sync.Mutex
	openers = map[string]Opener{"clickhouse": OpenClickHouse}
)

// Register makes Open accept URLs of scheme (the text before ":"): a
// binary built with cgo registers "duckdb".
func Register(scheme string, open Opener) {
	mu.Lock()
	defer mu.Unlock()
	openers[scheme] = open
}

// NoDuckDB is what the pure Go binary answers to --engine duckdb.
const NoDuckDB = "DuckDB needs cgo, so this binary does not include it: build the DuckDB-enabled one from spelunk's source with `cd sqlrun && go build ./cmd/spelunk-duckdb` (a C compiler is needed) and run `spelunk-duckdb run --engine duckdb[:path] ...`"

// Open opens the engine a URL names: clickhouse://host:port/db (with
// ?username=&password= when needed), or what Register added.
func Open(url string) (Engine, error) {
	scheme, _, _ := strings.Cut(url, ":")
	mu.Lock()
	open, ok := openers[scheme]
	names := make([]string, 0, len(openers))
	for n := range openers {
		names = append(names, n)
	}
	mu.Unlock()
	if ok {
		return open(url)
	}
	if scheme == "duckdb" {
		return nil, fmt.Errorf("--engine %s: %s", url, NoDuckDB)
	}
	sort.Strings(names)
	return nil, fmt.Errorf("--engine %s: unknown engine %q (use %s://...)", url, scheme, strings.Join(names, "://..., "))
}

// WithTables is e reading the tables t names instead of its own (a
// --tables file).
func WithTables(e Engine, t sqlgen.Tables) Engine { return &mapped{Engine: e, t: t} }

type mapped struct {
	Engine
	t sqlgen.Tables
}

func (m *mapped) Tables() sqlgen.Tables { return m.t }

// Run runs s with the SQL prefix of its pipeline on e and the rest in
// spelunk, with r's macros, lookups, time zone and limits. It returns
// the translation too, to say what ran where. A search whose first
// command has no SQL translation is an error naming it.
func Run(ctx context.Context, r *runner.Runner, s *runner.Search, e Engine, o runner.RunOptions) (*engine.Result, *sqlgen.Result, error) {
	base, err := r.Base()
	if err != nil {
		return nil, nil, err
	}
	opt, err := r.EngineOptions(s, runner.RunOptions{Quiet: true})
	if err != nil {
		return nil, nil, err
	}
	tables := map[string]*lookups.Table{}
	find := func(name string) (*lookups.Table, error) {
		if opt.Lookups == nil {
			return nil, fmt.Errorf("no lookup tables")
		}
		t, err := opt.Lookups.Table(name)
		if err == nil {
			tables[name] = t
		}
		return t, err
	}
	tr, err := sqlgen.Translate(s.Pipeline, sqlgen.Options{Dialect: e.Dialect(), Tables: e.Tables(), Base: base, Lookup: find})
	if err != nil {
		return nil, nil, err
	}
	for _, name := range tr.Lookups {
		t := tables[name]
		if err := e.Upload(ctx, sqlgen.LookupTable(name), t.Fields, t.Rows); err != nil {
			return nil, tr, fmt.Errorf("lookup %s: %v", name, err)
		}
	}
	if err := checkRest(tr.Rest); err != nil {
		return nil, tr, err
	}
	rows, err := e.Query(ctx, tr.SQL)
	if err != nil {
		return nil, tr, fmt.Errorf("%s: %v", e.Dialect().Name, err)
	}
	rest := *s
	// A search with no terms passes every row of the source on, in the
	// engine's order, to the commands SQL could not run.
	rest.Pipeline = &spl.Pipeline{Commands: append([]spl.Command{&spl.SearchCommand{}}, tr.Rest...)}
	res, err := r.RunOn(ctx, &rest, &rowSource{rows: rows.Rows, e: e, base: base}, o)
	return res, tr, err
}

// internal names the columns spelunk's tables keep for their own use.
func internal(col string) bool { return strings.HasPrefix(col, "_spelunk") }

// Cell turns a driver's cell into a spelunk value; ok is false for null.
func Cell(v any) (value.Value, bool) {
	switch v := v.(type) {
	case nil:
		return value.Value{}, false
	case string:
		return value.Str(v), true
	case []byte:
		return value.Str(string(v)), true
	case bool:
		return value.Bool(v), true
	case float64:
		return value.Num(v), true
	case float32:
		return value.Num(float64(v)), true
	case int64:
		return value.Num(float64(v)), true
	case int32:
		return value.Num(float64(v)), true
	case int16:
		return value.Num(float64(v)), true
	case int8:
		return value.Num(float64(v)), true
	case int:
		return value.Num(float64(v)), true
	case uint64:
		return value.Num(float64(v)), true
	case uint32:
		return value.Num(float64(v)), true
	case uint16:
		return value.Num(float64(v)), true
	case uint8:
		return value.Num(float64(v)), true
	case []any:
		vals := make([]value.Value, 0, len(v))
		for _, e := range v {
			if x, ok := Cell(e); ok {
				vals = append(vals, x)
			}
		}
		m := value.Multi(vals...)
		return m, !m.IsNull()
	}
	if t, ok := v.(interface{ UnixMicro() int64 }); ok {
		return value.Num(float64(t.UnixMicro()) / 1e6), true
	}
	return value.Str(fmt.Sprint(v)), true
}
