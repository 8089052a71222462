package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
)

// searchMust lists what every event a leading search keeps must hold, as
// text (EventScan.Must): for each term the whole search requires (the
// search itself, or a term of its AND, however nested), a bare term's
// literal parts as text of _raw (TERM and CASE included: a case-sensitive
// or bounded match is still a case-insensitive containment), and a
// field=value term's as text of the field (mustContain). OR, NOT, !=, IN,
// comparisons and time modifiers give nothing: a source may drop an event
// that lacks a piece only because the search could never keep it.
func searchMust(x spl.SearchExpr) []Contains {
	var out []Contains
	for _, t := range searchAndTerms(x) {
		switch n := t.(type) {
		case *spl.SearchTerm:
			if pieces := literalPieces(n.Value.Text); len(pieces) > 0 {
				out = append(out, Contains{Field: "_raw", Pieces: pieces})
			}
		case *spl.SearchCompare:
			out = append(out, mustContain(n, nil)...)
		}
	}
	return out
}

// searchAndTerms flattens nested ANDs into the terms they all require.
func searchAndTerms(x spl.SearchExpr) []spl.SearchExpr {
	and, ok := x.(*spl.SearchAnd)
	if !ok {
		if x == nil {
			return nil
		}
		return []spl.SearchExpr{x}
	}
	var out []spl.SearchExpr
	for _, t := range and.Terms {
		out = append(out, searchAndTerms(t)...)
	}
	return out
}

// literalPieces folds the parts of a pattern between its wildcards; nil
// when a part is not printable ASCII (its folding is not byte for byte)
// or there is none.
func literalPieces(text string) []string {
	var pieces []string
	for _, p := range strings.Split(text, "*") {
		if p == "" {
			continue
		}
		folded, ok := foldPiece(p)
		if !ok {
			return nil
		}
		pieces = append(pieces, folded)
	}
	return pieces
}

// rowwise are the commands that change or drop each row on its own,
// whatever came before it: they pass order on but do not depend on it.
var rowwise = map[string]bool{
	"eval": true, "where": true, "search": true, "rename": true, "fields": true,
	"fillnull": true, "lookup": true, "rex": true, "spath": true, "convert": true,
	"makemv": true, "nomv": true, "replace": true,
}

// eventsOrderFree reports whether the commands after a leading search give the
// same results whatever the order of the events it passes on: commands
// that work row by row, then a stats whose aggregations are all
// order-free (its groups are sorted by their BY values). Anything else
// is taken to depend on order.
func eventsOrderFree(rest []spl.Command) bool {
	for len(rest) > 0 && rowwise[rest[0].CommandName()] {
		rest = rest[1:]
	}
	if len(rest) == 0 {
		return false
	}
	st, ok := rest[0].(*spl.StatsCommand)
	if !ok {
		return false
	}
	for _, a := range st.Aggs {
		if !orderFreeAgg(a) {
			return false
		}
	}
	return true
}

// orderFreeAgg reports whether an aggregation's result does not depend on
// the order of its input (aggFunc.orderFree); an eval argument is worked
// out row by row, and a wildcard field is left to the general case.
func orderFreeAgg(a spl.Aggregation) bool {
	f, _, ok := lookupAgg(a.Func)
	return ok && f.orderFree && !strings.Contains(a.Field, "*")
}

// scanFields lists every field a leading search and the commands after it
// read of the events (EventScan.Fields), so that a source may leave the
// others out; nil when that is not known. It is known when the commands
// after the search are ones whose reads are plain (head N, eval, where,
// search, rename and fields without wildcards) up to one that keeps only
// fields it names: a stats (its BY fields and what its aggregations read)
// or a table without wildcards. A field a command sets is listed as well
// when a later one reads it: more than needed, never less.
func scanFields(x spl.SearchExpr, rest []spl.Command) []string {
	out, ok := searchFieldsRead(x)
	add := func(name string) {
		if strings.Contains(name, "*") {
			ok = false
		}
		out = appendField(out, name)
	}
	addExpr := func(e spl.Expr) {
		spl.Walk(e, func(n spl.Node) bool {
			switch e := n.(type) {
			case *spl.FieldRef:
				add(e.Name)
			case *spl.CallExpr:
				// searchmatch's text may name any field.
				ok = ok && e.Name != "searchmatch"
			}
			return ok
		})
	}
	for _, cmd := range rest {
		if !ok {
			return nil
		}
		switch c := cmd.(type) {
		case *spl.HeadCommand:
			if c.Expr != nil {
				return nil
			}
		case *spl.EvalCommand:
			for _, a := range c.Assignments {
				if strings.ContainsAny(a.Target, "{*") {
					return nil
				}
				addExpr(a.Expr)
			}
		case *spl.WhereCommand:
			addExpr(c.Expr)
		case *spl.SearchCommand:
			fs, known := searchFieldsRead(c.Expr)
			ok = ok && known
			for _, f := range fs {
				add(f)
			}
		case *spl.RenameCommand:
			for _, pr := range c.Pairs {
				add(pr.From)
				add(pr.To)
			}
		case *spl.FieldsCommand:
			for _, f := range c.Fields {
				add(f.Name)
			}
		case *spl.StatsCommand:
			// earliest, latest and rate read _time besides their field.
			add("_time")
			for _, b := range c.By {
				add(b.Name)
			}
			for _, a := range c.Aggs {
				if a.Field != "" {
					add(a.Field)
				}
				if a.Eval != nil {
					addExpr(a.Eval)
				}
			}
			return knownFields(out, ok)
		case *spl.TableCommand:
			for _, f := range c.Fields {
				add(f.Name)
			}
			return knownFields(out, ok)
		default:
			return nil
		}
	}
	return nil
}

func knownFields(fields []string, ok bool) []string {
	if !ok {
		return nil
	}
	return fields
}

// searchFieldsRead lists the fields a search expression reads of an event:
// those it compares, _raw for bare terms (which read every field of a row
// without _raw: not known then, but events have _raw) and _time for time
// modifiers; ok is false when a field name holds a wildcard.
func searchFieldsRead(x spl.SearchExpr) ([]string, bool) {
	fields, all := spl.SearchFields(x)
	return fields, !all
}

func appendField(list []string, f string) []string {
	for _, x := range list {
		if x == f {
			return list
		}
	}
	return append(list, f)
}

// headLimit is N when the command after a leading search is `head N`,
// which reads only the first N events; 0 otherwise.
func headLimit(rest []spl.Command) int {
	if len(rest) == 0 {
		return 0
	}
	if h, ok := rest[0].(*spl.HeadCommand); ok && h.Expr == nil && h.Count > 0 {
		return h.Count
	}
	return 0
}
