package spl

import "strings"

// ExtractCommand extracts key-value pairs from _raw:
//
//	extract [<extract-options>...] [<extractor-name>...]
//
// Options: auto, clean_keys, kvdelim, limit, maxchars, mv_add, pairdelim,
// reload, segment. An extractor name is a transforms.conf stanza. Alias:
// kv. https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/extract
type ExtractCommand struct {
	Loc
	Options []Option // as written, for String
	// PairDelim and KVDelim are pairdelim= and kvdelim= ("" when not
	// given).
	PairDelim, KVDelim string
	// CleanKeys (default true) and MvAdd are clean_keys= and mv_add=.
	CleanKeys, MvAdd bool
	// Limit (default 50) and MaxChars (default 10240) are limit= and
	// maxchars=.
	Limit, MaxChars int
	Extractors      []string
}

func (c *ExtractCommand) CommandName() string { return "extract" }

func (c *ExtractCommand) String() string {
	var b strings.Builder
	b.WriteString("extract")
	if len(c.Options) > 0 {
		b.WriteString(" " + optionsString(c.Options))
	}
	for _, x := range c.Extractors {
		b.WriteString(" " + word(x))
	}
	return b.String()
}

var extractOptions = optionSet{
	"auto": optAny, "clean_keys": optBool, "kvdelim": optAny, "limit": optNumber,
	"maxchars": optNumber, "mv_add": optBool, "pairdelim": optAny, "reload": optBool,
	"segment": optBool,
}

func init() {
	register(&CommandSpec{
		Name:    "extract",
		Aliases: []string{"kv"},
		Syntax:  "extract [<extract-options>...] [<extractor-name>...]",
		Doc:     "Extracts key-value pairs from _raw (pairdelim, kvdelim, or transforms.conf extractors).",
		Parse: func(p *cmdParser) (Command, error) {
			c := &ExtractCommand{CleanKeys: true, Limit: 50, MaxChars: 10240}
			for !p.atEnd() {
				o, ok, err := p.knownOption(extractOptions)
				if err != nil {
					return nil, err
				}
				if ok {
					switch o.Key {
					case "pairdelim":
						c.PairDelim = o.Value
					case "kvdelim":
						c.KVDelim = o.Value
					case "clean_keys":
						c.CleanKeys, _ = ParseBool(o.Value)
					case "mv_add":
						c.MvAdd, _ = ParseBool(o.Value)
					case "limit":
						c.Limit, err = p.intAtLeast(o, 0, "must be a whole number")
					case "maxchars":
						c.MaxChars, err = p.intAtLeast(o, 0, "must be a whole number")
					}
					if err != nil {
						return nil, err
					}
					c.Options = append(c.Options, o)
					continue
				}
				t := p.next()
				if t.kind != tWord && t.kind != tString {
					return nil, p.unexpected(t, "an option such as pairdelim=\";\"", "an extractor name")
				}
				c.Extractors = append(c.Extractors, t.val)
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}
