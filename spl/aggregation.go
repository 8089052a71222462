package spl

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// aggName is the shape of a statistical function name: count, dc,
// perc95, exactperc99.5.
var aggName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(?:\.[0-9]+)?$`) })

// Aggregation is one statistical function call in stats, tstats,
// eventstats, chart and friends: `count`, `dc(user)`, `min(_time) AS
// firstTime`, `count(eval(status="404"))`.
type Aggregation struct {
	Loc
	// Func is the function name as written, lower-cased ("count", "dc",
	// "distinct_count", "p95").
	Func string
	// Field is the argument; "" for a bare `count`.
	Field string
	// Eval is the expression of `func(eval(expr))`; nil otherwise.
	Eval Expr
	// As is the output name given with AS; "" when none.
	As string
	// Sparkline is the aggregation inside `sparkline(agg[, span])`,
	// whose Func is "sparkline"; nil otherwise. SparkSpan is its span
	// as written ("" for the default).
	Sparkline *Aggregation
	SparkSpan string
}

// Name is the output column name: the AS name, or the call as written
// without spaces, e.g. "count", "values(Processes.dest)" (Search
// Reference, stats: "the field name is the function text unless AS").
func (a Aggregation) Name() string {
	if a.As != "" {
		return a.As
	}
	return a.call()
}

func (a Aggregation) call() string {
	switch {
	case a.IsEvalOfAggs():
		return "eval(" + a.Eval.String() + ")"
	case a.Sparkline != nil && a.SparkSpan != "":
		return a.Func + "(" + a.Sparkline.call() + "," + a.SparkSpan + ")"
	case a.Sparkline != nil:
		return a.Func + "(" + a.Sparkline.call() + ")"
	case a.Eval != nil:
		return a.Func + "(eval(" + a.Eval.String() + "))"
	case a.Field == "":
		return a.Func
	}
	return a.Func + "(" + a.Field + ")"
}

func (a Aggregation) String() string {
	s := a.Func
	switch {
	case a.IsEvalOfAggs():
		s += "(" + a.Eval.String() + ")"
	case a.Sparkline != nil && a.SparkSpan != "":
		s += "(" + a.Sparkline.String() + ", " + a.SparkSpan + ")"
	case a.Sparkline != nil:
		s += "(" + a.Sparkline.String() + ")"
	case a.Eval != nil:
		s += "(eval(" + a.Eval.String() + "))"
	case a.Field != "":
		s += "(" + word(a.Field) + ")"
	}
	if a.As != "" {
		s += " AS " + word(a.As)
	}
	return s
}

// IsEvalOfAggs reports whether a is chart's and timechart's
// eval(<expression>) over statistical functions, such as
// eval(avg(size)/max(delay)).
func (a Aggregation) IsEvalOfAggs() bool { return a.Func == "eval" && a.Eval != nil }

// evalOfAggs parses `eval(<expression>) [AS <name>]` at the current
// token, which is the word eval touching a "(".
func (p *cmdParser) evalOfAggs() (Aggregation, error) {
	t := p.next()
	closeIdx, err := p.matchParen(p.i)
	if err != nil {
		return Aggregation{}, err
	}
	open, closer := p.toks[p.i], p.toks[closeIdx]
	x, err := parseExprAt(p.raw(open.end, closer.pos), open.end, p.cmdName())
	if err != nil {
		return Aggregation{}, err
	}
	p.i = closeIdx + 1
	a := Aggregation{Loc: Loc{Start: t.pos, End: closer.end}, Func: "eval", Eval: x}
	if isKeyword(p.peek(), "as") {
		p.next()
		n := p.next()
		if n.kind != tWord && n.kind != tString {
			return Aggregation{}, p.unexpected(n, "a name after AS")
		}
		a.As, a.End = n.val, n.end
	}
	return a, nil
}

func aggregationsString(aggs []Aggregation) string {
	parts := make([]string, len(aggs))
	for i, a := range aggs {
		parts[i] = a.String()
	}
	return strings.Join(parts, " ")
}

// aggregation parses `func`, `func(field)` or `func(eval(expr))`, each with
// an optional `AS name`.
func (p *cmdParser) aggregation() (Aggregation, error) {
	t := p.next()
	if t.kind != tWord || !aggName().MatchString(t.text) || isKeyword(t, "as") || isKeyword(t, "by") {
		return Aggregation{}, p.unexpected(t, "a function such as count or values(field)")
	}
	a := Aggregation{Loc: Loc{Start: t.pos, End: t.end}, Func: strings.ToLower(t.text)}
	if p.peek().kind == tLParen && p.peek().pos == t.end {
		p.next()
		arg := p.peek()
		switch {
		case arg.kind == tRParen && (a.Func == "count" || a.Func == "c"):
			// count() is count [choice: the Search Reference writes
			// count or count(<field>); real searches write count(),
			// which Splunk runs as a count of the results].
		case a.Func == "sparkline":
			if err := p.sparklineArgs(&a); err != nil {
				return Aggregation{}, err
			}
		case isKeyword(arg, "eval") && p.peekAt(1).kind == tLParen:
			p.next()
			open := p.next()
			closeIdx, err := p.matchParen(p.i - 1)
			if err != nil {
				return Aggregation{}, err
			}
			inner := p.toks[closeIdx]
			x, err := parseExprAt(p.raw(open.end, inner.pos), open.end, p.cmdName())
			if err != nil {
				return Aggregation{}, err
			}
			a.Eval = x
			p.i = closeIdx + 1
		case arg.kind == tWord || arg.kind == tString:
			p.next()
			a.Field = arg.val
		default:
			return Aggregation{}, p.unexpected(arg, "a field name", "eval(...)")
		}
		closer := p.next()
		if closer.kind == tComma && a.Field != "" && percFuncs[a.Func] {
			return Aggregation{}, p.spl2Percentile(a, closer)
		}
		if closer.kind != tRParen {
			return Aggregation{}, p.unexpected(closer, `")"`)
		}
		a.End = closer.end
	}
	if isKeyword(p.peek(), "as") {
		p.next()
		n := p.next()
		if n.kind != tWord && n.kind != tString {
			return Aggregation{}, p.unexpected(n, "a name after AS")
		}
		a.As = n.val
		a.End = n.end
		// `AS aceFlags(inheritance)` (security_content) names the field
		// with the parenthesised text included.
		if n.kind == tWord && p.peek().kind == tLParen && p.peek().pos == n.end {
			closeIdx, err := p.matchParen(p.i)
			if err != nil {
				return Aggregation{}, err
			}
			end := p.toks[closeIdx].end
			a.As = p.raw(n.pos, end)
			a.End = end
			p.i = closeIdx + 1
		}
	}
	return a, nil
}

// percFuncs are the percentile functions, whose percentile SPL1 writes in
// the name (perc95) and SPL2 as a second argument (perc(x, 95)).
var percFuncs = map[string]bool{"perc": true, "p": true, "exactperc": true, "upperperc": true}

// spl2Percentile refuses SPL2's perc(<value>,<percentile>) (Quick Reference
// for SPL2 stats and charting functions), naming SPL1's forms: the Search
// Reference's aggregate functions are perc<percentile>(<value>),
// p<percentile>, upperperc<percentile> and exactperc<percentile>, and
// none takes a second argument. comma is the "," after the field.
func (p *cmdParser) spl2Percentile(a Aggregation, comma token) *Error {
	// A percentile that is not a number is not guessed: <N> stands for it.
	pct := "<N>"
	if n := p.peek(); n.kind == tWord && percentileText(n.text) {
		pct = n.text
	}
	end := comma.end
	for j := p.i; j < len(p.toks) && p.toks[j].kind != tEOF && p.toks[j].kind != tLParen; j++ {
		if p.toks[j].kind == tRParen {
			end = p.toks[j].end
			break
		}
	}
	f := word(a.Field)
	e := &Error{Pos: a.Start, End: end, Msg: fmt.Sprintf("%s: %s is SPL2's percentile form; SPL1 writes the percentile in the function's name", p.cmdName(), p.raw(a.Start, end))}
	e.Hint = fmt.Sprintf("write perc%s(%s), p%s(%s), exactperc%s(%s) or upperperc%s(%s)", pct, f, pct, f, pct, f, pct, f)
	return e
}

// percentileText reports whether s is a percentile as SPL1's names take it:
// a number from 0 to 100, such as 95 or 99.5.
func percentileText(s string) bool {
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && f >= 0 && f <= 100 && strings.Trim(s, "0123456789.") == ""
}

// sparklineArgs parses the inside of sparkline(<agg>[, <span>]) (Search
// Reference, stats: "Sparkline charts"), up to the closing ")".
func (p *cmdParser) sparklineArgs(a *Aggregation) error {
	inner, err := p.aggregation()
	if err != nil {
		return err
	}
	if inner.As != "" || inner.Sparkline != nil {
		return p.errorf(p.toks[p.i-1], "sparkline takes one statistical function, without AS")
	}
	a.Sparkline = &inner
	if p.peek().kind == tComma {
		p.next()
		span := p.next()
		if span.kind != tWord {
			return p.unexpected(span, "a span such as 5m")
		}
		if _, err := ParseTimeSpan(span.text); err != nil {
			return p.errorf(span, "sparkline span %q: %v", span.text, err)
		}
		a.SparkSpan = span.text
	}
	return nil
}

// matchParen returns the index of the token closing the "(" at index open.
func (p *cmdParser) matchParen(open int) (int, error) {
	depth := 0
	for j := open; j < len(p.toks); j++ {
		switch p.toks[j].kind {
		case tLParen:
			depth++
		case tRParen:
			depth--
			if depth == 0 {
				return j, nil
			}
		case tEOF:
			return 0, p.errorf(p.toks[open], `"(" has no matching ")"`)
		}
	}
	return 0, p.errorf(p.toks[open], `"(" has no matching ")"`)
}

// statsArgs parses the arguments shared by stats, eventstats and
// streamstats: options (any of known, before or between the functions),
// one or more aggregations, then an optional BY field list.
func (p *cmdParser) statsArgs(known map[string]bool) ([]Option, []Aggregation, []FieldName, error) {
	var opts []Option
	var aggs []Aggregation
	for !p.atEnd() && !isKeyword(p.peek(), "by") {
		if p.peek().kind == tComma {
			p.next()
			continue
		}
		if o, ok := p.option(known); ok {
			opts = append(opts, o)
			continue
		}
		if e := p.unknownOption(known); e != nil {
			return nil, nil, nil, e
		}
		a, err := p.aggregation()
		if err != nil {
			return nil, nil, nil, err
		}
		aggs = append(aggs, a)
	}
	if len(aggs) == 0 {
		return nil, nil, nil, p.unexpected(p.peek(), "a statistical function such as count or values(field)")
	}
	var by []FieldName
	if isKeyword(p.peek(), "by") {
		kw := p.next()
		by = p.fieldList(nil)
		if len(by) == 0 {
			return nil, nil, nil, p.errorf(kw, "BY needs at least one field")
		}
	}
	for !p.atEnd() {
		// Options may also follow the BY list (stats ... by x allnum=t).
		o, ok := p.option(known)
		if e := p.unknownOption(known); !ok && e != nil {
			return nil, nil, nil, e
		}
		if !ok {
			return nil, nil, nil, p.unexpected(p.peek(), "a field name", "end of command")
		}
		opts = append(opts, o)
	}
	return opts, aggs, by, nil
}

// statsString prints name, options, aggregations and BY fields.
func statsString(name string, opts []Option, aggs []Aggregation, by []FieldName) string {
	var b strings.Builder
	b.WriteString(name)
	if len(opts) > 0 {
		b.WriteString(" " + optionsString(opts))
	}
	b.WriteString(" " + aggregationsString(aggs))
	if len(by) > 0 {
		b.WriteString(" by " + fieldNamesString(by, " "))
	}
	return b.String()
}
