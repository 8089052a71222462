// Package spelunk runs Splunk SPL searches and security_content detections
// offline, from Go: load macros and raw log files, run a search, read the
// rows. It is the library behind the spelunk command, for content teams
// who want their detection tests in `go test`.
//
//	e := spelunk.New()
//	if err := e.LoadMacros("security_content"); err != nil { ... }
//	if _, err := e.AddFile("sysmon.log", spelunk.IngestOptions{}); err != nil { ... }
//	res, err := e.Search(ctx, "| tstats count from datamodel=Endpoint.Processes by Processes.dest")
//	for _, row := range res.Rows { fmt.Println(row.Get("Processes.dest"), row.Get("count")) }
package spelunk

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/macros"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// Engine holds knowledge objects (macros) and ingested events. Load
// everything first; searches may then run concurrently.
type Engine struct {
	macros *macros.Set
	store  *datamodel.Store
	tz     *time.Location
	// Notice, if set, receives warnings that do not stop a search (an
	// undefined *_filter macro, a regex that timed out on one row).
	Notice func(string)
}

// New returns an engine with the built-in macros, no events, and UTC as
// its time zone.
func New() *Engine {
	store, err := datamodel.NewStore()
	if err != nil {
		panic(err) // the built-in knowledge is checked by tests
	}
	return &Engine{macros: macros.NewSet(), store: store, tz: time.UTC}
}

// LoadMacros adds macro definitions: a security_content repository root,
// its macros/ folder, a macros.conf file or a Splunk app folder.
func (e *Engine) LoadMacros(path string) error { return e.macros.Load(path) }

// SetTimeZone sets the zone used to format times and align day buckets.
func (e *Engine) SetTimeZone(loc *time.Location) { e.tz = loc }

// IngestOptions override what spelunk detects about a file.
type IngestOptions = ingest.Options

// IngestStats counts the records a read kept and skipped.
type IngestStats = ingest.Stats

// AddFile ingests log files: a file, a directory or a glob; .gz files are
// read transparently. Bad records are skipped and counted in the stats.
func (e *Engine) AddFile(path string, opt IngestOptions) (IngestStats, error) {
	return ingest.ReadPaths([]string{path}, opt, e.add)
}

// AddReader ingests the records of r; name is used in messages.
func (e *Engine) AddReader(r io.Reader, name string, opt IngestOptions) (IngestStats, error) {
	return ingest.Read(r, name, opt, e.add)
}

func (e *Engine) add(ev *ingest.Event) error {
	e.store.Add(ev)
	return nil
}

// Events is the number of events ingested.
func (e *Engine) Events() int { return e.store.Len() }

// Result is a finished search.
type Result struct {
	Columns []string
	Rows    []Row
}

// Row is one result row.
type Row struct{ fields value.Fields }

// Get returns a field's value as Splunk prints it (multivalue fields
// joined by newlines), or "" when the row lacks the field.
func (r Row) Get(field string) string { return r.fields.Get(field).String() }

// Values returns each value of a field (one for a single value, none when
// missing).
func (r Row) Values(field string) []string { return r.fields.Get(field).Strings() }

// Has reports whether the row has the field.
func (r Row) Has(field string) bool {
	_, ok := r.fields.Lookup(field)
	return ok && !r.fields.Get(field).IsNull()
}

// SearchError is a search that could not be expanded, parsed or run. Its
// message shows each problem at its line and column in the search as
// written, with the line and a caret.
type SearchError struct {
	Name   string // where the search came from, if known
	Query  string
	Errors []*spl.Error
}

func (e *SearchError) Error() string {
	var b strings.Builder
	for i, x := range e.Errors {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(strings.TrimRight(spl.Render(e.Name, e.Query, x), "\n"))
	}
	return b.String()
}

// Search expands macros in query, parses it and runs it over the
// ingested events.
func (e *Engine) Search(ctx context.Context, query string) (*Result, error) {
	return e.search(ctx, "", query)
}

// Detection runs the search of a detection YAML file.
func (e *Engine) Detection(ctx context.Context, path string) (*Result, error) {
	d, err := content.LoadDetection(path)
	if err != nil {
		return nil, err
	}
	return e.search(ctx, path, d.Search)
}

func (e *Engine) search(ctx context.Context, name, query string) (*Result, error) {
	exp, err := e.macros.Expand(query, macros.Options{})
	if err != nil {
		return nil, e.wrap(name, query, nil, err)
	}
	for _, n := range exp.Notices {
		e.notice(n.Msg)
	}
	p, err := spl.Parse(exp.Text)
	if err != nil {
		return nil, e.wrap(name, query, exp, err)
	}
	res, err := engine.Run(ctx, p, e.store, engine.Options{TZ: e.tz, Notice: e.notice})
	if err != nil {
		return nil, e.wrap(name, query, exp, err)
	}
	out := &Result{Columns: res.Columns, Rows: make([]Row, len(res.Rows))}
	for i, r := range res.Rows {
		out.Rows[i] = Row{fields: r}
	}
	return out, nil
}

func (e *Engine) notice(s string) {
	if e.Notice != nil {
		e.Notice(s)
	}
}

// wrap turns spl errors into a SearchError positioned in the text as
// written; other errors pass through.
func (e *Engine) wrap(name, query string, exp *macros.Expansion, err error) error {
	list := spl.AsErrors(err)
	if list == nil {
		return fmt.Errorf("%s", err)
	}
	se := &SearchError{Name: name, Query: query}
	for _, x := range list {
		if exp != nil {
			x = exp.MapError(x)
		}
		se.Errors = append(se.Errors, x)
	}
	return se
}
