package spl

import (
	"regexp"
	"strings"
	"sync"
)

// ForeachCommand runs a templated eval for each field that matches a
// wildcard list:
//
//	foreach [mode=multifield|multivalue|json_array|auto_collections] <wc-field-list>
//	        [fieldstr=<string>] [matchstr=<string>] [matchseg1=<string>] [matchseg2=<string>]
//	        [matchseg3=<string>] [itemstr=<string>] [iterstr=<string>] [ <subsearch> ]
//
// The body stays text: its templates (<<FIELD>>, <<MATCHSTR>>,
// <<MATCHSEG1>>, <<ITEM>> ...) are plain text substitutions made per field
// before the eval is parsed, as Splunk does ('<<FIELD>>' quotes a name
// with dots). https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/foreach
type ForeachCommand struct {
	Loc
	Mode   string // "" means multifield
	Fields []FieldName
	// Options are fieldstr=, matchstr=, matchseg1-3=, itemstr= and iterstr=, which
	// rename the templates.
	Options []Option
	// Body is the text inside the brackets, trimmed.
	Body string
}

func (c *ForeachCommand) CommandName() string { return "foreach" }

func (c *ForeachCommand) String() string {
	parts := []string{"foreach"}
	if c.Mode != "" {
		parts = append(parts, "mode="+c.Mode)
	}
	parts = append(parts, fieldNamesString(c.Fields, " "))
	if len(c.Options) > 0 {
		parts = append(parts, optionsString(c.Options))
	}
	return strings.Join(append(parts, "["+c.Body+"]"), " ")
}

// Template returns the template text for a placeholder ("FIELD",
// "MATCHSTR", "MATCHSEG1", "ITEM"), honouring the renaming options.
func (c *ForeachCommand) Template(name string) string {
	key := map[string]string{"FIELD": "fieldstr", "MATCHSTR": "matchstr", "MATCHSEG1": "matchseg1",
		"MATCHSEG2": "matchseg2", "MATCHSEG3": "matchseg3", "ITEM": "itemstr", "ITER": "iterstr"}[name]
	for _, o := range c.Options {
		if o.Key == key {
			return o.Value
		}
	}
	return "<<" + name + ">>"
}

var foreachOptions = map[string]bool{"fieldstr": true, "matchstr": true, "matchseg1": true, "matchseg2": true, "matchseg3": true, "itemstr": true, "iterstr": true}

var foreachModes = map[string]bool{"multifield": true, "multivalue": true, "json_array": true, "auto_collections": true}

// templateRe finds <<NAME>> templates, for the parse-time check.
var templateRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<<[A-Za-z0-9_]+>>`) })

func init() {
	register(&CommandSpec{
		Name:   "foreach",
		Syntax: "foreach [mode=<mode>] <wc-field-list> [fieldstr=..] [matchstr=..] [matchseg1=..] [ eval ... <<FIELD>> ... ]",
		Doc:    "Runs a templated eval for each matching field: <<FIELD>> is the field's name, <<MATCHSTR>> the text the * matched, <<MATCHSEG1>>.. each wildcard's text.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &ForeachCommand{Loc: p.loc()}
			for !p.atEnd() {
				t := p.peek()
				if t.kind == tSubsearch {
					if c.Body != "" {
						return nil, p.unexpected(t, "end of command")
					}
					p.next()
					if err := p.checkForeachBody(c, t); err != nil {
						return nil, err
					}
					continue
				}
				if o, ok := p.option(map[string]bool{"mode": true}); ok {
					m := strings.ToLower(o.Value)
					if !foreachModes[m] {
						return nil, &Error{Pos: o.Start, End: o.End, Msg: "foreach: mode takes multifield, multivalue, json_array or auto_collections, not " + QuoteString(o.Value)}
					}
					if m != "multifield" {
						c.Mode = m
					}
					continue
				}
				if o, ok := p.option(foreachOptions); ok {
					c.Options = append(c.Options, o)
					continue
				}
				fs := p.fieldList(nil)
				if len(fs) == 0 {
					return nil, p.unexpected(t, "a field name", "[eval ...]")
				}
				c.Fields = append(c.Fields, fs...)
			}
			if c.Body == "" {
				return nil, p.errorf(p.name, "missing subsearch").withHint("for example: foreach count_* [eval <<FIELD>>=<<FIELD>>*2]")
			}
			if len(c.Fields) == 0 {
				return nil, p.errorf(p.name, "missing field list").withHint("for example: foreach count_* [eval <<FIELD>>=<<FIELD>>*2]")
			}
			return c, nil
		},
	})
}

// checkForeachBody parses the body once with every template replaced by
// underscores of the same length, so syntax errors are found before the
// search runs and point at the text as written.
func (p *cmdParser) checkForeachBody(c *ForeachCommand, t token) error {
	body := strings.TrimSpace(t.val)
	inner := t.val
	// [ | eval ...] is written too (a subsearch may start with "|"); the
	// body is the same without it.
	if strings.HasPrefix(body, "|") {
		body = strings.TrimSpace(body[1:])
		k := strings.IndexByte(inner, '|')
		inner = inner[:k] + " " + inner[k+1:]
	}
	if body == "" {
		return p.errorf(t, "empty subsearch")
	}
	c.Body = body
	for _, o := range c.Options {
		inner = strings.ReplaceAll(inner, o.Value, strings.Repeat("_", len(o.Value)))
	}
	inner = templateRe().ReplaceAllStringFunc(inner, func(s string) string { return strings.Repeat("_", len(s)) })
	start := t.pos + 1
	if start < 2 {
		return p.errorf(t, "foreach subsearch needs a command name before it")
	}
	all := strings.Repeat(" ", start-2) + "| " + inner
	pl, errs := parsePipeline(all, all[start-2:], start-2)
	if len(errs) > 0 {
		return errs
	}
	for _, cmd := range pl.Commands {
		if cmd.CommandName() != "eval" {
			return &Error{Pos: cmd.Span().Start, End: cmd.Span().Start + len(cmd.CommandName()), Msg: "foreach: the subsearch may hold only eval commands, not " + cmd.CommandName()}
		}
	}
	return nil
}

// ParseForeachBody parses a foreach body after template substitution: a
// pipeline of commands written without a leading "|".
func ParseForeachBody(text string) (*Pipeline, error) {
	p, err := Parse("| " + text)
	if err != nil {
		for _, e := range AsErrors(err) {
			e.Pos, e.End = max(0, e.Pos-2), max(0, e.End-2)
		}
		return nil, err
	}
	return p, nil
}
