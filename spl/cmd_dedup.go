package spl

import "strings"

// DedupCommand removes results with the same values in the listed fields:
//
//	dedup [<int>] <field-list> [keepevents=<bool>] [keepempty=<bool>] [consecutive=<bool>] [sortby <sort-by-clause>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/dedup
type DedupCommand struct {
	Loc
	Count       int // results kept per combination; default 1
	Fields      []FieldName
	KeepEvents  bool
	KeepEmpty   bool
	Consecutive bool
	SortBy      []SortKey
}

func (c *DedupCommand) CommandName() string { return "dedup" }

func (c *DedupCommand) String() string {
	parts := []string{"dedup"}
	// A field named like a number would read back as the count: write
	// the count then, even the default one.
	if c.Count != 1 || (len(c.Fields) > 0 && isDigits(c.Fields[0].Name)) {
		parts = append(parts, itoa(c.Count))
	}
	parts = append(parts, fieldNamesString(c.Fields, ", "))
	if c.KeepEvents {
		parts = append(parts, "keepevents=true")
	}
	if c.KeepEmpty {
		parts = append(parts, "keepempty=true")
	}
	if c.Consecutive {
		parts = append(parts, "consecutive=true")
	}
	if len(c.SortBy) > 0 {
		parts = append(parts, "sortby "+sortKeysString(c.SortBy))
	}
	return strings.Join(parts, " ")
}

var dedupOptions = map[string]bool{"keepevents": true, "keepempty": true, "consecutive": true}

func init() {
	register(&CommandSpec{
		Name:   "dedup",
		Syntax: "dedup [<int>] <field-list> [keepevents=<bool>] [keepempty=<bool>] [consecutive=<bool>] [sortby <sort-by-clause>]",
		Doc:    "Keeps the first result (or first N) for each combination of the fields' values; results missing a field are dropped unless keepempty=true.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &DedupCommand{Loc: p.loc(), Count: 1}
			if n, ok := isInt(p.peek()); ok && p.peekAt(1).kind != tEOF {
				p.next()
				if n == 0 {
					return nil, p.errorf(p.toks[p.i-1], "the count must be at least 1")
				}
				c.Count = n
			}
			for !p.atEnd() {
				if o, ok := p.option(dedupOptions); ok {
					b, err := p.boolOption(o)
					if err != nil {
						return nil, err
					}
					switch o.Key {
					case "keepevents":
						c.KeepEvents = b
					case "keepempty":
						c.KeepEmpty = b
					case "consecutive":
						c.Consecutive = b
					}
					continue
				}
				if e := p.unknownOption(dedupOptions); e != nil {
					return nil, e
				}
				if isKeyword(p.peek(), "sortby") {
					p.next()
					for !p.atEnd() {
						if p.peek().kind == tComma {
							p.next()
							continue
						}
						k, err := p.sortKey()
						if err != nil {
							return nil, err
						}
						c.SortBy = append(c.SortBy, k)
					}
					if len(c.SortBy) == 0 {
						return nil, p.errorf(p.peek(), "sortby needs a field")
					}
					break
				}
				fs := p.fieldList(func(t token) bool { return isKeyword(t, "sortby") })
				if len(fs) == 0 {
					return nil, p.unexpected(p.peek(), "a field name", "sortby", "keepempty=")
				}
				c.Fields = append(c.Fields, fs...)
			}
			if len(c.Fields) == 0 {
				return nil, p.errorf(p.name, "missing field").withHint("for example: dedup host, process_name")
			}
			return c, nil
		},
	})
}
