package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/output"
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
	common := addCommonFlags(fs, dataFlags|searchFlags)
	detection := fs.String("detection", "", "run the search of this detection YAML instead of QUERY")
	format := fs.String("format", "table", "output format: table, csv, json or jsonl")
	eng := addEngineFlags(fs)
	cfg, done, err := common.parse(fs, args)
	if done {
		return err
	}
	if !output.ValidFormat(*format) {
		return usageErr("--format %s: use table, csv, json or jsonl", *format)
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
	if *eng.url != "" {
		r := newRunner(cfg, stderr)
		s, err := prepareRun(r, det, query)
		if err != nil {
			return failed(err, stderr)
		}
		return runOnEngine(r, s, eng, *format, cfg, stdout, stderr)
	}
	// Progress, on a terminal only: the reading of the data, then the
	// search's elapsed time; the other messages clear its line first.
	live := newLiveLine(stderr)
	stderr = live.writer()
	load := newLoadProgress(live, cfg.Data)
	var search atomic.Pointer[ticker]
	if live.on {
		cfg.Keep = func(ev *ingest.Event) bool {
			load.event(ev)
			return true
		}
		cfg.Interrupt = func() error {
			if t := search.Load(); t != nil {
				t.tick()
			}
			return nil
		}
	}
	r := newRunner(cfg, stderr)
	s, err := prepareRun(r, det, query)
	if err != nil {
		return failed(err, stderr)
	}
	if len(cfg.Data) == 0 && runner.ReadsEvents(s.Pipeline) {
		fmt.Fprintln(stderr, "spelunk: notice: no --data given; the search runs over no events")
	}
	// A streamed search reads the data while it runs: the reading's
	// progress is its progress. Otherwise the data is loaded first, then
	// the search's time is shown.
	streamed := r.Streams(s)
	if !streamed {
		if r.ReadsData(s) {
			if _, _, err := r.Store(); err != nil {
				load.done()
				return failed(err, stderr)
			}
		}
		load.done()
		search.Store(newTicker(live, "searching"))
	}
	// The output reads a compact result as it is (CSV) or makes its rows.
	res, err := r.RunWith(context.Background(), s, runner.RunOptions{Compact: true})
	if streamed {
		load.done()
	} else {
		search.Load().done()
	}
	if err != nil {
		return failed(err, stderr)
	}
	return output.Write(stdout, res, *format, cfg.TZ)
}

// prepareRun prepares a detection's search, or else query.
func prepareRun(r *runner.Runner, det *content.Detection, query string) (*runner.Search, error) {
	if det != nil {
		return r.PrepareDetection(det)
	}
	return r.Prepare("", query, "")
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
