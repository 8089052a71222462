package spl

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// MakecontinuousCommand fills the gaps of an x-axis field with empty
// results:
//
//	makecontinuous [<field>] [bins=<int>] [span=<span>] [start=<num>] [end=<num>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/makecontinuous
type MakecontinuousCommand struct {
	Loc
	// Field is empty for the default, _time.
	Field FieldName
	// Bins is the most buckets an automatic span may make; 0 is unset.
	Bins int
	// BinSpan is the span= bucket size as written (10m, 100, 2log10);
	// empty is unset.
	BinSpan    string
	Start, End *float64
	// StartText and EndText print the numbers as written.
	StartText, EndText string
	// Binning is the options above read as bin reads them.
	Binning BinOptions
}

func (c *MakecontinuousCommand) CommandName() string { return "makecontinuous" }

// Target is the field made continuous.
func (c *MakecontinuousCommand) Target() string {
	if c.Field.Name == "" {
		return "_time"
	}
	return c.Field.Name
}

func (c *MakecontinuousCommand) String() string {
	parts := []string{"makecontinuous"}
	if c.Field.Name != "" {
		parts = append(parts, c.Field.String())
	}
	if c.Bins != 0 {
		parts = append(parts, "bins="+itoa(c.Bins))
	}
	if c.BinSpan != "" {
		parts = append(parts, "span="+c.BinSpan)
	}
	if c.Start != nil {
		parts = append(parts, "start="+c.StartText)
	}
	if c.End != nil {
		parts = append(parts, "end="+c.EndText)
	}
	return strings.Join(parts, " ")
}

// spanRe is the bins options' span: <span>[<timescale>] or
// [<num>]log[<num>].
var spanRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(?:\d+(?:\.\d+)?(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|mon|months?|us|ms|cs|ds)?|(?:\d+(?:\.\d+)?)?log(?:\d+(?:\.\d+)?)?)$`)
})

var makecontinuousOptions = optionSet{
	"bins": func(v string) string {
		if n, err := strconv.Atoi(v); err != nil || n < 1 {
			return "takes a whole number above 0"
		}
		return ""
	},
	"span": func(v string) string {
		if !spanRe().MatchString(v) {
			return "takes a span such as 10m, 1h, 100 or 2log10"
		}
		return ""
	},
	"start": optNumber,
	"end":   optNumber,
}

func init() {
	register(&CommandSpec{
		Name:   "makecontinuous",
		Syntax: "makecontinuous [<field>] [bins=<int>] [span=<span>] [start=<num>] [end=<num>]",
		Doc:    "Puts the field (default _time) into buckets as bin does, sorts the results by it and adds an empty result for each bucket with none, so the x-axis has no gaps.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &MakecontinuousCommand{Loc: p.loc()}
			for !p.atEnd() {
				o, ok, err := p.knownOption(makecontinuousOptions)
				if err != nil {
					return nil, err
				}
				if ok {
					if _, err := p.setBinOption(&c.Binning, "makecontinuous", o); err != nil {
						return nil, err
					}
					// bin runs log spans; makecontinuous's filling of the
					// buckets between does not step along them yet.
					if sp := c.Binning.Span; o.Key == "span" && sp != nil && sp.LogBase > 0 {
						return nil, optionErr("makecontinuous", o, "%s=%s: log spans are not supported yet", o.Key, o.Value)
					}
					switch o.Key {
					case "bins":
						c.Bins, _ = strconv.Atoi(o.Value)
					case "span":
						c.BinSpan = o.Value
					case "start":
						f, _ := parseNumber(o.Value)
						c.Start, c.StartText = &f, o.Value
					case "end":
						f, _ := parseNumber(o.Value)
						c.End, c.EndText = &f, o.Value
					}
					continue
				}
				t := p.peek()
				f, ok := p.field()
				if !ok || c.Field.Name != "" {
					return nil, p.unexpected(t, "bins=", "span=", "start=", "end=")
				}
				c.Field = f
			}
			if c.Start != nil && c.End != nil && *c.Start > *c.End {
				return nil, p.errorf(p.name, "start=%s is after end=%s", c.StartText, c.EndText)
			}
			return c, nil
		},
	})
}
