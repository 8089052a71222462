package spl

import "strings"

// CollectCommand adds the results to a summary index:
//
//	collect [index=<string>] [addinfo=<bool>] [addtime=<bool>] [file=<string>]
//	        [spool=<bool>] [marker=<string>] [uselb=<bool>] [output_format=raw|hec]
//	        [testmode=<bool>] [run_in_preview=<bool>] [host=<string>]
//	        [source=<string>] [sourcetype=<string>] [timeformat=<string>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/collect
type CollectCommand struct {
	Loc
	Options []Option // as written, for String
	// Index is the target index ("summary" when not given, as Splunk
	// Cloud's page says for event indexes).
	Index string
	// AddInfo and AddTime are addinfo= and addtime= (both true unless
	// given); Spool is spool= (true unless given); TestMode is testmode=.
	AddInfo, AddTime, Spool, TestMode bool
	// File is file= ("" for the default, $random$_events.stash).
	File string
	// Marker is marker=, appended to each event.
	Marker string
	// Host, Source and Sourcetype are the events' default fields ("" for
	// the defaults; sourcetype stash).
	Host, Source, Sourcetype string
	// TimeFormat is timeformat= ("" for %m/%d/%Y %H:%M:%S %z).
	TimeFormat string
	// HEC is output_format=hec.
	HEC bool
}

func (c *CollectCommand) CommandName() string { return "collect" }

func (c *CollectCommand) String() string {
	if len(c.Options) == 0 {
		return "collect"
	}
	return "collect " + optionsString(c.Options)
}

var collectOptions = optionSet{
	"index": optAny, "addinfo": optBool, "addtime": optBool, "file": optAny, "spool": optBool,
	"marker": optAny, "uselb": optBool, "output_format": optOneOf("raw", "hec"), "testmode": optBool,
	"run_in_preview": optBool, "host": optAny, "source": optAny, "sourcetype": optAny, "timeformat": optAny,
}

func init() {
	register(&CommandSpec{
		Name:   "collect",
		Syntax: "collect [index=<index>] [addinfo=<bool>] [addtime=<bool>] [file=<string>] [marker=<string>] [testmode=<bool>] [host=<string>] [source=<string>] [sourcetype=<string>] [timeformat=<string>] ...",
		Doc:    "Adds the results to a summary index: writes them into the folder given with --collect-dir, where later searches read them back as that index.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &CollectCommand{Index: "summary", AddInfo: true, AddTime: true, Spool: true}
			opts, err := p.onlyOptions(collectOptions, "collect index=summary")
			if err != nil {
				return nil, err
			}
			for _, o := range opts {
				b, _ := ParseBool(o.Value)
				switch o.Key {
				case "index":
					c.Index = o.Value
				case "addinfo":
					c.AddInfo = b
				case "addtime":
					c.AddTime = b
				case "spool":
					c.Spool = b
				case "testmode":
					c.TestMode = b
				case "file":
					c.File = o.Value
				case "marker":
					c.Marker = o.Value
				case "host":
					c.Host = o.Value
				case "source":
					c.Source = o.Value
				case "sourcetype":
					c.Sourcetype = o.Value
				case "timeformat":
					c.TimeFormat = o.Value
				case "output_format":
					c.HEC = strings.EqualFold(o.Value, "hec")
				}
			}
			c.Options = opts
			c.Loc = p.loc()
			return c, nil
		},
	})
}

// onlyOptions reads a command made only of key=value options from set,
// each value checked; anything else is an error with example as hint.
func (p *cmdParser) onlyOptions(set optionSet, example string) ([]Option, error) {
	var opts []Option
	for !p.atEnd() {
		o, ok, err := p.knownOption(set)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, p.unexpected(p.peek(), "key=value").withHint("for example: " + example)
		}
		opts = append(opts, o)
	}
	return opts, nil
}
