package main

import (
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/parsereport"
	"github.com/spelunk-dev/spelunk/runner"
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
	inputs, err := parsereport.Inputs(fs.Args())
	if err != nil {
		return usageErr("%v", err)
	}
	rep, err := parsereport.Parse(runner.New(runner.Config{Macros: opt.macroPaths}), inputs)
	if err != nil {
		return failed(err, stderr)
	}
	if opt.format == "json" {
		if err := rep.WriteJSON(stdout); err != nil {
			return err
		}
	} else {
		rep.WriteText(stdout, stderr, opt.print, opt.quiet)
	}
	if rep.Failed() > 0 {
		return searchFailed
	}
	return nil
}
