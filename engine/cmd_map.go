package engine

import (
	"regexp"
	"strings"
	"sync"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

func init() {
	registerStream("map", buildMap)
}

// map runs its search once per input result, at most maxsearches times
// (default 10; more results are left out with a notice), replacing each
// $field$ with that result's value (multivalue values joined by a space;
// a missing field by nothing [UNCONFIRMED]). Its output is the
// concatenation of the searches' results; the input results are not
// kept. Macros in the text are expanded after the substitution.
// https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.0.2503/search-commands/map
type mapSearchStage struct {
	rc    *runCtx
	cmd   *spl.MapCommand
	next  stage
	max   int
	input []value.Fields
}

var mapToken = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\$([^$\s]+)\$`) })

func buildMap(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
	c := cmd.(*spl.MapCommand)
	return &mapSearchStage{rc: rc, cmd: c, next: next, max: c.MaxSearches}, nil
}

func (s *mapSearchStage) push(rows []value.Fields) error {
	s.input = append(s.input, rows...)
	return nil
}

func (s *mapSearchStage) finish() error {
	text := s.cmd.Search
	if s.cmd.Sub != nil {
		text = s.cmd.Sub.Pipeline.String()
	}
	if len(s.input) > s.max {
		s.rc.warn("map: %d results but maxsearches=%d; the searches for the other %d were not run", len(s.input), s.max, len(s.input)-s.max)
		s.input = s.input[:s.max]
	}
	var out []value.Fields
	for _, r := range s.input {
		q := mapToken().ReplaceAllStringFunc(text, func(tok string) string {
			return strings.Join(r.Get(tok[1:len(tok)-1]).Strings(), " ")
		})
		p, err := s.rc.parseRuntime(s.cmd, q)
		if err != nil {
			return err
		}
		rows, err := s.rc.runSearch("map", s.cmd, p)
		if err != nil {
			return err
		}
		out = append(out, rows...)
	}
	s.input = nil
	return emitAll(s.next, out)
}
