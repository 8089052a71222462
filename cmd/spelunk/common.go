package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/lookups"
	"github.com/spelunk-dev/spelunk/macros"
	"github.com/spelunk-dev/spelunk/spl"
)

// loadMacros builds the macro set: built-ins, then each path in order,
// then stand-ins for the app macros none of them defines.
func loadMacros(paths []string) (*macros.Set, error) {
	set := macros.NewSet()
	for _, p := range paths {
		if err := set.Load(p); err != nil {
			return nil, inputErr("--macros %s: %v", p, err)
		}
	}
	content.AddStubMacros(set)
	return set, nil
}

// macrosFor adds the macros of the repository a detection lives in when
// no --macros was given.
func macrosFor(paths []string, detection string) []string {
	if len(paths) > 0 || detection == "" {
		return paths
	}
	if root := content.RepoRoot(detection); root != "" {
		return []string{root}
	}
	return nil
}

// prepared is a search ready to run: as written, expanded, parsed.
type prepared struct {
	name string // where the search came from, for messages
	src  string
	exp  *macros.Expansion
	pipe *spl.Pipeline
	// search is set for a detection's search: messages then point into
	// its YAML file instead of the search text.
	search *content.Search
}

// prepare expands macros and parses. Errors are printed to stderr with
// positions in the text as written.
func prepare(name, src string, set *macros.Set, stderr io.Writer) (*prepared, error) {
	return prepareQuiet(name, src, set, stderr, false)
}

// prepareQuiet is prepare that can leave out the notice for undefined
// *_filter macros: in a content repo's tests they are the convention, not
// news.
func prepareQuiet(name, src string, set *macros.Set, stderr io.Writer, quietFilters bool) (*prepared, error) {
	return prepareSearch(&prepared{name: name, src: src}, set, stderr, quietFilters)
}

// prepareDetection prepares a detection's search; positions in messages
// are those of its YAML file.
func prepareDetection(d *content.Detection, set *macros.Set, stderr io.Writer, quietFilters bool) (*prepared, error) {
	s := d.Searches()[0]
	return prepareSearch(&prepared{name: relName(d.Path), src: s.Text, search: &s}, set, stderr, quietFilters)
}

func prepareSearch(p *prepared, set *macros.Set, stderr io.Writer, quietFilters bool) (*prepared, error) {
	exp, pipe, errs, notices := expandAndParse(p.src, set)
	for _, n := range notices {
		if quietFilters && strings.Contains(n.Msg, `_filter" is not defined`) {
			continue
		}
		text, at := p.src, n.Pos
		if p.search != nil {
			text = string(p.search.Detection.Raw)
			at, _ = p.search.FileOffset(n.Pos)
		}
		line, col := spl.LineCol(text, at)
		fmt.Fprintf(stderr, "spelunk: notice: %s%d:%d: %s\n", prefix(p.name), line, col, n.Msg)
	}
	p.exp, p.pipe = exp, pipe
	if len(errs) > 0 {
		p.printErrors(stderr, spl.ErrorList(errs))
		return nil, searchFailed
	}
	return p, nil
}

func prefix(name string) string {
	if name == "" {
		return ""
	}
	return name + ":"
}

// printErrors renders errors of p's search (positioned in its expanded
// text when p.exp is set, else in the text as written) against what the
// user wrote: the search text, or the detection's YAML file.
func (p *prepared) printErrors(w io.Writer, err error) {
	list := spl.AsErrors(err)
	if list == nil {
		fmt.Fprintf(w, "spelunk: %s%v\n", prefix(p.name), err)
		return
	}
	for _, e := range list {
		if p.exp != nil {
			e = p.exp.MapError(e)
		}
		if p.search != nil {
			fmt.Fprint(w, spl.Render(p.name, string(p.search.Detection.Raw), toFile(p.search, e)))
			continue
		}
		fmt.Fprint(w, spl.Render(p.name, p.src, e))
	}
}

// dataOptions are the ingest flags shared by run and test.
type dataOptions struct {
	sourcetype, source, host, index string
}

func (o dataOptions) ingest() ingest.Options {
	return ingest.Options{Sourcetype: o.sourcetype, Source: o.source, Host: o.host, Index: o.index}
}

// loadKnowledge is the built-in add-on knowledge with the --knowledge
// files applied.
func loadKnowledge(paths []string) (*datamodel.Base, error) {
	b, err := datamodel.Load(paths...)
	if err != nil {
		return nil, inputErr("--knowledge: %v", err)
	}
	return b, nil
}

// loadData reads files into a new store, reporting bad records on stderr;
// with --strict, bad records are an error (exit status 3). The memory
// budget is checked after every event.
func loadData(paths []string, opt ingest.Options, kb *datamodel.Base, lim *limitOptions, stderr io.Writer) (*datamodel.Store, ingest.Stats, error) {
	store, err := datamodel.NewStoreWith(kb)
	if err != nil {
		return nil, ingest.Stats{}, err
	}
	stats, err := store.AddPaths(paths, opt, runtime.GOMAXPROCS(0), func(*ingest.Event) (bool, error) {
		return true, budget.err()
	})
	reportProblems(stderr, stats)
	if isMemoryError(err) {
		return nil, stats, &exitError{code: 4, msg: fmt.Sprintf("while reading the data (%s so far): %v", quantity(stats.Events, "event"), err)}
	}
	if err != nil {
		return nil, stats, inputErr("%v", err)
	}
	if err := lim.strictErr(stats); err != nil {
		return nil, stats, err
	}
	return store, stats, nil
}

// runEnv is what a search needs besides its data: the time zone, the
// macros (map expands them at run time), lookup tables and a GeoIP
// database.
type runEnv struct {
	tz      *time.Location
	macros  *macros.Set
	lookups *lookups.Registry
	geoip   engine.GeoIP
	// now is the search's start time; zero means the wall clock.
	now time.Time
	// trace, when set, counts rows through the pipeline.
	trace *engine.Trace
	// limits bound each search; nil means engine.DefaultLimits.
	limits *engine.Limits
}

// execute runs a prepared search, printing runtime errors with positions.
func execute(p *prepared, store engine.Source, env runEnv, stderr io.Writer) (*engine.Result, error) {
	res, err := engine.Run(context.Background(), p.pipe, store, env.options(stderr))
	if isMemoryError(err) {
		return nil, &exitError{code: 4, msg: err.Error()}
	}
	if err != nil {
		p.printErrors(stderr, err)
		return nil, searchFailed
	}
	return res, nil
}

// options are the engine options of a run; notices go to stderr.
func (env runEnv) options(stderr io.Writer) engine.Options {
	opt := engine.Options{
		TZ:        env.tz,
		Now:       env.now,
		Trace:     env.trace,
		Notice:    func(s string) { fmt.Fprintf(stderr, "spelunk: notice: %s\n", s) },
		Lookups:   env.lookups,
		GeoIP:     env.geoip,
		Limits:    env.limits,
		Interrupt: budget.err,
	}
	if env.macros != nil {
		set := env.macros
		opt.Expand = func(text string) (string, error) {
			x, err := set.Expand(text, macros.Options{})
			if err != nil {
				return "", err
			}
			return x.Text, nil
		}
	}
	return opt
}

// loadLookups reads lookup declarations from each path and sets the
// output folder of outputlookup.
func loadLookups(paths []string, output string) (*lookups.Registry, error) {
	reg := lookups.NewRegistry()
	for _, p := range paths {
		if err := reg.Load(p); err != nil {
			return nil, inputErr("--lookups %s: %v", p, err)
		}
	}
	if output != "" {
		if err := reg.SetOutputDir(output); err != nil {
			return nil, inputErr("--lookup-output %s: %v", output, err)
		}
	}
	return reg, nil
}

// lookupsFor adds the lookups/ folder of the repository a detection lives
// in when no --lookups was given.
func lookupsFor(paths []string, detection string) []string {
	if len(paths) > 0 || detection == "" {
		return paths
	}
	if root := content.RepoRoot(detection); root != "" {
		if st, err := os.Stat(filepath.Join(root, "lookups")); err == nil && st.IsDir() {
			return []string{filepath.Join(root, "lookups")}
		}
	}
	return nil
}

func loadTZ(name string) (*time.Location, error) {
	if name == "" || name == "UTC" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, usageErr("--tz %s: %v (use an IANA name such as Europe/Paris)", name, err)
	}
	return loc, nil
}

// relName shortens a path for messages.
func relName(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	if r, err := filepath.Rel(wd, path); err == nil && len(r) < len(path) {
		return r
	}
	return path
}

// parseFlags parses a command's flags; done is true when the command
// should stop there: after --help (err nil) or on a bad flag (a usage
// error).
func parseFlags(fs *pflag.FlagSet, args []string) (done bool, err error) {
	if err := fs.Parse(args); err != nil {
		if err == pflag.ErrHelp {
			return true, nil
		}
		return true, usageErr("%v", err)
	}
	return false, nil
}
