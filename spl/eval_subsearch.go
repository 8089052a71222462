package spl

import "strings"

// SubsearchExpr is a subsearch written as an operand of an eval or where
// expression: `eval n=[search ... | return $count]`. Splunk runs the
// subsearch first and reads the text it returns in its place (Search
// Manual, "About subsearches"; Search Reference, return: "$<field>"
// returns the value alone).
type SubsearchExpr struct {
	Loc
	Sub *Subsearch
}

func (SubsearchExpr) exprNode() {}

func (e *SubsearchExpr) String() string { return e.Sub.String() }

// maskSubsearches replaces each [ ... ] of an expression's text (outside
// strings and quoted field names) by underscores of the same length, which
// the expression lexer reads as one field name at the same offsets. It
// returns the masked text and the subsearches by absolute offset; text
// starts at offset base of the whole search.
func maskSubsearches(text string, base int) (string, map[int]*Subsearch, error) {
	if strings.IndexByte(text, '[') < 0 {
		return text, nil, nil
	}
	// The subsearch parser reads raw text by absolute offset.
	all := strings.Repeat(" ", base) + text
	b := []byte(text)
	subs := map[int]*Subsearch{}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '"', '\'':
			end, ok := scanQuotedBy(text, i, text[i])
			if !ok {
				return text, nil, nil // the expression parser reports it
			}
			i = end - 1
		case '[':
			end, err := scanBracket(text, i, base)
			if err != nil {
				return "", nil, err
			}
			inner, errs := parsePipelineIn(all, text[i+1:end-1], base+i+1, true)
			if len(errs) > 0 {
				return "", nil, errs
			}
			subs[base+i] = &Subsearch{Loc: Loc{Start: base + i, End: base + end}, Pipeline: inner}
			for j := i; j < end; j++ {
				b[j] = '_'
			}
			i = end - 1
		}
	}
	return string(b), subs, nil
}

// scanQuotedBy is scanQuoted for strings opened by q.
func scanQuotedBy(src string, i int, q byte) (int, bool) {
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case q:
			return j + 1, true
		}
	}
	return len(src), false
}

// unmask puts the subsearches back where maskSubsearches left field
// names, deleting them from subs.
func unmask(e Expr, subs map[int]*Subsearch) Expr {
	if len(subs) == 0 {
		return e
	}
	var walk func(Expr) Expr
	walk = func(x Expr) Expr {
		switch n := x.(type) {
		case *FieldRef:
			if s, ok := subs[n.Start]; ok && n.End == s.End {
				delete(subs, n.Start)
				return &SubsearchExpr{Loc: s.Loc, Sub: s}
			}
		case *UnaryExpr:
			n.X = walk(n.X)
		case *BinaryExpr:
			n.L, n.R = walk(n.L), walk(n.R)
		case *InExpr:
			n.X = walk(n.X)
			for i := range n.List {
				n.List[i] = walk(n.List[i])
			}
		case *CallExpr:
			for i := range n.Args {
				n.Args[i] = walk(n.Args[i])
			}
		}
		return x
	}
	return walk(e)
}

// masksLeft fails when a subsearch was not put back: its masked name was
// glued to other text ("a[...]"), or stood where no operand goes.
func masksLeft(subs map[int]*Subsearch, cmd string) error {
	first := -1
	for at := range subs {
		if first < 0 || at < first {
			first = at
		}
	}
	if first < 0 {
		return nil
	}
	s := subs[first]
	return &Error{Pos: s.Start, End: s.End, Msg: cmd + ": a subsearch in an expression must stand alone as an operand"}
}
