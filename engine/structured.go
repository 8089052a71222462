package engine

import (
	"encoding/xml"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spelunk-dev/spelunk/ingest"
)

// Structured data for spath, spath(), fromjson and the JSON functions.
// JSON is parsed into nodes that keep their text as written, so an object
// or array extracted by a path comes back exactly as it stood in the event
// (key order and number spelling included), as Splunk returns it.
//
// The JSON reader of package ingest flattens records without building a
// tree (ingest.FlattenJSON, which spath's auto-extraction calls); paths
// and the json_* functions need one, so this parser stays, but it reads
// strings and numbers with the reader's rules (ingest.JSONString,
// ingest.JSONNumber), so both accept and decode the same text.
//
// XML has two readers too, on purpose: ingest's XmlWinEventLog reader
// mimics the Windows add-on's regex extractions (Data Name='X' gives X,
// entities kept as written), while spath walks the element tree
// (Event.EventData.Data{@Name}, entities decoded), as Splunk's spath does.

type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNum
	jStr
	jArr
	jObj
)

type jnode struct {
	kind  jkind
	raw   string // the node's text as written
	str   string // jStr: the decoded string
	keys  []string
	vals  []*jnode // jObj values, in order (parallel to keys)
	items []*jnode // jArr elements
}

// text is the value as spath outputs it: strings decoded, everything else
// as written.
func (n *jnode) text() string {
	if n.kind == jStr {
		return n.str
	}
	return n.raw
}

func (n *jnode) get(key string) *jnode {
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

type jparser struct {
	s string
	i int
}

var errBadJSON = errors.New("not well-formed JSON")

// parseJSON parses one JSON value; trailing text other than space is an
// error ("JSON must be well-formed", Search Reference, spath).
func parseJSON(s string) (*jnode, error) {
	p := &jparser{s: s}
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.s) {
		return nil, errBadJSON
	}
	return n, nil
}

func (p *jparser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *jparser) value(depth int) (*jnode, error) {
	if depth > 512 {
		return nil, errBadJSON
	}
	p.space()
	if p.i >= len(p.s) {
		return nil, errBadJSON
	}
	start := p.i
	switch c := p.s[p.i]; {
	case c == '{':
		n := &jnode{kind: jObj}
		err := p.members('}', func() error {
			k, err := p.value(depth + 1)
			if err != nil || k.kind != jStr {
				return errBadJSON
			}
			p.space()
			if p.i >= len(p.s) || p.s[p.i] != ':' {
				return errBadJSON
			}
			p.i++
			v, err := p.value(depth + 1)
			if err != nil {
				return err
			}
			n.keys, n.vals = append(n.keys, k.str), append(n.vals, v)
			return nil
		})
		if err != nil {
			return nil, err
		}
		n.raw = p.s[start:p.i]
		return n, nil
	case c == '[':
		n := &jnode{kind: jArr}
		err := p.members(']', func() error {
			v, err := p.value(depth + 1)
			n.items = append(n.items, v)
			return err
		})
		if err != nil {
			return nil, err
		}
		n.raw = p.s[start:p.i]
		return n, nil
	case c == '"':
		str, end, ok := ingest.JSONString(p.s, p.i)
		if !ok {
			return nil, errBadJSON
		}
		raw := p.s[p.i:end]
		p.i = end
		return &jnode{kind: jStr, raw: raw, str: str}, nil
	case strings.HasPrefix(p.s[p.i:], "true"):
		p.i += 4
		return &jnode{kind: jBool, raw: "true"}, nil
	case strings.HasPrefix(p.s[p.i:], "false"):
		p.i += 5
		return &jnode{kind: jBool, raw: "false"}, nil
	case strings.HasPrefix(p.s[p.i:], "null"):
		p.i += 4
		return &jnode{kind: jNull, raw: "null"}, nil
	default:
		end, ok := ingest.JSONNumber(p.s, p.i)
		if !ok {
			return nil, errBadJSON
		}
		raw := p.s[p.i:end]
		p.i = end
		return &jnode{kind: jNum, raw: raw}, nil
	}
}

// members reads the comma-separated members of an object or array whose
// opening bracket is at p.i, through its closing bracket.
func (p *jparser) members(closing byte, member func() error) error {
	p.i++
	p.space()
	if p.i < len(p.s) && p.s[p.i] == closing {
		p.i++
		return nil
	}
	for {
		p.space()
		if err := member(); err != nil {
			return err
		}
		p.space()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.s) && p.s[p.i] == closing {
			p.i++
			return nil
		}
		return errBadJSON
	}
}

// pathStep is one step of an spath location path: a name and its
// {index} selectors ({} for every element, {N} for one, {@attr} for an
// XML attribute).
type pathStep struct {
	name string
	sels []string
}

func parsePath(path string) []pathStep {
	var steps []pathStep
	for _, part := range splitPath(path) {
		st := pathStep{}
		for {
			i := strings.IndexByte(part, '{')
			if i < 0 {
				st.name += part
				break
			}
			j := strings.IndexByte(part[i:], '}')
			if j < 0 {
				st.name += part
				break
			}
			st.name += part[:i]
			st.sels = append(st.sels, part[i+1:i+j])
			part = part[i+j+1:]
		}
		steps = append(steps, st)
	}
	return steps
}

// splitPath cuts a path at dots outside {...}.
func splitPath(path string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(path); i++ {
		switch path[i] {
		case '{':
			depth++
		case '}':
			depth--
		case '.':
			if depth == 0 {
				out = append(out, path[start:i])
				start = i + 1
			}
		}
	}
	return append(out, path[start:])
}

// jsonPath returns the nodes a path selects. Array indexes are 0-based.
func jsonPath(root *jnode, path string) []*jnode {
	cur := []*jnode{root}
	for _, st := range parsePath(path) {
		var next []*jnode
		for _, n := range cur {
			if st.name != "" {
				if n.kind != jObj {
					continue
				}
				n = n.get(st.name)
				if n == nil {
					continue
				}
			}
			sel := []*jnode{n}
			for _, s := range st.sels {
				var out []*jnode
				for _, x := range sel {
					if x.kind != jArr {
						continue
					}
					if s == "" {
						out = append(out, x.items...)
						continue
					}
					if k, err := strconv.Atoi(s); err == nil {
						if k < 0 {
							k += len(x.items)
						}
						if k >= 0 && k < len(x.items) {
							out = append(out, x.items[k])
						}
					}
				}
				sel = out
			}
			next = append(next, sel...)
		}
		cur = next
	}
	return cur
}

// xnode is a parsed XML element.
type xnode struct {
	name     string
	attrs    []xml.Attr
	children []*xnode
	text     string
}

func parseXML(s string) (*xnode, error) {
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = false
	var stack []*xnode
	var root *xnode
	for {
		tok, err := d.Token()
		if err != nil {
			if root != nil && len(stack) == 0 {
				return root, nil
			}
			return nil, errors.New("not well-formed XML")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &xnode{name: t.Name.Local, attrs: t.Attr}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			if len(stack) == 0 && root != nil {
				return root, nil
			}
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(t)
			}
		}
	}
}

// xmlPath returns the values a path selects in an XML document: element
// text, or an attribute with {@name}. The first step names the root
// element; {N} picks the Nth (1-based) of same-named siblings.
func xmlPath(root *xnode, path string) []string {
	steps := parsePath(path)
	if len(steps) == 0 {
		return nil
	}
	cur := []*xnode{}
	if steps[0].name == root.name || steps[0].name == "" {
		cur = append(cur, root)
	}
	var attr string
	apply := func(nodes []*xnode, sels []string) []*xnode {
		for _, s := range sels {
			switch {
			case strings.HasPrefix(s, "@"):
				attr = s[1:]
			case s == "":
			default:
				if k, err := strconv.Atoi(s); err == nil && k >= 1 && k <= len(nodes) {
					nodes = []*xnode{nodes[k-1]}
				} else {
					nodes = nil
				}
			}
		}
		return nodes
	}
	cur = apply(cur, steps[0].sels)
	for _, st := range steps[1:] {
		var next []*xnode
		for _, n := range cur {
			var same []*xnode
			for _, c := range n.children {
				if c.name == st.name {
					same = append(same, c)
				}
			}
			next = append(next, apply(same, st.sels)...)
		}
		cur = next
	}
	var out []string
	for _, n := range cur {
		if attr != "" {
			for _, a := range n.attrs {
				if a.Name.Local == attr {
					out = append(out, a.Value)
				}
			}
			continue
		}
		out = append(out, xmlText(n))
	}
	return out
}

// xmlText is an element's text, or its inner markup rebuilt when it has
// children.
func xmlText(n *xnode) string {
	if len(n.children) == 0 {
		return strings.TrimSpace(n.text)
	}
	var b strings.Builder
	for _, c := range n.children {
		writeXML(&b, c)
	}
	return b.String()
}

func writeXML(b *strings.Builder, n *xnode) {
	b.WriteString("<" + n.name)
	for _, a := range n.attrs {
		b.WriteString(" " + a.Name.Local + "=\"")
		xml.EscapeText(b, []byte(a.Value))
		b.WriteString("\"")
	}
	b.WriteString(">")
	if len(n.children) == 0 {
		xml.EscapeText(b, []byte(strings.TrimSpace(n.text)))
	}
	for _, c := range n.children {
		writeXML(b, c)
	}
	b.WriteString("</" + n.name + ">")
}

// xmlFlatten lists leaves and attributes with spath names: root.a.b for
// element text, root.a{@x} for attributes.
func xmlFlatten(n *xnode, prefix string, emit func(name, val string)) {
	name := n.name
	if prefix != "" {
		name = prefix + "." + n.name
	}
	for _, a := range n.attrs {
		emit(name+"{@"+a.Name.Local+"}", a.Value)
	}
	if len(n.children) == 0 {
		if t := strings.TrimSpace(n.text); t != "" {
			emit(name, t)
		}
		return
	}
	for _, c := range n.children {
		xmlFlatten(c, name, emit)
	}
}

// truncateRunes cuts s to at most n characters (spath's auto-extraction
// reads only the first 5000).
func truncateRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i, count := 0, 0
	for i < len(s) && count < n {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
		count++
	}
	return s[:i]
}
