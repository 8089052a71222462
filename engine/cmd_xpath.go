package engine

import (
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// xpath writes into outfield (default xpath) the values an XPath
// expression selects in the XML of field (default _raw): an element's
// text, an attribute's value; several become a multivalue field. When
// nothing matches (or the field is not XML), default= is written if
// given, else outfield is left as it was. spelunk evaluates the XPath
// 1.0 location paths Splunk's examples use: absolute and relative steps,
// // (any depth), element names and *, @attr and @*, text(), . and ..,
// and predicates [n], [last()], [@attr], [@attr='v'] and [child='v'];
// anything else is an error at the command.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/xpath
func init() {
	registerStream("xpath", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.XpathCommand)
		steps, err := parseXPath(c.Path)
		if err != nil {
			return nil, errAt(c, "xpath %q: %v", c.Path, err)
		}
		return &mapStage{next: next, f: func(r *value.Fields) error {
			in, ok := r.Lookup(c.Field)
			var vals []string
			if ok && !in.IsNull() {
				if root, err := parseXMLTree(in.String()); err == nil {
					vals = evalXPath(root, steps)
				}
			}
			switch {
			case len(vals) > 0:
				r.Set(c.OutField, value.Strs(vals...))
			case c.HasDefault:
				r.Set(c.OutField, value.Str(c.Default))
			}
			return nil
		}}, nil
	})
}

// xpNode is an XML element (or the document, name ""), an attribute
// (attr set) or a text node (text set).
type xpNode struct {
	name     string
	attrs    []*xpNode
	children []*xpNode
	parent   *xpNode
	attr     bool
	isText   bool
	value    string
}

// text is an element's string value: its descendant text, joined.
func (n *xpNode) text() string {
	if n.attr || n.isText {
		return n.value
	}
	var b strings.Builder
	for _, c := range n.children {
		if c.isText || !c.attr {
			b.WriteString(c.text())
		}
	}
	return b.String()
}

func parseXMLTree(s string) (*xpNode, error) {
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = false
	doc := &xpNode{}
	cur := doc
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &xpNode{name: t.Name.Local, parent: cur}
			for _, a := range t.Attr {
				n.attrs = append(n.attrs, &xpNode{name: a.Name.Local, attr: true, value: a.Value, parent: n})
			}
			cur.children = append(cur.children, n)
			cur = n
		case xml.EndElement:
			if cur.parent != nil {
				cur = cur.parent
			}
		case xml.CharData:
			if strings.TrimSpace(string(t)) != "" {
				cur.children = append(cur.children, &xpNode{isText: true, value: string(t), parent: cur})
			}
		}
	}
	if len(doc.children) == 0 {
		return nil, errors.New("no element")
	}
	return doc, nil
}

// xstep is one location step.
type xstep struct {
	deep  bool   // after //
	axis  string // "child", "attr", "self", "parent", "text"
	name  string // "*" for any
	preds []xpred
}

type xpred struct {
	pos       int  // [n]; 0 when not a position
	last      bool // [last()]
	attr, sub string
	eq        *string
}

func parseXPath(p string) ([]xstep, error) {
	p = strings.TrimSpace(p)
	var steps []xstep
	deep := false
	if strings.HasPrefix(p, "//") {
		deep, p = true, p[2:]
	} else if strings.HasPrefix(p, "/") {
		p = p[1:]
	}
	for p != "" {
		end := stepEnd(p)
		s, err := parseStep(p[:end])
		if err != nil {
			return nil, err
		}
		s.deep = deep
		steps = append(steps, s)
		p = p[end:]
		deep = false
		sep := strings.HasPrefix(p, "/")
		if strings.HasPrefix(p, "//") {
			deep, p = true, p[2:]
		} else if sep {
			p = p[1:]
		}
		if sep && p == "" {
			return nil, errors.New("ends with /")
		}
	}
	if len(steps) == 0 {
		return nil, errors.New("no location step")
	}
	return steps, nil
}

// stepEnd finds the / that ends the first step, outside brackets and
// quotes.
func stepEnd(p string) int {
	depth := 0
	i := scanUnquoted(p, 0, func(c byte) bool {
		switch c {
		case '[':
			depth++
		case ']':
			depth--
		case '/':
			return depth == 0
		}
		return false
	})
	if i < 0 {
		return len(p)
	}
	return i
}

func parseStep(s string) (xstep, error) {
	head := s
	var preds []xpred
	if i := strings.IndexByte(s, '['); i >= 0 {
		head = s[:i]
		rest := s[i:]
		for rest != "" {
			if rest[0] != '[' {
				return xstep{}, errors.New("unsupported text " + strconv.Quote(rest))
			}
			j := stepEndBracket(rest)
			if j < 0 {
				return xstep{}, errors.New("unclosed [")
			}
			pr, err := parsePred(strings.TrimSpace(rest[1:j]))
			if err != nil {
				return xstep{}, err
			}
			preds = append(preds, pr)
			rest = rest[j+1:]
		}
	}
	head = strings.TrimSpace(head)
	st := xstep{preds: preds}
	switch {
	case head == ".":
		st.axis = "self"
	case head == "..":
		st.axis = "parent"
	case head == "text()":
		st.axis = "text"
	case strings.HasPrefix(head, "@"):
		st.axis, st.name = "attr", head[1:]
	default:
		st.axis, st.name = "child", head
	}
	if (st.axis == "child" || st.axis == "attr") && !validXName(st.name) {
		return xstep{}, errors.New("unsupported step " + strconv.Quote(s))
	}
	return st, nil
}

// stepEndBracket finds the ] that closes the predicate s opens, outside
// quotes, or -1.
func stepEndBracket(s string) int {
	return scanUnquoted(s, 1, func(c byte) bool { return c == ']' })
}

// scanUnquoted is the index of the first byte from from on, outside
// single or double quotes, that stop accepts, or -1. The quotes
// themselves are never offered to stop.
func scanUnquoted(s string, from int, stop func(c byte) bool) int {
	quote := byte(0)
	for i := from; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case stop(c):
			return i
		}
	}
	return -1
}

func validXName(n string) bool {
	if n == "*" {
		return true
	}
	if n == "" {
		return false
	}
	for _, c := range n {
		if !(c == '_' || c == '-' || c == '.' || c == ':' || (c >= '0' && c <= '9') || (c|0x20 >= 'a' && c|0x20 <= 'z') || c > 127) {
			return false
		}
	}
	return true
}

func parsePred(p string) (xpred, error) {
	if n, err := strconv.Atoi(p); err == nil && n >= 1 {
		return xpred{pos: n}, nil
	}
	if p == "last()" {
		return xpred{last: true}, nil
	}
	lhs, rhs, hasEq := strings.Cut(p, "=")
	lhs = strings.TrimSpace(lhs)
	var pr xpred
	if strings.HasPrefix(lhs, "@") {
		pr.attr = lhs[1:]
	} else {
		pr.sub = lhs
	}
	if !validXName(pr.attr+pr.sub) || pr.attr+pr.sub == "*" {
		return xpred{}, errors.New("unsupported predicate [" + p + "]")
	}
	if hasEq {
		rhs = strings.TrimSpace(rhs)
		if len(rhs) < 2 || (rhs[0] != '\'' && rhs[0] != '"') || rhs[len(rhs)-1] != rhs[0] {
			return xpred{}, errors.New("unsupported predicate [" + p + "]: compare with a quoted string")
		}
		v := rhs[1 : len(rhs)-1]
		pr.eq = &v
	}
	return pr, nil
}

func evalXPath(doc *xpNode, steps []xstep) []string {
	cur := []*xpNode{doc}
	for _, s := range steps {
		var next []*xpNode
		seen := map[*xpNode]bool{}
		for _, n := range cur {
			for _, m := range s.apply(n) {
				if !seen[m] {
					seen[m] = true
					next = append(next, m)
				}
			}
		}
		cur = next
	}
	out := make([]string, 0, len(cur))
	for _, n := range cur {
		out = append(out, n.text())
	}
	return out
}

// apply is the nodes a step selects from n, its predicates applied.
func (s xstep) apply(n *xpNode) []*xpNode {
	ctx := []*xpNode{n}
	if s.deep {
		ctx = descendantsOrSelf(n)
	}
	var out []*xpNode
	for _, c := range ctx {
		var cand []*xpNode
		switch s.axis {
		case "self":
			cand = []*xpNode{c}
		case "parent":
			if c.parent != nil {
				cand = []*xpNode{c.parent}
			}
		case "text":
			for _, k := range c.children {
				if k.isText {
					cand = append(cand, k)
				}
			}
		case "attr":
			for _, a := range c.attrs {
				if s.name == "*" || a.name == s.name {
					cand = append(cand, a)
				}
			}
		default:
			for _, k := range c.children {
				if !k.isText && (s.name == "*" || k.name == s.name) {
					cand = append(cand, k)
				}
			}
		}
		out = append(out, filterPreds(cand, s.preds)...)
	}
	return out
}

func filterPreds(nodes []*xpNode, preds []xpred) []*xpNode {
	for _, p := range preds {
		var kept []*xpNode
		for i, n := range nodes {
			if p.match(n, i, len(nodes)) {
				kept = append(kept, n)
			}
		}
		nodes = kept
	}
	return nodes
}

func (p xpred) match(n *xpNode, i, size int) bool {
	switch {
	case p.pos > 0:
		return i+1 == p.pos
	case p.last:
		return i+1 == size
	case p.attr != "":
		for _, a := range n.attrs {
			if a.name == p.attr && (p.eq == nil || a.value == *p.eq) {
				return true
			}
		}
		return false
	}
	for _, k := range n.children {
		if !k.isText && k.name == p.sub && (p.eq == nil || k.text() == *p.eq) {
			return true
		}
	}
	return false
}

func descendantsOrSelf(n *xpNode) []*xpNode {
	out := []*xpNode{n}
	for _, c := range n.children {
		if !c.isText {
			out = append(out, descendantsOrSelf(c)...)
		}
	}
	return out
}
