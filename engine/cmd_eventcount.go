package engine

import (
	"sort"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// eventcount counts the events of the indexes named: one row with count,
// or with summarize=false one row per index with count, index, provider
// and server, by index name. Offline the provider and the server are both
// "local", the one search head (a local index has provider local, as the
// page's tables show). report_size=true adds size_bytes: offline there
// are no index files, so it is the bytes of the indexes' raw events (the
// page warns the figure "is not the same as the index size on disk").
// Only indexes holding events exist offline, so none has count 0. There
// are no virtual indexes nor federated providers, so list_vix and
// list_federated_remote change nothing. Without index= every index is
// counted (spelunk has no default index); index=* leaves out internal
// indexes, as for metadata. "Specifying a time range has no effect".
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/eventcount
func init() {
	registerGen("eventcount", func(rc *runCtx, cmd spl.Command, next stage) (generator, error) {
		c := cmd.(*spl.EventcountCommand)
		return &eventcountGen{rc: rc, cmd: c, next: next, index: indexMatcher(c.Indexes)}, nil
	})
}

type eventcountGen struct {
	rc    *runCtx
	cmd   *spl.EventcountCommand
	next  stage
	index func(string) bool
	read  int
}

func (g *eventcountGen) inputs() int { return g.read }

func (g *eventcountGen) generate() error {
	type tally struct{ count, size int }
	byIndex := map[string]*tally{}
	err := eventsOfIndexes(g.rc, g.index, func(ev value.Fields) error {
		g.read++
		ix := ev.Get("index").String()
		if !g.index(ix) {
			return nil
		}
		t := byIndex[ix]
		if t == nil {
			t = &tally{}
			byIndex[ix] = t
		}
		t.count++
		if g.cmd.ReportSize {
			t.size += len(ev.Get("_raw").String())
		}
		return nil
	})
	if err != nil {
		return err
	}
	num := func(n int) value.Value { return value.Num(float64(n)) }
	var rows []value.Fields
	if g.cmd.Summarize {
		total := tally{}
		for _, t := range byIndex {
			total.count += t.count
			total.size += t.size
		}
		row := value.Fields{{Name: "count", Value: num(total.count)}}
		if g.cmd.ReportSize {
			row = append(row, value.Field{Name: "size_bytes", Value: num(total.size)})
		}
		rows = append(rows, row)
	} else {
		names := make([]string, 0, len(byIndex))
		for ix := range byIndex {
			names = append(names, ix)
		}
		sort.Strings(names)
		for _, ix := range names {
			row := value.Fields{
				{Name: "count", Value: num(byIndex[ix].count)},
				{Name: "index", Value: value.Str(ix)},
				{Name: "provider", Value: value.Str(offlineServer)},
				{Name: "server", Value: value.Str(offlineServer)},
			}
			if g.cmd.ReportSize {
				row = append(row, value.Field{Name: "size_bytes", Value: num(byIndex[ix].size)})
			}
			rows = append(rows, row)
		}
	}
	if len(rows) > 0 {
		if err := g.next.push(rows); err != nil {
			return err
		}
	}
	return g.next.finish()
}
