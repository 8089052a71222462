package engine

import (
	"sort"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

func init() {
	registerGen("multisearch", func(rc *runCtx, cmd spl.Command, next stage) (generator, error) {
		return &multisearchGen{rc: rc, cmd: cmd.(*spl.MultisearchCommand), next: next}, nil
	})
}

// multisearch runs each subsearch and merges the results newest first,
// as a search over several indexes returns them [UNCONFIRMED order for
// equal times: subsearch order].
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/multisearch
type multisearchGen struct {
	rc   *runCtx
	cmd  *spl.MultisearchCommand
	next stage
}

func (g *multisearchGen) generate() error {
	var all []value.Fields
	for _, sub := range g.cmd.Subs {
		for _, c := range sub.Pipeline.Commands {
			if !streamingCommands[c.CommandName()] {
				return errAt(c, "multisearch: %s is not a streaming command; multisearch subsearches may use only streaming commands (search, eval, where, rex, fields, rename...)", c.CommandName())
			}
		}
		rows, err := g.rc.runSearch("multisearch", sub, sub.Pipeline)
		if err != nil {
			return err
		}
		all = append(all, rows...)
	}
	sort.SliceStable(all, func(i, j int) bool { return rowTime(all[i]) > rowTime(all[j]) })
	return emitAll(g.next, all)
}

// streamingCommands are the commands multisearch accepts.
var streamingCommands = map[string]bool{
	"search": true, "where": true, "eval": true, "rex": true, "regex": true, "rename": true,
	"fields": true, "table": true, "fillnull": true, "lookup": true, "spath": true, "makemv": true,
	"mvexpand": true, "convert": true, "replace": true, "bin": true, "iplocation": true, "xmlkv": true,
	"setfields": true, "xmlunescape": true, "xpath": true, "outputtext": true, "reltime": true, "scrub": true,
	"highlight": true, "iconify": true, "multikv": true,
}
