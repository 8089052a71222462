package spl

import "strings"

// unquotedRegexOption reads key=<regex> when the regex is written without
// quotes and the lexer cut it at a parenthesis, as in
// `makemv tokenizer=(\S+) roles`: the value is the text up to the next
// space outside parentheses. ok is false, consuming nothing, when the next
// tokens are not key= followed by such a run.
func (p *cmdParser) unquotedRegexOption(key string) (Option, bool) {
	k, eq := p.peek(), p.peekAt(1)
	if k.kind != tWord || !strings.EqualFold(k.text, key) || eq.kind != tOp || eq.text != "=" {
		return Option{}, false
	}
	first := p.peekAt(2)
	if first.kind != tLParen || first.pos != eq.end {
		return Option{}, false
	}
	end, depth, j := eq.end, 0, p.i+2
	for ; j < len(p.toks); j++ {
		t := p.toks[j]
		if t.kind == tEOF || t.pos != end && depth == 0 {
			break
		}
		switch t.kind {
		case tLParen:
			depth++
		case tRParen:
			depth--
		}
		end = t.end
	}
	if depth != 0 {
		return Option{}, false
	}
	p.i = j
	return Option{Loc: Loc{Start: k.pos, End: end}, Key: k.text, Value: p.raw(first.pos, end)}, true
}
