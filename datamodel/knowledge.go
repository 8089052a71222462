// Package datamodel turns ingested events into what Splunk's add-ons and
// the Common Information Model make of them: search-time fields, eventtypes
// and tags (the props.conf, transforms.conf, eventtypes.conf and tags.conf
// of each add-on) and CIM data model datasets, all written as data in the
// YAML files under builtin/ (embedded in the binary, overridable from
// files, see base.go), and compiled for the readers of events: EventShaper,
// DatasetShaper and CompiledDataset. Package store holds events shaped so
// for the engine to search, package stream searches files as they are
// read, and package docgen documents the knowledge.
package datamodel

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/pcre"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// Knowledge is what an add-on does at search time to the events of one
// source: it is the data behind the mapping tables in docs/DATASOURCES.md.
type Knowledge struct {
	// Name identifies the entry in docs, errors and overrides, e.g.
	// "Sysmon EventID 1".
	Name string `yaml:"name"`
	// Addon names the Splunk add-on whose behaviour this copies.
	Addon string `yaml:"addon"`
	// Sourcetype selects events (case-insensitive); Source is an optional
	// glob on source (case-insensitive); When an optional search
	// expression over the fields the event has before any knowledge runs.
	Sourcetype string `yaml:"sourcetype"`
	Source     string `yaml:"source"`
	When       string `yaml:"when"`
	// Reports are regular-expression extractions from one field into
	// named groups (REPORT-/EXTRACT- in props.conf).
	Reports []Report `yaml:"reports"`
	// Aliases copy fields: Field is the new name, Expr the existing
	// field (FIELDALIAS-).
	Aliases Calcs `yaml:"aliases"`
	// Evals are calculated fields (EVAL-).
	Evals Calcs `yaml:"evals"`
	// Eventtypes and Tags are added to the multivalue eventtype and tag
	// fields of matching events, for add-ons whose eventtype searches
	// are simpler said through the selection above.
	Eventtypes []string `yaml:"eventtypes"`
	Tags       []string `yaml:"tags"`
	// Unverified notes a mapping taken on our own judgement; it is shown
	// in the generated docs.
	Unverified string `yaml:"unverified"`
	// Disabled, in an override file, removes the built-in entry of the
	// same name.
	Disabled bool `yaml:"disabled"`
}

// Report extracts the named groups of Regex from Field (default _raw).
// Every match adds its values when All is set (MV_ADD with a repeating
// regex, as for key=value lists); otherwise the first match counts.
type Report struct {
	Field string `yaml:"field"`
	Regex string `yaml:"regex"`
	All   bool   `yaml:"all"`
}

// Calc sets Field to the value of an eval expression.
type Calc struct {
	Field string
	Expr  string
}

// Eventtype is a saved search that names the events it matches
// (eventtypes.conf), with the tags tags.conf gives that name.
type Eventtype struct {
	Name     string   `yaml:"name"`
	Search   string   `yaml:"search"`
	Tags     []string `yaml:"tags"`
	Addon    string   `yaml:"addon"`
	Disabled bool     `yaml:"disabled"`
}

// compiledKnowledge is a Knowledge entry ready to run.
type compiledKnowledge struct {
	k       *Knowledge
	source  string // lower-cased Source
	glob    bool   // Source holds glob characters
	when    func(value.Fields) bool
	whenRd  reads
	reports []compiledReport
	aliases []Calc
	evals   []compiledCalc
	// uniqueValue of the entry's own eventtypes and tags
	etVal, tagVal value.Value
}

type compiledReport struct {
	field string
	all   bool
	re    *pcre.Regex
}

type compiledCalc struct {
	field string
	slot  *fieldSlot // of field
	f     func(value.Fields) value.Value
	rd    reads
	x     spl.Expr
	// pure is pureExpr(x), found once: walking the expression for each
	// plan made took most of indexing realdata's many layouts.
	pure bool
}

type compiledEventtype struct {
	et   *Eventtype
	pred func(value.Fields) bool
	rd   reads
	// skip tells from PartitionFields alone that the search cannot match
	// (nil: it cannot tell).
	skip func(engine.Partition) bool
	// memo remembers the search's answer by the values of the few fields
	// it reads (nil: it reads _raw, any field, or too many).
	memo *memo[bool]
}

func compileSearch(owner, text string) (func(value.Fields) bool, error) {
	p, _, err := compileSearchReads(owner, text)
	return p, err
}

// compileSearchReads is compileSearch that also tells which fields the
// search reads.
func compileSearchReads(owner, text string) (func(value.Fields) bool, reads, error) {
	x, err := spl.ParseSearch(text)
	if err != nil {
		return nil, reads{}, fmt.Errorf("%s: %v", owner, err)
	}
	p, err := engine.CompileSearch(x, engine.Options{})
	if err != nil {
		return nil, reads{}, fmt.Errorf("%s: %v", owner, err)
	}
	return p, searchReads(x), nil
}

// compileSearchSkip compiles the partition test of a search (see
// engine.CompileSearchSkip).
func compileSearchSkip(text string) func(engine.Partition) bool {
	x, err := spl.ParseSearch(text)
	if err != nil {
		return nil
	}
	skip, err := engine.CompileSearchSkip(x, engine.Options{})
	if err != nil {
		return nil
	}
	return skip
}

func compileKnowledge(k *Knowledge) (*compiledKnowledge, error) {
	ck := &compiledKnowledge{k: k, source: strings.ToLower(k.Source), glob: strings.ContainsAny(k.Source, `*?[\`)}
	if k.Sourcetype == "" {
		return nil, fmt.Errorf("knowledge %q: no sourcetype", k.Name)
	}
	if k.When != "" {
		var err error
		if ck.when, ck.whenRd, err = compileSearchReads(fmt.Sprintf("knowledge %q: when", k.Name), k.When); err != nil {
			return nil, err
		}
		// Most are EventCode tests, asked of every event.
		if m := searchMemo(ck.whenRd); m != nil {
			pred := ck.when
			ck.when = func(row value.Fields) bool { return m.get(row, pred, keepAny) }
		}
	}
	ck.aliases = k.Aliases
	ck.etVal, ck.tagVal = uniqueValue(k.Eventtypes), uniqueValue(k.Tags)
	for _, r := range k.Reports {
		re, err := pcre.Compile(r.Regex)
		if err != nil {
			return nil, fmt.Errorf("knowledge %q: report on %s: %v", k.Name, r.Field, err)
		}
		field := r.Field
		if field == "" {
			field = "_raw"
		}
		ck.reports = append(ck.reports, compiledReport{field: field, all: r.All, re: re})
	}
	var err error
	ck.evals, err = compileCalcs(fmt.Sprintf("knowledge %q", k.Name), k.Evals)
	if err != nil {
		return nil, err
	}
	return ck, nil
}

func compileCalcs(owner string, calcs []Calc) ([]compiledCalc, error) {
	out := make([]compiledCalc, 0, len(calcs))
	for _, c := range calcs {
		x, err := parseExprCached(c.Expr)
		if err != nil {
			return nil, fmt.Errorf("%s: %s=%s: %v", owner, c.Field, c.Expr, err)
		}
		f, err := engine.CompileExpr(x, engine.Options{})
		if err != nil {
			return nil, fmt.Errorf("%s: %s=%s: %v", owner, c.Field, c.Expr, err)
		}
		if c.Expr == fillUnknownExpr(c.Field) {
			f = fillUnknown(c.Field, f)
		} else {
			f = presentShortcut(x, lastShortcut(x, exprReads(x), memoCalc(x, f)))
		}
		out = append(out, compiledCalc{field: c.Field, slot: newFieldSlot(c.Field), f: f, rd: exprReads(x), x: x, pure: pureExpr(x)})
	}
	return out, nil
}

// parsedExprs caches parsed expressions by their text. Every shaper and
// compiled dataset compiles the same few hundred expressions (a streamed
// run compiles them once per goroutine, the built-in knowledge once to
// check them), and parsing was most of that time; the trees are never
// changed once parsed, so they can be shared.
var parsedExprs sync.Map

func parseExprCached(text string) (spl.Expr, error) {
	if x, ok := parsedExprs.Load(text); ok {
		return x.(spl.Expr), nil
	}
	x, err := spl.ParseExpr(text)
	if err != nil {
		return nil, err
	}
	parsedExprs.Store(text, x)
	return x, nil
}

// selects reports whether the entry applies to an event; source is the
// event's source, lower-cased.
func (ck *compiledKnowledge) selects(source string, row value.Fields) bool {
	switch {
	case ck.source == "":
	case !ck.glob:
		if ck.source != source {
			return false
		}
	default:
		if ok, _ := path.Match(ck.source, source); !ok {
			return false
		}
	}
	return ck.when == nil || ck.when(row)
}

// applyKnowledge runs the selected entries on a row in Splunk's search-time
// order (props.conf, "search-time operation sequence"): all extractions,
// then all field aliases, then all calculated fields, then eventtypes and
// tags. Calculated fields all see the row as it was before any of them
// ran, as Splunk's do, so one EVAL cannot use another's result; when two
// entries compute the same field, the later entry wins. onePass says none
// reads a field any of them sets (onePass): each is then set as it is
// computed, with the same outcome.
func applyKnowledge(sel []*compiledKnowledge, onePass bool, row *value.Fields, results []value.Value) []value.Value {
	applyExtractions(sel, row)
	// Most calculated fields are new to the row: the filter of its
	// names appends them without a scan.
	names := filterOf(*row)
	if onePass {
		for _, ck := range sel {
			for _, c := range ck.evals {
				c.slot.set(row, c.f(*row), &names)
			}
		}
		applyOwnEventtypes(sel, row)
		return results
	}
	for _, ck := range sel {
		for _, c := range ck.evals {
			results = append(results, c.f(*row))
		}
	}
	i := 0
	for _, ck := range sel {
		for _, c := range ck.evals {
			// An EVAL giving null leaves no field (and removes one an
			// extraction made, since the calculated field replaces it).
			c.slot.set(row, results[i], &names)
			i++
		}
	}
	applyOwnEventtypes(sel, row)
	return results
}

// applyExtractions runs the selected entries' extractions, then their
// aliases: applyKnowledge's first two steps.
func applyExtractions(sel []*compiledKnowledge, row *value.Fields) {
	for _, ck := range sel {
		for _, r := range ck.reports {
			r.apply(row)
		}
	}
	for _, ck := range sel {
		for _, a := range ck.aliases {
			if v, ok := row.Lookup(a.Expr); ok {
				row.Set(a.Field, v)
			}
		}
	}
}

// onePass reports whether no calculated field of sel reads a field that
// one of them sets: then each sees the row as it was before any ran even
// when each is set as soon as it is computed.
func onePass(sel []*compiledKnowledge) bool {
	var sets []string
	for _, ck := range sel {
		for _, c := range ck.evals {
			sets = append(sets, c.field)
		}
	}
	for _, ck := range sel {
		for _, c := range ck.evals {
			if c.rd.all {
				return false
			}
			for _, f := range c.rd.fields {
				if slices.Contains(sets, f) {
					return false
				}
			}
		}
	}
	return true
}

// applyOwnEventtypes adds the entries' own eventtypes and tags as
// addUnique one at a time would, with one list made per field: a field
// missing so far is added where that first addUnique would add it.
func applyOwnEventtypes(sel []*compiledKnowledge, row *value.Fields) {
	var ets, tags []string
	var single *compiledKnowledge // the one entry that gives any, so far
	etFirst := false
	for _, ck := range sel {
		e, t := ck.k.Eventtypes, ck.k.Tags
		switch {
		case len(e) == 0 && len(t) == 0:
			continue
		case len(ets) == 0 && len(tags) == 0:
			etFirst = len(e) > 0
			ets, tags, single = e, t, ck
			continue
		}
		if single != nil {
			ets, tags, single = append([]string(nil), ets...), append([]string(nil), tags...), nil
		}
		ets, tags = append(ets, e...), append(tags, t...)
	}
	etVal, tagVal := uniqueValue(ets), uniqueValue(tags)
	if single != nil {
		etVal, tagVal = single.etVal, single.tagVal
	}
	if etFirst {
		addAllUniqueVal(row, "eventtype", ets, etVal)
		addAllUniqueVal(row, "tag", tags, tagVal)
	} else {
		addAllUniqueVal(row, "tag", tags, tagVal)
		addAllUniqueVal(row, "eventtype", ets, etVal)
	}
}

func (r compiledReport) apply(row *value.Fields) {
	v := row.Get(r.field)
	if v.IsNull() {
		return
	}
	s := v.First().String()
	n := 1
	if r.all {
		n = -1
	}
	all, present, err := r.re.AllSubmatches(s, n)
	if err != nil {
		return
	}
	names := r.re.Names()
	for m, groups := range all {
		for i, name := range names {
			// Empty captures make no field: transforms.conf
			// KEEP_EMPTY_VALS defaults to false.
			if name == "" || !present[m][i] || groups[i] == "" {
				continue
			}
			if r.all {
				row.Add(name, value.Str(groups[i]))
			} else {
				row.Set(name, value.Str(groups[i]))
			}
		}
	}
}

// applyEventtypes adds the names of the matching eventtypes and their
// tags. An eventtype's search may name an earlier eventtype.
func applyEventtypes(ets []compiledEventtype, row *value.Fields) {
	for i := range ets {
		applyEventtype(&ets[i], row)
	}
}

func applyEventtype(e *compiledEventtype, row *value.Fields) {
	match := false
	if e.memo != nil {
		match = e.memo.get(*row, e.pred, keepAny)
	} else {
		match = e.pred(*row)
	}
	if match {
		addUnique(row, "eventtype", e.et.Name)
		for _, t := range e.et.Tags {
			addUnique(row, "tag", t)
		}
	}
}

// eventtypeSieve runs only the eventtypes whose search can match events
// with the row's values of PartitionFields; the others are ruled out once
// per combination, with the three-valued test the engine uses to skip
// partitions (exact: a row is a partition of one event).
type eventtypeSieve struct {
	cands map[string]*sieveCands
	kb    []byte
	// slots find PartitionFields in rows; last and lastKey are the
	// candidates of the last row and its key: rows mostly repeat it.
	slots   []*fieldSlot
	last    *sieveCands
	lastKey []byte
}

// sieveCands are the eventtypes left for a combination. When none of
// their searches reads eventtype or tag (which the sieve itself adds to),
// each decides on the row as it comes in, so together they are a function
// of the fields they read: memo remembers by those the names to add.
type sieveCands struct {
	list []int
	memo *memo[*sieveAdds]
}

type sieveAdds struct {
	eventtypes, tags []string
	// the fields' values for a row that has neither (see addAllUnique)
	etVal, tagVal value.Value
}

func newSieveCands(ets []compiledEventtype, list []int) *sieveCands {
	sc := &sieveCands{list: list}
	var rd reads
	for _, i := range list {
		r := ets[i].rd
		for _, f := range r.fields {
			if f == "eventtype" || f == "tag" {
				return sc
			}
		}
		if rd = rd.union(r); rd.all || len(rd.fields) > 8 {
			return sc
		}
	}
	if m := searchMemo(rd); m != nil && len(rd.fields) > 0 {
		sc.memo = newMemo[*sieveAdds](rd.fields)
	}
	return sc
}

// adds decides the eventtypes of a row without changing it.
func (sc *sieveCands) adds(ets []compiledEventtype, row value.Fields) *sieveAdds {
	a := &sieveAdds{}
	for _, i := range sc.list {
		if ets[i].pred(row) {
			a.eventtypes = append(a.eventtypes, ets[i].et.Name)
			a.tags = append(a.tags, ets[i].et.Tags...)
		}
	}
	a.etVal, a.tagVal = uniqueValue(a.eventtypes), uniqueValue(a.tags)
	return a
}

// rowPart is one event as an engine.Partition that knows the
// PartitionFields.
type rowPart struct{ meta value.Fields }

func (p rowPart) Known(field string) bool {
	for _, f := range PartitionFields {
		if f == field {
			return true
		}
	}
	return false
}

func (p rowPart) Values(field string) ([]value.Value, bool, bool) {
	if !p.Known(field) {
		return nil, false, false
	}
	if v, ok := p.meta.Lookup(field); ok && !v.IsNull() {
		return []value.Value{v}, false, true
	}
	return nil, true, true
}

func (sv *eventtypeSieve) apply(ets []compiledEventtype, row *value.Fields) {
	if sv.slots == nil {
		for _, f := range PartitionFields {
			sv.slots = append(sv.slots, newFieldSlot(f))
		}
	}
	// Rows mostly repeat the last row's values: compared with its key
	// as it is, without building the row's.
	cands, ok := sv.last, sv.last != nil && sv.sameAsLast(*row)
	if !ok {
		sv.kb = sv.kb[:0]
		for _, s := range sv.slots {
			sv.kb = AppendValueKey(sv.kb, s.get(*row))
		}
	}
	if !ok {
		cands, ok = sv.cands[string(sv.kb)]
		sv.last, sv.lastKey = cands, append(sv.lastKey[:0], sv.kb...)
	}
	if !ok {
		meta := make(value.Fields, 0, len(PartitionFields))
		for _, f := range PartitionFields {
			if v := row.Get(f); !v.IsNull() {
				meta = append(meta, value.Field{Name: f, Value: v})
			}
		}
		part := rowPart{meta}
		list := []int{}
		for i, e := range ets {
			if e.skip == nil || !e.skip(part) {
				list = append(list, i)
			}
		}
		if sv.cands == nil {
			sv.cands = map[string]*sieveCands{}
		}
		cands = newSieveCands(ets, list)
		sv.cands[string(sv.kb)] = cands
		sv.last = cands
	}
	if cands.memo != nil {
		a := cands.memo.get(*row, func(r value.Fields) *sieveAdds { return cands.adds(ets, r) }, keepAny)
		// addUnique one name at a time, with one list made per field,
		// or none when the row has no such field yet.
		addAllUniqueVal(row, "eventtype", a.eventtypes, a.etVal)
		addAllUniqueVal(row, "tag", a.tags, a.tagVal)
		return
	}
	for _, i := range cands.list {
		applyEventtype(&ets[i], row)
	}
}

// sameAsLast reports whether the key of row's values of PartitionFields
// is lastKey.
func (sv *eventtypeSieve) sameAsLast(row value.Fields) bool {
	rest := sv.lastKey
	for _, s := range sv.slots {
		var ok bool
		if rest, ok = cutValueKey(rest, s.get(row)); !ok {
			return false
		}
	}
	return len(rest) == 0
}

// cutValueKey cuts AppendValueKey(nil, v) off the front of b, and reports
// whether b started with it.
func cutValueKey(b []byte, v value.Value) ([]byte, bool) {
	if len(b) == 0 || b[0] != byte(v.Kind())+'0' {
		return nil, false
	}
	b = b[1:]
	for _, e := range v.Values() {
		t := e.String()
		if len(b) < len(t)+2 || b[0] != byte(e.Kind())+'0' || string(b[1:1+len(t)]) != t || b[1+len(t)] != 1 {
			return nil, false
		}
		b = b[len(t)+2:]
	}
	if len(b) == 0 || b[0] != 0 {
		return nil, false
	}
	return b[1:], true
}

// uniqueValue is the value addUnique of each of names gives a field that
// did not exist.
func uniqueValue(names []string) value.Value {
	var row value.Fields
	addAllUnique(&row, "x", names)
	return row.Get("x")
}

// addAllUniqueVal is addAllUnique given uniqueValue(names) as val, which
// a row without the field takes as it is (values are not changed in
// place, so rows may share a multivalue's list).
func addAllUniqueVal(row *value.Fields, name string, names []string, val value.Value) {
	if len(names) == 0 {
		return
	}
	if row.Index(name) < 0 {
		*row = append(*row, value.Field{Name: name, Value: val})
		return
	}
	addAllUnique(row, name, names)
}

// addAllUnique is addUnique of each of names in turn.
func addAllUnique(row *value.Fields, name string, names []string) {
	if len(names) == 0 {
		return
	}
	i := row.Index(name)
	var vals []value.Value
	if i >= 0 {
		vals = append(vals, (*row)[i].Value.Values()...)
	}
	n := len(vals)
next:
	for _, s := range names {
		for _, e := range vals {
			if e.String() == s {
				continue next
			}
		}
		vals = append(vals, value.Str(s))
	}
	if len(vals) == n {
		return
	}
	v := value.Multi(vals...)
	if i >= 0 {
		(*row)[i].Value = v
		return
	}
	*row = append(*row, value.Field{Name: name, Value: v})
}

func addUnique(row *value.Fields, name, s string) {
	for _, e := range row.Get(name).Values() {
		if e.String() == s {
			return
		}
	}
	row.Add(name, value.Str(s))
}

// PartitionFields are the fields that partition the events: where they
// come from, and the Windows event code, which most Windows searches
// name. A store partitions its events by them; the eventtype sieve
// decides by them which eventtypes an event may have.
var PartitionFields = []string{"index", "sourcetype", "source", "EventCode"}

// AppendValueKey appends a key that tells values apart by kind and text,
// and null from every other value.
func AppendValueKey(b []byte, v value.Value) []byte {
	b = append(b, byte(v.Kind())+'0')
	for _, e := range v.Values() {
		b = append(b, byte(e.Kind())+'0')
		b = append(b, e.String()...)
		b = append(b, 1)
	}
	return append(b, 0)
}
