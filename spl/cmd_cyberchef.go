package spl

// CyberchefCommand runs CyberChef operations on a field. It is a custom
// command of the "CyberChef for Splunk" add-on, not part of Splunk:
//
//	cyberchef infield=<field> outfield=<field> (operation=<name> | jsonrecipe=<json> | recipe=<name>) ...
//
// Its arguments reach the add-on as Splunk splits a custom command's
// arguments (at spaces outside quotes), so spelunk keeps them as written:
// security_content passes a JSON recipe whose inner quotes are not
// escaped, which only round-trips verbatim.
// https://splunkbase.splunk.com/app/5348
type CyberchefCommand struct {
	Loc
	Args []RawArg
}

func (c *CyberchefCommand) CommandName() string { return "cyberchef" }

func (c *CyberchefCommand) String() string {
	if len(c.Args) == 0 {
		return "cyberchef"
	}
	return "cyberchef " + rawArgsString(c.Args)
}

func init() {
	register(&CommandSpec{
		Name:   "cyberchef",
		Syntax: "cyberchef infield=<field> outfield=<field> (operation=<name> | jsonrecipe=<json>) ...",
		Doc:    "CyberChef for Splunk add-on command (third-party); arguments kept as written, not run offline.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &CyberchefCommand{Args: p.rawArgs()}
			if len(c.Args) == 0 {
				return nil, p.errorf(p.name, "missing arguments").withHint(`for example: cyberchef infield="x" outfield="y" operation="FromBase64"`)
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}
