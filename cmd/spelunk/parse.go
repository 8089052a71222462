package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/macros"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/spl"
)

const parseUsage = `Usage: spelunk parse [flags] QUERY|FILE.yml|DIR...

Expands macros and parses every search: a query given as an argument, or
the search and the drilldown searches of each detection YAML (a folder
or a content repository root is searched for them, without deprecated/).
Drilldowns have %original_detection_search% replaced by the detection's
search and each $token$ by a placeholder.

Each search is reported ok or with its errors at file:line:col, pointing
into the YAML file; then a summary and the commands and functions seen,
each marked as running offline or not yet. Exit status 1 if any search
fails to parse, 2 on bad usage.

Flags:
`

// parseOptions are the flags of spelunk parse.
type parseOptions struct {
	macroPaths []string
	print      bool
	quiet      bool
	format     string
}

func cmdParse(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("parse", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, parseUsage+fs.FlagUsages()) }
	var opt parseOptions
	common := addCommonFlags(fs, macroFlags)
	fs.BoolVar(&opt.print, "print", false, "print each parsed search in canonical form instead of \"ok\"")
	fs.BoolVarP(&opt.quiet, "quiet", "q", false, "leave out the line of each search that parses")
	fs.StringVar(&opt.format, "format", "text", "output format: text, or json (one object with every result)")
	cfg, done, err := common.parse(fs, args)
	if done {
		return err
	}
	opt.macroPaths = cfg.Macros
	if opt.format != "text" && opt.format != "json" {
		return usageErr("--format %s: use text or json", opt.format)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usageErr("nothing to parse")
	}
	inputs, err := parseInputs(fs.Args())
	if err != nil {
		return err
	}
	rep, err := parseAll(inputs, opt.macroPaths)
	if err != nil {
		return failed(err, stderr)
	}
	if opt.format == "json" {
		if err := rep.writeJSON(stdout); err != nil {
			return err
		}
	} else {
		rep.writeText(stdout, stderr, opt)
	}
	if rep.failed() > 0 {
		return searchFailed
	}
	return nil
}

// parseInput is one argument: a query, or a detection file.
type parseInput struct {
	query string
	file  string
}

// parseInputs sorts arguments into detection files (folders are
// searched) and queries.
func parseInputs(args []string) ([]parseInput, error) {
	var out []parseInput
	for _, a := range args {
		st, err := os.Stat(a)
		switch {
		case err == nil && st.IsDir():
			files, err := content.FindDetections([]string{a})
			if err != nil {
				return nil, usageErr("%v", err)
			}
			if len(files) == 0 {
				return nil, usageErr("%s: no detection YAML files found", a)
			}
			for _, f := range files {
				out = append(out, parseInput{file: f})
			}
		case err == nil:
			out = append(out, parseInput{file: a})
		case strings.HasSuffix(a, ".yml") || strings.HasSuffix(a, ".yaml"):
			return nil, usageErr("%v", err)
		default:
			out = append(out, parseInput{query: a})
		}
	}
	return out, nil
}

// searchResult is the outcome for one search.
type searchResult struct {
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

	src string
}

func (r *searchResult) ok() bool { return len(r.Errors) == 0 }

// label names the search in the per-search lines.
func (r *searchResult) label() string {
	switch r.Kind {
	case "query":
		return "query"
	case "drilldown":
		return fmt.Sprintf("%s (drilldown %d)", r.File, r.Drilldown)
	}
	return r.File + " (search)"
}

// parseReport is everything spelunk parse found.
type parseReport struct {
	Files int
	// Unreadable lists the files that could not be read as detections.
	Unreadable []string
	Results    []*searchResult
}

func (rep *parseReport) failed() int {
	n := len(rep.Unreadable)
	for _, r := range rep.Results {
		if !r.ok() {
			n++
		}
	}
	return n
}

// parseAll expands and parses every search of the inputs.
func parseAll(inputs []parseInput, macroPaths []string) (*parseReport, error) {
	// The runner loads each macro set once: --macros, else one per
	// content repository.
	r := runner.New(runner.Config{Macros: macroPaths})
	rep := &parseReport{}
	for _, in := range inputs {
		if in.file == "" {
			set, err := r.Macros("")
			if err != nil {
				return nil, err
			}
			rep.Results = append(rep.Results, parseQuery(in.query, set))
			continue
		}
		rep.Files++
		d, err := content.LoadDetection(in.file)
		if err != nil {
			rep.Unreadable = append(rep.Unreadable, err.Error())
			continue
		}
		set, err := r.Macros(in.file)
		if err != nil {
			return nil, err
		}
		name := relName(in.file)
		for _, s := range d.Searches() {
			rep.Results = append(rep.Results, parseDetectionSearch(name, &s, set))
		}
	}
	return rep, nil
}

// parseQuery expands and parses a query given on the command line.
func parseQuery(q string, set *macros.Set) *searchResult {
	r := &searchResult{Kind: "query", src: q}
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
	return r
}

// parseDetectionSearch expands and parses one search of a detection file
// and positions its errors in the file.
func parseDetectionSearch(name string, s *content.Search, set *macros.Set) *searchResult {
	d := s.Detection
	r := &searchResult{File: name, Kind: string(s.Kind), Name: s.Name, src: string(d.Raw)}
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
		line, col := spl.LineCol(r.src, at)
		r.Notices = append(r.Notices, fmt.Sprintf("%s:%d:%d: %s", name, line, col, n.Msg))
	}
	r.Pipe = pipe
	return r
}
