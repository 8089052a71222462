package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// Subsearches. A subsearch [...] is a whole pipeline run against the
// same Source before its command uses the rows. Splunk caps what a
// subsearch returns: join at [join] subsearch_maxout (50,000), append at
// its maxout (50,000), a subsearch in search terms at [subsearch] maxout
// (10,000); see Limits. The 60 s maxtime does not apply offline. spelunk
// cuts at the same count and says so.
// https://help.splunk.com/en/splunk-enterprise/search/search-manual/9.4/subsearches/about-subsearches

// maxSubsearchDepth stops subsearches nested absurdly deep (map inside
// map inside map...).
const maxSubsearchDepth = 16

// child returns a context for a nested pipeline.
func (rc *runCtx) child(at spl.Node) (*runCtx, error) {
	if rc.depth >= maxSubsearchDepth {
		return nil, errAt(at, "subsearches are nested more than %d deep", maxSubsearchDepth)
	}
	c := *rc
	c.depth++
	// A subsearch's rows are not the main pipeline's: its commands would
	// count into the trace slots of the outer commands.
	c.trace = nil
	return &c, nil
}

// runPipeline runs a pipeline whose first command generates rows (a
// search over the events, tstats, inputlookup) and returns its rows: the
// first maxOut (0: no limit), and how many it made in all.
func (rc *runCtx) runPipeline(at spl.Node, p *spl.Pipeline, maxOut int) ([]value.Fields, int, error) {
	c, err := rc.child(at)
	if err != nil {
		return nil, 0, err
	}
	sink := &limitedCollector{max: maxOut}
	gen, err := build(c, p, sink)
	if err != nil {
		return nil, 0, err
	}
	if err := gen.generate(); err != nil {
		return nil, 0, err
	}
	return sink.rows, sink.total(), nil
}

// checkPipeline builds a pipeline without running it: the errors a
// search it is not worth running would still give before its first row.
func (rc *runCtx) checkPipeline(at spl.Node, p *spl.Pipeline) error {
	c, err := rc.child(at)
	if err != nil {
		return err
	}
	_, err = build(c, p, &collector{})
	return err
}

// writes reports whether a pipeline, or one nested in it, has a command
// that writes something (a lookup file), which must run even when its
// rows are not needed.
func writes(p *spl.Pipeline) bool {
	found := false
	spl.Walk(p, func(n spl.Node) bool {
		if c, ok := n.(spl.Command); ok {
			switch c.CommandName() {
			case "outputlookup", "outputcsv", "collect", "tscollect", "mcollect", "meventcollect", "sendemail", "sendalert":
				found = true
			}
		}
		return !found
	})
	return found
}

// runSubsearch runs a subsearch and keeps its first maxOut rows (0: no
// limit), naming cmd and flag (the command line flag that changes the
// limit) in the notice when rows are cut.
func (rc *runCtx) runSubsearch(cmd string, s *spl.Subsearch, maxOut int, flag string) ([]value.Fields, error) {
	rows, total, err := rc.runPipeline(s, s.Pipeline, maxOut)
	if err != nil {
		return nil, err
	}
	if total > len(rows) {
		rc.warn("%s: the subsearch returned %d results; only the first %d are used (Splunk's subsearch limit, %s)", cmd, total, len(rows), flag)
	}
	return rows, nil
}

// runSearch runs a whole nested search (map's, multisearch's) under the
// result limit of a search, naming cmd in the notice when rows are cut.
func (rc *runCtx) runSearch(cmd string, at spl.Node, p *spl.Pipeline) ([]value.Fields, error) {
	rows, total, err := rc.runPipeline(at, p, rc.limits.MaxResults)
	if err != nil {
		return nil, err
	}
	if total > len(rows) {
		rc.warn("%s: a search returned %d results; only the first %d are kept (--max-results)", cmd, total, len(rows))
	}
	return rows, nil
}

// runOver runs the commands of p as streaming stages over rows (the
// subpipeline of appendpipe): its first command does not generate but
// receives the rows.
func (rc *runCtx) runOver(at spl.Node, p *spl.Pipeline, rows []value.Fields) ([]value.Fields, error) {
	c, err := rc.child(at)
	if err != nil {
		return nil, err
	}
	sink := &collector{}
	var next stage = sink
	for i := len(p.Commands) - 1; i >= 0; i-- {
		cmd := p.Commands[i]
		if i == 0 && cmd.CommandName() == "search" {
			if sc, ok := cmd.(*spl.SearchCommand); ok && sc.Expr == nil {
				// [search] with nothing: the rows as they are.
				continue
			}
		}
		b, ok := builders[cmd.CommandName()]
		if !ok || b.stream == nil {
			if ok {
				return nil, errAt(cmd, "%s cannot run over the current results inside a subpipeline", cmd.CommandName())
			}
			return nil, notSupported(cmd, false)
		}
		st, err := b.stream(c, cmd, next)
		if err != nil {
			return nil, err
		}
		next = st
	}
	if len(rows) > 0 {
		if err := next.push(rows); err != nil {
			return nil, err
		}
	}
	if err := next.finish(); err != nil {
		return nil, err
	}
	return sink.rows, nil
}

// parseRuntime parses search text built while the search runs (map),
// expanding macros first.
func (rc *runCtx) parseRuntime(at spl.Node, text string) (*spl.Pipeline, error) {
	if rc.expand != nil {
		x, err := rc.expand(text)
		if err != nil {
			return nil, errAt(at, "in the search %q: %v", text, err)
		}
		text = x
	}
	p, err := spl.Parse(text)
	if err != nil {
		return nil, errAt(at, "in the search %q: %v", text, err)
	}
	return p, nil
}

// emitAll pushes rows in batches and finishes next.
func emitAll(next stage, rows []value.Fields) error {
	for len(rows) > 0 {
		n := min(len(rows), batchSize)
		if err := next.push(rows[:n]); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return next.finish()
}
