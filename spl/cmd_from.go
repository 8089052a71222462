package spl

import "strings"

// FromCommand reads a dataset:
//
//	| from datamodel:<model>.<dataset>     (or: | from datamodel <model>.<dataset>)
//	| from lookup:<name>                    (or inputlookup:<name>)
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/from
type FromCommand struct {
	Loc
	// Kind is the dataset type, lower-cased: "datamodel", "lookup",
	// "inputlookup", "savedsearch".
	Kind string
	Name string
}

func (c *FromCommand) CommandName() string { return "from" }
func (c *FromCommand) String() string      { return "from " + c.Kind + ":" + word(c.Name) }

func init() {
	register(&CommandSpec{
		Name:       "from",
		Generating: true,
		Syntax:     "| from datamodel:<model>.<dataset> | from lookup:<name>",
		Doc:        "Reads the events of a data model dataset (fields unprefixed and as <Object>.<field>) or the rows of a lookup.",
		Parse: func(p *cmdParser) (Command, error) {
			t := p.next()
			if t.kind != tWord && t.kind != tString {
				return nil, p.unexpected(t, "datamodel:<model>.<dataset>", "lookup:<name>")
			}
			c := &FromCommand{}
			kind, name, ok := strings.Cut(t.val, ":")
			if ok && name == "" && p.peek().kind == tString && p.peek().pos == t.end {
				// datamodel:"Web.Web" lexes as two tokens.
				name = p.next().val
			}
			if !ok {
				n := p.next()
				if n.kind != tWord && n.kind != tString {
					return nil, p.unexpected(n, "a dataset name")
				}
				kind, name = t.val, n.val
			}
			c.Kind = strings.ToLower(kind)
			c.Name = strings.Trim(name, `"`)
			switch c.Kind {
			case "datamodel", "lookup", "inputlookup", "savedsearch":
			default:
				return nil, p.errorf(t, "unknown dataset type %q", kind).withHint("use datamodel:<model>.<dataset> or lookup:<name>")
			}
			if c.Name == "" {
				return nil, p.errorf(t, "missing dataset name")
			}
			if err := p.expectEnd("end of command"); err != nil {
				return nil, err
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}
