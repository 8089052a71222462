package runner

import "github.com/spelunk-dev/spelunk/spl"

// streams reports whether a search is run without loading its data into
// a store: one that starts with tstats over a data model reads each
// event once, to make the dataset's row, and keeps only the rows its
// where clause passes (datamodel.Stream). Anything in the search that
// wants events still gets them, from a store loaded then.
func streams(p *spl.Pipeline) bool {
	if len(p.Commands) == 0 {
		return false
	}
	ts, ok := p.Commands[0].(*spl.TstatsCommand)
	return ok && ts.Datamodel != "" && !ts.Prestats && !ts.Append
}
