package spl

import "strings"

// AppendpipeCommand runs a subpipeline over the current results and adds
// its output after them:
//
//	appendpipe [run_in_preview=<bool>] [<subpipeline>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/appendpipe
type AppendpipeCommand struct {
	Loc
	Options      []Option // as written, for String
	RunInPreview bool     // run_in_preview= (default true)
	Sub          *Subsearch
}

func (c *AppendpipeCommand) CommandName() string { return "appendpipe" }

func (c *AppendpipeCommand) String() string {
	if len(c.Options) > 0 {
		return "appendpipe " + optionsString(c.Options) + " " + c.Sub.String()
	}
	return "appendpipe " + c.Sub.String()
}

func init() {
	register(&CommandSpec{
		Name:   "appendpipe",
		Syntax: "appendpipe [<subpipeline>]",
		Doc:    "Runs the commands in brackets over the current results and appends what they return.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, sub, err := p.subsearchArgsWith(map[string]bool{"run_in_preview": true}, p.subpipeline)
			if err != nil {
				return nil, err
			}
			c := &AppendpipeCommand{Loc: p.loc(), Options: opts, RunInPreview: true, Sub: sub}
			for _, o := range opts {
				if c.RunInPreview, err = p.boolOption(o); err != nil {
					return nil, err
				}
			}
			return c, nil
		},
	})
}

// subpipeline parses a [ ... ] token whose first command is a command,
// not search terms: appendpipe [stats count] runs stats over the
// current results.
func (p *cmdParser) subpipeline(t token) (*Subsearch, error) {
	base := t.pos + 1
	segs, serr := splitPipeline(t.val, base)
	if serr != nil {
		return nil, ErrorList{serr}
	}
	if len(segs) > 1 && strings.TrimSpace(segs[0].text) == "" {
		segs = segs[1:]
	}
	pl := &Pipeline{Loc: Loc{Start: base, End: base + len(t.val)}}
	var errs ErrorList
	for i, seg := range segs {
		cmd, err := parseCommand(p.all, seg, i == 0, false)
		if err != nil {
			errs = append(errs, err...)
			continue
		}
		pl.Commands = append(pl.Commands, cmd)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(pl.Commands) == 0 {
		return nil, p.errorf(t, "empty subpipeline")
	}
	return &Subsearch{Loc: Loc{Start: t.pos, End: t.end}, Pipeline: pl}, nil
}
