package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/output"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

const explainUsage = `Usage: spelunk explain [flags] QUERY | --detection FILE

Explains a search stage by stage: the search as written, each macro it
expands (and where it is defined), the pipeline as parsed with what each
command does, and, with --data, the plan spelunk run runs (what the search
reads, streamed or loaded, the text every kept record must contain, the
fields read, whether order matters, which commands hold rows) and how many
rows each command receives and passes on. For a filter it shows how many rows each clause keeps on its
own; for an empty result, which fields the search needs that no ingested
event carries.

Flags:
`

func cmdExplain(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("explain", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, explainUsage+fs.FlagUsages()) }
	common := addCommonFlags(fs, dataFlags|searchFlags)
	detection := fs.String("detection", "", "explain the search of this detection YAML")
	cfg, done, err := common.parse(fs, args)
	if done {
		return err
	}
	query := strings.Join(fs.Args(), " ")
	var det *content.Detection
	if *detection != "" {
		d, err := content.LoadDetection(*detection)
		if err != nil {
			return usageErr("%v", err)
		}
		det, query = d, d.Search
	}
	if strings.TrimSpace(query) == "" {
		fs.Usage()
		return usageErr("no query given")
	}
	r := newRunner(cfg, stderr)
	if _, err := r.Macros(*detection); err != nil {
		return failed(err, stderr)
	}
	fmt.Fprintf(stdout, "Search as written:\n  %s\n", indent(query))
	// A detection is prepared as run prepares it, so that notices and
	// errors point at the same line and column of its YAML file.
	var p *runner.Search
	if det != nil {
		p, err = r.PrepareDetection(det)
	} else {
		p, err = r.Prepare("", query, "")
	}
	if err != nil {
		return failed(err, stderr)
	}
	if len(p.Expansion.Calls) > 0 {
		fmt.Fprintln(stdout, "\nMacros expanded:")
		depth := map[int]int{}
		for i, c := range p.Expansion.Calls {
			d := 0
			if c.Parent >= 0 {
				d = depth[c.Parent] + 1
			}
			depth[i] = d
			call := "`" + c.Name
			if len(c.Args) > 0 {
				call += "(" + strings.Join(c.Args, ",") + ")"
			}
			call += "`"
			fmt.Fprintf(stdout, "  %s%s  ->  %s   [%s]\n", strings.Repeat("  ", d), call, p.Expansion.Text[c.Start:c.End], c.Macro.Origin)
		}
		fmt.Fprintf(stdout, "\nExpanded search:\n  %s\n", indent(p.Expansion.Text))
	}
	fmt.Fprintln(stdout, "\nPipeline:")
	for i, c := range p.Pipeline.Commands {
		fmt.Fprintf(stdout, "  %d. %s\n", i+1, c.String())
		if spec, ok := spl.LookupCommand(c.CommandName()); ok && spec.Doc != "" {
			fmt.Fprintf(stdout, "     %s\n", spec.Doc)
		}
	}
	reads := runner.ReadsEvents(p.Pipeline)
	if len(cfg.Data) == 0 && reads {
		fmt.Fprintln(stdout, "\n(Give --data to see how many rows each command keeps.)")
		return nil
	}
	return explainRun(stdout, stderr, r, p, reads)
}

// explainRun runs the search with a trace, as run runs it (streamed or
// loaded); reads says whether it reads events (a search starting with
// makeresults makes its own rows).
func explainRun(stdout, stderr io.Writer, r *runner.Runner, p *runner.Search, reads bool) error {
	ctx := context.Background()
	tr := &engine.Trace{}
	res, err := r.RunWith(ctx, p, runner.RunOptions{Trace: tr})
	if err != nil {
		return failed(err, stderr)
	}
	// Counting what each clause keeps, and which fields no event has,
	// reads the events again, loaded.
	store, err := diagnosticStore(r, tr.Plan.Streamed)
	if err != nil {
		return failed(err, stderr)
	}
	quiet, err := r.EngineOptions(p, runner.RunOptions{Quiet: true})
	if err != nil {
		return failed(err, stderr)
	}
	if reads {
		explainPlan(stdout, tr)
		fmt.Fprintf(stdout, "\nRows, on %d events (%s):\n", store.Len(), store.Describe())
	} else {
		fmt.Fprintln(stdout, "\nRows:")
	}
	for i, st := range tr.Stages {
		what := "rows in"
		if i == 0 {
			what = "events read"
			if _, ok := st.Command.(*spl.TstatsCommand); ok {
				what = "dataset rows read"
			}
		}
		switch {
		case st.NotRun:
			fmt.Fprintf(stdout, "  %d. %-10s not run: a later command drops every row\n", i+1, st.Command.CommandName())
		case st.DropsAll:
			fmt.Fprintf(stdout, "  %d. %-10s drops every row it would get, told before any was made\n", i+1, st.Command.CommandName())
		case i == 0 && !reads:
			fmt.Fprintf(stdout, "  %d. %-10s %d out\n", i+1, st.Command.CommandName(), st.Out)
		default:
			fmt.Fprintf(stdout, "  %d. %-10s %d %s, %d out\n", i+1, st.Command.CommandName(), st.In, what, st.Out)
		}
		explainStageNotes(stdout, tr, i)
		var input []value.Fields
		if i > 0 {
			prefix := &spl.Pipeline{Commands: p.Pipeline.Commands[:i]}
			pr, err := engine.Run(ctx, prefix, store, quiet)
			if err != nil {
				continue
			}
			input = pr.Rows
			if input == nil {
				input = []value.Fields{}
			}
		}
		clauses, err := engine.FilterClauses(ctx, st.Command, input, store, quiet)
		if err != nil || len(clauses) < 1 {
			continue
		}
		fmt.Fprintf(stdout, "       each clause on its own, of %d rows:\n", clauses[0].Total)
		for _, c := range clauses {
			fmt.Fprintf(stdout, "         keeps %-6d %s\n", c.Kept, c.Clause)
		}
	}
	fmt.Fprintf(stdout, "\nResult: %d row%s.\n", len(res.Rows), output.Plural(len(res.Rows)))
	if len(res.Rows) > 0 {
		return nil
	}
	if k := tr.FirstEmpty(); k >= 0 {
		fmt.Fprintf(stdout, "The first command to pass nothing on is %d. %s\n", k+1, tr.Stages[k].Command.CommandName())
	}
	explainMissing(stdout, p.Pipeline.Commands[0], store)
	return nil
}

// diagnosticStore is the data loaded into a store, for explain's counts
// beyond the run's: the runner's own when the run loaded it, else loaded
// apart, quietly (the run has reported the data's problems).
func diagnosticStore(r *runner.Runner, streamed bool) (*store.Store, error) {
	if !streamed {
		store, _, err := r.Store()
		return store, err
	}
	cfg := r.Config()
	cfg.Problems, cfg.Notice = nil, nil
	store, _, err := runner.New(cfg).Store()
	return store, err
}

// explainMissing lists the fields the first command uses that no
// ingested event (or dataset row) carries.
func explainMissing(w io.Writer, first spl.Command, store *store.Store) {
	ctx := context.Background()
	switch c := first.(type) {
	case *spl.TstatsCommand:
		ds, fields, err := engine.DatasetFields(c, store)
		if err != nil {
			fmt.Fprintf(w, "The dataset cannot be read: %v\n", err)
			return
		}
		present := map[string]bool{}
		n := 0
		_ = ds.Scan(ctx, func(r value.Fields) error {
			n++
			for _, f := range r {
				if !f.Value.IsNull() {
					present[f.Name] = true
				}
			}
			return nil
		})
		if n == 0 {
			def, _ := store.Base().LookupDataset(ds.Name())
			fmt.Fprintf(w, "No ingested event belongs to %s", ds.Name())
			if def != nil {
				fmt.Fprintf(w, " (its events match %q; the add-on knowledge tags them)", def.Constraint)
			}
			fmt.Fprintln(w, ".")
			return
		}
		var missing []string
		for _, f := range fields {
			if !present[f] {
				missing = append(missing, ds.Object()+"."+f)
			}
		}
		if len(missing) > 0 {
			fmt.Fprintf(w, "Fields the search uses that no row of %s (%d rows) has: %s\n", ds.Name(), n, strings.Join(missing, ", "))
		}
	case *spl.SearchCommand:
		present := map[string]bool{}
		_ = store.Scan(ctx, engine.AllEvents, func(r value.Fields) error {
			for _, f := range r {
				present[f.Name] = true
			}
			return nil
		})
		var missing []string
		seen := map[string]bool{}
		spl.Walk(c.Expr, func(n spl.Node) bool {
			var name string
			switch x := n.(type) {
			case *spl.SearchCompare:
				name = x.Field
			case *spl.SearchIn:
				name = x.Field
			}
			if name != "" && !present[name] && !seen[name] && name != "earliest" && name != "latest" {
				seen[name] = true
				missing = append(missing, name)
			}
			return true
		})
		if len(missing) > 0 {
			fmt.Fprintf(w, "Fields the search uses that no ingested event has: %s\n", strings.Join(missing, ", "))
		}
	}
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n  ") }
