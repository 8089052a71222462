package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/macros"
	"github.com/spelunk-dev/spelunk/spl"
)

// loadMacros builds the macro set: built-ins, then each path in order.
func loadMacros(paths []string) (*macros.Set, error) {
	set := macros.NewSet()
	for _, p := range paths {
		if err := set.Load(p); err != nil {
			return nil, inputErr("--macros %s: %v", p, err)
		}
	}
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
	exp, err := set.Expand(src, macros.Options{})
	if err != nil {
		printErrors(stderr, name, src, nil, err)
		return nil, searchFailed
	}
	for _, n := range exp.Notices {
		if quietFilters && strings.Contains(n.Msg, `_filter" is not defined`) {
			continue
		}
		line, col := spl.LineCol(src, n.Pos)
		fmt.Fprintf(stderr, "spelunk: notice: %s%d:%d: %s\n", prefix(name), line, col, n.Msg)
	}
	pipe, err := spl.Parse(exp.Text)
	if err != nil {
		printErrors(stderr, name, src, exp, err)
		return nil, searchFailed
	}
	return &prepared{name: name, src: src, exp: exp, pipe: pipe}, nil
}

func prefix(name string) string {
	if name == "" {
		return ""
	}
	return name + ":"
}

// printErrors renders spl errors against the text as written, mapping
// positions back through macro expansion when exp is given.
func printErrors(w io.Writer, name, src string, exp *macros.Expansion, err error) {
	list := spl.AsErrors(err)
	if list == nil {
		fmt.Fprintf(w, "spelunk: %s%v\n", prefix(name), err)
		return
	}
	for _, e := range list {
		if exp != nil {
			e = exp.MapError(e)
		}
		fmt.Fprint(w, spl.Render(name, src, e))
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

// loadData reads files into a new store, reporting bad records on stderr.
func loadData(paths []string, opt ingest.Options, kb *datamodel.Base, stderr io.Writer) (*datamodel.Store, ingest.Stats, error) {
	store, err := datamodel.NewStoreWith(kb)
	if err != nil {
		return nil, ingest.Stats{}, err
	}
	stats, err := ingest.ReadPaths(paths, opt, func(ev *ingest.Event) error {
		store.Add(ev)
		return nil
	})
	reportProblems(stderr, stats)
	if err != nil {
		return nil, stats, inputErr("%v", err)
	}
	return store, stats, nil
}

func reportProblems(w io.Writer, st ingest.Stats) {
	for _, p := range st.Problems {
		fmt.Fprintf(w, "spelunk: warning: %s\n", p)
	}
	if more := st.Bad - len(st.Problems); more > 0 {
		fmt.Fprintf(w, "spelunk: warning: %d more bad records skipped\n", more)
	}
}

// execute runs a prepared search, printing runtime errors with positions.
func execute(p *prepared, store engine.Source, tz *time.Location, stderr io.Writer) (*engine.Result, error) {
	res, err := engine.Run(context.Background(), p.pipe, store, engine.Options{
		TZ:     tz,
		Notice: func(s string) { fmt.Fprintf(stderr, "spelunk: notice: %s\n", s) },
	})
	if err != nil {
		printErrors(stderr, p.name, p.src, p.exp, err)
		return nil, searchFailed
	}
	return res, nil
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
