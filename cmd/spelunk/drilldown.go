package main

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/output"
	"github.com/spelunk-dev/spelunk/risk"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

const drilldownUsage = `Usage: spelunk drilldown --detection FILE --data PATH... [flags]

Runs a detection, takes one of its result rows, and runs the detection's
drilldown searches for it, as an analyst clicking them in Enterprise
Security would: %original_detection_search% becomes the detection's search
and each $field$ token the row's value. The risk events the detection's
rows raise are in the Risk data model, so "View risk events" drilldowns
find them. The detection runs at the search time every command uses (--now,
else one second after the latest event); its drilldowns an hour and a
second later, as an analyst opening them after the detection fired.

Flags:
`

func cmdDrilldown(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("drilldown", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, drilldownUsage+fs.FlagUsages()) }
	common := addCommonFlags(fs, dataFlags|searchFlags)
	detection := fs.String("detection", "", "the detection YAML")
	rowN := fs.Int("row", 1, "the result row to drill down from (1 is the first)")
	which := fs.Int("drilldown", 0, "run only this drilldown (1 is the first; 0 runs all)")
	format := fs.String("format", "table", "output format of the drilldown results: table, csv, json or jsonl")
	cfg, done, err := common.parse(fs, args)
	if done {
		return err
	}
	if *detection == "" {
		fs.Usage()
		return usageErr("give the detection with --detection")
	}
	if !output.ValidFormat(*format) {
		return usageErr("--format %s: use table, csv, json or jsonl", *format)
	}
	d, err := content.LoadDetection(*detection)
	if err != nil {
		return usageErr("%v", err)
	}
	if len(d.Drilldowns) == 0 {
		return usageErr("%s has no drilldown_searches", *detection)
	}
	if *which < 0 || *which > len(d.Drilldowns) {
		return usageErr("--drilldown %d: the detection has %d drilldowns", *which, len(d.Drilldowns))
	}
	cfg.QuietFilters = true
	r := newRunner(cfg, stderr)
	store, _, err := r.Store()
	if err != nil {
		return failed(err, stderr)
	}
	ctx := context.Background()
	p, err := r.PrepareDetection(d)
	if err != nil {
		return failed(err, stderr)
	}
	now, err := r.Now(p, store)
	if err != nil {
		return failed(err, stderr)
	}
	// The analyst opens the drilldowns after the detection ran: at the
	// earliest moment ESCU's "View risk events" window (endhoursago=1)
	// holds the risk events raised at the detection's time.
	later := now.Add(drilldownDelay)
	res, err := r.RunOn(ctx, p, store, runner.RunOptions{Now: now})
	if err != nil {
		return failed(err, stderr)
	}
	if *rowN < 1 || *rowN > len(res.Rows) {
		return usageErr("the detection returned %d rows; --row %d is not one of them", len(res.Rows), *rowN)
	}
	row := res.Rows[*rowN-1]
	for _, rr := range res.Rows {
		for _, ev := range risk.Events(d, rr, float64(now.UnixNano())/1e9) {
			store.Add(risk.IngestEvent(ev))
		}
	}
	for i, dd := range d.Drilldowns {
		if *which != 0 && i+1 != *which {
			continue
		}
		name := fillTokens(dd.Name, row, false)
		search := strings.ReplaceAll(dd.Search, "%original_detection_search%", d.Search)
		search = fillTokens(search, row, true)
		fmt.Fprintf(stdout, "== %s\n%s\n\n", name, search)
		dp, err := r.Prepare(name, search, *detection)
		var dres *engine.Result
		if err == nil {
			dres, err = r.RunOn(ctx, dp, store, runner.RunOptions{Now: later})
		}
		if err != nil {
			// A drilldown that fails is reported; the others still run.
			if err := failed(err, stderr); err != searchFailed {
				return err
			}
			continue
		}
		if err := output.Write(stdout, dres, *format, cfg.TZ); err != nil {
			return err
		}
		fmt.Fprintln(stdout)
	}
	return nil
}

// drilldownDelay is how long after the detection its drilldowns run: an
// hour and a second, so that a risk event at the detection's time is
// before endhoursago=1 (latest bounds are exclusive).
const drilldownDelay = time.Hour + time.Second

var tokenPat = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_.]*)\$`)

// fillTokens replaces $field$ tokens with the row's values. In a search
// each value is quoted (a multivalue field gives "a","b", which fits both
// field=$x$ and IN ($x$)); in a title values are written as they are.
// $info_min_time$ and $info_max_time$ and tokens the row lacks stay.
func fillTokens(s string, row value.Fields, quote bool) string {
	return tokenPat.ReplaceAllStringFunc(s, func(tok string) string {
		name := tok[1 : len(tok)-1]
		v := row.Get(name)
		if v.IsNull() {
			return tok
		}
		vals := v.Strings()
		if !quote {
			return strings.Join(vals, ", ")
		}
		for i, x := range vals {
			vals[i] = spl.QuoteString(x)
		}
		return strings.Join(vals, ",")
	})
}
