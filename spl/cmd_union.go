package spl

import "strings"

// UnionCommand merges the results of two or more datasets:
//
//	union [maxtime=<int>] [maxout=<int>] [timeout=<int>] <dataset> [<dataset>...]
//
// A dataset is a subsearch, or a named dataset (datamodel:..., savedsearch:...,
// inputlookup:...), which spelunk parses but cannot read.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/union
type UnionCommand struct {
	Loc
	Options []Option // as written, for String
	// MaxOut is maxout= (0: the run's default for subsearches).
	MaxOut   int
	Datasets []UnionDataset
}

// UnionDataset is one dataset: a subsearch, or a name (Sub nil).
type UnionDataset struct {
	Loc
	Sub  *Subsearch
	Name string
}

func (c *UnionCommand) CommandName() string { return "union" }

func (c *UnionCommand) String() string {
	parts := []string{"union"}
	if len(c.Options) > 0 {
		parts = append(parts, optionsString(c.Options))
	}
	for _, d := range c.Datasets {
		if d.Sub != nil {
			parts = append(parts, d.Sub.String())
		} else {
			parts = append(parts, word(d.Name))
		}
	}
	return strings.Join(parts, " ")
}

var unionOptions = optionSet{"maxtime": optIntIn(0, 1<<31-1), "maxout": optIntIn(0, 1<<31-1), "timeout": optIntIn(0, 1<<31-1)}

func init() {
	register(&CommandSpec{
		Name:   "union",
		Syntax: "union [maxout=<int>] <subsearch> [<subsearch>...]",
		Doc:    "Merges the results of the subsearches (and, after another command, the results so far).",
		Parse: func(p *cmdParser) (Command, error) {
			c := &UnionCommand{}
			for !p.atEnd() {
				o, ok, err := p.knownOption(unionOptions)
				if err != nil {
					return nil, err
				}
				if ok {
					if o.Key == "maxout" {
						c.MaxOut = intOf(o)
					}
					c.Options = append(c.Options, o)
					continue
				}
				t := p.next()
				switch t.kind {
				case tComma:
				case tSubsearch:
					sub, err := p.subsearch(t)
					if err != nil {
						return nil, err
					}
					c.Datasets = append(c.Datasets, UnionDataset{Loc: sub.Loc, Sub: sub})
				case tWord, tString:
					c.Datasets = append(c.Datasets, UnionDataset{Loc: Loc{Start: t.pos, End: t.end}, Name: t.val})
				default:
					return nil, p.unexpected(t, "a subsearch in [ ]", "a dataset name")
				}
			}
			if len(c.Datasets) == 0 || (p.first && len(c.Datasets) < 2) {
				return nil, p.errorf(p.name, "needs two datasets to merge (one after another command)").withHint("for example: | union [search index=a] [search index=b]")
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}
