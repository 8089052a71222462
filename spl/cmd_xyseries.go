package spl

import "strings"

// XyseriesCommand turns rows of (x, series name, value) into a table with
// one row per x value and one column per series:
//
//	xyseries [grouped=<bool>] <x-field> <y-name-field> <y-data-field>... [sep=<string>] [format=<string>]
//
// Its alias is maketable.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/xyseries
type XyseriesCommand struct {
	Loc
	Grouped bool
	X       FieldName
	YName   FieldName
	YData   []FieldName
	// Sep joins a data field's name and a series name into a column name
	// when there are several data fields; Format, when set, wins over it.
	Sep    string
	Format string
}

func (c *XyseriesCommand) CommandName() string { return "xyseries" }

// DefaultXyseriesSep is sep's default: the page's example names a column
// count(host):<referer_domain>.
const DefaultXyseriesSep = ":"

func (c *XyseriesCommand) String() string {
	parts := []string{"xyseries"}
	if c.Grouped {
		parts = append(parts, "grouped=true")
	}
	parts = append(parts, c.X.String(), c.YName.String(), fieldNamesString(c.YData, " "))
	if c.Sep != DefaultXyseriesSep {
		parts = append(parts, "sep="+QuoteString(c.Sep))
	}
	if c.Format != "" {
		parts = append(parts, "format="+QuoteString(c.Format))
	}
	return strings.Join(parts, " ")
}

var xyseriesOptions = optionSet{"grouped": optBool, "sep": optAny, "format": optAny}

func init() {
	register(&CommandSpec{
		Name:    "xyseries",
		Aliases: []string{"maketable"},
		Syntax:  "xyseries [grouped=<bool>] <x-field> <y-name-field> <y-data-field>... [sep=<string>] [format=<string>]",
		Doc:     "Makes one row per value of x-field and one column per value of y-name-field, holding y-data-field (with several data fields, columns are named <data><sep><name>, or by format's $AGG$ and $VAL$).",
		Parse: func(p *cmdParser) (Command, error) {
			c := &XyseriesCommand{Loc: p.loc(), Sep: DefaultXyseriesSep}
			var fields []FieldName
			for !p.atEnd() {
				o, ok, err := p.knownOption(xyseriesOptions)
				if err != nil {
					return nil, err
				}
				if ok {
					switch o.Key {
					case "grouped":
						if c.Grouped, err = p.boolOption(o); err != nil {
							return nil, err
						}
					case "sep":
						c.Sep = o.Value
					case "format":
						c.Format = o.Value
					}
					continue
				}
				if p.peek().kind == tComma {
					p.next()
					continue
				}
				f, ok := p.field()
				if !ok {
					return nil, p.unexpected(p.peek(), "a field name", "grouped=", "sep=", "format=")
				}
				fields = append(fields, f)
			}
			if len(fields) < 3 {
				return nil, p.errorf(p.name, "needs an x field, a y-name field and at least one y-data field").withHint("for example: xyseries host sourcetype count")
			}
			c.X, c.YName, c.YData = fields[0], fields[1], fields[2:]
			return c, nil
		},
	})
}
