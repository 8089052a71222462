// Package parsereport expands and parses every search of queries and
// detection files (each detection's search and drilldowns), positions
// errors in the files as written, and reports them with an inventory of
// the commands and functions used and whether each runs offline.
package parsereport

import (
	"fmt"
	"os"
	"strings"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/macros"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/spl"
)

// Input is one argument: a query, or a detection file.
type Input struct {
	Query string
	File  string
}

// Inputs sorts arguments into detection files (folders are
// searched) and queries.
func Inputs(args []string) ([]Input, error) {
	var out []Input
	for _, a := range args {
		st, err := os.Stat(a)
		switch {
		case err == nil && st.IsDir():
			files, err := content.FindDetections([]string{a})
			if err != nil {
				return nil, err
			}
			if len(files) == 0 {
				return nil, fmt.Errorf("%s: no detection YAML files found", a)
			}
			for _, f := range files {
				out = append(out, Input{File: f})
			}
		case err == nil:
			out = append(out, Input{File: a})
		case strings.HasSuffix(a, ".yml") || strings.HasSuffix(a, ".yaml"):
			return nil, err
		default:
			out = append(out, Input{Query: a})
		}
	}
	return out, nil
}

// Search is the outcome for one search.
type Search struct {
	// File is the detection file as named in messages; "" for a query.
	File string
	// Kind is "detection", "drilldown" or "query".
	Kind string
	// Drilldown is the drilldown's number, from 1; 0 otherwise.
	Drilldown int
	Name      string
	// Errors are positioned in src (the file, or the query), rendered
	// with name.
	Errors  []*spl.Error
	Notices []string
	Pipe    *spl.Pipeline
	// Source is the text Errors are positioned in.
	Source string
}

// OK reports whether the search expanded and parsed.
func (r *Search) OK() bool { return len(r.Errors) == 0 }

// Label names the search in the per-search lines.
func (r *Search) Label() string {
	switch r.Kind {
	case "query":
		return "query"
	case "drilldown":
		return fmt.Sprintf("%s (drilldown %d)", r.File, r.Drilldown)
	}
	return r.File + " (search)"
}

// Report is everything spelunk parse found.
type Report struct {
	Files int
	// Unreadable lists the files that could not be read as detections.
	Unreadable []string
	Results    []*Search
}

// Failed counts the files that could not be read and the searches that
// failed.
func (rep *Report) Failed() int {
	n := len(rep.Unreadable)
	for _, r := range rep.Results {
		if !r.OK() {
			n++
		}
	}
	return n
}

// Parse expands and parses every search of the inputs, with r's macros
// (each set loaded once: Config.Macros, else one per content repository).
func Parse(r *runner.Runner, inputs []Input) (*Report, error) {
	rep := &Report{}
	for _, in := range inputs {
		if in.File == "" {
			set, err := r.Macros("")
			if err != nil {
				return nil, err
			}
			rep.Results = append(rep.Results, parseQuery(in.Query, set, r))
			continue
		}
		rep.Files++
		d, err := content.LoadDetection(in.File)
		if err != nil {
			rep.Unreadable = append(rep.Unreadable, err.Error())
			continue
		}
		set, err := r.Macros(in.File)
		if err != nil {
			return nil, err
		}
		name := runner.RelName(in.File)
		for _, s := range d.Searches() {
			rep.Results = append(rep.Results, parseDetectionSearch(name, &s, set, r))
		}
	}
	return rep, nil
}

// parseQuery expands and parses a query given on the command line.
func parseQuery(q string, set *macros.Set, rn *runner.Runner) *Search {
	r := &Search{Kind: "query", Source: q}
	exp, pipe, errs, notices := runner.ExpandAndParse(q, set)
	for _, e := range errs {
		if exp != nil {
			e = exp.MapError(e)
		}
		r.Errors = append(r.Errors, e)
	}
	for _, n := range notices {
		line, col := spl.LineCol(q, n.Pos)
		r.Notices = append(r.Notices, fmt.Sprintf("%d:%d: %s", line, col, n.Msg))
	}
	r.Pipe = pipe
	for _, e := range nameWarnings(rn, pipe) {
		if exp != nil {
			e = exp.MapError(e)
		}
		line, col := spl.LineCol(q, e.Pos)
		r.Notices = append(r.Notices, runner.WarningText(fmt.Sprintf("%d:%d: ", line, col), e))
	}
	return r
}

// nameWarnings are the runner's warnings of data model names the
// knowledge does not define; a knowledge file that cannot be read is
// reported by the commands that run searches, not here.
func nameWarnings(rn *runner.Runner, pipe *spl.Pipeline) []*spl.Error {
	if pipe == nil {
		return nil
	}
	warns, err := rn.NameWarnings(pipe)
	if err != nil {
		return nil
	}
	return warns
}

// parseDetectionSearch expands and parses one search of a detection file
// and positions its errors in the file.
func parseDetectionSearch(name string, s *content.Search, set *macros.Set, rn *runner.Runner) *Search {
	d := s.Detection
	r := &Search{File: name, Kind: string(s.Kind), Name: s.Name, Source: string(d.Raw)}
	if s.Kind == content.KindDrilldown {
		r.Drilldown = s.Index + 1
	}
	exp, pipe, errs, notices := runner.ExpandAndParse(s.Text, set)
	for _, e := range errs {
		if exp != nil {
			e = exp.MapError(e)
		}
		r.Errors = append(r.Errors, runner.ToFile(s, e))
	}
	for _, n := range notices {
		// In a content repository an undefined <name>_filter macro is
		// the convention for "no local tuning", not news.
		if strings.Contains(n.Msg, `_filter" is not defined`) {
			continue
		}
		at, _ := s.FileOffset(n.Pos)
		line, col := spl.LineCol(r.Source, at)
		r.Notices = append(r.Notices, fmt.Sprintf("%s:%d:%d: %s", name, line, col, n.Msg))
	}
	r.Pipe = pipe
	for _, e := range nameWarnings(rn, pipe) {
		if exp != nil {
			e = exp.MapError(e)
		}
		e = runner.ToFile(s, e)
		line, col := spl.LineCol(r.Source, e.Pos)
		r.Notices = append(r.Notices, runner.WarningText(fmt.Sprintf("%s:%d:%d: ", name, line, col), e))
	}
	return r
}
