package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/lookups"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/sqlgen"
)

const sqlUsage = `Usage: spelunk sql [flags] QUERY | --detection FILE

Prints the SQL of a search for DuckDB, ClickHouse, Spark or Trino over the
Parquet files of spelunk index (events under index=/sourcetype=/day=
folders, data model datasets under datamodel=/dataset= folders), or over
the tables a --tables file names. The SQL runs the longest prefix of the
pipeline that SQL can express, with Splunk's semantics; the commands after
it are printed as the pipeline spelunk runs over the rows the SQL returns,
with the reason the translation stopped there.

A --tables file is JSON: {"root": "idx", "events": "...", "dataset":
"dm_{model}_{dataset}", "time_epoch": false}; {root}, {model} and {dataset}
are replaced in events and dataset.

Flags:
`

func cmdSQL(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("sql", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, sqlUsage+fs.FlagUsages()) }
	common := addCommonFlags(fs, searchFlags)
	detection := fs.String("detection", "", "translate the search of this detection YAML")
	dialect := fs.String("dialect", "duckdb", "SQL dialect: "+strings.Join(sqlgen.DialectNames, ", "))
	tablesFile := fs.String("tables", "", "JSON file mapping the events and dataset tables")
	root := fs.String("root", "", "the index folder the SQL reads (default idx)")
	cfg, done, err := common.parse(fs, args)
	if done {
		return err
	}
	d, err := sqlgen.LookupDialect(*dialect)
	if err != nil {
		return usageErr("--dialect: %v", err)
	}
	var tables sqlgen.Tables
	if *tablesFile != "" {
		if tables, err = sqlgen.LoadTables(*tablesFile); err != nil {
			return usageErr("--tables: %v", err)
		}
	}
	if *root != "" {
		tables.Root = *root
	}
	query := strings.Join(fs.Args(), " ")
	var det *content.Detection
	if *detection != "" {
		if det, err = content.LoadDetection(*detection); err != nil {
			return usageErr("%v", err)
		}
		query = det.Search
	}
	if strings.TrimSpace(query) == "" {
		fs.Usage()
		return usageErr("no query given")
	}
	r := newRunner(cfg, stderr)
	var s *runner.Search
	if det != nil {
		s, err = r.PrepareDetection(det)
	} else {
		s, err = r.Prepare("", query, "")
	}
	if err != nil {
		return failed(err, stderr)
	}
	base, err := r.Base()
	if err != nil {
		return failed(err, stderr)
	}
	reg, err := r.Lookups(*detection)
	if err != nil {
		return failed(err, stderr)
	}
	find := func(name string) (*lookups.Table, error) { return reg.Table(name) }
	res, err := sqlgen.Translate(s.Pipeline, sqlgen.Options{Dialect: d, Tables: tables, Base: base, Lookup: find})
	if err != nil {
		return failed(err, stderr)
	}
	for _, name := range res.Lookups {
		fmt.Fprintf(stdout, "-- the lookup %s joins the table %s: its CSV's columns as text and _spelunk_row, each row's number\n", name, sqlgen.LookupTable(name))
	}
	fmt.Fprintf(stdout, "%s;\n", sqlgen.Pretty(res.SQL))
	if res.Complete() {
		fmt.Fprintf(stdout, "-- the SQL runs the whole search (%d commands)\n", res.Translated)
		return nil
	}
	fmt.Fprintf(stdout, "-- the SQL runs the first %d commands; it stops at %s\n", res.Translated, res.Stop)
	fmt.Fprintf(stdout, "-- spelunk runs the rest over its rows:\n-- | %s\n", res.RestText())
	return nil
}
