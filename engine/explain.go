package engine

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// ClauseCount says how many of a filter's input rows one of its clauses
// keeps on its own.
type ClauseCount struct {
	Clause      string
	Kept, Total int
}

// FilterClauses splits a filtering command (search, where, or tstats'
// where clause) into its top-level AND clauses and counts, for each, the
// input rows it keeps by itself. rows are the command's input; for a
// first command (a leading search, tstats) pass nil and the rows come from
// src. Other commands give nil.
func FilterClauses(ctx context.Context, cmd spl.Command, rows []value.Fields, src Source, opt Options) ([]ClauseCount, error) {
	rc := &runCtx{ctx: ctx, src: src, tz: opt.TZ, notice: opt.Notice, limits: DefaultLimits(), shared: &shared{}}
	if rc.tz == nil {
		rc.tz = time.UTC
	}
	var preds []rowPred
	var names []string
	addSearch := func(x spl.SearchExpr, resolve func(string) string) error {
		terms := []spl.SearchExpr{x}
		if and, ok := x.(*spl.SearchAnd); ok {
			terms = and.Terms
		}
		for _, t := range terms {
			p, err := (&searchCompiler{rc: rc, resolve: resolve}).compile(t)
			if err != nil {
				return err
			}
			preds = append(preds, p)
			names = append(names, t.String())
		}
		return nil
	}
	switch c := cmd.(type) {
	case *spl.SearchCommand:
		if c.Expr == nil {
			return nil, nil
		}
		if err := addSearch(c.Expr, nil); err != nil {
			return nil, err
		}
		if rows == nil {
			if err := src.Scan(ctx, AllEvents, func(r value.Fields) error { rows = append(rows, r); return nil }); err != nil {
				return nil, err
			}
		}
	case *spl.WhereCommand:
		for _, x := range andTerms(c.Expr) {
			f, err := (&exprCompiler{rc: rc}).compile(x)
			if err != nil {
				return nil, err
			}
			preds = append(preds, func(r value.Fields) bool { return f(r).Truth() })
			names = append(names, x.String())
		}
	case *spl.TstatsCommand:
		where, nodename := spl.SplitNodename(c.Where)
		if where == nil {
			return nil, nil
		}
		if c.Datamodel == "" {
			if err := addSearch(where, nil); err != nil {
				return nil, err
			}
			err := scanEvents(rc, nil, func(ev value.Fields) error {
				rows = append(rows, indexedRow(ev, nil, true))
				return nil
			})
			if err != nil {
				return nil, err
			}
			break
		}
		ds, err := src.Dataset(datasetName(c, nodename))
		if err != nil {
			return nil, err
		}
		if err := addSearch(where, datasetResolver(ds)); err != nil {
			return nil, err
		}
		rows = nil
		if err := ds.Scan(ctx, func(r value.Fields) error { rows = append(rows, r.Clone()); return nil }); err != nil {
			return nil, err
		}
	default:
		return nil, nil
	}
	out := make([]ClauseCount, len(preds))
	for i, p := range preds {
		out[i] = ClauseCount{Clause: names[i], Total: len(rows)}
		for _, r := range rows {
			if p(r) {
				out[i].Kept++
			}
		}
	}
	return out, nil
}

// andTerms flattens a top-level AND of eval expressions.
func andTerms(x spl.Expr) []spl.Expr {
	if b, ok := x.(*spl.BinaryExpr); ok && b.Op == "AND" {
		return append(andTerms(b.L), andTerms(b.R)...)
	}
	return []spl.Expr{x}
}

// DatasetFields returns the dataset a tstats command reads and the dataset
// field names its where clause, BY list and functions use (prefix
// stripped), for explaining empty results.
func DatasetFields(cmd *spl.TstatsCommand, src Source) (Dataset, []string, error) {
	if cmd.Datamodel == "" {
		return nil, nil, fmt.Errorf("tstats without FROM reads the events' indexed fields, not a data model dataset")
	}
	where, nodename := spl.SplitNodename(cmd.Where)
	ds, err := src.Dataset(datasetName(cmd, nodename))
	if err != nil {
		return nil, nil, err
	}
	resolve := datasetResolver(ds)
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		if n = resolve(n); n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	spl.Walk(where, func(n spl.Node) bool {
		switch x := n.(type) {
		case *spl.SearchCompare:
			add(x.Field)
		case *spl.SearchIn:
			add(x.Field)
		}
		return true
	})
	for _, b := range cmd.By {
		add(b.Name)
	}
	for _, a := range cmd.Aggs {
		if a.Field != "" {
			add(a.Field)
		}
	}
	return ds, out, nil
}

// datasetName is the dataset tstats reads: the FROM model, or the model
// and a nodename path.
func datasetName(c *spl.TstatsCommand, nodename string) string {
	if nodename == "" {
		return c.Datamodel
	}
	model, _, _ := strings.Cut(c.Datamodel, ".")
	return model + "." + nodename
}
