package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/macros"
)

const testUsage = `Usage: spelunk test [flags] DETECTION.yml|DIR...

Runs each detection's tests: ingests the attack data a test names (with its
source and sourcetype), runs the detection's search, and passes when the
search returns at least one row (contentctl's rule). An attack_data URL
https://media.githubusercontent.com/media/splunk/attack_data/master/<path>
is read from <data-dir>/<path>. Exit status 1 if any test fails or errors.

Flags:
`

func cmdTest(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, testUsage+fs.FlagUsages()) }
	dataDir := fs.String("data-dir", "", "local copy of splunk/attack_data that test URLs map into")
	macroPaths := fs.StringArray("macros", nil, "macros (default: the macros/ folder of each detection's repository)")
	knowledge := fs.StringArray("knowledge", nil, "YAML knowledge file or directory that replaces or adds field mappings, eventtypes and datasets by name (repeatable)")
	tzName := fs.String("tz", "UTC", "time zone for time formatting and day boundaries")
	if err := fs.Parse(args); err != nil {
		if err == pflag.ErrHelp {
			return nil
		}
		return usageErr("%v", err)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usageErr("no detections given")
	}
	tz, err := loadTZ(*tzName)
	if err != nil {
		return err
	}
	kb, err := loadKnowledge(*knowledge)
	if err != nil {
		return err
	}
	files, err := content.FindDetections(fs.Args())
	if err != nil {
		return inputErr("%v", err)
	}
	var pass, fail, skip, errs int
	for _, f := range files {
		d, err := content.LoadDetection(f)
		if err != nil {
			fmt.Fprintf(stdout, "ERROR %s: %v\n", relName(f), err)
			errs++
			continue
		}
		if len(d.Tests) == 0 {
			fmt.Fprintf(stdout, "SKIP  %s: no tests\n", d.Name)
			skip++
			continue
		}
		set, err := loadMacros(macrosFor(*macroPaths, f))
		if err != nil {
			return err
		}
		for _, t := range d.Tests {
			label := d.Name + " / " + t.Name
			start := time.Now()
			verdict, detail := runTest(d, t, set, kb, *dataDir, tz, stderr)
			took := time.Since(start).Round(time.Millisecond)
			switch verdict {
			case "PASS":
				pass++
			case "FAIL":
				fail++
			case "SKIP":
				skip++
			default:
				errs++
			}
			fmt.Fprintf(stdout, "%-5s %s (%s) %s\n", verdict, label, took, detail)
		}
	}
	fmt.Fprintf(stdout, "\n%d passed, %d failed, %d errors, %d skipped\n", pass, fail, errs, skip)
	if fail > 0 || errs > 0 {
		return searchFailed
	}
	return nil
}

// runTest runs one test and returns its verdict and a short explanation.
func runTest(d *content.Detection, t content.Test, set *macros.Set, kb *datamodel.Base, dataDir string, tz *time.Location, stderr io.Writer) (string, string) {
	store, err := datamodel.NewStoreWith(kb)
	if err != nil {
		return "ERROR", err.Error()
	}
	for _, ad := range t.AttackData {
		path, err := content.DataPath(ad.Data, dataDir, d.Path)
		if err != nil {
			return "SKIP", err.Error()
		}
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return "SKIP", "data file missing: " + path
		}
		st, err := ingest.ReadPaths([]string{path}, ingest.Options{Sourcetype: ad.Sourcetype, Source: ad.Source}, func(ev *ingest.Event) error {
			store.Add(ev)
			return nil
		})
		reportProblems(stderr, st)
		if err != nil {
			return "ERROR", err.Error()
		}
	}
	p, err := prepareQuiet(relName(d.Path), d.Search, set, stderr, true)
	if err != nil {
		return "ERROR", "the search does not parse (see above)"
	}
	res, err := execute(p, store, tz, stderr)
	if err != nil {
		return "ERROR", "the search failed (see above)"
	}
	if len(res.Rows) == 0 {
		return "FAIL", fmt.Sprintf("0 rows from %d events", store.Len())
	}
	return "PASS", fmt.Sprintf("%d row%s", len(res.Rows), plural(len(res.Rows)))
}
