package playground

import (
	"strings"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/spl"
)

// Help is the registry spelunk help reads, for the page's reference:
// every command, eval function and statistical function, with each
// documented example as a search to try and the value it should give.
type Help struct {
	Commands  []CommandHelp  `json:"commands"`
	Functions []FunctionHelp `json:"functions"`
	Stats     []FunctionHelp `json:"stats"`
}

// CommandHelp is a command's registry entry.
type CommandHelp struct {
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
	Syntax  string   `json:"syntax"`
	Doc     string   `json:"doc"`
	Runs    bool     `json:"runs"`
	NotRun  string   `json:"notRun,omitempty"`
}

// FunctionHelp is an eval or statistical function's registry entry.
type FunctionHelp struct {
	Name     string    `json:"name"`
	Names    []string  `json:"names,omitempty"`
	Usage    string    `json:"usage"`
	Doc      string    `json:"doc"`
	Category string    `json:"category"`
	Examples []Example `json:"examples,omitempty"`
}

// Example is a documented example: the search that runs it, the field
// that holds its answer and that answer ("" for null; multivalue joined
// by newlines).
type Example struct {
	Search string `json:"search"`
	Field  string `json:"field"`
	Want   string `json:"want"`
}

// Registry reads the command and function registries.
func Registry() Help {
	var h Help
	for _, c := range spl.Commands() {
		ch := CommandHelp{Name: c.Name, Aliases: c.Aliases, Syntax: c.Syntax, Doc: c.Doc, Runs: engine.Executable(c.Name)}
		if !ch.Runs {
			ch.NotRun, _ = engine.NotRunReason(c.Name)
		}
		h.Commands = append(h.Commands, ch)
	}
	for _, f := range engine.Functions() {
		fh := FunctionHelp{Name: f.Name, Usage: f.Usage, Doc: f.Doc, Category: f.Category}
		for _, ex := range f.Examples {
			fh.Examples = append(fh.Examples, Example{Search: FunctionExampleSearch(ex), Field: "x", Want: ex.Want})
		}
		h.Functions = append(h.Functions, fh)
	}
	seen := map[*engine.AggSpec]bool{}
	for _, n := range engine.AggregationNames() {
		// A percentile is listed as perc<N>; any N finds its entry.
		a, ok := engine.LookupAggregation(strings.Replace(n, "<N>", "50", 1))
		if !ok || seen[a] {
			continue
		}
		seen[a] = true
		fh := FunctionHelp{Name: a.Names[0], Names: a.Names, Usage: a.Usage, Doc: a.Doc, Category: a.Category}
		for _, ex := range a.Examples {
			fh.Examples = append(fh.Examples, Example{Search: ex.Search, Field: ex.Field, Want: ex.Want})
		}
		h.Stats = append(h.Stats, fh)
	}
	return h
}

// FunctionExampleSearch is the search spelunk help prints for an eval
// function's example: its value lands in x.
func FunctionExampleSearch(ex engine.FuncExample) string {
	var b strings.Builder
	b.WriteString("| makeresults | eval ")
	if ex.Setup != "" {
		b.WriteString(ex.Setup + " | eval ")
	}
	b.WriteString("x=" + ex.Expr)
	return b.String()
}
