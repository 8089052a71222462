package runner

import "github.com/spelunk-dev/spelunk/spl"

// streams reports whether a search is run without loading its data into
// a store (stream.Source): one that starts with a search reads the
// files once, each event filtered as it is made, and keeps only the
// events that pass; one that starts with tstats over a data model keeps
// only the rows its where clause passes. A search that would read the
// events more than once (a subsearch or map that searches them, a
// dataset's events for from or datamodel, which the stream gets from a
// store it loads) is run over a store, read once.
func streams(p *spl.Pipeline) bool {
	if len(p.Commands) == 0 {
		return false
	}
	switch c := p.Commands[0].(type) {
	case *spl.SearchCommand:
		return !rereads(p)
	case *spl.TstatsCommand:
		return c.Datamodel != "" && !c.Prestats && !c.Append
	}
	return false
}

// rereads reports whether a pipeline reads the events again after its
// first command has: a subsearch that starts by reading them, map (whose
// searches run once per row), or from and datamodel.
func rereads(p *spl.Pipeline) bool {
	again := false
	for i, c := range p.Commands {
		spl.Walk(c, func(n spl.Node) bool {
			switch n := n.(type) {
			case *spl.Subsearch:
				if n.Pipeline != nil && len(n.Pipeline.Commands) > 0 {
					switch n.Pipeline.Commands[0].CommandName() {
					case "search", "tstats", "from", "datamodel", "multisearch":
						again = true
					}
				}
			case spl.Command:
				switch n.CommandName() {
				case "map", "from", "datamodel":
					again = again || i > 0
				}
			}
			return !again
		})
	}
	return again
}
