package spl

import "strings"

// RexCommand extracts fields with a regular expression, or edits a field
// with a sed expression:
//
//	rex [field=<field>] (<regex> [max_match=<int>] [offset_field=<string>] | mode=sed <sed-expression>)
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/10.0/search-commands/rex
type RexCommand struct {
	Loc
	Field   string // "" means _raw
	Pattern string // the regex, or the sed expression with Sed
	Sed     bool
	// MaxMatch is the max_match option; nil means the default, 1.
	MaxMatch    *int
	OffsetField string
}

func (c *RexCommand) CommandName() string { return "rex" }

func (c *RexCommand) String() string {
	parts := []string{"rex"}
	if c.Field != "" {
		parts = append(parts, "field="+word(c.Field))
	}
	if c.Sed {
		parts = append(parts, "mode=sed")
	}
	if c.MaxMatch != nil {
		parts = append(parts, "max_match="+itoa(*c.MaxMatch))
	}
	if c.OffsetField != "" {
		parts = append(parts, "offset_field="+word(c.OffsetField))
	}
	return strings.Join(append(parts, QuoteString(c.Pattern)), " ")
}

var rexOptions = map[string]bool{"field": true, "mode": true, "max_match": true, "offset_field": true}

func init() {
	register(&CommandSpec{
		Name:   "rex",
		Syntax: `rex [field=<field>] "<regex>" [max_match=<int>] [offset_field=<field>] | rex [field=<field>] mode=sed "<sed-expression>"`,
		Doc:    "Extracts fields from named groups (?<name>...) of a PCRE regular expression, or edits a field with mode=sed s/// or y///.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &RexCommand{Loc: p.loc()}
			havePattern := false
			for !p.atEnd() {
				if o, ok := p.option(rexOptions); ok {
					switch o.Key {
					case "field":
						c.Field = o.Value
					case "mode":
						if !strings.EqualFold(o.Value, "sed") {
							return nil, &Error{Pos: o.Start, End: o.End, Msg: "rex: mode takes sed, not " + QuoteString(o.Value)}
						}
						c.Sed = true
					case "max_match":
						n, err := p.intOption(o)
						if err != nil {
							return nil, err
						}
						c.MaxMatch = &n
					case "offset_field":
						c.OffsetField = o.Value
					}
					continue
				}
				t := p.peek()
				// An unknown key=value is a misspelt option more often
				// than an unquoted regex.
				if havePattern || t.kind == tEOF || p.isOptionAt() {
					return nil, p.unexpected(t, optionNames(rexOptions)...)
				}
				c.Pattern, havePattern = p.rexPattern(), true
			}
			if !havePattern {
				return nil, p.errorf(p.name, "missing regular expression").withHint(`for example: rex field=process "(?<exe>[^\\]+)$"`)
			}
			if c.Sed && (c.MaxMatch != nil || c.OffsetField != "") {
				return nil, p.errorf(p.name, "max_match and offset_field do not apply to mode=sed")
			}
			return c, nil
		},
	})
}

// rexPattern reads the regex at the current token. A quoted string is
// the regex. Unquoted text runs to the end of the command, spaces
// included, as Splunk takes the rest of the arguments as the regex
// (`rex field=x .*instance/(?<instance>.*)`), except that rex options
// written after it, past a space, stay options.
func (p *cmdParser) rexPattern() string {
	t := p.peek()
	if t.kind == tString && (p.peekAt(1).kind == tEOF || p.peekAt(1).pos != t.end) {
		p.next()
		return t.val
	}
	if t.kind == tString {
		return p.joinedPattern()
	}
	// The run of tokens touching each other from t.
	j := p.i
	for j+1 < len(p.toks) && p.toks[j+1].kind != tEOF && p.toks[j+1].pos == p.toks[j].end {
		j++
	}
	if p.onlyOptionsFrom(j + 1) {
		p.i = j + 1
		return unescapeSPL(p.raw(t.pos, p.toks[j].end))
	}
	end := t.pos + len(strings.TrimRight(p.raw(t.pos, p.restEnd()), " \t\r\n"))
	for !p.atEnd() {
		p.next()
	}
	return unescapeSPL(p.raw(t.pos, end))
}

// onlyOptionsFrom reports whether the tokens from index i to the end are
// rex options (key=value with a key rex takes).
func (p *cmdParser) onlyOptionsFrom(i int) bool {
	for ; p.toks[i].kind != tEOF; i += 3 {
		k, eq, v := p.toks[i], p.toks[min(i+1, len(p.toks)-1)], p.toks[min(i+2, len(p.toks)-1)]
		if k.kind != tWord || !rexOptions[strings.ToLower(k.text)] || eq.kind != tOp || eq.text != "=" || (v.kind != tWord && v.kind != tString) {
			return false
		}
	}
	return true
}

// joinedPattern reads a quoted string with text written against it, no
// space between, as one regex: the quoted parts unquoted, the rest as
// written. Public searches write
// `rex "Type:\s+"(?<type>"0x\d+")` and mean `Type:\s+(?<type>0x\d+)`
// [choice: Splunk's page quotes the whole regex; this reading is the
// one those searches rely on].
func (p *cmdParser) joinedPattern() string {
	var b strings.Builder
	end := p.peek().pos
	for t := p.peek(); t.kind != tEOF && t.pos == end; t = p.peek() {
		if t.kind == tString {
			b.WriteString(t.val)
		} else {
			b.WriteString(p.raw(t.pos, t.end))
		}
		end = t.end
		p.next()
	}
	return b.String()
}
