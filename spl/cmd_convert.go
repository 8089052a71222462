package spl

import "strings"

// ConvertCommand converts field values:
//
//	convert [timeformat=<string>] <function>(<wc-field>) [AS <field>]...
//
// Functions: auto, ctime, dur2sec, memk, mktime, mstime, none, num,
// rmcomma, rmunit. https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/convert
type ConvertCommand struct {
	Loc
	// Timeformat is the timeformat= option; nil means Splunk's default
	// "%m/%d/%Y %H:%M:%S".
	Timeformat  *string
	Conversions []Conversion
}

// Conversion is one `func(field) [AS name]`.
type Conversion struct {
	Loc
	Func  string // lower-cased
	Field string
	As    string
}

// ConvertFunctions lists the functions convert accepts.
var ConvertFunctions = []string{"auto", "ctime", "dur2sec", "memk", "mktime", "mstime", "none", "num", "rmcomma", "rmunit"}

func (c *ConvertCommand) CommandName() string { return "convert" }

func (c *ConvertCommand) String() string {
	var b strings.Builder
	b.WriteString("convert")
	if c.Timeformat != nil {
		b.WriteString(" timeformat=" + QuoteString(*c.Timeformat))
	}
	for _, cv := range c.Conversions {
		b.WriteString(" " + cv.Func + "(" + word(cv.Field) + ")")
		if cv.As != "" {
			b.WriteString(" AS " + word(cv.As))
		}
	}
	return b.String()
}

func init() {
	register(&CommandSpec{
		Name:   "convert",
		Syntax: "convert [timeformat=<string>] <function>(<wc-field>) [AS <field>]...",
		Doc:    "Converts values: ctime (epoch to text), mktime (text to epoch), num, dur2sec and more.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &ConvertCommand{Loc: p.loc()}
			for !p.atEnd() {
				if o, ok := p.option(map[string]bool{"timeformat": true}); ok {
					v := o.Value
					c.Timeformat = &v
					continue
				}
				if p.peek().kind == tComma {
					p.next()
					continue
				}
				fn := p.next()
				if fn.kind != tWord || !isConvertFunc(fn.text) {
					e := p.unexpected(fn, "a conversion such as ctime(field)")
					if fn.kind == tWord {
						if s := Suggest(fn.text, ConvertFunctions); s != "" {
							e.Hint = "did you mean \"" + s + "\"?"
						}
					}
					return nil, e
				}
				open, field, closer := p.next(), p.next(), p.next()
				if open.kind != tLParen {
					return nil, p.unexpected(open, `"("`)
				}
				if field.kind != tWord && field.kind != tString {
					return nil, p.unexpected(field, "a field name")
				}
				if closer.kind != tRParen {
					return nil, p.unexpected(closer, `")"`)
				}
				cv := Conversion{Loc: Loc{Start: fn.pos, End: closer.end}, Func: strings.ToLower(fn.text), Field: field.val}
				if isKeyword(p.peek(), "as") {
					p.next()
					n := p.next()
					if n.kind != tWord && n.kind != tString {
						return nil, p.unexpected(n, "a field name after AS")
					}
					cv.As = n.val
					cv.End = n.end
				}
				c.Conversions = append(c.Conversions, cv)
			}
			if len(c.Conversions) == 0 {
				return nil, p.errorf(p.name, "missing conversion").withHint(`for example: convert ctime(firstTime)`)
			}
			return c, nil
		},
	})
}

func isConvertFunc(name string) bool {
	for _, f := range ConvertFunctions {
		if strings.EqualFold(f, name) {
			return true
		}
	}
	return false
}
