package spl

import "strings"

// BinCommand puts continuous values into discrete sets (buckets):
//
//	bin [bins=<int>] [minspan=<span>] [span=<span>] [start=<num>] [end=<num>]
//	    [aligntime=earliest|latest|<time>] <field> [AS <newfield>]
//
// bucket is an alias. Options may also follow the field.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/bin
type BinCommand struct {
	Loc
	Options []Option // as written, for String
	Binning BinOptions
	Field   FieldName
	As      string
}

// BinOptions are the bucketing options bin, chart and timechart share
// (Search Reference, bin), read from their options by the parser.
type BinOptions struct {
	// Span is span=: a time span, or a plain number (numeric buckets;
	// seconds on _time); nil when not given.
	Span *Span
	// Bins is bins= (at least 1); 0 when not given, which means 100.
	Bins int
	// MinSpan is minspan=, a time span or a plain number; nil when not
	// given.
	MinSpan    *Span
	Start, End *float64
	// AlignTime is aligntime= as written (a time such as @d+3h): it is
	// resolved against the search's time and zone when the search runs.
	AlignTime string
}

// setBinOption reads o into b if it is a bucketing option; cmd names the
// command in errors.
func (p *cmdParser) setBinOption(b *BinOptions, cmd string, o Option) (bool, error) {
	switch o.Key {
	case "span":
		sp, err := parseBinSpan(o.Value)
		if err != nil {
			return true, optionErr(cmd, o, "span=%s: %v", o.Value, err)
		}
		b.Span = &sp
	case "bins":
		n, ok := ParseInt(o.Value)
		if !ok || n < 1 {
			return true, optionErr(cmd, o, "bins=%s must be a whole number above 0", o.Value)
		}
		b.Bins = n
	case "minspan":
		sp, err := ParseTimeSpan(o.Value)
		if err != nil {
			f, ok := parseNumber(o.Value)
			if !ok || f <= 0 {
				return true, optionErr(cmd, o, "minspan=%s: expected a span such as 5m", o.Value)
			}
			sp = Span{N: f}
		}
		b.MinSpan = &sp
	case "start", "end":
		f, ok := parseNumber(o.Value)
		if !ok {
			return true, optionErr(cmd, o, "%s=%s must be a number", o.Key, o.Value)
		}
		if o.Key == "start" {
			b.Start = &f
		} else {
			b.End = &f
		}
	case "aligntime":
		switch strings.ToLower(o.Value) {
		case "earliest", "latest":
			return true, optionErr(cmd, o, "aligntime=%s needs the search's time range, which an offline search does not have; give a time such as aligntime=@d+3h", o.Value)
		}
		b.AlignTime = o.Value
	default:
		return false, nil
	}
	return true, nil
}

func (c *BinCommand) CommandName() string { return "bin" }

func (c *BinCommand) String() string {
	s := "bin"
	if len(c.Options) > 0 {
		s += " " + optionsString(c.Options)
	}
	s += " " + c.Field.String()
	if c.As != "" {
		s += " AS " + word(c.As)
	}
	return s
}

var binOptions = map[string]bool{"bins": true, "minspan": true, "span": true, "start": true, "end": true, "aligntime": true}

func init() {
	register(&CommandSpec{
		Name:    "bin",
		Aliases: []string{"bucket", "discretize"},
		Syntax:  "bin [span=<span>|bins=<int>] [minspan=<span>] [aligntime=<time>] <field> [AS <newfield>]",
		Doc:     "Puts values into buckets: _time to the start of its span, numbers to ranges such as 10-20.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &BinCommand{}
			for !p.atEnd() {
				if o, ok := p.option(binOptions); ok {
					if _, err := p.setBinOption(&c.Binning, "bin", o); err != nil {
						return nil, err
					}
					c.Options = append(c.Options, o)
					continue
				}
				if e := p.unknownOption(binOptions); e != nil {
					return nil, e
				}
				t := p.peek()
				if c.Field.Name != "" && c.As == "" && isKeyword(t, "as") {
					p.next()
					n := p.next()
					if n.kind != tWord && n.kind != tString {
						return nil, p.unexpected(n, "a field name after AS")
					}
					c.As = n.val
					continue
				}
				if c.Field.Name != "" || (t.kind != tWord && t.kind != tString) {
					return nil, p.unexpected(t, "an option such as span=1h", "end of command")
				}
				p.next()
				c.Field = FieldName{Loc: Loc{Start: t.pos, End: t.end}, Name: t.val}
			}
			if c.Field.Name == "" {
				// The page marks <field> required, yet public content
				// (docs/SEMANTICS.md, "bin without a field") writes
				// "bin span=1s" to bucket _time: read it so.
				c.Field = FieldName{Loc: Loc{Start: p.name.pos, End: p.name.end}, Name: "_time"}
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}
