package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/runner"
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
	lookupPaths := fs.StringArray("lookups", nil, "lookup tables: a folder of .csv files, a security_content root or lookups/ folder, a Splunk app, a transforms.conf (repeatable)")
	lookupOut := fs.String("lookup-output", "", "the only folder outputlookup may write lookup files in")
	mmdb := fs.String("mmdb", "", "MaxMind GeoIP2/GeoLite2 City database (.mmdb) for iplocation")
	lim := addLimitFlags(fs)
	nowFlag := fs.String("now", "", "the search's start time, for now(), makeresults and relative times: epoch seconds or 2006-01-02T15:04:05Z (default: the clock)")
	limits, done, err := lim.parse(fs, args)
	if done {
		return err
	}
	if !validFormat(*format) {
		return usageErr("--format %s: use table, csv, json or jsonl", *format)
	}
	tz, err := loadTZ(*tzName)
	if err != nil {
		return err
	}
	now, err := parseNow(*nowFlag)
	if err != nil {
		return err
	}
	var query string
	var det *content.Detection
	switch {
	case *detection != "" && fs.NArg() > 0:
		return usageErr("give either QUERY or --detection, not both")
	case *detection != "":
		d, err := content.LoadDetection(*detection)
		if err != nil {
			return usageErr("%v", err)
		}
		det = d
	case fs.NArg() == 1:
		query = fs.Arg(0)
	case fs.NArg() > 1:
		query = strings.Join(fs.Args(), " ")
	default:
		fs.Usage()
		return usageErr("no query given")
	}
	r := newRunner(runner.Config{Data: *data, Ingest: dopt.ingest(), Macros: *macroPaths, Lookups: *lookupPaths, LookupOutput: *lookupOut,
		Knowledge: *knowledge, TZ: tz, Now: now, Limits: &limits, GeoIP: *mmdb, Strict: lim.strict}, stderr)
	var s *runner.Search
	if det != nil {
		s, err = r.PrepareDetection(det)
	} else {
		s, err = r.Prepare("", query, "")
	}
	if err != nil {
		return failed(err, stderr)
	}
	if len(*data) == 0 && runner.ReadsEvents(s.Pipeline) {
		fmt.Fprintln(stderr, "spelunk: notice: no --data given; the search runs over no events")
	}
	res, err := r.Run(context.Background(), s)
	if err != nil {
		return failed(err, stderr)
	}
	return writeResult(stdout, res, *format, tz)
}

// parseNow reads --now: epoch seconds or an RFC 3339 time.
func parseNow(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		sec := math.Floor(f)
		return time.Unix(int64(sec), int64((f-sec)*1e9)).UTC(), nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, usageErr("--now %s: use epoch seconds or a time such as 2024-01-02T03:04:05Z", s)
	}
	return t, nil
}
