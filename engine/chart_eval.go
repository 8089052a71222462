package engine

import (
	"strconv"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// chart's and timechart's eval(<expression>) column: the statistical
// functions inside it (avg(size), max(delay)) are computed per cell like
// any other, then the expression is evaluated over their results (Search
// Reference, chart: "eval-expression"). A function name that is also an
// eval function (max, min) is the statistical one when it has at most
// one argument.

// chartCol is one output column group of a chart: an aggregation's
// results, or an eval expression over hidden aggregations.
type chartCol struct {
	name string
	agg  int    // index into chartCore.aggs; -1 for an eval column
	eval evalFn // over a row holding every aggregation's result by hiddenAgg name
	// field is the field a wildcard function matched (sum(*) gives a
	// column per field); "" otherwise.
	field string
}

func hiddenAgg(i int) string { return "\x00agg" + strconv.Itoa(i) }

// expandEvalAggs returns the aggregations to compute (eval columns'
// inner functions appended under hidden names) and the output columns.
func expandEvalAggs(rc *runCtx, cmd string, aggs []spl.Aggregation) ([]spl.Aggregation, []chartCol, []spl.Expr, error) {
	var compute []spl.Aggregation
	var cols []chartCol
	var exprs []spl.Expr
	for _, a := range aggs {
		if !a.IsEvalOfAggs() {
			cols = append(cols, chartCol{name: a.Name(), agg: len(compute)})
			exprs = append(exprs, nil)
			compute = append(compute, a)
			continue
		}
		var err error
		x := rewriteAggCalls(a.Eval, func(call *spl.CallExpr) spl.Expr {
			field := ""
			if len(call.Args) == 1 {
				ref, ok := call.Args[0].(*spl.FieldRef)
				if !ok {
					if err == nil {
						err = errAt(call, "%s: inside eval(...), %s takes a field name", cmd, call.Name)
					}
					return call
				}
				field = ref.Name
			}
			name := hiddenAgg(len(compute))
			compute = append(compute, spl.Aggregation{Loc: call.Loc, Func: call.Name, Field: field, As: name})
			return &spl.FieldRef{Loc: call.Loc, Name: name}
		})
		if err != nil {
			return nil, nil, nil, err
		}
		cols = append(cols, chartCol{name: a.Name(), agg: -1})
		exprs = append(exprs, x)
	}
	return compute, cols, exprs, nil
}

// rewriteAggCalls copies x with each call of a statistical function (one
// argument at most) replaced by what f returns.
func rewriteAggCalls(x spl.Expr, f func(*spl.CallExpr) spl.Expr) spl.Expr {
	switch n := x.(type) {
	case *spl.UnaryExpr:
		c := *n
		c.X = rewriteAggCalls(n.X, f)
		return &c
	case *spl.BinaryExpr:
		c := *n
		c.L, c.R = rewriteAggCalls(n.L, f), rewriteAggCalls(n.R, f)
		return &c
	case *spl.InExpr:
		c := *n
		c.X = rewriteAggCalls(n.X, f)
		c.List = make([]spl.Expr, len(n.List))
		for i, y := range n.List {
			c.List[i] = rewriteAggCalls(y, f)
		}
		return &c
	case *spl.CallExpr:
		if _, _, ok := lookupAgg(n.Name); ok && len(n.Args) <= 1 {
			return f(n)
		}
		c := *n
		c.Args = make([]spl.Expr, len(n.Args))
		for i, y := range n.Args {
			c.Args[i] = rewriteAggCalls(y, f)
		}
		return &c
	}
	return x
}

// colValue is a column's value in a cell (nil: a cell with no rows).
func (c *chartCore) colValue(col chartCol, cl *chartCell) value.Value {
	result := func(i int) value.Value {
		var st aggState
		switch {
		case cl == nil:
		case c.aggs[i].pattern != nil:
			st = cl.wild[i][col.field]
		default:
			st = cl.states[i]
		}
		if st == nil {
			return c.aggs[i].newState().result()
		}
		return st.result()
	}
	if col.agg >= 0 {
		return result(col.agg)
	}
	row := make(value.Fields, 0, len(c.aggs))
	for i := range c.aggs {
		row = append(row, value.Field{Name: hiddenAgg(i), Value: result(i)})
	}
	return col.eval(row)
}
