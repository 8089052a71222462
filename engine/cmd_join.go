package engine

import (
	"sort"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// join adds to each result the fields of the subsearch results whose join
// fields hold the same values (Search Reference, join; docs/SEMANTICS.md §16):
//
//   - type=inner (default) drops results with no match; left and outer
//     keep them unchanged.
//   - max=1 (default) joins only the first matching subsearch result, in
//     subsearch order; max=N the first N, each giving its own row; max=0
//     all of them.
//   - overwrite=true (default): subsearch fields replace the result's
//     fields of the same name; false keeps the result's.
//   - Values compare case-sensitively, as text; a result missing a join
//     field matches nothing. Without a field list, the fields common to
//     both result sets are used.
//   - usetime=true keeps only subsearch results earlier (earlier=true,
//     the default) or later than the result.
//   - The subsearch is limited to 50,000 results ([join] subsearch_maxout;
//     see Limits).
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/join
func init() {
	registerStream("join", buildJoin)
}

type joinStage struct {
	rc        *runCtx
	cmd       *spl.JoinCommand
	next      stage
	fields    []string
	inner     bool
	max       int
	overwrite bool
	usetime   bool
	earlier   bool

	loaded  bool
	loadErr error
	sub     []value.Fields
	index   map[string][]int
	held    []value.Fields // rows waiting for the common fields
	// leftFields are the join fields of the results when they differ
	// from those of the subsearch (fields): left=/right= aliases.
	leftFields []string
}

func buildJoin(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
	c := cmd.(*spl.JoinCommand)
	s := &joinStage{rc: rc, cmd: c, next: next, inner: c.Type == "inner", max: c.Max,
		overwrite: c.Overwrite, usetime: c.UseTime, earlier: c.Earlier, fields: fieldNames(c.Fields)}
	for _, on := range c.On {
		s.leftFields = append(s.leftFields, c.Left+"."+on.LeftField)
		s.fields = append(s.fields, c.Right+"."+on.RightField)
	}
	return s, nil
}

// aliased prefixes the fields of rows with alias and a dot, as join's
// left= and right= name every field of their side in the results
// (Search Reference, join: "left ... right: the alias to use with the
// dataset"). Internal fields (_time, _raw) keep their names [choice].
func aliased(rows []value.Fields, alias string) []value.Fields {
	if alias == "" {
		return rows
	}
	for i, r := range rows {
		out := make(value.Fields, 0, len(r))
		for _, f := range r {
			if !strings.HasPrefix(f.Name, "_") {
				f.Name = alias + "." + f.Name
			}
			out = append(out, f)
		}
		rows[i] = out
	}
	return rows
}

// load runs the subsearch once, when the first rows arrive.
func (s *joinStage) load() error {
	if !s.loaded {
		s.loaded = true
		s.sub, s.loadErr = s.rc.runSubsearch("join", s.cmd.Sub, s.rc.limits.JoinMaxOut, "--join-maxout")
		s.sub = aliased(s.sub, s.cmd.Right)
	}
	return s.loadErr
}

// discardsAll implements discarder: an inner join whose subsearch found
// nothing drops every result (joinRows keeps no row without a match).
// Splunk runs a subsearch before the search it is in (Search Manual,
// "About subsearches"), so running it before the results come is its
// order too; an error is kept for the first push or finish to return.
func (s *joinStage) discardsAll() bool {
	if !s.inner {
		return false
	}
	return s.load() == nil && len(s.sub) == 0
}

func (s *joinStage) buildIndex() {
	s.index = map[string][]int{}
	for i, r := range s.sub {
		if k, ok := joinKey(r, s.fields); ok {
			s.index[k] = append(s.index[k], i)
		}
	}
}

// joinKey encodes the join values of a row; false when one is missing.
func joinKey(r value.Fields, fields []string) (string, bool) {
	var b strings.Builder
	for _, f := range fields {
		v := r.Get(f)
		if v.IsNull() {
			return "", false
		}
		b.WriteString(v.String())
		b.WriteByte(0)
	}
	return b.String(), true
}

func (s *joinStage) push(rows []value.Fields) error {
	if err := s.load(); err != nil {
		return err
	}
	rows = aliased(rows, s.cmd.Left)
	if len(s.fields) == 0 {
		// The common fields are known only once all results are in.
		s.held = append(s.held, rows...)
		return nil
	}
	if s.index == nil {
		s.buildIndex()
	}
	out := s.joinRows(rows)
	if len(out) == 0 {
		return nil
	}
	return s.next.push(out)
}

func (s *joinStage) joinRows(rows []value.Fields) []value.Fields {
	var out []value.Fields
	keys := s.fields
	if s.leftFields != nil {
		keys = s.leftFields
	}
	for _, r := range rows {
		k, ok := joinKey(r, keys)
		var matches []int
		if ok {
			matches = s.index[k]
		}
		if s.usetime {
			matches = s.timeFilter(r, matches)
		}
		if len(matches) == 0 {
			if !s.inner {
				out = append(out, r)
			}
			continue
		}
		if s.max > 0 && len(matches) > s.max {
			matches = matches[:s.max]
		}
		for i, m := range matches {
			row := r
			if i < len(matches)-1 {
				row = r.Clone()
			}
			out = append(out, s.merge(row, s.sub[m]))
		}
	}
	return out
}

func (s *joinStage) timeFilter(r value.Fields, matches []int) []int {
	t := rowTime(r)
	var kept []int
	for _, m := range matches {
		st := rowTime(s.sub[m])
		if (s.earlier && st <= t) || (!s.earlier && st >= t) {
			kept = append(kept, m)
		}
	}
	return kept
}

func (s *joinStage) merge(r, sub value.Fields) value.Fields {
	for _, f := range sub {
		if f.Value.IsNull() {
			continue
		}
		if !s.overwrite {
			if v, ok := r.Lookup(f.Name); ok && !v.IsNull() {
				continue
			}
		}
		r.Set(f.Name, f.Value)
	}
	return r
}

func (s *joinStage) finish() error {
	if !s.loaded && len(s.held) == 0 && !writes(s.cmd.Sub.Pipeline) {
		// No result came, so none can be joined and the subsearch's
		// rows would change nothing (seconds for a tstats grouping a
		// large dataset). Splunk would have run it first; it is still
		// built, so that a search it could not run fails as it would.
		s.loaded = true
		return s.rc.checkPipeline(s.cmd.Sub, s.cmd.Sub.Pipeline)
	}
	if err := s.load(); err != nil {
		return err
	}
	if len(s.fields) == 0 {
		s.fields = commonFields(s.held, s.sub)
		if len(s.fields) == 0 {
			s.rc.warn("join: the results and the subsearch have no field in common; nothing joins")
		}
		s.buildIndex()
		if len(s.fields) == 0 {
			s.index = map[string][]int{}
		}
		out := s.joinRows(s.held)
		s.held = nil
		return emitAll(s.next, out)
	}
	return s.next.finish()
}

// commonFields lists the fields that occur in both result sets, in
// sorted order.
func commonFields(a, b []value.Fields) []string {
	inA := map[string]bool{}
	for _, r := range a {
		for _, f := range r {
			inA[f.Name] = true
		}
	}
	seen := map[string]bool{}
	var out []string
	for _, r := range b {
		for _, f := range r {
			if inA[f.Name] && !seen[f.Name] {
				seen[f.Name] = true
				out = append(out, f.Name)
			}
		}
	}
	sort.Strings(out)
	return out
}
