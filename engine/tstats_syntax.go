package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
)

// tstats forms that parse but read what an offline run does not have: a
// tsidx namespace (FROM <namespace>, made by tscollect) and the PREFIX()
// directive, which reads terms of an index's lexicon. Each is an error at
// the text that asks for it, before anything runs.
func init() {
	// tstats append=true after another command adds its results to
	// the results before it (Search Reference, tstats, "append").
	registerStream("tstats", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.TstatsCommand)
		if err := tstatsOffline(c); err != nil {
			return nil, err
		}
		return nil, errAt(c, "tstats append=true after another command is not supported yet")
	})
}

// tstatsOffline returns the error for the first form of c that needs a
// live Splunk index, or nil.
func tstatsOffline(c *spl.TstatsCommand) error {
	if c.Namespace != "" {
		e := locErr(c.NamespaceLoc, "tstats: FROM "+c.Namespace+" reads a tsidx namespace, which is not supported offline")
		e.Hint = "read a data model instead: FROM datamodel=<model>.<dataset>"
		return e
	}
	var err error
	if c.Where != nil {
		spl.Walk(c.Where, func(n spl.Node) bool {
			if _, sub := n.(*spl.SearchSubsearch); sub || err != nil {
				return false
			}
			if cmp, ok := n.(*spl.SearchCompare); ok && spl.IsPrefixDirective(cmp.Field) {
				err = prefixError(cmp.Loc, cmp.Field)
			}
			return err == nil
		})
	}
	if err != nil {
		return err
	}
	for _, f := range c.By {
		if spl.IsPrefixDirective(f.Name) {
			return prefixError(f.Loc, f.Name)
		}
	}
	return nil
}

func prefixError(at spl.Loc, name string) error {
	return locErr(at, "tstats: "+name+" reads terms of the index lexicon, which is not supported offline")
}

func locErr(at spl.Loc, msg string) *spl.Error {
	return &spl.Error{Pos: at.Start, End: at.End, Msg: msg}
}
