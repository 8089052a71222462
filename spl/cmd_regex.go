package spl

// RegexCommand keeps or removes results by a regular expression:
//
//	regex [<field>=|<field>!=]<regex>
//
// The field defaults to _raw. https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/regex
type RegexCommand struct {
	Loc
	Field   string // "" means _raw
	Negate  bool   // field!=regex removes matching results
	Pattern string
}

func (c *RegexCommand) CommandName() string { return "regex" }

func (c *RegexCommand) String() string {
	switch {
	case c.Field == "" && !c.Negate:
		return "regex " + QuoteString(c.Pattern)
	case c.Negate:
		return "regex " + regexField(c.Field) + "!=" + QuoteString(c.Pattern)
	}
	return "regex " + regexField(c.Field) + "=" + QuoteString(c.Pattern)
}

func regexField(f string) string {
	if f == "" {
		return "_raw"
	}
	if s := word(f); s[len(s)-1] != '!' {
		return s
	}
	return QuoteString(f)
}

func init() {
	register(&CommandSpec{
		Name:   "regex",
		Syntax: `regex [<field>=|<field>!=]"<regex>"`,
		Doc:    "Keeps the results whose field (default _raw) matches a PCRE regular expression, or with != removes them.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &RegexCommand{Loc: p.loc()}
			t := p.next()
			if op := p.peek(); (t.kind == tWord || t.kind == tString) && op.kind == tOp && (op.text == "=" || op.text == "!=") {
				p.next()
				c.Field, c.Negate = t.val, op.text == "!="
				t = p.next()
			}
			if t.kind != tString && t.kind != tWord {
				return nil, p.unexpected(t, "a quoted regular expression")
			}
			if isKeyword(t, "NOT") {
				return nil, p.errorf(t, "NOT is not allowed in regex").withHint(`use field!="<regex>" to remove matching results`)
			}
			c.Pattern = t.val
			if err := p.expectEnd("end of command"); err != nil {
				return nil, err
			}
			return c, nil
		},
	})
}
