// Package playground is what the browser playground asks of spelunk:
// a data set given as text is ingested into a store, and searches over it
// come back as rows, errors at their line and column, and explain's
// stage-by-stage counts, in values that encode to JSON. It reads no file,
// so that it runs in WebAssembly; cmd/spelunk-wasm hands it to JavaScript.
package playground

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/macros"
	"github.com/spelunk-dev/spelunk/output"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/spl"
)

// File is one data file, as text. Sourcetype and Source, when set,
// override what is detected, as spelunk run's --sourcetype and --source.
type File struct {
	Name       string `json:"name"`
	Text       string `json:"text"`
	Sourcetype string `json:"sourcetype,omitempty"`
	Source     string `json:"source,omitempty"`
}

// DataSet is what a search runs over: data files, and macro definitions
// (security_content YAML files) beside the built-in ones.
type DataSet struct {
	Files  []File `json:"files"`
	Macros []File `json:"macros,omitempty"`
}

// Loaded says what Load read.
type Loaded struct {
	Events       int            `json:"events"`
	BySourcetype map[string]int `json:"bySourcetype"`
	Bad          int            `json:"bad"`
	Problems     []string       `json:"problems,omitempty"`
}

// Session holds a loaded data set and the last result, for export.
type Session struct {
	r       *runner.Runner
	store   *store.Store
	notices []string
	last    *engine.Result
}

// Load reads the data set into a new session. A macro file that does not
// parse is an error; bad records are counted and skipped, as spelunk run
// does.
func Load(ds DataSet) (*Session, Loaded, error) {
	var defs []macros.Macro
	for _, f := range ds.Macros {
		m, err := macros.ParseYAML([]byte(f.Text), f.Name)
		if err != nil {
			return nil, Loaded{}, err
		}
		defs = append(defs, m)
	}
	st, err := store.New()
	if err != nil {
		return nil, Loaded{}, err
	}
	s := &Session{store: st}
	s.r = runner.New(runner.Config{MacroDefs: defs, Workers: 1, Notice: func(n string) { s.notices = append(s.notices, n) }})
	info := Loaded{BySourcetype: map[string]int{}}
	for _, f := range ds.Files {
		opt := ingest.Options{Sourcetype: f.Sourcetype, Source: f.Source}
		stats, err := ingest.Read(strings.NewReader(f.Text), f.Name, opt, func(ev *ingest.Event) error {
			st.Add(ev)
			return nil
		})
		if err != nil {
			return nil, Loaded{}, fmt.Errorf("%s: %w", f.Name, err)
		}
		info.Events += stats.Events
		info.Bad += stats.Bad
		for k, n := range stats.BySourcetype {
			info.BySourcetype[k] += n
		}
		for _, p := range stats.Problems {
			info.Problems = append(info.Problems, p.String())
		}
	}
	return s, info, nil
}

// Problem is one error of a search at its place in the query: line and
// column count from 1, End is where its underline stops.
type Problem struct {
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	EndLine int    `json:"endLine"`
	EndCol  int    `json:"endCol"`
	Message string `json:"message"`
}

// Stage is one command of the pipeline with the rows it received and
// passed on, as spelunk explain counts them.
type Stage struct {
	Command string `json:"command"`
	Text    string `json:"text"`
	Doc     string `json:"doc,omitempty"`
	In      int    `json:"in"`
	Out     int    `json:"out"`
	// What names In: "events read", "dataset rows read" or "rows in";
	// "" when the command makes its rows (makeresults).
	What string `json:"what"`
	// Note says why a stage has no counts (not run, drops every row).
	Note string `json:"note,omitempty"`
}

// Result is a search's answer. Cells hold a field's values as Splunk
// shows them: none for null, several for a multivalue field, _time as a
// readable timestamp. Error is the caret message spelunk run prints.
type Result struct {
	Columns  []string     `json:"columns"`
	Rows     [][][]string `json:"rows"`
	Text     string       `json:"text"`
	Error    string       `json:"error,omitempty"`
	Problems []Problem    `json:"problems,omitempty"`
	Stages   []Stage      `json:"stages,omitempty"`
	Notices  []string     `json:"notices,omitempty"`
	Expanded string       `json:"expanded,omitempty"`
	Millis   float64      `json:"millis"`
}

// Run prepares and runs query over the session's data, with a trace.
func (s *Session) Run(ctx context.Context, query string) Result {
	t0 := time.Now()
	s.notices = nil
	s.last = nil
	res := s.run(ctx, query)
	res.Notices = s.notices
	res.Millis = float64(time.Since(t0).Microseconds()) / 1000
	return res
}

func (s *Session) run(ctx context.Context, query string) Result {
	if strings.TrimSpace(query) == "" {
		return Result{Error: "no query given"}
	}
	p, err := s.r.Prepare("", query, "")
	if err != nil {
		return failure(query, err)
	}
	tr := &engine.Trace{}
	res, err := s.r.RunOn(ctx, p, s.store, runner.RunOptions{Trace: tr})
	out := Result{Stages: stages(p, tr)}
	if p.Expansion != nil && p.Expansion.Text != query {
		out.Expanded = p.Expansion.Text
	}
	if err != nil {
		f := failure(query, err)
		f.Stages, f.Expanded = out.Stages, out.Expanded
		return f
	}
	s.last = res
	out.Columns = res.Columns
	out.Rows = make([][][]string, len(res.Rows))
	for i, r := range res.Rows {
		cells := make([][]string, len(res.Columns))
		for j, c := range res.Columns {
			cells[j] = output.Cell(c, r.Get(c), time.UTC)
		}
		out.Rows[i] = cells
	}
	var b strings.Builder
	if err := output.Table(&b, res, time.UTC); err == nil {
		out.Text = b.String()
	}
	return out
}

// failure is a search error: positioned problems when the error has
// them, and the message spelunk run prints either way.
func failure(query string, err error) Result {
	out := Result{Error: runner.Message(err)}
	var se *runner.SearchError
	if errors.As(err, &se) && se.Err == nil {
		out.Error = strings.TrimRight(se.Rendered(), "\n")
		for _, e := range se.Errors {
			l, c := spl.LineCol(se.Source, e.Pos)
			el, ec := spl.LineCol(se.Source, max(e.End, e.Pos))
			out.Problems = append(out.Problems, Problem{Line: l, Col: c, EndLine: el, EndCol: ec, Message: e.Msg})
		}
	}
	if out.Error == "" {
		out.Error = err.Error()
	}
	return out
}

// stages turns the trace into explain's rows, worded as spelunk explain
// words them.
func stages(p *runner.Search, tr *engine.Trace) []Stage {
	reads := runner.ReadsEvents(p.Pipeline)
	var out []Stage
	for i, st := range tr.Stages {
		g := Stage{Command: st.Command.CommandName(), Text: st.Command.String(), In: st.In, Out: st.Out, What: "rows in"}
		if spec, ok := spl.LookupCommand(g.Command); ok {
			g.Doc = spec.Doc
		}
		if i == 0 {
			g.What = "events read"
			if _, ok := st.Command.(*spl.TstatsCommand); ok {
				g.What = "dataset rows read"
			}
			if !reads {
				g.What = ""
			}
		}
		switch {
		case st.NotRun:
			g.Note = "not run: a later command drops every row"
		case st.DropsAll:
			g.Note = "drops every row it would get, told before any was made"
		}
		out = append(out, g)
	}
	return out
}

// Export writes the last result as spelunk run --format does: csv, json
// or table.
func (s *Session) Export(format string) (string, error) {
	if s.last == nil {
		return "", errors.New("no result to export")
	}
	if !output.ValidFormat(format) {
		return "", fmt.Errorf("unknown format %q", format)
	}
	var b strings.Builder
	err := output.Write(&b, s.last, format, time.UTC)
	return b.String(), err
}

// DetectionSearch is the search of a detection YAML file's text.
func DetectionSearch(name, yaml string) (string, error) {
	d, err := content.ParseDetection(name, []byte(yaml))
	if err != nil {
		return "", err
	}
	return d.Search, nil
}
