package spl

import (
	"fmt"
	"strings"
)

// Parse parses a whole search (already macro-expanded). On failure the
// error is an ErrorList holding one error per bad command, in text order.
func Parse(src string) (*Pipeline, error) {
	text, cerr := blankComments(src)
	if cerr != nil {
		return nil, ErrorList{cerr}
	}
	p, errs := parsePipeline(text, text, 0)
	if len(errs) > 0 {
		return nil, errs
	}
	return p, nil
}

// parsePipeline parses text, which sits at offset base of the whole search
// all (the same string for a top-level search; the inside of [...] for a
// subsearch).
func parsePipeline(all, text string, base int) (*Pipeline, ErrorList) {
	return parsePipelineIn(all, text, base, false)
}

// parsePipelineIn is parsePipeline; sub is true inside [...], where a
// search may start with a generating command without the leading "|":
// security_content writes `join ... [ summary model]` and
// `append [ mstats ...]`, which Splunk runs as those commands. At the top
// level the first word is always a search term, as in Splunk's search bar
// [choice: the Search Reference shows subsearches with "|" but the corpus
// relies on the pipe-less form; a top-level "tstats count" stays a search
// for the terms "tstats" and "count"].
func parsePipelineIn(all, text string, base int, sub bool) (*Pipeline, ErrorList) {
	segs, err := splitPipeline(text, base)
	if err != nil {
		return nil, ErrorList{err}
	}
	pl := &Pipeline{Loc: Loc{Start: base, End: base + len(text)}}
	var errs ErrorList
	leadingPipe := false
	if len(segs) > 1 && strings.TrimSpace(segs[0].text) == "" {
		leadingPipe = true
		segs = segs[1:]
	}
	for i, seg := range segs {
		first := i == 0
		implicit := first && !leadingPipe && !(sub && startsWithGenerating(seg.text))
		cmd, err := parseCommand(all, seg, first, implicit)
		if err != nil {
			errs = append(errs, err...)
			continue
		}
		pl.Commands = append(pl.Commands, cmd)
	}
	if len(pl.Commands) == 0 && len(errs) == 0 {
		errs = append(errs, &Error{Pos: base, End: base + len(text), Msg: "empty search", Hint: `a search needs at least one command, e.g. "index=main" or "| makeresults"`})
	}
	return pl, errs
}

// startsWithGenerating reports whether text begins with the name of a
// generating command.
func startsWithGenerating(text string) bool {
	text = strings.TrimLeft(text, " \t\r\n\f\v")
	n := 0
	for n < len(text) && !wordStop(text[n]) {
		n++
	}
	spec := lookupCommand(text[:n])
	return spec != nil && spec.Generating
}

// parseCommand parses one segment. implicit is true for the first segment
// of a search written without a leading pipe: Splunk runs it as "search".
func parseCommand(all string, seg segment, first, implicit bool) (Command, ErrorList) {
	toks, lerr := lexArgs(seg.text, seg.pos)
	if lerr != nil {
		return nil, ErrorList{lerr}
	}
	if toks[0].kind == tEOF {
		// Point at the "|" that should have been followed by a command:
		// the next one when there is one, else the one before.
		at := seg.pos
		switch {
		case seg.end < len(all) && all[seg.end] == '|':
			at = seg.end
		case seg.pipe >= 0:
			at = seg.pipe
		}
		return nil, ErrorList{{Pos: at, End: at + 1, Msg: "empty command after \"|\"", Hint: "remove the extra \"|\" or add a command after it"}}
	}
	p := &cmdParser{all: all, seg: seg, toks: toks, first: first}
	var spec *CommandSpec
	if implicit && !(toks[0].kind == tWord && strings.EqualFold(toks[0].text, "search")) {
		spec = lookupCommand("search")
		p.name = token{kind: tWord, text: "search", pos: seg.pos, end: seg.pos}
	} else {
		nameTok := toks[0]
		if nameTok.kind != tWord {
			return nil, ErrorList{{Pos: nameTok.pos, End: nameTok.end, Msg: fmt.Sprintf("expected a command name, found %s", nameTok.describe())}}
		}
		spec = lookupCommand(nameTok.text)
		if spec == nil {
			return nil, ErrorList{unknownCommand(nameTok)}
		}
		if spec.Generating && !first && !spec.Appends {
			return nil, ErrorList{{Pos: nameTok.pos, End: nameTok.end, Msg: fmt.Sprintf("%s is a generating command and must be the first command of a search", spec.Name),
				Hint: fmt.Sprintf("start the search with \"| %s ...\"", spec.Name)}}
		}
		p.name = nameTok
		p.i = 1
	}
	cmd, err := spec.Parse(p)
	if err != nil {
		if list := AsErrors(err); list != nil {
			return nil, list
		}
		return nil, ErrorList{{Pos: p.name.pos, End: p.name.end, Msg: spec.Name + ": " + err.Error()}}
	}
	return cmd, nil
}

// cmdParser walks the tokens of one command. Command parsers (cmd_*.go)
// use its helpers so errors look alike everywhere.
type cmdParser struct {
	all  string // the whole search text
	seg  segment
	name token // the command name as written
	toks []token
	i    int
	// first is true for the first command of a (sub)search: commands
	// that generate only in some forms (inputlookup append=t) check it.
	first bool
}

func (p *cmdParser) peek() token { return p.toks[p.i] }

func (p *cmdParser) peekAt(n int) token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}

func (p *cmdParser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *cmdParser) atEnd() bool { return p.toks[p.i].kind == tEOF }

// loc spans from the command name to the end of the command text.
func (p *cmdParser) loc() Loc {
	end := p.seg.pos + len(strings.TrimRight(p.seg.text, " \t\r\n"))
	return Loc{Start: p.name.pos, End: end}
}

// errorf makes an error at token t, prefixed with the command name.
func (p *cmdParser) errorf(t token, format string, args ...any) *Error {
	return &Error{Pos: t.pos, End: max(t.end, t.pos+1), Msg: p.cmdName() + ": " + fmt.Sprintf(format, args...)}
}

// unexpected reports that t is not one of the things expected here.
func (p *cmdParser) unexpected(t token, expected ...string) *Error {
	e := p.errorf(t, "unexpected %s", t.describe())
	e.Expected = expected
	return e
}

func (p *cmdParser) cmdName() string {
	if p.name.text == "" {
		return "search"
	}
	return strings.ToLower(p.name.text)
}

// isKeyword reports whether t is the bare word kw, ignoring case.
func isKeyword(t token, kw string) bool {
	return t.kind == tWord && strings.EqualFold(t.text, kw)
}

// raw returns the source text between two offsets of the whole search.
func (p *cmdParser) raw(from, to int) string { return p.all[from:to] }

// restEnd is the offset where the command's text ends.
func (p *cmdParser) restEnd() int { return p.seg.end }

// option parses key=value at the current position if the next tokens are
// a word, "=" and a value, and the key is in known (nil accepts any key).
func (p *cmdParser) option(known map[string]bool) (Option, bool) {
	k, eq, v := p.peek(), p.peekAt(1), p.peekAt(2)
	if k.kind != tWord || eq.kind != tOp || eq.text != "=" || (v.kind != tWord && v.kind != tString) {
		return Option{}, false
	}
	if known != nil && !known[strings.ToLower(k.text)] {
		return Option{}, false
	}
	p.i += 3
	p.skipOptionComma()
	return Option{Loc: Loc{Start: k.pos, End: v.end}, Key: strings.ToLower(k.text), Value: v.val}, true
}

// fieldList parses field names separated by spaces and/or commas until a
// token that is not a word or string, or until stop says so.
func (p *cmdParser) fieldList(stop func(token) bool) []FieldName {
	var out []FieldName
	for {
		t := p.peek()
		if t.kind == tComma {
			p.next()
			continue
		}
		if (t.kind != tWord && t.kind != tString) || (stop != nil && stop(t)) {
			return out
		}
		// A word followed by "=" is an option, not a field.
		if n := p.peekAt(1); n.kind == tOp && n.text == "=" {
			return out
		}
		p.next()
		name, end := p.glue(t)
		out = append(out, FieldName{Loc: Loc{Start: t.pos, End: end}, Name: name})
	}
}

// glue extends the word or string t, just consumed, over a parenthesised
// group written against it and whatever touches that group, with no space
// anywhere: `predicted(unusual_cmdline_logits)` is one field name (MLTK's
// output fields are named so) and `*GetCurrent()*` one search value. A
// parenthesis after a space still opens a group [choice: the Search
// Reference does not say how an unquoted term with parentheses reads;
// security_content's production searches rely on this reading]. It
// returns the text, with quoted parts unescaped, and the offset where it
// ends.
func (p *cmdParser) glue(t token) (string, int) {
	text, end := t.val, t.end
	for {
		open := p.peek()
		if open.kind != tLParen || open.pos != end {
			return text, end
		}
		closeIdx, ok := p.touchingGroup(p.i)
		if !ok {
			return text, end
		}
		var b strings.Builder
		b.WriteString(text)
		for _, g := range p.toks[p.i : closeIdx+1] {
			b.WriteString(g.val)
		}
		p.i = closeIdx + 1
		end = p.toks[closeIdx].end
		// Words or strings written right after the group belong to it.
		for n := p.peek(); (n.kind == tWord || n.kind == tString) && n.pos == end; n = p.peek() {
			b.WriteString(n.val)
			end = n.end
			p.next()
		}
		text = b.String()
	}
}

// touchingGroup finds the ")" closing the "(" at index open when every
// token of the group touches the one before it and is a word, a string,
// a comma or a parenthesis.
func (p *cmdParser) touchingGroup(open int) (int, bool) {
	depth := 0
	for j := open; j < len(p.toks); j++ {
		t := p.toks[j]
		if j > open && t.pos != p.toks[j-1].end {
			return 0, false
		}
		switch t.kind {
		case tLParen:
			depth++
		case tRParen:
			depth--
			if depth == 0 {
				return j, true
			}
		case tWord, tString, tComma:
		default:
			return 0, false
		}
	}
	return 0, false
}

// subsearch parses a [ ... ] token as a pipeline.
func (p *cmdParser) subsearch(t token) (*Subsearch, error) {
	inner, errs := parsePipelineIn(p.all, t.val, t.pos+1, true)
	if len(errs) > 0 {
		return nil, errs
	}
	return &Subsearch{Loc: Loc{Start: t.pos, End: t.end}, Pipeline: inner}, nil
}

// expectEnd fails if tokens remain.
func (p *cmdParser) expectEnd(expected ...string) error {
	if !p.atEnd() {
		return p.unexpected(p.peek(), expected...)
	}
	return nil
}

// skipOptionComma consumes a comma written after a key=value option when
// more arguments follow: `dedup a keepempty=t, consecutive=t` and `bin
// span=1h, _time` list options with commas as they list fields [choice:
// the Search Reference shows options separated by spaces; real searches
// write commas, which separate nothing else there].
func (p *cmdParser) skipOptionComma() {
	if p.peek().kind == tComma && p.peekAt(1).kind != tEOF {
		p.next()
	}
}
