package spl

import (
	"strconv"
	"strings"
)

// AutoregressCommand copies a field's values from earlier results into
// each result:
//
//	autoregress <field> [AS <newfield>] [p=<int> | p=<int>-<int>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/autoregress
type AutoregressCommand struct {
	Loc
	Field FieldName
	// As names the copy when P is one number; empty means <field>_p<num>.
	As string
	// From and To are the range of results back to copy from (equal for
	// p=<int>); default 1.
	From, To int
}

func (c *AutoregressCommand) CommandName() string { return "autoregress" }

func (c *AutoregressCommand) String() string {
	s := "autoregress " + c.Field.String() + asString(c.As)
	switch {
	case c.From != c.To:
		s += " p=" + itoa(c.From) + "-" + itoa(c.To)
	case c.From != 1:
		s += " p=" + itoa(c.From)
	}
	return s
}

// OutField is the field the value from n results back goes to.
func (c *AutoregressCommand) OutField(n int) string {
	if c.As != "" {
		return c.As
	}
	return c.Field.Name + "_p" + itoa(n)
}

func init() {
	register(&CommandSpec{
		Name:   "autoregress",
		Syntax: "autoregress <field> [AS <newfield>] [p=<int> | p=<int>-<int>]",
		Doc:    "Copies the field's value from the p-th result before (default 1), or from each of a range of results before, into newfield or <field>_p<num>.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &AutoregressCommand{Loc: p.loc(), From: 1, To: 1}
			var pOpt *Option
			readP := func() error {
				o, ok, err := p.knownOption(optionSet{"p": optAny})
				if err != nil || !ok {
					return err
				}
				pOpt = &o
				return p.autoregressP(o, c)
			}
			if err := readP(); err != nil {
				return nil, err
			}
			var err error
			if c.Field, c.As, err = p.fieldAs("autoregress count p=2-4"); err != nil {
				return nil, err
			}
			if err := readP(); err != nil {
				return nil, err
			}
			if err := p.expectEnd("AS", "p="); err != nil {
				return nil, err
			}
			if c.As != "" && c.From != c.To {
				return nil, &Error{Pos: pOpt.Start, End: pOpt.End, Msg: "autoregress: AS <newfield> takes a single p, not a range",
					Hint: "drop AS to get fields named " + c.Field.Name + "_p" + itoa(c.From) + " ... " + c.Field.Name + "_p" + itoa(c.To)}
			}
			return c, nil
		},
	})
}

// autoregressP reads p=<int> or p=<int>-<int>, each at least 1 and the
// range in increasing order.
func (p *cmdParser) autoregressP(o Option, c *AutoregressCommand) error {
	bad := func(msg string) error {
		return &Error{Pos: o.Start, End: o.End, Msg: "autoregress: p " + msg}
	}
	lo, hi, isRange := strings.Cut(o.Value, "-")
	a, err := strconv.Atoi(lo)
	if err != nil {
		return bad("takes a whole number or a range such as 2-4, not " + strconv.Quote(o.Value))
	}
	b := a
	if isRange {
		if b, err = strconv.Atoi(hi); err != nil {
			return bad("takes a whole number or a range such as 2-4, not " + strconv.Quote(o.Value))
		}
	}
	if a < 1 || b < 1 {
		return bad("must be at least 1")
	}
	if b < a {
		return bad("range must go from the lower number to the higher")
	}
	c.From, c.To = a, b
	return nil
}
