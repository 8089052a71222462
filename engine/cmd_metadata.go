package engine

import (
	"math"
	"sort"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// metadata lists the hosts, sources or sourcetypes of the events of the
// indexes named, one row per value with "firstTime" (the earliest event
// time), "lastTime" (the latest), "recentTime" ("the indextime for the
// most recent time that the index saw an event": offline the index time
// is the event time, so lastTime), "totalCount" (the events), "type" (the
// type asked for) and the host, source or sourcetype column. Times are
// whole seconds, as bucket metadata keeps them [our choice]. Columns come
// in name order, case ignored (firstTime, host, lastTime, ...), and rows
// by value [UNCONFIRMED: the page shows its tables as images]. Without
// index= every index is read, as a leading search reads them (spelunk has
// no default index); index=* leaves out internal indexes (names starting
// with _), which index=_* selects. A time range has no effect offline:
// there is no time range picker, and the page forbids earliest/latest in
// the search string. At most 10,000 rows, limits.conf [metadata]
// maxresultrows, with a notice when rows are cut.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/metadata
func init() {
	registerGen("metadata", func(rc *runCtx, cmd spl.Command, next stage) (generator, error) {
		c := cmd.(*spl.MetadataCommand)
		if len(c.ServerGroups) > 0 {
			return nil, errAt(c.ServerGroups[0], "metadata: splunk_server_group is not supported: spelunk runs offline as one search head, in no server group")
		}
		if c.Datatype == "metric" {
			return nil, errAt(c.DatatypeOpt, "metadata: datatype=metric is not supported: spelunk keeps no metadata for metrics (mstats reads metrics files given with --data)")
		}
		return &metadataGen{rc: rc, cmd: c, next: next, index: indexMatcher(c.Indexes)}, nil
	})
}

// metadataMaxRows is limits.conf [metadata] maxresultrows.
const metadataMaxRows = 10000

type metadataGen struct {
	rc    *runCtx
	cmd   *spl.MetadataCommand
	next  stage
	index func(string) bool
	read  int
}

func (g *metadataGen) inputs() int { return g.read }

type metaStat struct {
	first, last float64
	count       int
}

func (g *metadataGen) generate() error {
	field := map[string]string{"hosts": "host", "sources": "source", "sourcetypes": "sourcetype"}[g.cmd.Type]
	stats := map[string]*metaStat{}
	server := g.cmd.Server == "" || wildcardMatchFold(g.cmd.Server, offlineServer)
	if server {
		err := eventsOfIndexes(g.rc, g.index, func(ev value.Fields) error {
			g.read++
			if !g.index(ev.Get("index").String()) {
				return nil
			}
			t, ok := ev.Get("_time").Number()
			for _, v := range ev.Get(field).Values() {
				s := v.String()
				st := stats[s]
				if st == nil {
					st = &metaStat{first: math.Inf(1), last: math.Inf(-1)}
					stats[s] = st
				}
				st.count++
				if ok {
					st.first, st.last = math.Min(st.first, t), math.Max(st.last, t)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	keys := make([]string, 0, len(stats))
	for k := range stats {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) > metadataMaxRows {
		g.rc.warn("metadata: %d %s; only the first %d are returned (limits.conf [metadata] maxresultrows)", len(keys), g.cmd.Type, metadataMaxRows)
		keys = keys[:metadataMaxRows]
	}
	b := &batcher{next: g.next}
	for _, k := range keys {
		st := stats[k]
		sec := func(t float64) value.Value {
			if math.IsInf(t, 0) {
				return value.Null
			}
			return value.Num(math.Floor(t))
		}
		row := value.Fields{
			{Name: "firstTime", Value: sec(st.first)},
			{Name: field, Value: value.Str(k)},
			{Name: "lastTime", Value: sec(st.last)},
			{Name: "recentTime", Value: sec(st.last)},
			{Name: "totalCount", Value: value.Num(float64(st.count))},
			{Name: "type", Value: value.Str(g.cmd.Type)},
		}
		sort.Slice(row, func(i, j int) bool { return strings.ToLower(row[i].Name) < strings.ToLower(row[j].Name) })
		if err := b.add(row); err != nil {
			return err
		}
	}
	if err := b.flush(); err != nil {
		return err
	}
	return g.next.finish()
}

// indexMatcher selects indexes by index= patterns, as metadata and
// eventcount take them: `*` is a wildcard and case is ignored; a pattern
// not starting with _ never selects an internal index (name starting
// with _): "To match non-internal indexes, use index=*. To match internal
// indexes, use index=_*". No pattern selects every index.
func indexMatcher(patterns []string) func(string) bool {
	if len(patterns) == 0 {
		return func(string) bool { return true }
	}
	return func(index string) bool {
		for _, p := range patterns {
			if strings.HasPrefix(index, "_") && !strings.HasPrefix(p, "_") {
				continue
			}
			if wildcardMatchFold(p, index) {
				return true
			}
		}
		return false
	}
}

// eventsOfIndexes calls fn with the events, leaving unread the
// partitions of events whose index match rules out.
func eventsOfIndexes(rc *runCtx, match func(string) bool, fn func(value.Fields) error) error {
	skip := func(p Partition) bool {
		if !p.Known("index") {
			return false
		}
		vals, missing, ok := p.Values("index")
		if !ok || missing && match("") {
			return false
		}
		for _, v := range vals {
			if match(v.String()) {
				return false
			}
		}
		return true
	}
	return scanEvents(rc, skip, fn)
}

// wildcardMatchFold matches s against a pattern whose `*` matches any
// text, ignoring case.
func wildcardMatchFold(pattern, s string) bool {
	_, ok := wildcardCaptures(strings.ToLower(s), strings.Split(strings.ToLower(pattern), "*"))
	return ok
}
