package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// `| from datamodel:M.D` and `| datamodel M D search` return the events
// of a dataset: every search-time field of the event as it is, plus the
// dataset's fields (as the data model computes them) named
// <Object>.<field>, e.g. Web.url; `| datamodel M D flat` gives the
// dataset's fields unprefixed instead, replacing event fields of the same
// name. `| from datamodel` is read as the search mode [UNCONFIRMED:
// security_content uses it only with fields that the events carry too].
// `| from lookup:NAME` is `| inputlookup NAME`.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/from
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/datamodel
func init() {
	registerGen("from", func(rc *runCtx, cmd spl.Command, next stage) (generator, error) {
		c := cmd.(*spl.FromCommand)
		switch c.Kind {
		case "datamodel":
			return newDatasetGen(rc, c, c.Name, false, next)
		case "lookup", "inputlookup":
			il, err := newInputlookup(rc, &spl.InputlookupCommand{Loc: c.Loc, Table: c.Name})
			if err != nil {
				return nil, err
			}
			return &inputlookupGen{il: il, next: next}, nil
		}
		return nil, errAt(c, "from %s: datasets of type %s are not supported yet (use datamodel: or lookup:)", c.Kind, c.Kind)
	})
	registerGen("datamodel", func(rc *runCtx, cmd spl.Command, next stage) (generator, error) {
		c := cmd.(*spl.DatamodelCommand)
		switch {
		case c.Mode == "search" || c.Mode == "flat":
		case c.Mode == "acceleration_search":
			return nil, errAt(c, "datamodel: acceleration_search is not supported; use search or flat")
		default:
			return nil, errAt(c, "datamodel: describing a data model (JSON output) is not supported; add a dataset and search, e.g. | datamodel Endpoint Processes search")
		}
		if c.Model == "" || c.Dataset == "" {
			return nil, errAt(c, "datamodel: name the data model and the dataset, e.g. | datamodel Endpoint Processes %s", c.Mode)
		}
		name := c.Model + "." + c.Dataset
		if strings.Contains(c.Dataset, ".") {
			name = c.Dataset
		}
		return newDatasetGen(rc, c, name, c.Mode == "flat", next)
	})
}

type datasetGen struct {
	rc   *runCtx
	ds   Dataset
	flat bool
	next stage
}

func newDatasetGen(rc *runCtx, at spl.Node, name string, flat bool, next stage) (generator, error) {
	ds, err := rc.src.Dataset(name)
	if err != nil {
		return nil, errAt(at, "%v", err)
	}
	return &datasetGen{rc: rc, ds: ds, flat: flat, next: next}, nil
}

var datasetBaseFields = map[string]bool{"_time": true, "host": true, "source": true, "sourcetype": true, "index": true}

func (g *datasetGen) generate() error {
	b := &batcher{next: g.next}
	prefix := g.ds.Object() + "."
	err := g.ds.Events(g.rc.ctx, func(ev, row value.Fields) error {
		for _, f := range row {
			if datasetBaseFields[f.Name] {
				continue
			}
			if g.flat {
				ev.Set(f.Name, f.Value)
			} else {
				ev.Set(prefix+f.Name, f.Value)
			}
		}
		return b.add(ev)
	})
	if err != nil {
		return err
	}
	if err := b.flush(); err != nil {
		return err
	}
	return g.next.finish()
}
