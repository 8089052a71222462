package spl

import (
	"strings"
)

// SearchExpr is a search-language predicate: the arguments of `search`, the
// where clause of tstats. Its rules differ from eval's (Search Manual,
// "Boolean expressions"): AND is implied between terms, the operators must
// be uppercase, and OR binds tighter than AND, so `a b OR c` means
// `a AND (b OR c)`. Values match case-insensitively with `*` wildcards.
type SearchExpr interface {
	Node
	searchExpr()
}

// SearchAnd holds terms that must all match (written with AND or nothing).
type SearchAnd struct {
	Loc
	Terms []SearchExpr
}

// SearchOr holds alternatives.
type SearchOr struct {
	Loc
	Terms []SearchExpr
}

// SearchNot negates the next term or parenthesised group.
type SearchNot struct {
	Loc
	X SearchExpr
}

// SearchCompare is field OP value with OP one of = != < <= > >=.
type SearchCompare struct {
	Loc
	Field string
	Op    string
	Value SearchValue
}

// SearchIn is `field IN (v1, v2, ...)`; values may hold wildcards.
type SearchIn struct {
	Loc
	Field  string
	Values []SearchValue
}

// SearchTerm is a bare term, matched against _raw.
type SearchTerm struct {
	Loc
	Value SearchValue
}

// SearchSubsearch is a subsearch written as a search term, as in
// `search NOT [| inputlookup assets | fields dest_mac]`: Splunk runs it
// first and puts the search its results format to in its place (Search
// Manual, "About subsearches").
type SearchSubsearch struct {
	Loc
	Sub *Subsearch
}

// SearchValue is a literal in a search: a word or a quoted phrase, possibly
// wrapped in TERM() or CASE().
type SearchValue struct {
	Text string // unescaped
	// Modifier is "" or "TERM" (match as one indexed term) or "CASE"
	// (match case-sensitively).
	Modifier string
}

func (SearchAnd) searchExpr()       {}
func (SearchOr) searchExpr()        {}
func (SearchNot) searchExpr()       {}
func (SearchCompare) searchExpr()   {}
func (SearchIn) searchExpr()        {}
func (SearchTerm) searchExpr()      {}
func (SearchSubsearch) searchExpr() {}

func (v SearchValue) String() string {
	if v.Modifier != "" {
		return v.Modifier + "(" + searchWord(v.Text) + ")"
	}
	return searchWord(v.Text)
}

// searchWord quotes a value when it would not lex back as one word or would
// read as an operator keyword.
func searchWord(s string) string {
	switch s {
	case "AND", "OR", "NOT", "IN", "TERM", "CASE":
		return QuoteString(s)
	}
	// "by" in any case ends the where clause of tstats.
	if strings.EqualFold(s, "by") {
		return QuoteString(s)
	}
	return word(s)
}

func (e *SearchAnd) String() string {
	parts := make([]string, len(e.Terms))
	for i, t := range e.Terms {
		parts[i] = searchChild(t)
	}
	return strings.Join(parts, " ")
}

func (e *SearchOr) String() string {
	parts := make([]string, len(e.Terms))
	for i, t := range e.Terms {
		parts[i] = searchChild(t)
	}
	return strings.Join(parts, " OR ")
}

func (e *SearchNot) String() string { return "NOT " + searchChild(e.X) }

func (e *SearchCompare) String() string {
	f := searchWord(e.Field)
	if IsPrefixDirective(e.Field) {
		f = e.Field
	}
	if strings.HasSuffix(f, "!") {
		// "a!" followed by "=" would lex as "a" and "!=".
		f = QuoteString(e.Field)
	}
	return f + e.Op + e.Value.String()
}

func (e *SearchIn) String() string {
	vals := make([]string, len(e.Values))
	for i, v := range e.Values {
		vals[i] = v.String()
	}
	return searchWord(e.Field) + " IN (" + strings.Join(vals, ", ") + ")"
}

func (e *SearchTerm) String() string { return e.Value.String() }

func (e *SearchSubsearch) String() string { return e.Sub.String() }

// TimeModifiers are the search-time modifiers that set a search's time
// range instead of matching a field (Search Reference, search: "Time
// modifiers"; docs/SEMANTICS.md §2), keyed in lower case.
var TimeModifiers = map[string]bool{
	"earliest": true, "latest": true, "_index_earliest": true, "_index_latest": true,
	"starttime": true, "endtime": true, "starttimeu": true, "endtimeu": true, "timeformat": true,
	"daysago": true, "hoursago": true, "minutesago": true, "monthsago": true,
	"startdaysago": true, "starthoursago": true, "startminutesago": true, "startmonthsago": true,
	"enddaysago": true, "endhoursago": true, "endminutesago": true, "endmonthsago": true,
	"searchtimespandays": true, "searchtimespanhours": true, "searchtimespanminutes": true, "searchtimespanmonths": true,
}

// IsTimeModifier reports whether the comparison is a time modifier such
// as earliest=-7d@d or starthoursago=168 rather than a field test.
func (e *SearchCompare) IsTimeModifier() bool { return TimeModifiers[strings.ToLower(e.Field)] }

// searchChild parenthesises nested groups: an OR inside an AND for
// readability (OR binds tighter anyway), any group inside OR or NOT.
func searchChild(e SearchExpr) string {
	switch e.(type) {
	case *SearchAnd:
		return "(" + e.String() + ")"
	case *SearchOr:
		return "(" + e.String() + ")"
	}
	return e.String()
}

// searchParser parses search terms over a command's tokens.
type searchParser struct {
	p    *cmdParser
	stop func(token) bool // ends the expression at top level (tstats "by")
	// prefixOK reads PREFIX(<term>) as a field name (tstats WHERE).
	prefixOK bool
}

// parseSearchExpr parses terms until the end of the command or until stop
// matches a token at the top level. It returns nil when there are no terms.
func (p *cmdParser) parseSearchExpr(stop func(token) bool) (SearchExpr, error) {
	sp := &searchParser{p: p, stop: stop}
	if sp.done(0) {
		return nil, nil
	}
	return sp.and(0)
}

func (sp *searchParser) done(depth int) bool {
	t := sp.p.peek()
	if t.kind == tEOF {
		return true
	}
	if depth == 0 && sp.stop != nil && sp.stop(t) {
		return true
	}
	return depth > 0 && t.kind == tRParen
}

func (sp *searchParser) and(depth int) (SearchExpr, error) {
	start := sp.p.peek().pos
	var terms []SearchExpr
	for !sp.done(depth) {
		if t := sp.p.peek(); t.kind == tComma && len(terms) > 0 && sp.p.peekAt(1).pos > t.end {
			// "a=1, b=2": a comma and a space between terms read as
			// the space alone, an implied AND [choice: the Search
			// Reference does not document commas between terms;
			// real searches write them]. A comma touching the next
			// term ("a=1,2") stays an error.
			sp.p.next()
			if sp.done(depth) {
				return nil, sp.p.errorf(t, "\",\" needs a term after it")
			}
			continue
		}
		if t := sp.p.peek(); t.kind == tWord && t.text == "AND" {
			if len(terms) == 0 {
				return nil, sp.p.errorf(t, "AND needs a term on its left")
			}
			sp.p.next()
			if sp.done(depth) {
				return nil, sp.p.errorf(t, "AND needs a term on its right")
			}
		}
		x, err := sp.or(depth)
		if err != nil {
			return nil, err
		}
		if a, ok := x.(*SearchAnd); ok {
			terms = append(terms, a.Terms...)
		} else {
			terms = append(terms, x)
		}
	}
	if len(terms) == 1 {
		return terms[0], nil
	}
	return &SearchAnd{Loc: Loc{Start: start, End: terms[len(terms)-1].Span().End}, Terms: terms}, nil
}

func (sp *searchParser) or(depth int) (SearchExpr, error) {
	x, err := sp.not(depth)
	if err != nil {
		return nil, err
	}
	terms := []SearchExpr{x}
	for {
		t := sp.p.peek()
		if !(t.kind == tWord && t.text == "OR") {
			break
		}
		sp.p.next()
		if sp.done(depth) {
			return nil, sp.p.errorf(t, "OR needs a term on its right")
		}
		y, err := sp.not(depth)
		if err != nil {
			return nil, err
		}
		if o, ok := y.(*SearchOr); ok {
			terms = append(terms, o.Terms...)
		} else {
			terms = append(terms, y)
		}
	}
	if len(terms) == 1 {
		return x, nil
	}
	if o, ok := x.(*SearchOr); ok {
		terms = append(o.Terms, terms[1:]...)
	}
	return &SearchOr{Loc: Loc{Start: x.Span().Start, End: terms[len(terms)-1].Span().End}, Terms: terms}, nil
}

func (sp *searchParser) not(depth int) (SearchExpr, error) {
	t := sp.p.peek()
	if t.kind == tWord && t.text == "NOT" {
		sp.p.next()
		if sp.done(depth) {
			return nil, sp.p.errorf(t, "NOT needs a term after it")
		}
		x, err := sp.not(depth)
		if err != nil {
			return nil, err
		}
		return &SearchNot{Loc: Loc{Start: t.pos, End: x.Span().End}, X: x}, nil
	}
	return sp.primary(depth)
}

func (sp *searchParser) primary(depth int) (SearchExpr, error) {
	p := sp.p
	t := p.peek()
	switch t.kind {
	case tLParen:
		p.next()
		if p.peek().kind == tRParen {
			return nil, p.errorf(p.peek(), "empty parentheses")
		}
		x, err := sp.and(depth + 1)
		if err != nil {
			return nil, err
		}
		closer := p.next()
		if closer.kind != tRParen {
			return nil, p.unexpected(closer, `")"`)
		}
		return widen(x, t.pos, closer.end), nil
	case tWord, tString:
	case tSubsearch:
		p.next()
		sub, err := p.subsearch(t)
		if err != nil {
			return nil, err
		}
		return &SearchSubsearch{Loc: sub.Loc, Sub: sub}, nil
	default:
		return nil, p.unexpected(t, "a search term", "field=value", `"("`)
	}
	if sp.prefixOK {
		if f, ok := p.prefixDirective(); ok {
			op := p.peek()
			if op.kind != tOp || op.text == "==" {
				return nil, p.unexpected(op, `"=" and a value after `+f.Name)
			}
			p.next()
			v, err := sp.value(op)
			if err != nil {
				return nil, err
			}
			return &SearchCompare{Loc: Loc{Start: f.Start, End: p.toks[p.i-1].end}, Field: f.Name, Op: op.text, Value: v}, nil
		}
	}
	// TERM(x) or CASE(x) as a bare term.
	if v, ok, err := sp.modifiedValue(); err != nil {
		return nil, err
	} else if ok {
		return &SearchTerm{Loc: Loc{Start: t.pos, End: p.toks[p.i-1].end}, Value: v}, nil
	}
	p.next()
	next := p.peek()
	switch {
	case next.kind == tOp:
		p.next()
		if next.text == "==" {
			return nil, p.errorf(next, `"==" is not a search operator`).withHint(`use "=" in search, or "==" inside where/eval`)
		}
		v, err := sp.value(next)
		if err != nil {
			return nil, err
		}
		return &SearchCompare{Loc: Loc{Start: t.pos, End: p.toks[p.i-1].end}, Field: t.val, Op: next.text, Value: v}, nil
	case next.kind == tWord && next.text == "IN" && p.peekAt(1).kind == tLParen:
		p.next()
		p.next()
		var vals []SearchValue
		for {
			c := p.peek()
			if c.kind == tComma {
				p.next()
				continue
			}
			if c.kind == tRParen {
				p.next()
				break
			}
			if c.kind != tWord && c.kind != tString {
				return nil, p.unexpected(c, "a value", `")"`)
			}
			v, err := sp.value(c)
			if err != nil {
				return nil, err
			}
			vals = append(vals, v)
		}
		if len(vals) == 0 {
			return nil, p.errorf(next, "IN needs at least one value")
		}
		return &SearchIn{Loc: Loc{Start: t.pos, End: p.toks[p.i-1].end}, Field: t.val, Values: vals}, nil
	}
	if t.kind == tWord && (t.text == "OR" || t.text == "AND") {
		return nil, p.errorf(t, "%s needs a term on its left", t.text)
	}
	text, end := p.glue(t)
	return &SearchTerm{Loc: Loc{Start: t.pos, End: end}, Value: SearchValue{Text: text}}, nil
}

// value reads the value after an operator: a word, a string, or
// TERM(...)/CASE(...).
func (sp *searchParser) value(after token) (SearchValue, error) {
	p := sp.p
	if v, ok, err := sp.modifiedValue(); err != nil || ok {
		return v, err
	}
	t := p.peek()
	if t.kind != tWord && t.kind != tString {
		return SearchValue{}, p.errorf(after, "expected a value after %q, found %s", after.text, t.describe())
	}
	p.next()
	text, _ := p.glue(t)
	return SearchValue{Text: text}, nil
}

// modifiedValue parses TERM(x) or CASE(x) if it is next.
func (sp *searchParser) modifiedValue() (SearchValue, bool, error) {
	p := sp.p
	t := p.peek()
	if t.kind != tWord || (t.text != "TERM" && t.text != "CASE") || p.peekAt(1).kind != tLParen {
		return SearchValue{}, false, nil
	}
	inner, closer := p.peekAt(2), p.peekAt(3)
	if (inner.kind == tWord || inner.kind == tString) && closer.kind == tRParen {
		p.i += 4
		return SearchValue{Text: inner.val, Modifier: t.text}, true, nil
	}
	// TERM(EventCode=4624), TERM(-enc): the lexer cut a term with no
	// space in it at = or a sign; it is the text up to ")", unbroken.
	open := p.peekAt(1)
	end, j := open.end, p.i+2
	for ; p.toks[j].kind != tRParen; j++ {
		tk := p.toks[j]
		if tk.kind == tEOF || tk.kind == tLParen || tk.kind == tString || tk.pos != end {
			return SearchValue{}, false, p.errorf(t, "%s() takes one word or quoted string", t.text)
		}
		end = tk.end
	}
	if end == open.end || p.toks[j].pos != end {
		return SearchValue{}, false, p.errorf(t, "%s() takes one word or quoted string", t.text)
	}
	text := p.raw(open.end, end)
	p.i = j + 1
	return SearchValue{Text: text, Modifier: t.text}, true, nil
}

// widen stretches a node's span over the parentheses around it.
func widen(x SearchExpr, start, end int) SearchExpr {
	switch n := x.(type) {
	case *SearchAnd:
		n.Loc = Loc{Start: start, End: end}
	case *SearchOr:
		n.Loc = Loc{Start: start, End: end}
	}
	return x
}

// withHint adds a suggestion to an error.
func (e *Error) withHint(h string) *Error {
	e.Hint = h
	return e
}
