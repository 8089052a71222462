package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/spl"
)

// useCount counts how often a command or function occurs and whether the
// engine runs it.
type useCount struct {
	Name       string `json:"name"`
	Uses       int    `json:"uses"`
	Executable bool   `json:"executable"`
}

// inventory is what the parsed searches use.
type inventory struct {
	Commands      []useCount `json:"commands"`
	EvalFunctions []useCount `json:"eval_functions"`
	StatsFuncs    []useCount `json:"stats_functions"`
}

// takeInventory walks every parsed search for commands, eval functions
// and statistical functions.
func (rep *parseReport) takeInventory() inventory {
	cmds, evals, stats := map[string]int{}, map[string]int{}, map[string]int{}
	for _, r := range rep.Results {
		if r.Pipe == nil {
			continue
		}
		spl.Walk(r.Pipe, func(n spl.Node) bool {
			switch n := n.(type) {
			case spl.Command:
				cmds[n.CommandName()]++
			case *spl.CallExpr:
				evals[n.Name]++
			case spl.Aggregation:
				stats[n.Func]++
			}
			return true
		})
	}
	aggs := engine.AggregationNames()
	return inventory{
		Commands: usages(cmds, engine.Executable),
		EvalFunctions: usages(evals, func(n string) bool {
			_, ok := engine.LookupFunction(n)
			return ok
		}),
		StatsFuncs: usages(stats, func(n string) bool { return slices.Contains(aggs, n) }),
	}
}

func usages(counts map[string]int, runs func(string) bool) []useCount {
	out := make([]useCount, 0, len(counts))
	for n, c := range counts {
		out = append(out, useCount{Name: n, Uses: c, Executable: runs(n)})
	}
	slices.SortFunc(out, func(a, b useCount) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// tally counts searches of one kind.
type tally struct {
	Searches int `json:"searches"`
	Parsed   int `json:"parsed"`
	Failed   int `json:"failed"`
}

func (rep *parseReport) tallies() map[string]*tally {
	t := map[string]*tally{}
	for _, r := range rep.Results {
		k := t[r.Kind]
		if k == nil {
			k = &tally{}
			t[r.Kind] = k
		}
		k.Searches++
		if r.ok() {
			k.Parsed++
		} else {
			k.Failed++
		}
	}
	return t
}

// writeText prints one line per search on stdout (errors rendered on
// stderr), then the summary and the inventory.
func (rep *parseReport) writeText(stdout, stderr io.Writer, opt parseOptions) {
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	for _, u := range rep.Unreadable {
		fmt.Fprintf(out, "FAIL %s\n", u)
		out.Flush()
		fmt.Fprintf(stderr, "spelunk: %s\n", u)
	}
	for _, r := range rep.Results {
		for _, n := range r.Notices {
			out.Flush()
			fmt.Fprintf(stderr, "spelunk: notice: %s\n", n)
		}
		switch {
		case !r.ok():
			if r.Kind != "query" {
				fmt.Fprintf(out, "FAIL %s\n", r.label())
			}
			out.Flush()
			for _, e := range r.Errors {
				fmt.Fprint(stderr, spl.Render(r.File, r.src, e))
			}
		case opt.print && r.Kind == "query":
			fmt.Fprintln(out, r.Pipe.String())
		case opt.print:
			fmt.Fprintf(out, "# %s\n%s\n", r.label(), r.Pipe.String())
		case !opt.quiet:
			if r.Kind == "query" {
				fmt.Fprintln(out, "ok")
			} else {
				fmt.Fprintf(out, "ok   %s\n", r.label())
			}
		}
	}
	if rep.Files == 0 && len(rep.Results) <= 1 {
		return // one query: its line says it all
	}
	fmt.Fprintln(out)
	t := rep.tallies()
	total := &tally{}
	for _, k := range t {
		total.Searches += k.Searches
		total.Parsed += k.Parsed
		total.Failed += k.Failed
	}
	if rep.Files > 0 {
		fmt.Fprintf(out, "%d file%s", rep.Files, plural(rep.Files))
		if n := len(rep.Unreadable); n > 0 {
			fmt.Fprintf(out, " (%d unreadable)", n)
		}
		fmt.Fprint(out, ", ")
	}
	fmt.Fprintf(out, "%d search%s: %d parsed, %d failed\n", total.Searches, pluralES(total.Searches), total.Parsed, total.Failed)
	for _, kind := range []string{"detection", "drilldown", "query"} {
		if k := t[kind]; k != nil {
			fmt.Fprintf(out, "  %s searches: %d of %d parsed\n", kind, k.Parsed, k.Searches)
		}
	}
	inv := rep.takeInventory()
	writeUsages(out, "command", inv.Commands)
	writeUsages(out, "eval function", inv.EvalFunctions)
	writeUsages(out, "stats function", inv.StatsFuncs)
}

func pluralES(n int) string {
	if n == 1 {
		return ""
	}
	return "es"
}

func writeUsages(w io.Writer, what string, us []useCount) {
	if len(us) == 0 {
		return
	}
	width := len(what)
	for _, u := range us {
		width = max(width, len(u.Name))
	}
	fmt.Fprintf(w, "\n%-*s  %6s  %s\n", width, what, "uses", "runs offline")
	for _, u := range us {
		runs := "not yet"
		if u.Executable {
			runs = "yes"
		}
		fmt.Fprintf(w, "%-*s  %6d  %s\n", width, u.Name, u.Uses, runs)
	}
}

// jsonError is an error as --format json reports it.
type jsonError struct {
	Line      int      `json:"line"`
	Column    int      `json:"column"`
	EndLine   int      `json:"end_line"`
	EndColumn int      `json:"end_column"`
	Message   string   `json:"message"`
	Expected  []string `json:"expected,omitempty"`
	Hint      string   `json:"hint,omitempty"`
	Notes     []string `json:"notes,omitempty"`
	// Rendered is the text form: file:line:col, the line and a caret.
	Rendered string `json:"rendered"`
}

type jsonResult struct {
	File      string      `json:"file,omitempty"`
	Kind      string      `json:"kind"`
	Drilldown int         `json:"drilldown,omitempty"`
	Name      string      `json:"name,omitempty"`
	OK        bool        `json:"ok"`
	Canonical string      `json:"canonical,omitempty"`
	Errors    []jsonError `json:"errors,omitempty"`
	Notices   []string    `json:"notices,omitempty"`
}

type jsonReport struct {
	Files      int               `json:"files"`
	Unreadable []string          `json:"unreadable,omitempty"`
	Searches   int               `json:"searches"`
	Parsed     int               `json:"parsed"`
	Failed     int               `json:"failed"`
	ByKind     map[string]*tally `json:"by_kind"`
	Results    []jsonResult      `json:"results"`
	inventory
}

// writeJSON prints the whole report as one JSON object.
func (rep *parseReport) writeJSON(w io.Writer) error {
	out := jsonReport{Files: rep.Files, Unreadable: rep.Unreadable, ByKind: rep.tallies(), Results: []jsonResult{}, inventory: rep.takeInventory()}
	for _, r := range rep.Results {
		jr := jsonResult{File: r.File, Kind: r.Kind, Drilldown: r.Drilldown, Name: r.Name, OK: r.ok(), Notices: r.Notices}
		if r.Pipe != nil {
			jr.Canonical = r.Pipe.String()
		}
		for _, e := range r.Errors {
			line, col := spl.LineCol(r.src, e.Pos)
			eline, ecol := spl.LineCol(r.src, max(e.End, e.Pos))
			jr.Errors = append(jr.Errors, jsonError{Line: line, Column: col, EndLine: eline, EndColumn: ecol,
				Message: e.Msg, Expected: e.Expected, Hint: e.Hint, Notes: e.Notes, Rendered: spl.Render(r.File, r.src, e)})
		}
		out.Results = append(out.Results, jr)
		out.Searches++
		if jr.OK {
			out.Parsed++
		} else {
			out.Failed++
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
