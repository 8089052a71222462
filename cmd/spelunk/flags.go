package main

import (
	"fmt"
	"strings"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/spl"
)

// flagGroup selects the common flags a command takes.
type flagGroup int

const (
	// dataFlags: --data and what to say about it (--sourcetype,
	// --source, --host, --index).
	dataFlags flagGroup = 1 << iota
	// macroFlags: --macros alone (spelunk parse).
	macroFlags
	// searchFlags: what searches run with (--macros, --lookups,
	// --lookup-output, --knowledge, --tz, --now, --mmdb) and the limit
	// flags.
	searchFlags
)

// commonFlags are the flags the commands share, each registered here with
// its one help text, and turned here into a runner.Config.
type commonFlags struct {
	data                       []string
	dopt                       dataOptions
	macros, lookups, knowledge []string
	lookupOut, tz, now, mmdb   string
	collectDir, csvDir, rest   string
	earliest, latest           string
	lim                        *limitOptions
}

// addCommonFlags registers the flags of groups on fs.
func addCommonFlags(fs *pflag.FlagSet, groups flagGroup) *commonFlags {
	c := &commonFlags{}
	if groups&dataFlags != 0 {
		fs.StringArrayVar(&c.data, "data", nil, "log file, directory or glob to search (repeatable; .gz is read transparently; - is stdin)")
		fs.StringVar(&c.dopt.sourcetype, "sourcetype", "", "sourcetype of the data, instead of detecting it (see docs/DATASOURCES.md; other names are kept and read by content)")
		fs.StringVar(&c.dopt.source, "source", "", "source of the data (XmlWinEventLog events keep XmlWinEventLog:<Channel>)")
		fs.StringVar(&c.dopt.host, "host", "", "host of the data (default: the event's computer name, else \"unknown\")")
		fs.StringVar(&c.dopt.index, "index", "", "index of the data (default main)")
	}
	if groups&(macroFlags|searchFlags) != 0 {
		fs.StringArrayVar(&c.macros, "macros", nil, "macros: a security_content repo root, its macros/ folder, a macros.conf or a Splunk app (repeatable; default: the macros/ folder of each detection's repository)")
	}
	if groups&searchFlags != 0 {
		fs.StringArrayVar(&c.lookups, "lookups", nil, "lookup tables: a folder of .csv files, a security_content root or lookups/ folder, a Splunk app, a transforms.conf (repeatable; default: the lookups/ folder of each detection's repository)")
		fs.StringVar(&c.lookupOut, "lookup-output", "", "the only folder outputlookup may write lookup files in (without it, a search that writes a lookup fails)")
		fs.StringVar(&c.collectDir, "collect-dir", "", "the only folder collect may write summary events in; later searches read its events back as the indexes they name (without it, a search that collects fails)")
		fs.StringVar(&c.csvDir, "csv-dir", "", "the folder outputcsv writes <name>.csv in and inputcsv reads from, as Splunk's var/run/splunk/csv (without it, both fail)")
		fs.StringVar(&c.rest, "rest-fixtures", "", "folder of recorded REST responses for rest: the endpoint /services/a/b is the file a/b.json under services/ (without it, rest fails: there is no live Splunk)")
		fs.StringArrayVar(&c.knowledge, "knowledge", nil, "YAML knowledge file or directory that replaces or adds field mappings, eventtypes and datasets by name (repeatable)")
		fs.StringVar(&c.tz, "tz", "UTC", "time zone for time formatting and day boundaries (IANA name)")
		fs.StringVar(&c.now, "now", "", "the search's start time, for now(), makeresults and relative times: epoch seconds or 2006-01-02T15:04:05Z (default: one second after the latest event when the search reads data, else the clock)")
		fs.StringVar(&c.earliest, "earliest", "", "only events at or after this time, as Splunk's time picker (e.g. -7d@d from the search's now, 0, 10/19/2023:00:00:00)")
		fs.StringVar(&c.latest, "latest", "", "only events before this time")
		fs.StringVar(&c.mmdb, "mmdb", "", "MaxMind GeoIP2/GeoLite2 City database (.mmdb) for iplocation")
		c.lim = addLimitFlags(fs)
	}
	return c
}

// parse parses a command's arguments (done means return err at once) and
// checks the common flags among them: the limits (which set the memory
// budget), --tz and --now.
func (c *commonFlags) parse(fs *pflag.FlagSet, args []string) (cfg runner.Config, done bool, err error) {
	if done, err := parseFlags(fs, args); done {
		return cfg, true, err
	}
	cfg = runner.Config{Data: c.data, Ingest: c.dopt.ingest(), Macros: c.macros}
	if c.lim == nil {
		return cfg, false, nil
	}
	limits, err := c.lim.apply()
	if err != nil {
		return cfg, true, err
	}
	tz, err := loadTZ(c.tz)
	if err != nil {
		return cfg, true, err
	}
	now, err := parseNow(c.now)
	if err != nil {
		return cfg, true, err
	}
	for _, b := range []struct{ flag, val string }{{"--earliest", c.earliest}, {"--latest", c.latest}} {
		if b.val == "" {
			continue
		}
		if err := runner.CheckTimeArg(b.val, tz); err != nil {
			return cfg, true, usageErr("%s %s: %v", b.flag, b.val, err)
		}
	}
	cfg.Earliest, cfg.Latest = c.earliest, c.latest
	cfg.Lookups, cfg.LookupOutput, cfg.Knowledge = c.lookups, c.lookupOut, c.knowledge
	cfg.CollectDir, cfg.CSVDir, cfg.RestFixtures = c.collectDir, c.csvDir, c.rest
	cfg.TZ, cfg.Now, cfg.Limits, cfg.GeoIP, cfg.Strict = tz, now, &limits, c.mmdb, c.lim.strict
	cfg.Load = neverStream
	return cfg, false, nil
}

// neverStream makes every search load its data into a store, for tests
// that compare the streamed and loaded ways.
var neverStream bool

// flagSuggestion adds a did-you-mean to pflag's "unknown flag: --formt".
func flagSuggestion(fs *pflag.FlagSet, err error) string {
	msg := err.Error()
	name, ok := strings.CutPrefix(msg, "unknown flag: --")
	if !ok {
		return msg
	}
	var names []string
	fs.VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
	if s := spl.Suggest(name, names); s != "" {
		msg += fmt.Sprintf("; did you mean --%s?", s)
	}
	return msg
}
