// Command spelunk-duckdb is spelunk's run --engine with DuckDB built in:
// DuckDB's Go driver needs cgo, which the spelunk binary does without.
//
//	spelunk-duckdb run --engine duckdb:idx [--macros DIR] [--detection FILE | QUERY]
//
// duckdb:PATH reads the Parquet files of the index folder PATH (tables
// of spelunk index); clickhouse://host:port/db works as in spelunk.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/output"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/sqlexec"
	"github.com/spelunk-dev/spelunk/sqlgen"
	"github.com/spelunk-dev/spelunk/sqlrun"
)

const usage = `Usage: spelunk-duckdb run --engine duckdb[:PATH]|clickhouse://host:port/db [flags] QUERY | --detection FILE

Runs the SQL prefix of a search on the engine and the rest in spelunk, as
spelunk run --engine does; duckdb:PATH reads the Parquet tables under the
index folder PATH (default idx).

Flags:
`

func main() {
	sqlexec.Register("duckdb", sqlrun.OpenDuckDBEngine)
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		var se *runner.SearchError
		if errors.As(err, &se) && se.Err == nil {
			fmt.Fprint(os.Stderr, se.Rendered())
		} else {
			fmt.Fprintf(os.Stderr, "spelunk-duckdb: %v\n", err)
		}
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "run" {
		fmt.Fprint(stderr, usage)
		return errors.New("the only command is run")
	}
	fs := pflag.NewFlagSet("run", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage+fs.FlagUsages()) }
	url := fs.String("engine", "duckdb", "the engine: duckdb[:PATH] or clickhouse://host:port/db")
	detection := fs.String("detection", "", "run the search of this detection YAML instead of QUERY")
	macros := fs.StringArray("macros", nil, "macros: a security_content repo root, its macros/ folder or a macros.conf (repeatable)")
	lookups := fs.StringArray("lookups", nil, "lookup tables for the commands spelunk runs (repeatable)")
	knowledge := fs.StringArray("knowledge", nil, "YAML knowledge file or directory (data model definitions)")
	tablesFile := fs.String("tables", "", "JSON file mapping the events and dataset tables (see spelunk sql)")
	format := fs.String("format", "table", "output format: table, csv, json or jsonl")
	showSQL := fs.Bool("show-sql", false, "print the SQL the engine runs on stderr")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if !output.ValidFormat(*format) {
		return fmt.Errorf("--format %s: use table, csv, json or jsonl", *format)
	}
	cfg := runner.Config{Macros: *macros, Lookups: *lookups, Knowledge: *knowledge,
		Notice: func(s string) { fmt.Fprintf(stderr, "spelunk: notice: %s\n", s) }}
	r := runner.New(cfg)
	var s *runner.Search
	var err error
	switch {
	case *detection != "" && fs.NArg() > 0:
		return errors.New("give either QUERY or --detection, not both")
	case *detection != "":
		det, err := content.LoadDetection(*detection)
		if err != nil {
			return err
		}
		s, err = r.PrepareDetection(det)
	case fs.NArg() > 0:
		s, err = r.Prepare("", strings.Join(fs.Args(), " "), "")
	default:
		fs.Usage()
		return errors.New("no query given")
	}
	if err != nil {
		return err
	}
	e, err := sqlexec.Open(*url)
	if err != nil {
		return err
	}
	defer e.Close()
	if *tablesFile != "" {
		t, err := sqlgen.LoadTables(*tablesFile)
		if err != nil {
			return fmt.Errorf("--tables: %v", err)
		}
		e = sqlexec.WithTables(e, t)
	}
	res, tr, err := sqlexec.Run(context.Background(), r, s, e, runner.RunOptions{})
	if tr != nil && *showSQL {
		fmt.Fprintf(stderr, "%s;\n", sqlgen.Pretty(tr.SQL))
		if !tr.Complete() {
			fmt.Fprintf(stderr, "-- spelunk runs: | %s\n", tr.RestText())
		}
	}
	if err != nil {
		return err
	}
	return output.Write(stdout, res, *format, time.UTC)
}
