package hunt

import (
	"slices"
	"strings"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/index"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// A hunt over an index folder reads less than one over log files: the
// datasets tstats reads come from the index's data model summaries when
// they were built with the hunt's knowledge, and of the events only those
// some leading search's stored columns may pass are made and sieved; the
// others are counted from their stored sourcetype, source and separator
// columns.

// summaries is what an index folder's summaries serve in a hunt.
type summaries struct {
	src *index.Source
	// served are the datasets tstats reads from their summary; empty the
	// datasets read whole whose summary, fresh, has no row: no event of
	// the index belongs to them.
	served, empty map[string]bool
}

// newSummaries works out what the summaries of src serve for plans,
// second being the plans of the detections that run after the risk
// events are added (whose datasets are built from the events, risk
// events included).
func newSummaries(src *index.Source, b *datamodel.Base, plans, second []reads) *summaries {
	sm := &summaries{src: src, served: map[string]bool{}, empty: map[string]bool{}}
	status := src.Manifest().SummaryStatus(b)
	// late are the datasets built from the events: those the second
	// round reads, and those read whole that have rows.
	late := map[string]bool{}
	full := func(name string) string {
		def, err := b.LookupDataset(name)
		if err != nil {
			return ""
		}
		return def.Name()
	}
	for _, p := range second {
		for _, name := range append(append([]string(nil), p.datasets...), p.whole...) {
			late[full(name)] = true
		}
	}
	for _, p := range plans {
		for _, name := range p.whole {
			late[full(name)] = late[full(name)] || src.SummaryRows(full(name)) > 0
		}
	}
	for _, p := range plans {
		for _, name := range p.datasets {
			if f := full(name); f != "" && status[f] == "fresh" && !late[f] {
				sm.served[name] = true
			}
		}
		for _, name := range p.whole {
			if f := full(name); f != "" && status[f] == "fresh" && !late[f] && src.SummaryRows(f) == 0 {
				sm.empty[name] = true
			}
		}
	}
	return sm
}

// narrowed is plans without what the summaries serve: the sieve holds no
// event for those datasets.
func (sm *summaries) narrowed(plans []reads) []reads {
	out := make([]reads, len(plans))
	for i, p := range plans {
		p.datasets = slices.DeleteFunc(slices.Clone(p.datasets), func(n string) bool { return sm.served[n] })
		p.whole = slices.DeleteFunc(slices.Clone(p.whole), func(n string) bool { return sm.empty[n] })
		out[i] = p
	}
	return out
}

// narrow is what the index's reader needs to make only the events the
// sieve may hold; nil when it must make every one (a detection reads
// every event, or a data source is told apart by a field the knowledge
// sets).
func (sv *sieve) narrow(sources map[string]content.DataSource, b *datamodel.Base, opt engine.Options) *index.Narrow {
	if sv.all {
		return nil
	}
	var counted []string
	for _, d := range sources {
		sep := d.Separator
		if sep == "EventID" {
			sep = "EventCode"
		}
		if d.SeparatorValue() == "" || !slices.Contains(separatorFields, sep) || slices.Contains(counted, sep) {
			continue
		}
		if sep == "eventtype" {
			return nil
		}
		counted = append(counted, sep)
	}
	slices.Sort(counted)
	n := &index.Narrow{Counted: counted}
	ets := eventtypeSearches(b)
	var scanOf []int32 // by prefilter in n.Pres, its scan
	for i, sc := range sv.scans {
		// One prefilter for each alternative of its requirements: a row
		// may be held when it passes one of them.
		alts := []need{{}}
		if x := sv.exprs[sc.pre.Text]; x != nil {
			alts = requirements(x, ets, 3, opt)
		}
		for _, req := range alts {
			pre := sc.pre
			pre.Must = append(slices.Clip(pre.Must), req.must...)
			n.Pres = append(n.Pres, pre)
			n.Tests = append(n.Tests, req.tests)
			scanOf = append(scanOf, int32(i))
		}
	}
	n.Mark = func(worker int, pres []int32) { sv.worker(worker).mark(scanOf, pres) }
	n.Every = func(p engine.Partition) bool {
		sv.mu.Lock()
		defer sv.mu.Unlock()
		for _, cd := range append(append([]*datamodel.CompiledDataset(nil), sv.whole...), sv.models...) {
			if !cd.RulesOut(p) {
				return true
			}
		}
		return false
	}
	n.Count = func(worker, chunk int, row value.Fields) { sv.worker(worker).count(chunk, row) }
	return n
}

// SummaryDataset implements engine.SummarySource: the datasets the
// index's summaries serve come from them, the others as Dataset gives
// them.
func (s split) SummaryDataset(name string, summariesOnly, allowOld bool) (engine.Dataset, error) {
	if s.sums != nil && s.sums.served[name] {
		return s.sums.src.SummaryDataset(name, summariesOnly, allowOld)
	}
	return s.Dataset(name)
}

// maxAlternatives caps the alternatives requirements gives: past it an
// AND's term adds none (requiring less keeps it a superset).
const maxAlternatives = 16

// need is what an event meets: text it holds (a Contains without pieces:
// the field is present) and tests of single fields.
type need struct {
	must  []engine.Contains
	tests []index.FieldTest
}

// requirements are alternatives every event x keeps meets one of. A
// comparison (=, != of any value, * too, or an ordering) or an IN of a
// field is a test of that field alone, with the engine's own matching; a
// comparison or a bare term also requires the text
// engine.SearchPrefilter finds in it; eventtype= a plain name requires
// what the eventtype's search requires (ets, the eventtypes' searches by
// lower-cased name, to depth levels); an AND the requirements of each
// term, an OR those of one of its terms. NOT, subsearches and time
// modifiers require nothing: one empty alternative. The reader of an
// index leaves the rows whose stored columns fail them (of the fields no
// knowledge sets).
func requirements(x spl.SearchExpr, ets map[string]spl.SearchExpr, depth int, opt engine.Options) []need {
	none := []need{{}}
	switch x := x.(type) {
	case *spl.SearchAnd:
		out := none
		for _, t := range x.Terms {
			alts := requirements(t, ets, depth, opt)
			if len(out)*len(alts) > maxAlternatives {
				continue
			}
			var next []need
			for _, a := range out {
				for _, b := range alts {
					next = append(next, need{must: append(slices.Clip(a.must), b.must...), tests: append(slices.Clip(a.tests), b.tests...)})
				}
			}
			out = next
		}
		return out
	case *spl.SearchOr:
		var out []need
		for _, t := range x.Terms {
			alts := requirements(t, ets, depth, opt)
			for _, a := range alts {
				if len(a.must) == 0 && len(a.tests) == 0 {
					return none
				}
			}
			out = append(out, alts...)
		}
		if len(out) > maxAlternatives {
			return none
		}
		return out
	case *spl.SearchCompare, *spl.SearchTerm, *spl.SearchIn:
		return leafRequires(x, ets, depth, opt)
	}
	return none
}

// leafRequires is requirements of one comparison, IN or bare term.
func leafRequires(x spl.SearchExpr, ets map[string]spl.SearchExpr, depth int, opt engine.Options) []need {
	none := []need{{}}
	var n need
	field := ""
	switch c := x.(type) {
	case *spl.SearchCompare:
		if c.IsTimeModifier() {
			return none
		}
		v := c.Value
		if c.Field == "eventtype" {
			et := ets[strings.ToLower(v.Text)]
			if c.Op != "=" || v.Modifier != "" || strings.ContainsAny(v.Text, "*\\") || et == nil || depth <= 0 {
				return none
			}
			return requirements(et, ets, depth-1, opt)
		}
		field = c.Field
	case *spl.SearchIn:
		field = c.Field
	}
	if field != "" && (plainField(field) || slices.Contains([]string{"host", "source", "sourcetype", "index"}, field)) {
		if _, err := engine.CompileSearch(x, opt); err == nil {
			n.tests = append(n.tests, index.FieldTest{Field: field, Key: x.String(), New: func() func(value.Value) bool {
				keep, err := engine.CompileSearch(x, opt)
				if err != nil {
					panic("BUG: a search term no longer compiles: " + err.Error())
				}
				row := make(value.Fields, 1)
				return func(v value.Value) bool {
					row[0] = value.Field{Name: field, Value: v}
					return keep(row)
				}
			}})
		}
	}
	if _, ok := x.(*spl.SearchIn); !ok {
		if pre, err := engine.SearchPrefilter(x, opt); err == nil {
			n.must = append(n.must, pre.Must...)
		}
	}
	if len(n.must) == 0 && len(n.tests) == 0 {
		return none
	}
	return []need{n}
}

// eventtypeSearches are the searches of b's eventtypes, parsed, by
// lower-cased name (those that do not parse are left out: an eventtype=
// term naming one requires nothing).
func eventtypeSearches(b *datamodel.Base) map[string]spl.SearchExpr {
	out := map[string]spl.SearchExpr{}
	for _, e := range b.Eventtypes {
		if e.Disabled {
			continue
		}
		x, err := spl.ParseSearch(e.Search)
		if err != nil || x == nil {
			continue
		}
		out[strings.ToLower(e.Name)] = x
	}
	return out
}

// plainField reports whether a search's field name is one an event holds
// as its format gives it (or a knowledge entry sets it): not a default
// or internal field, a pattern or a tag::field.
func plainField(f string) bool {
	switch f {
	case "", "host", "source", "sourcetype", "index", "linecount", "punct", "splunk_server", "eventtype", "tag":
		return false
	}
	return f[0] != '_' && !strings.HasPrefix(f, "date_") && !strings.ContainsAny(f, "*:")
}
