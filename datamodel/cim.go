package datamodel

import (
	"fmt"
	"sort"
	"strings"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/value"
)

// DatasetDef is one CIM data model dataset, as Splunk_SA_CIM's
// data/models/*.json define it: a constraint selecting events, the fields
// it exposes, and calculated fields evaluated in order after the
// constraint (each sees the ones before it).
type DatasetDef struct {
	// Model and Path name the dataset: "Endpoint" and "Processes"; a
	// child dataset's Path lists its ancestors
	// ("All_Traffic.Traffic_By_Action.Blocked_Traffic").
	Model string `yaml:"model"`
	Path  string `yaml:"path"`
	// Constraint is a search expression over event fields (tags mostly).
	// A child dataset's constraint is ANDed with its parent's.
	Constraint string `yaml:"constraint"`
	// Fields are the dataset's own declared fields; children inherit
	// their parent's.
	Fields []string `yaml:"fields"`
	// FillUnknown lists CIM's most common calculated field,
	// if(isnull(f) OR f="", "unknown", f); they run before Calcs.
	FillUnknown []string `yaml:"fill_unknown"`
	// Calcs run in order on the event's fields; their outputs are fields
	// of the dataset too.
	Calcs Calcs `yaml:"calcs"`
	// Source names where the definition comes from, for the docs.
	Note     string `yaml:"note"`
	Disabled bool   `yaml:"disabled"`
}

// Name is the dataset's full name, as tstats and from datamodel write it.
func (d *DatasetDef) Name() string { return d.Model + "." + d.Path }

// Object is the field prefix in tstats: the root dataset's name.
func (d *DatasetDef) Object() string {
	root, _, _ := strings.Cut(d.Path, ".")
	return root
}

// AllCalcs is FillUnknown then Calcs, in the order they run.
func (d *DatasetDef) AllCalcs() []Calc {
	out := make([]Calc, 0, len(d.FillUnknown)+len(d.Calcs))
	for _, f := range d.FillUnknown {
		out = append(out, Calc{f, fillUnknownExpr(f)})
	}
	return append(out, d.Calcs...)
}

func fillUnknownExpr(f string) string {
	return `if(isnull(` + f + `) OR ` + f + `="", "unknown", ` + f + `)`
}

// fillUnknown is the calculation fillUnknownExpr(name) compiles to, done
// directly for a missing field or a string (five of them run for every
// Endpoint.Processes row); other values go to the compiled expression.
func fillUnknown(name string, compiled func(value.Fields) value.Value) func(value.Fields) value.Value {
	unknown := value.Str("unknown")
	slot := newFieldSlot(name)
	return func(row value.Fields) value.Value {
		v := slot.get(row)
		switch v.Kind() {
		case value.KindNull:
			return unknown
		case value.KindString:
			if v.String() == "" {
				return unknown
			}
			return v
		}
		return compiled(row)
	}
}

// baseFields every dataset carries (BaseEvent/BaseSearch).
var baseFields = []string{"_time", "host", "source", "sourcetype", "index", "tag"}

// LookupDataset finds a dataset by full name ("Endpoint.Processes"), by
// model alone ("Web" means its root dataset), or by model and the last
// element of a child's path ("Authentication.Failed_Authentication").
func (b *Base) LookupDataset(name string) (*DatasetDef, error) {
	key := strings.ToLower(name)
	if d, ok := b.datasets[key]; ok {
		return d, nil
	}
	if root, ok := b.models[key]; ok {
		return b.datasets[strings.ToLower(root)], nil
	}
	model, rest, _ := strings.Cut(key, ".")
	var found []*DatasetDef
	for k, d := range b.datasets {
		if strings.HasPrefix(k, model+".") && strings.HasSuffix(k, "."+rest) {
			found = append(found, d)
		}
	}
	if len(found) == 1 {
		return found[0], nil
	}
	return nil, fmt.Errorf("data model dataset %q is not supported (supported: %s)", name, strings.Join(b.DatasetNames(), ", "))
}

// DatasetNames lists the datasets, sorted.
func (b *Base) DatasetNames() []string {
	var out []string
	for _, d := range b.Datasets {
		out = append(out, d.Name())
	}
	sort.Strings(out)
	return out
}

// lineage returns the dataset and its ancestors, root first.
func (b *Base) lineage(d *DatasetDef) []*DatasetDef {
	var chain []*DatasetDef
	for x := d; x != nil; {
		chain = append([]*DatasetDef{x}, chain...)
		i := strings.LastIndexByte(x.Path, '.')
		if i < 0 {
			break
		}
		x = b.datasets[strings.ToLower(x.Model+"."+x.Path[:i])]
	}
	return chain
}

// compiledDataset is a dataset ready to build: the constraints of it and
// its ancestors, their calculations in order, and its fields.
type compiledDataset struct {
	def    *DatasetDef
	preds  []func(value.Fields) bool
	predRd reads
	// skips tell from what a partition of the store knows that the
	// constraints rule all of its events out.
	skips  []func(engine.Partition) bool
	calcs  []compiledCalc
	fields []string
	// ownPreds and ownCalcs number the first of preds and calcs that are
	// the dataset's own, not its ancestors'.
	ownPreds, ownCalcs int
	// children are the datasets below this one that declare fields of
	// their own. Splunk names those fields with the child's path
	// (All_Certificates.SSL.ssl_issuer) and they can be read from the
	// parent, holding values for the events that meet the child's
	// constraints; rows carry them as SSL.ssl_issuer.
	children []compiledChild
}

type compiledChild struct {
	prefix string // relative path and ".", e.g. "SSL."
	preds  []func(value.Fields) bool
	predRd reads
	calcs  []compiledCalc
	fields []string
}

func compileDataset(b *Base, def *DatasetDef) (*compiledDataset, error) {
	cd := &compiledDataset{def: def, fields: append([]string(nil), baseFields...)}
	for _, d := range b.lineage(def) {
		if d == def {
			cd.ownPreds, cd.ownCalcs = len(cd.preds), len(cd.calcs)
		}
		if d.Constraint != "" {
			p, rd, err := compileSearchReads("dataset "+d.Name()+" constraint", d.Constraint)
			if err != nil {
				return nil, err
			}
			cd.preds = append(cd.preds, p)
			cd.predRd = cd.predRd.union(rd)
			if skip := compileSearchSkip(d.Constraint); skip != nil {
				cd.skips = append(cd.skips, skip)
			}
		}
		calcs := d.AllCalcs()
		cs, err := compileCalcs("dataset "+d.Name(), calcs)
		if err != nil {
			return nil, err
		}
		cd.calcs = append(cd.calcs, cs...)
		cd.fields = appendNew(cd.fields, d.Fields...)
		for _, c := range calcs {
			cd.fields = appendNew(cd.fields, c.Field)
		}
	}
	for _, d := range b.Datasets {
		if d.Model != def.Model || !strings.HasPrefix(d.Path, def.Path+".") || len(d.Fields)+len(d.AllCalcs()) == 0 {
			continue
		}
		ch := compiledChild{prefix: d.Path[len(def.Path)+1:] + "."}
		for _, x := range b.lineage(d) {
			if len(x.Path) <= len(def.Path) {
				continue // the dataset itself and its ancestors
			}
			if x.Constraint != "" {
				p, rd, err := compileSearchReads("dataset "+x.Name()+" constraint", x.Constraint)
				if err != nil {
					return nil, err
				}
				ch.preds = append(ch.preds, p)
				ch.predRd = ch.predRd.union(rd)
			}
		}
		cs, err := compileCalcs("dataset "+d.Name(), d.AllCalcs())
		if err != nil {
			return nil, err
		}
		ch.calcs = cs
		ch.fields = appendNew(append([]string(nil), d.Fields...))
		for _, c := range d.AllCalcs() {
			ch.fields = appendNew(ch.fields, c.Field)
		}
		cd.children = append(cd.children, ch)
	}
	return cd, nil
}

func appendNew(list []string, items ...string) []string {
	for _, it := range items {
		found := false
		for _, l := range list {
			if l == it {
				found = true
				break
			}
		}
		if !found {
			list = append(list, it)
		}
	}
	return list
}

// eventFields marks, by the store's name numbers, the event fields the
// dataset's rows are made from (its constraints, calculations and fields,
// its children's too; need.go), or nil when it may read any.
func (cd *compiledDataset) eventFields(names []string) []bool {
	need := cd.reads()
	if need == nil {
		return nil
	}
	want := make([]bool, len(names))
	for id, n := range names {
		want[id] = need[n]
	}
	return want
}

// reads is the set of event fields the dataset's rows are made from
// (nil: any).
func (cd *compiledDataset) reads() live {
	var rowFields []string
	rowFields = append(rowFields, cd.fields...)
	for _, ch := range cd.children {
		for _, f := range ch.fields {
			rowFields = append(rowFields, ch.prefix+f)
		}
	}
	_, need := cd.prune(rowFields)
	return need
}

// rowOf is the dataset's row for an event, and whether the event meets
// the constraints; without clone, the calculations change ev.
func (cd *compiledDataset) rowOf(ev value.Fields, clone bool) (value.Fields, bool) {
	return cd.rowInto(ev, clone, nil)
}

// rowInto is rowOf, the row made in buf's space (a build encodes each
// row at once: a new one for each of 200,000 events was a third of the
// build's time, most of it setting up the allocations for the collector).
func (cd *compiledDataset) rowInto(ev value.Fields, clone bool, buf value.Fields) (value.Fields, bool) {
	row, _, ok := cd.rowWork(ev, clone, buf, nil)
	return row, ok
}

// rowWork is rowInto that also gives the fields after the calculations.
// With fp, the fields are found where they were last.
func (cd *compiledDataset) rowWork(ev value.Fields, clone bool, buf value.Fields, fp *fieldPlaces) (row, work value.Fields, ok bool) {
	for _, p := range cd.preds {
		if !p(ev) {
			return nil, nil, false
		}
	}
	work = ev
	if clone {
		work = ev.Clone()
	}
	row, work = cd.calcRow(work, buf, fp)
	return row, work, true
}

// calcRow runs the calculations on work, an event meeting the
// constraints, and makes the row (rowWork after the constraints).
func (cd *compiledDataset) calcRow(work, buf value.Fields, fp *fieldPlaces) (row, newWork value.Fields) {
	for _, c := range cd.calcs {
		c.slot.set(&work, c.f(work), nil)
	}
	if fp != nil {
		return cd.appendRowAt(buf, work, fp), work
	}
	return cd.appendRow(buf, work), work
}

// appendRow makes the row of work's fields in buf's space.
func (cd *compiledDataset) appendRow(buf, work value.Fields) value.Fields {
	row := buf[:0]
	if row == nil {
		row = make(value.Fields, 0, len(cd.fields))
	}
	for _, f := range cd.fields {
		if v, ok := work.Lookup(f); ok && !v.IsNull() {
			row = append(row, value.Field{Name: f, Value: v})
		}
	}
	return cd.appendChildren(row, work)
}

func (cd *compiledDataset) appendChildren(row, work value.Fields) value.Fields {
	for _, ch := range cd.children {
		row = ch.appendFields(row, work)
	}
	return row
}

// fieldPlaces remembers where the dataset's fields were in the last
// fields a row was made of: events of a sourcetype mostly have the same
// fields in the same order, so checking the names is enough.
type fieldPlaces struct {
	names []string // the names of the fields, in order
	at    []int    // the place of each of the dataset's fields, -1 if none
}

// appendRowAt is appendRow finding the fields where they were last.
func (cd *compiledDataset) appendRowAt(buf, work value.Fields, fp *fieldPlaces) value.Fields {
	same := len(fp.names) == len(work) && fp.at != nil
	if same {
		for i := range work {
			if work[i].Name != fp.names[i] {
				same = false
				break
			}
		}
	}
	if !same {
		fp.names = fp.names[:0]
		for i := range work {
			fp.names = append(fp.names, work[i].Name)
		}
		fp.at = fp.at[:0]
		for _, f := range cd.fields {
			fp.at = append(fp.at, work.Index(f))
		}
	}
	row := buf[:0]
	for k, f := range cd.fields {
		if i := fp.at[k]; i >= 0 && !work[i].Value.IsNull() {
			row = append(row, value.Field{Name: f, Value: work[i].Value})
		}
	}
	return cd.appendChildren(row, work)
}

// rowBelow is rowWork for a dataset whose parent met the event ev and
// left work (its fields after the parent's calculations, changed here):
// the ancestors' constraints and calculations are not run again, as all
// constraints are tested on ev, before any calculation, and the
// calculations run root first.
func (cd *compiledDataset) rowBelow(ev, work, buf value.Fields, fp *fieldPlaces) (row, newWork value.Fields, ok bool) {
	for _, p := range cd.preds[cd.ownPreds:] {
		if !p(ev) {
			return nil, nil, false
		}
	}
	for _, c := range cd.calcs[cd.ownCalcs:] {
		c.slot.set(&work, c.f(work), nil)
	}
	return cd.appendRowAt(buf, work, fp), work, true
}
