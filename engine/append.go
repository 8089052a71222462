package engine

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/spelunk-dev/spelunk/engine/value"
	"github.com/spelunk-dev/spelunk/spl"
)

// append passes the results through, then adds the subsearch's results
// (at most maxout, default 50,000).
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/append
func init() {
	registerStream("append", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.AppendCommand)
		maxOut := 0
		if v, ok := optionString(c.Options, "maxout"); ok {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return nil, errAt(c, "append: maxout=%s must be a whole number", v)
			}
			maxOut = n
		}
		return &appendStage{rc: rc, cmd: c, next: next, maxOut: maxOut}, nil
	})
	registerStream("appendpipe", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		return &appendpipeStage{rc: rc, cmd: cmd.(*spl.AppendpipeCommand), next: next}, nil
	})
	registerStream("map", buildMap)
	registerGen("multisearch", func(rc *runCtx, cmd spl.Command, next stage) (generator, error) {
		return &multisearchGen{rc: rc, cmd: cmd.(*spl.MultisearchCommand), next: next}, nil
	})
}

type appendStage struct {
	rc     *runCtx
	cmd    *spl.AppendCommand
	next   stage
	maxOut int
}

func (s *appendStage) push(rows []value.Fields) error { return s.next.push(rows) }

func (s *appendStage) finish() error {
	rows, err := s.rc.runSubsearch("append", s.cmd.Sub, s.maxOut)
	if err != nil {
		return err
	}
	return emitAll(s.next, rows)
}

// appendpipe passes the results through and keeps a copy; when they end,
// it runs its subpipeline over the copy and adds what that returns
// (Search Reference, appendpipe: "run against the current results").
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/appendpipe
type appendpipeStage struct {
	rc   *runCtx
	cmd  *spl.AppendpipeCommand
	next stage
	kept []value.Fields
}

func (s *appendpipeStage) push(rows []value.Fields) error {
	for _, r := range rows {
		s.kept = append(s.kept, r.Clone())
	}
	return s.next.push(rows)
}

func (s *appendpipeStage) finish() error {
	rows, err := s.rc.runOver(s.cmd.Sub, s.cmd.Sub.Pipeline, s.kept)
	s.kept = nil
	if err != nil {
		return err
	}
	return emitAll(s.next, rows)
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

var mapToken = regexp.MustCompile(`\$([^$\s]+)\$`)

func buildMap(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
	c := cmd.(*spl.MapCommand)
	s := &mapSearchStage{rc: rc, cmd: c, next: next, max: 10}
	if v, ok := optionString(c.Options, "maxsearches"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, errAt(c, "map: maxsearches=%s must be a whole number above 0", v)
		}
		s.max = n
	}
	return s, nil
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
		q := mapToken.ReplaceAllStringFunc(text, func(tok string) string {
			return strings.Join(r.Get(tok[1:len(tok)-1]).Strings(), " ")
		})
		p, err := s.rc.parseRuntime(s.cmd, q)
		if err != nil {
			return err
		}
		rows, err := s.rc.runPipeline(s.cmd, p)
		if err != nil {
			return err
		}
		out = append(out, rows...)
	}
	s.input = nil
	return emitAll(s.next, out)
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
		rows, err := g.rc.runPipeline(sub, sub.Pipeline)
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
}
