package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/content"
)

const runUsage = `Usage: spelunk run [flags] [QUERY]

Runs a search over the events of --data files and prints the results.
The query is SPL as in Splunk's search bar; macros come from --macros.

Examples:
  spelunk run --data sysmon.log '| tstats count from datamodel=Endpoint.Processes by Processes.process_name'
  spelunk run --detection detections/endpoint/x.yml --macros security_content --data sysmon.log --format csv

Flags:
`

func cmdRun(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("run", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, runUsage+fs.FlagUsages()) }
	data := fs.StringArray("data", nil, "log file, directory or glob to search (repeatable; .gz is read transparently; - is stdin)")
	var dopt dataOptions
	fs.StringVar(&dopt.sourcetype, "sourcetype", "", "sourcetype of the data, instead of detecting it (see docs/DATASOURCES.md; other names are kept and read by content)")
	fs.StringVar(&dopt.source, "source", "", "source of the data (XmlWinEventLog events keep XmlWinEventLog:<Channel>)")
	fs.StringVar(&dopt.host, "host", "", "host of the data (default: the event's computer name, else \"unknown\")")
	fs.StringVar(&dopt.index, "index", "", "index of the data (default main)")
	knowledge := fs.StringArray("knowledge", nil, "YAML knowledge file or directory that replaces or adds field mappings, eventtypes and datasets by name (repeatable)")
	macroPaths := fs.StringArray("macros", nil, "macros: a security_content repo root, its macros/ folder, or a macros.conf (repeatable)")
	detection := fs.String("detection", "", "run the search of this detection YAML instead of QUERY")
	format := fs.String("format", "table", "output format: table, csv, json or jsonl")
	tzName := fs.String("tz", "UTC", "time zone for time formatting and day boundaries (IANA name)")
	if err := fs.Parse(args); err != nil {
		if err == pflag.ErrHelp {
			return nil
		}
		return usageErr("%v", err)
	}
	if !validFormat(*format) {
		return usageErr("--format %s: use table, csv, json or jsonl", *format)
	}
	tz, err := loadTZ(*tzName)
	if err != nil {
		return err
	}
	var name, query string
	switch {
	case *detection != "" && fs.NArg() > 0:
		return usageErr("give either QUERY or --detection, not both")
	case *detection != "":
		d, err := content.LoadDetection(*detection)
		if err != nil {
			return inputErr("%v", err)
		}
		name, query = relName(*detection), d.Search
	case fs.NArg() == 1:
		query = fs.Arg(0)
	case fs.NArg() > 1:
		query = strings.Join(fs.Args(), " ")
	default:
		fs.Usage()
		return usageErr("no query given")
	}
	set, err := loadMacros(macrosFor(*macroPaths, *detection))
	if err != nil {
		return err
	}
	p, err := prepare(name, query, set, stderr)
	if err != nil {
		return err
	}
	if len(*data) == 0 {
		fmt.Fprintln(stderr, "spelunk: notice: no --data given; the search runs over no events")
	}
	kb, err := loadKnowledge(*knowledge)
	if err != nil {
		return err
	}
	store, _, err := loadData(*data, dopt.ingest(), kb, stderr)
	if err != nil {
		return err
	}
	res, err := execute(p, store, tz, stderr)
	if err != nil {
		return err
	}
	return writeResult(stdout, res, *format, tz)
}
