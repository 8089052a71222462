package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

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

// indexTo loads --data into a ClickHouse database (spelunk index --to).
func indexTo(cfg runner.Config, url string, stderr io.Writer) error {
	if !strings.HasPrefix(url, "clickhouse://") {
		return usageErr("--to %s: use clickhouse://host:port/db", url)
	}
	ch, err := sqlexec.DialClickHouse(url)
	if err != nil {
		return usageErr("--to: %v", err)
	}
	defer ch.Close()
	start := time.Now()
	r := newRunner(cfg, stderr)
	st, _, err := r.Store()
	if err != nil {
		return failed(err, stderr)
	}
	base, err := r.Base()
	if err != nil {
		return failed(err, stderr)
	}
	res, err := ch.Load(context.Background(), st, base, nil)
	if err != nil {
		return fmt.Errorf("--to %s: %v", url, err)
	}
	tables, rows := 0, 0
	for _, t := range res.Tables {
		if t.Rows > 0 {
			fmt.Fprintf(stderr, "%s: %d rows, %d columns\n", t.Name, t.Rows, t.Columns)
		}
		tables++
		rows += t.Rows
	}
	fmt.Fprintf(stderr, "loaded %d rows into %d tables of %s in %.2fs\n", rows, tables, url, time.Since(start).Seconds())
	return nil
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
	case cfg.TZ != nil && cfg.TZ != time.UTC:
		return usageErr("--engine runs with --tz UTC: the SQL's time buckets and ctime are UTC")
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
