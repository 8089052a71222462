package spl

import (
	"strconv"
	"strings"
)

// SeriesWhere is the where clause of chart's and timechart's split-by
// field, which chooses the series kept:
//
//	where <single-agg> (in|notin) (top|bottom)<int>
//	where <single-agg> (<|>) <num>
//
// (Search Reference, timechart, "where clause"; chart, <column-split>).
// Series not kept go to OTHER, as those past limit= do.
type SeriesWhere struct {
	Loc
	Agg Aggregation
	// Op is "in", "notin", "<" or ">".
	Op string
	// Bottom and N are the rank of in/notin (top5: false, 5).
	Bottom bool
	N      int
	// Threshold is the number of < and >.
	Threshold float64
	// Text is the right-hand side as written (top5, 10).
	Text string
}

func (w *SeriesWhere) String() string {
	return "where " + w.Agg.String() + " " + w.Op + " " + w.Text
}

// seriesWhere parses the clause after the keyword where.
func (p *cmdParser) seriesWhere(kw token) (*SeriesWhere, error) {
	if p.atEnd() {
		return nil, p.errorf(kw, "WHERE needs a function and a comparison, e.g. where count in top5")
	}
	a, err := p.aggregation()
	if err != nil {
		return nil, err
	}
	if a.As != "" || a.Eval != nil || a.Sparkline != nil {
		return nil, &Error{Pos: a.Start, End: a.End, Msg: p.cmdName() + ": the WHERE clause takes one function without AS or eval, e.g. count or max(delay)"}
	}
	w := &SeriesWhere{Agg: a}
	op := p.next()
	rhs := p.next()
	switch {
	case isKeyword(op, "in") || isKeyword(op, "notin"):
		w.Op = strings.ToLower(op.text)
		r := strings.ToLower(rhs.text)
		num := ""
		switch {
		case rhs.kind == tWord && strings.HasPrefix(r, "top"):
			num = r[3:]
		case rhs.kind == tWord && strings.HasPrefix(r, "bottom"):
			num, w.Bottom = r[6:], true
		default:
			return nil, p.unexpected(rhs, "top<int>", "bottom<int>")
		}
		n, ok := ParseInt(num)
		if !ok || n < 0 {
			return nil, p.errorf(rhs, "%s needs a whole number, e.g. top5", rhs.text)
		}
		w.N, w.Text = n, r
	case op.kind == tOp && (op.text == "<" || op.text == ">"):
		w.Op = op.text
		f, ok := parseNumber(rhs.text)
		if rhs.kind != tWord || !ok {
			return nil, p.unexpected(rhs, "a number")
		}
		w.Threshold, w.Text = f, strconv.FormatFloat(f, 'f', -1, 64)
	default:
		return nil, p.unexpected(op, "in", "notin", `"<"`, `">"`)
	}
	w.Loc = Loc{Start: kw.pos, End: rhs.end}
	return w, nil
}
