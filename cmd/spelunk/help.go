package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/spl"
)

const helpUsage = `Usage: spelunk help [FUNCTION | COMMAND | functions | commands | stats-functions]

  spelunk help functions   lists the eval functions by category
  spelunk help commands    lists the SPL commands and whether they run
  spelunk help stats-functions  lists the statistical functions of stats, chart, tstats...
  spelunk help substr      prints an eval function's usage, description and examples
  spelunk help count       prints a statistical function's usage, description and examples
  spelunk help stats max   prints the statistical function max (help max is the eval function)
  spelunk help rex         prints a command's syntax and description
`

// cmdHelp prints the registry entry of an eval function or a command.
// Functions come first: "replace" is both, and the function is what
// people look up more often; "spelunk help command replace" picks the
// command.
func cmdHelp(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		fmt.Fprint(stdout, "\n"+helpUsage)
		return nil
	}
	name := strings.ToLower(strings.TrimSuffix(args[0], "()"))
	switch {
	case name == "-h" || name == "--help":
		fmt.Fprint(stdout, helpUsage)
		return nil
	case name == "stats" && len(args) > 1:
		if a, ok := engine.LookupAggregation(strings.TrimSuffix(args[1], "()")); ok {
			printAggregation(stdout, a)
			return nil
		}
		return unknownHelp(args[1])
	case name == "stats-functions":
		printAggregationList(stdout)
		return nil
	case name == "functions":
		printFunctionList(stdout)
		return nil
	case name == "commands":
		printCommandList(stdout)
		return nil
	case name == "command" && len(args) > 1:
		if spec, ok := spl.LookupCommand(args[1]); ok {
			printCommand(stdout, spec)
			return nil
		}
		return unknownHelp(args[1])
	}
	agg, isAgg := engine.LookupAggregation(name)
	if f, ok := engine.LookupFunction(name); ok {
		printFunction(stdout, f)
		if spec, ok := spl.LookupCommand(name); ok {
			fmt.Fprintf(stdout, "\n(%s is also a command: spelunk help command %s)\n", spec.Name, spec.Name)
		}
		if isAgg {
			fmt.Fprintf(stdout, "\n(%s is also a statistical function: spelunk help stats %s)\n", name, name)
		}
		return nil
	}
	if spec, ok := spl.LookupCommand(name); ok {
		printCommand(stdout, spec)
		if name == "stats" {
			fmt.Fprintln(stdout, "\nIts functions: spelunk help stats-functions")
		}
		if isAgg {
			fmt.Fprintf(stdout, "\n(%s is also a statistical function: spelunk help stats %s)\n", name, name)
		}
		return nil
	}
	if isAgg {
		printAggregation(stdout, agg)
		return nil
	}
	return unknownHelp(args[0])
}

func unknownHelp(name string) error {
	names := append(engine.FunctionNames(), spl.CommandNames()...)
	names = append(names, engine.AggregationNames()...)
	msg := fmt.Sprintf("help: no eval function or command named %q", name)
	if s := spl.Suggest(name, names); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return usageErr("%s", msg)
}

func printFunction(w io.Writer, f *engine.FuncSpec) {
	fmt.Fprintf(w, "%s\n\n  %s\n\n", f.Usage, f.Doc)
	fmt.Fprintf(w, "Category: %s evaluation functions\n", f.Category)
	if len(f.Examples) == 0 {
		return
	}
	fmt.Fprintln(w, "\nExamples:")
	for _, ex := range f.Examples {
		q := "| makeresults | eval x=" + ex.Expr
		if ex.Setup != "" {
			q = "| makeresults | eval " + ex.Setup + " | eval x=" + ex.Expr
		}
		want := ex.Want
		switch {
		case want == "":
			want = "(null: x is not set)"
		case strings.Contains(want, "\n"):
			want = strings.ReplaceAll(want, "\n", " | ") + "  (multivalue)"
		}
		fmt.Fprintf(w, "  %s\n    x = %s\n", q, want)
	}
}

func printCommand(w io.Writer, c *spl.CommandSpec) {
	fmt.Fprintf(w, "%s\n\n  %s\n", c.Syntax, c.Doc)
	if len(c.Aliases) > 0 {
		fmt.Fprintf(w, "\nAliases: %s\n", strings.Join(c.Aliases, ", "))
	}
	if !engine.Executable(c.Name) {
		fmt.Fprintf(w, "\nspelunk parses %s but cannot run it yet.\n", c.Name)
		if why, ok := engine.NotRunReason(c.Name); ok {
			fmt.Fprintf(w, "Running it fails: %s.\n", why)
		}
	}
}

func printFunctionList(w io.Writer) {
	by := map[string][]string{}
	for _, f := range engine.Functions() {
		by[f.Category] = append(by[f.Category], f.Name)
	}
	for _, cat := range engine.Categories {
		names := by[cat]
		if len(names) == 0 {
			continue
		}
		sort.Strings(names)
		fmt.Fprintf(w, "%s:\n  %s\n", cat, wrapWords(names, 76))
	}
	fmt.Fprintln(w, "\nspelunk help <function> prints its usage and examples.")
}

func printCommandList(w io.Writer) {
	for _, c := range spl.Commands() {
		state := "runs"
		if !engine.Executable(c.Name) {
			state = "parsed only"
		}
		fmt.Fprintf(w, "  %-12s %-12s %s\n", c.Name, state, c.Doc)
	}
}

// wrapWords joins names with ", " and breaks lines before width.
func wrapWords(names []string, width int) string {
	var b strings.Builder
	line := 0
	for i, n := range names {
		piece := n
		if i < len(names)-1 {
			piece += ","
		}
		if line > 0 && line+1+len(piece) > width {
			b.WriteString("\n  ")
			line = 0
		} else if line > 0 {
			b.WriteByte(' ')
			line++
		}
		b.WriteString(piece)
		line += len(piece)
	}
	return b.String()
}

// printAggregation prints a statistical function as printFunction prints
// an eval function: usage, description, then examples with their value.
func printAggregation(w io.Writer, a *engine.AggSpec) {
	fmt.Fprintf(w, "%s\n\n  %s\n\n", a.Usage, a.Doc)
	fmt.Fprintf(w, "Category: %s functions (stats, chart, timechart, eventstats, streamstats, tstats)\n", a.Category)
	if len(a.Names) > 1 {
		fmt.Fprintf(w, "Names: %s\n", strings.Join(a.Names, ", "))
	}
	if len(a.Examples) == 0 {
		return
	}
	fmt.Fprintln(w, "\nExamples:")
	for _, ex := range a.Examples {
		want := ex.Want
		if strings.Contains(want, "\n") {
			want = strings.ReplaceAll(want, "\n", " | ") + "  (multivalue)"
		}
		fmt.Fprintf(w, "  %s\n    %s = %s\n", ex.Search, ex.Field, want)
	}
}

func printAggregationList(w io.Writer) {
	fmt.Fprintf(w, "Statistical functions:\n  %s\n", wrapWords(engine.AggregationNames(), 76))
	fmt.Fprintln(w, "\nspelunk help <function> prints its usage and examples (spelunk help stats <function> when an eval function has the name too).")
}
