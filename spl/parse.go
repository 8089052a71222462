package spl

import (
	"fmt"
	"strings"
)

// Parse parses a whole search (already macro-expanded). On failure the
// error is an ErrorList holding one error per bad command, in text order.
func Parse(src string) (*Pipeline, error) {
	p, errs := parsePipeline(src, src, 0)
	if len(errs) > 0 {
		return nil, errs
	}
	return p, nil
}

// parsePipeline parses text, which sits at offset base of the whole search
// all (the same string for a top-level search; the inside of [...] for a
// subsearch).
func parsePipeline(all, text string, base int) (*Pipeline, ErrorList) {
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
		cmd, err := parseCommand(all, seg, first, first && !leadingPipe)
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
			e := &Error{Pos: nameTok.pos, End: nameTok.end, Msg: fmt.Sprintf("unknown command %q", nameTok.text)}
			if s := Suggest(nameTok.text, CommandNames()); s != "" {
				e.Hint = fmt.Sprintf("did you mean %q?", s)
			}
			return nil, ErrorList{e}
		}
		if spec.Generating && !first {
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
		out = append(out, FieldName{Loc: Loc{Start: t.pos, End: t.end}, Name: t.val})
	}
}

// subsearch parses a [ ... ] token as a pipeline.
func (p *cmdParser) subsearch(t token) (*Subsearch, error) {
	inner, errs := parsePipeline(p.all, t.val, t.pos+1)
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
