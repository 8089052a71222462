package spl

// OutputcsvCommand saves the results to a CSV file:
//
//	outputcsv [append=<bool>] [create_empty=<bool>] [override_if_empty=<bool>]
//	          [dispatch=<bool>] [usexml=<bool>] [singlefile=<bool>] [<filename>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/outputcsv
type OutputcsvCommand struct {
	Loc
	Options []Option // as written, for String
	// Append, CreateEmpty, OverrideIfEmpty and Dispatch are their
	// options (override_if_empty is true unless given).
	Append, CreateEmpty, OverrideIfEmpty, Dispatch bool
	File                                           string
}

func (c *OutputcsvCommand) CommandName() string { return "outputcsv" }

func (c *OutputcsvCommand) String() string {
	s := "outputcsv"
	if len(c.Options) > 0 {
		s += " " + optionsString(c.Options)
	}
	if c.File != "" {
		s += " " + word(c.File)
	}
	return s
}

var outputcsvOptions = optionSet{
	"append": optBool, "create_empty": optBool, "override_if_empty": optBool, "dispatch": optBool,
	"usexml": optBool, "singlefile": optBool,
}

func init() {
	register(&CommandSpec{
		Name:   "outputcsv",
		Syntax: "outputcsv [append=<bool>] [create_empty=<bool>] [override_if_empty=<bool>] [dispatch=<bool>] [usexml=<bool>] [singlefile=<bool>] [<filename>]",
		Doc:    "Saves the results to <filename>.csv in the folder given with --csv-dir (Splunk's var/run/splunk/csv) and passes them on.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &OutputcsvCommand{OverrideIfEmpty: true}
			for !p.atEnd() {
				o, ok, err := p.knownOption(outputcsvOptions)
				if err != nil {
					return nil, err
				}
				if ok {
					b, _ := ParseBool(o.Value)
					switch o.Key {
					case "append":
						c.Append = b
					case "create_empty":
						c.CreateEmpty = b
					case "override_if_empty":
						c.OverrideIfEmpty = b
					case "dispatch":
						c.Dispatch = b
					}
					c.Options = append(c.Options, o)
					continue
				}
				t := p.next()
				if (t.kind != tWord && t.kind != tString) || c.File != "" {
					return nil, p.unexpected(t, "a file name", "key=value")
				}
				c.File = t.val
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}
