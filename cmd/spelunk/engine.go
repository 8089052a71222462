package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/output"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/sqlexec"
	"github.com/spelunk-dev/spelunk/sqlgen"
)

// engineFlags are run's flags for an external SQL engine.
type engineFlags struct {
	url, tables *string
	explain     *bool
}

func addEngineFlags(fs *pflag.FlagSet) engineFlags {
	return engineFlags{
		url: fs.String("engine", "", "run the search's SQL prefix on this engine (clickhouse://host:port/db; "+
			"duckdb[:path] in the spelunk-duckdb binary) and the rest in spelunk"),
		tables:  fs.String("tables", "", "with --engine: JSON file mapping the events and dataset tables (see spelunk sql)"),
		explain: fs.Bool("show-sql", false, "with --engine: print the SQL the engine runs and the pipeline left to spelunk on stderr"),
	}
}

// runOnEngine runs a prepared search with --engine.
func runOnEngine(r *runner.Runner, s *runner.Search, f engineFlags, format string, cfg runner.Config, stdout, stderr io.Writer) error {
	switch {
	case len(cfg.Data) > 0:
		return usageErr("--engine reads the engine's tables: give no --data (load them with spelunk index --to)")
	case cfg.Earliest != "" || cfg.Latest != "":
		return usageErr("--earliest and --latest do not apply with --engine: put earliest= and latest= in the search")
	case cfg.CollectDir != "":
		return usageErr("--collect-dir does not apply with --engine")
	}
	e, err := sqlexec.Open(*f.url)
	if err != nil {
		return usageErr("%v", err)
	}
	defer e.Close()
	if *f.tables != "" {
		t, err := sqlgen.LoadTables(*f.tables)
		if err != nil {
			return usageErr("--tables: %v", err)
		}
		e = sqlexec.WithTables(e, t)
	}
	res, tr, err := sqlexec.Run(context.Background(), r, s, e, runner.RunOptions{})
	if tr != nil && *f.explain {
		fmt.Fprintf(stderr, "%s;\n", sqlgen.Pretty(tr.SQL))
		if tr.Complete() {
			fmt.Fprintf(stderr, "-- the SQL runs the whole search (%d commands)\n", tr.Translated)
		} else {
			fmt.Fprintf(stderr, "-- the SQL runs the first %d commands; it stops at %s\n-- spelunk runs: | %s\n", tr.Translated, tr.Stop, tr.RestText())
		}
	}
	if err != nil {
		return failed(err, stderr)
	}
	return output.Write(stdout, res, format, cfg.TZ)
}
