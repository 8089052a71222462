// Package datamodel turns ingested events into what Splunk's add-ons and
// the Common Information Model make of them: search-time fields
// (knowledge.go and the ta_*.go tables, the props.conf/transforms.conf of
// each add-on, written as data) and CIM data model datasets (cim*.go),
// held in memory by a Store that the engine searches.
package datamodel

import (
	"fmt"
	"path"
	"strings"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/engine/pcre"
	"github.com/spelunk-dev/spelunk/engine/value"
	"github.com/spelunk-dev/spelunk/spl"
)

// Knowledge is what an add-on does at search time to the events of one
// source: it is the data behind the README's mapping table. Splunk applies
// search-time knowledge in a fixed order (props.conf, "search-time
// operation sequence"): extractions (Reports), field aliases, calculated
// fields (Evals), then eventtypes and tags. All Evals of one entry see the
// fields as they were before any of them ran, as Splunk's calculated
// fields do, so one EVAL cannot use another's result.
type Knowledge struct {
	// Name identifies the entry in docs and errors, e.g. "Sysmon EventID 1".
	Name string
	// Addon names the Splunk add-on whose behaviour this copies.
	Addon string
	// Sourcetype selects events (case-insensitive); Source is an optional
	// glob on source; When an optional search expression on the fields.
	Sourcetype string
	Source     string
	When       string
	// Reports are regular-expression extractions from one field into
	// named groups (REPORT- in props.conf).
	Reports []Report
	// Aliases copy fields: {new, existing} (FIELDALIAS-).
	Aliases [][2]string
	// Evals are calculated fields (EVAL-).
	Evals []Calc
	// Eventtypes and Tags are added to the multivalue eventtype and tag
	// fields of matching events.
	Eventtypes []string
	Tags       []string
	// Unverified notes a mapping taken on our own judgement; it is shown
	// in the README table.
	Unverified string
}

// Report extracts named groups of Regex from Field.
type Report struct {
	Field string
	Regex string
}

// Calc sets Field to the value of an eval expression.
type Calc struct {
	Field string
	Expr  string
}

// compiledKnowledge is a Knowledge entry ready to run.
type compiledKnowledge struct {
	k       *Knowledge
	when    func(value.Fields) bool
	reports []compiledReport
	evals   []compiledCalc
}

type compiledReport struct {
	field string
	re    *pcre.Regex
}

type compiledCalc struct {
	field string
	f     func(value.Fields) value.Value
}

func compileKnowledge(k *Knowledge) (*compiledKnowledge, error) {
	ck := &compiledKnowledge{k: k}
	if k.When != "" {
		x, err := spl.ParseSearch(k.When)
		if err != nil {
			return nil, fmt.Errorf("knowledge %q: when: %v", k.Name, err)
		}
		ck.when, err = engine.CompileSearch(x, engine.Options{})
		if err != nil {
			return nil, fmt.Errorf("knowledge %q: when: %v", k.Name, err)
		}
	}
	for _, r := range k.Reports {
		re, err := pcre.Compile(r.Regex)
		if err != nil {
			return nil, fmt.Errorf("knowledge %q: report on %s: %v", k.Name, r.Field, err)
		}
		ck.reports = append(ck.reports, compiledReport{field: r.Field, re: re})
	}
	var err error
	ck.evals, err = compileCalcs(k.Name, k.Evals)
	if err != nil {
		return nil, err
	}
	return ck, nil
}

func compileCalcs(owner string, calcs []Calc) ([]compiledCalc, error) {
	out := make([]compiledCalc, 0, len(calcs))
	for _, c := range calcs {
		x, err := spl.ParseExpr(c.Expr)
		if err != nil {
			return nil, fmt.Errorf("%s: %s=%s: %v", owner, c.Field, c.Expr, err)
		}
		f, err := engine.CompileExpr(x, engine.Options{})
		if err != nil {
			return nil, fmt.Errorf("%s: %s=%s: %v", owner, c.Field, c.Expr, err)
		}
		out = append(out, compiledCalc{field: c.Field, f: f})
	}
	return out, nil
}

// selects reports whether the entry applies to an event.
func (ck *compiledKnowledge) selects(sourcetype, source string, row value.Fields) bool {
	k := ck.k
	if k.Sourcetype != "" && !strings.EqualFold(k.Sourcetype, sourcetype) {
		return false
	}
	if k.Source != "" {
		if ok, _ := path.Match(strings.ToLower(k.Source), strings.ToLower(source)); !ok {
			return false
		}
	}
	return ck.when == nil || ck.when(row)
}

// apply runs the entry on a row in Splunk's search-time order.
func (ck *compiledKnowledge) apply(row *value.Fields) {
	for _, r := range ck.reports {
		v := row.Get(r.field)
		if v.IsNull() {
			continue
		}
		groups, present, err := r.re.Submatches(v.First().String())
		if err != nil || groups == nil {
			continue
		}
		for i, name := range r.re.Names() {
			// Empty captures make no field: transforms.conf
			// KEEP_EMPTY_VALS defaults to false.
			if name == "" || !present[i] || groups[i] == "" {
				continue
			}
			row.Set(name, value.Str(groups[i]))
		}
	}
	for _, a := range ck.k.Aliases {
		if v, ok := row.Lookup(a[1]); ok {
			row.Set(a[0], v)
		}
	}
	if len(ck.evals) > 0 {
		results := make([]value.Value, len(ck.evals))
		for i, c := range ck.evals {
			results[i] = c.f(*row)
		}
		for i, c := range ck.evals {
			row.Set(c.field, results[i])
		}
	}
	for _, et := range ck.k.Eventtypes {
		row.Add("eventtype", value.Str(et))
	}
	for _, t := range ck.k.Tags {
		if !hasValue(row.Get("tag"), t) {
			row.Add("tag", value.Str(t))
		}
	}
}

func hasValue(v value.Value, s string) bool {
	for _, e := range v.Values() {
		if e.String() == s {
			return true
		}
	}
	return false
}

// basename is the eval expression for the text after the last backslash
// of a Windows path, as the add-ons' `(?:.*\\)?(.*)` extractions give it
// (case preserved). The eval string "^.*\\\\" is the regex ^.*\\ .
func basename(field string) string {
	return `replace(` + field + `, "^.*\\\\", "")`
}
