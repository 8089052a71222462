package runner

import "github.com/spelunk-dev/spelunk/spl"

// makesRows are the commands that start a pipeline with rows of their own,
// reading no event.
var makesRows = map[string]bool{
	"makeresults": true, "rest": true, "inputcsv": true, "inputlookup": true, "gentimes": true,
}

// readsOtherwise are the commands that read the events wherever they stand.
var readsOtherwise = map[string]bool{"map": true, "metadata": true, "eventcount": true}

// NeedsData reports whether running p reads the data at all: it does not
// when its pipeline and every subsearch's start with a command that makes
// its own rows (makeresults, inputlookup, ...) and no command reads the
// events some other way (map, metadata, eventcount). Such a search over
// gigabytes of logs need not load them.
func NeedsData(p *spl.Pipeline) bool {
	if p == nil || len(p.Commands) == 0 || !makesRows[p.Commands[0].CommandName()] {
		return true
	}
	// appendpipe's subpipeline runs over the rows so far, not the events.
	overRows := map[*spl.Subsearch]bool{}
	spl.Walk(p, func(n spl.Node) bool {
		if a, ok := n.(*spl.AppendpipeCommand); ok {
			overRows[a.Sub] = true
		}
		return true
	})
	needs := false
	spl.Walk(p, func(n spl.Node) bool {
		switch n := n.(type) {
		case *spl.Subsearch:
			if !overRows[n] && (n.Pipeline == nil || len(n.Pipeline.Commands) == 0 || !makesRows[n.Pipeline.Commands[0].CommandName()]) {
				needs = true
			}
		case spl.Command:
			if readsOtherwise[n.CommandName()] {
				needs = true
			}
		}
		return !needs
	})
	return needs
}

// ReadsData reports whether Run reads Config.Data for s: there is data,
// and the search needs it (NeedsData), or Strict must judge it first, or
// a collect folder's events are searched with it.
func (r *Runner) ReadsData(s *Search) bool {
	return len(r.cfg.Data) > 0 && (NeedsData(s.Pipeline) || r.cfg.Strict || r.cfg.CollectDir != "")
}
