package parsereport

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/output"
	"github.com/spelunk-dev/spelunk/spl"
)

// UseCount counts how often a command or function occurs and whether the
// engine runs it.
type UseCount struct {
	Name       string `json:"name"`
	Uses       int    `json:"uses"`
	Executable bool   `json:"executable"`
}

// Uses is the inventory of what the parsed searches use.
type Uses struct {
	Commands      []UseCount `json:"commands"`
	EvalFunctions []UseCount `json:"eval_functions"`
	StatsFuncs    []UseCount `json:"stats_functions"`
}

// Inventory walks every parsed search for commands, eval functions
// and statistical functions.
func (rep *Report) Inventory() Uses {
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
	return Uses{
		Commands: usages(cmds, engine.Executable),
		EvalFunctions: usages(evals, func(n string) bool {
			_, ok := engine.LookupFunction(n)
			return ok
		}),
		StatsFuncs: usages(stats, func(n string) bool { return slices.Contains(aggs, n) }),
	}
}

func usages(counts map[string]int, runs func(string) bool) []UseCount {
	out := make([]UseCount, 0, len(counts))
	for n, c := range counts {
		out = append(out, UseCount{Name: n, Uses: c, Executable: runs(n)})
	}
	slices.SortFunc(out, func(a, b UseCount) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Tally counts searches of one kind.
type Tally struct {
	Searches int `json:"searches"`
	Parsed   int `json:"parsed"`
	Failed   int `json:"failed"`
}

// Tallies counts the searches of each kind.
func (rep *Report) Tallies() map[string]*Tally {
	t := map[string]*Tally{}
	for _, r := range rep.Results {
		k := t[r.Kind]
		if k == nil {
			k = &Tally{}
			t[r.Kind] = k
		}
		k.Searches++
		if r.OK() {
			k.Parsed++
		} else {
			k.Failed++
		}
	}
	return t
}

// WriteText prints one line per search on stdout (errors rendered on
// stderr), then the summary and the inventory.
func (rep *Report) WriteText(stdout, stderr io.Writer, print, quiet bool) {
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
		case !r.OK():
			if r.Kind != "query" {
				fmt.Fprintf(out, "FAIL %s\n", r.Label())
			}
			out.Flush()
			for _, e := range r.Errors {
				fmt.Fprint(stderr, spl.Render(r.File, r.Source, e))
			}
		case print && r.Kind == "query":
			fmt.Fprintln(out, r.Pipe.String())
		case print:
			fmt.Fprintf(out, "# %s\n%s\n", r.Label(), r.Pipe.String())
		case !quiet:
			if r.Kind == "query" {
				fmt.Fprintln(out, "ok")
			} else {
				fmt.Fprintf(out, "ok   %s\n", r.Label())
			}
		}
	}
	if rep.Files == 0 && len(rep.Results) <= 1 {
		return // one query: its line says it all
	}
	fmt.Fprintln(out)
	t := rep.Tallies()
	total := &Tally{}
	for _, k := range t {
		total.Searches += k.Searches
		total.Parsed += k.Parsed
		total.Failed += k.Failed
	}
	if rep.Files > 0 {
		fmt.Fprintf(out, "%d file%s", rep.Files, output.Plural(rep.Files))
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
	inv := rep.Inventory()
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

func writeUsages(w io.Writer, what string, us []UseCount) {
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
	ByKind     map[string]*Tally `json:"by_kind"`
	Results    []jsonResult      `json:"results"`
	Uses
}

// WriteJSON prints the whole report as one JSON object.
func (rep *Report) WriteJSON(w io.Writer) error {
	out := jsonReport{Files: rep.Files, Unreadable: rep.Unreadable, ByKind: rep.Tallies(), Results: []jsonResult{}, Uses: rep.Inventory()}
	for _, r := range rep.Results {
		jr := jsonResult{File: r.File, Kind: r.Kind, Drilldown: r.Drilldown, Name: r.Name, OK: r.OK(), Notices: r.Notices}
		if r.Pipe != nil {
			jr.Canonical = r.Pipe.String()
		}
		for _, e := range r.Errors {
			line, col := spl.LineCol(r.Source, e.Pos)
			eline, ecol := spl.LineCol(r.Source, max(e.End, e.Pos))
			jr.Errors = append(jr.Errors, jsonError{Line: line, Column: col, EndLine: eline, EndColumn: ecol,
				Message: e.Msg, Expected: e.Expected, Hint: e.Hint, Notes: e.Notes, Rendered: spl.Render(r.File, r.Source, e)})
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
