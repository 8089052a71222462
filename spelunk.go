// Package spelunk runs Splunk SPL searches and security_content detections
// offline, from Go: load macros and raw log files, run a search, read the
// rows. It is the library behind the spelunk command, for content teams
// who want their detection tests in `go test`.
//
// A Runner is the whole configuration of the spelunk command (data files,
// macros, lookups, knowledge, time zone, limits) in one value; the command
// line is built on it, so both give the same results:
//
//	r := spelunk.NewRunner(spelunk.Config{Data: []string{"sysmon.log"}, Macros: []string{"security_content"}})
//	res, err := r.RunDetection(ctx, "security_content/detections/endpoint/x.yml")
//
// An Engine holds events added from Go (files, readers) and searches them:
//
//	e := spelunk.New()
//	if err := e.LoadMacros("security_content"); err != nil { ... }
//	if _, err := e.AddFile("sysmon.log", spelunk.IngestOptions{}); err != nil { ... }
//	res, err := e.Search(ctx, "| tstats count from datamodel=Endpoint.Processes by Processes.dest")
//	for _, row := range res.Rows { fmt.Println(row.Get("Processes.dest"), row.Get("count")) }
package spelunk

import (
	"context"
	"io"
	"time"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/value"
)

// Config is what a Runner searches and with what: data files, macros,
// lookups, knowledge, time zone, limits (see runner.Config).
type Config = runner.Config

// Runner prepares and runs searches and detections under one Config: the
// spelunk command's composition root.
type Runner = runner.Runner

// NewRunner returns a Runner; files are read when a search needs them.
func NewRunner(cfg Config) *Runner { return runner.New(cfg) }

// Engine holds macro sources and ingested events. Load everything first;
// searches may then run concurrently.
type Engine struct {
	macros []string
	tz     *time.Location
	store  *store.Store
	r      *runner.Runner
	// Notice, if set, receives warnings that do not stop a search (an
	// undefined *_filter macro, a regex that timed out on one row).
	Notice func(string)
}

// New returns an engine with the built-in macros, no events, and UTC as
// its time zone.
func New() *Engine {
	store, err := store.New()
	if err != nil {
		panic(err) // the built-in knowledge is checked by tests
	}
	e := &Engine{store: store, tz: time.UTC}
	e.r = e.runner()
	return e
}

// runner is the engine's Runner over its macros and time zone; its data
// is the engine's store, given to each run.
func (e *Engine) runner() *runner.Runner {
	return runner.New(runner.Config{Macros: e.macros, TZ: e.tz, Notice: e.notice})
}

// LoadMacros adds macro definitions: a security_content repository root,
// its macros/ folder, a macros.conf file or a Splunk app folder.
func (e *Engine) LoadMacros(path string) error {
	e.macros = append(e.macros, path)
	r := e.runner()
	if _, err := r.Macros(""); err != nil {
		e.macros = e.macros[:len(e.macros)-1]
		return err
	}
	e.r = r
	return nil
}

// SetTimeZone sets the zone used to format times and align day buckets.
func (e *Engine) SetTimeZone(loc *time.Location) {
	e.tz = loc
	e.r = e.runner()
}

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
// written (a detection's: in its YAML file), with the line and a caret.
type SearchError = runner.SearchError

// Search expands macros in query, parses it and runs it over the
// ingested events.
func (e *Engine) Search(ctx context.Context, query string) (*Result, error) {
	s, err := e.r.Prepare("", query, "")
	if err != nil {
		return nil, err
	}
	return e.run(ctx, s)
}

// Detection runs the search of a detection YAML file.
func (e *Engine) Detection(ctx context.Context, path string) (*Result, error) {
	d, err := content.LoadDetection(path)
	if err != nil {
		return nil, err
	}
	s, err := e.r.PrepareDetection(d)
	if err != nil {
		return nil, err
	}
	return e.run(ctx, s)
}

func (e *Engine) run(ctx context.Context, s *runner.Search) (*Result, error) {
	res, err := e.r.RunOn(ctx, s, e.store, runner.RunOptions{})
	if err != nil {
		return nil, err
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
