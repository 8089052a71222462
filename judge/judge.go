// Package judge runs detections' tests against their attack data and
// judges each one: pass, fail (with every failed check), error or skip.
// A test passes when the search returns rows (contentctl's rule), every
// field the detection names as an observable or in its risk message has a
// value, every required field has a value in the data, and spelunk's own
// expectations hold.
package judge

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/output"
	"github.com/spelunk-dev/spelunk/risk"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// The verdicts of a Result.
const (
	Pass  = "PASS"
	Fail  = "FAIL"
	Skip  = "SKIP"
	Error = "ERROR"
)

// Result is the outcome of one test.
type Result struct {
	Detection string        `json:"detection"`
	ID        string        `json:"id,omitempty"`
	Path      string        `json:"path"`
	Test      string        `json:"test,omitempty"`
	Verdict   string        `json:"verdict"`
	Rows      int           `json:"rows"`
	Duration  time.Duration `json:"duration_ns"`
	// Reason is a one-line explanation for anything but a plain pass.
	Reason string `json:"reason,omitempty"`
	// Details holds every failed check, and the full error text.
	Details []string `json:"details,omitempty"`
	// Risk holds the risk events a passing test raises.
	Risk []map[string]any `json:"risk_events,omitempty"`
	// RiskEvents are the same risk events as rows.
	RiskEvents []value.Fields `json:"-"`
}

func (r Result) label() string {
	if r.Test == "" {
		return r.Detection
	}
	return r.Detection + " / " + r.Test
}

// Line is the test's one-line report: verdict, name, duration, and the
// row count or the reason.
func (r Result) Line() string {
	detail := r.Reason
	if r.Verdict == Pass {
		detail = fmt.Sprintf("%d row%s", r.Rows, output.Plural(r.Rows))
	}
	return fmt.Sprintf("%-5s %s (%s) %s", r.Verdict, r.label(), Shown(r.Duration), detail)
}

// Shown rounds a duration for people: to the millisecond, or the
// microsecond below one, so that a quick test does not read as 0s.
func Shown(d time.Duration) time.Duration {
	switch {
	case d >= time.Millisecond:
		return d.Round(time.Millisecond)
	case d >= time.Microsecond:
		return d.Round(time.Microsecond)
	}
	return d
}

var tokenRe = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_.]*)\$`)

// judge runs the search and applies the test's checks.
func judge(r *Result, tc *Case, run *runner.Runner, p *runner.Search, src engine.Source, now time.Time) {
	tr := &engine.Trace{}
	res, err := run.RunOn(context.Background(), p, src, runner.RunOptions{Now: now, Trace: tr, Quiet: true})
	if err != nil {
		r.Verdict, r.Reason = Error, runner.Reason(err)
		r.Details = []string{strings.TrimSpace(runner.Message(err))}
		return
	}
	r.Rows = len(res.Rows)
	ex := tc.Test.Expect
	var fails []string
	negative := ex.Negative || (ex.MaxRows != nil && *ex.MaxRows == 0)
	switch {
	case negative && r.Rows > 0:
		fails = append(fails, fmt.Sprintf("expected no rows on this data, got %d", r.Rows))
	case negative:
	case r.Rows == 0:
		fails = append(fails, "0 rows"+emptyBlame(tr))
	default:
		if ex.MinRows != nil && r.Rows < *ex.MinRows {
			fails = append(fails, fmt.Sprintf("%d rows, expected at least %d", r.Rows, *ex.MinRows))
		}
		if ex.MaxRows != nil && r.Rows > *ex.MaxRows {
			fails = append(fails, fmt.Sprintf("%d rows, expected at most %d", r.Rows, *ex.MaxRows))
		}
		fails = append(fails, fieldChecks(tc, res)...)
		fails = append(fails, requiredChecks(tc, p, src)...)
		if ex.Rows != nil {
			fails = append(fails, compareRows(ex.Rows, res)...)
		}
	}
	if len(fails) == 0 {
		r.Verdict = Pass
		for _, row := range res.Rows {
			evs := risk.Events(tc.Detection, row, float64(now.UnixNano())/1e9)
			r.RiskEvents = append(r.RiskEvents, evs...)
			for _, ev := range evs {
				r.Risk = append(r.Risk, output.Object(ev, ev.Names(), run.Config().TZ))
			}
		}
		return
	}
	r.Verdict, r.Reason, r.Details = Fail, fails[0], fails
	if len(fails) > 1 {
		r.Reason += fmt.Sprintf(" (and %d more)", len(fails)-1)
	}
}

// emptyBlame names the first command that passed nothing on.
func emptyBlame(tr *engine.Trace) string {
	k := tr.FirstEmpty()
	if k < 0 {
		return ""
	}
	s := tr.Stages[k]
	if s.DropsAll {
		return fmt.Sprintf(": command %d (%s) drops every row it would get, so the commands before it did not run", k+1, s.Command.CommandName())
	}
	what := "rows"
	if k == 0 {
		what = "events"
		if _, ok := s.Command.(*spl.TstatsCommand); ok {
			what = "data model rows"
		}
	}
	return fmt.Sprintf(": command %d (%s) got %d %s and passed none on", k+1, s.Command.CommandName(), s.In, what)
}

// fieldChecks asserts that every field the detection names as an
// observable, in its risk message, or in the test's fields_not_null has
// a value in at least one row. contentctl checks risk fields this way;
// spelunk applies it to every test, because a detection that returns rows
// without the fields its risk message needs is broken (security_content
// issue #4000).
func fieldChecks(tc *Case, res *engine.Result) []string {
	type need struct{ field, why string }
	var needs []need
	seen := map[string]bool{}
	add := func(f, why string) {
		if f != "" && !seen[f] {
			seen[f] = true
			needs = append(needs, need{f, why})
		}
	}
	for _, o := range tc.Detection.Tags.Observable {
		add(o.Name, "observable")
	}
	for _, m := range tokenRe.FindAllStringSubmatch(tc.Detection.Tags.Message, -1) {
		add(m[1], "risk message")
	}
	for _, f := range tc.Test.Expect.FieldsNotNull {
		add(f, "fields_not_null")
	}
	var fails []string
	for _, n := range needs {
		if !hasValue(res.Rows, n.field) {
			fails = append(fails, fmt.Sprintf("field %s (%s) has no value in any of the %d rows", n.field, n.why, len(res.Rows)))
		}
	}
	return fails
}

// hasValue reports whether some row has a non-empty value for field.
func hasValue(rows []value.Fields, field string) bool {
	for _, r := range rows {
		if v := r.Get(field); !v.IsNull() && v.String() != "" {
			return true
		}
	}
	return false
}

// compareRows checks the exact rows a test expects: the result, reduced to
// the fields the expectation names, must be the same multiset of rows.
func compareRows(want []map[string]string, res *engine.Result) []string {
	key := func(m map[string]string) string {
		ks := make([]string, 0, len(m))
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		var b strings.Builder
		for _, k := range ks {
			fmt.Fprintf(&b, "%s=%q ", k, m[k])
		}
		return strings.TrimSpace(b.String())
	}
	fields := map[string]bool{}
	for _, w := range want {
		for k := range w {
			fields[k] = true
		}
	}
	counts := map[string]int{}
	for _, w := range want {
		counts[key(w)]++
	}
	var extra []string
	for _, r := range res.Rows {
		m := map[string]string{}
		for f := range fields {
			if v := r.Get(f); !v.IsNull() {
				m[f] = strings.Join(v.Strings(), "\n")
			}
		}
		k := key(m)
		if counts[k] > 0 {
			counts[k]--
		} else {
			extra = append(extra, k)
		}
	}
	var fails []string
	for _, w := range want {
		if k := key(w); counts[k] > 0 {
			counts[k]--
			fails = append(fails, "missing row: "+k)
		}
	}
	for _, k := range extra {
		fails = append(fails, "unexpected row: "+k)
	}
	return fails
}

// requiredChecks asserts that every field in the detection's
// required_fields has a value somewhere in the test's data: a field named
// with the dataset's prefix (Processes.x) in the data model dataset a
// tstats search reads, any other in the raw events or, failing that, the
// dataset rows (security_content lists raw and data model fields alike).
// tstats' own words (nodename) and the default fields are not data fields.
func requiredChecks(tc *Case, p *runner.Search, src engine.Source) []string {
	if len(tc.Detection.Tags.RequiredFields) == 0 {
		return nil
	}
	ctx := context.Background()
	var events, dsRows []value.Fields
	_ = src.Scan(ctx, engine.AllEvents, func(r value.Fields) error { events = append(events, r); return nil })
	dsName, prefix := "", ""
	if ts, ok := p.Pipeline.Commands[0].(*spl.TstatsCommand); ok && ts.Datamodel != "" {
		if ds, _, err := engine.DatasetFields(ts, src); err == nil {
			dsName, prefix = ds.Name(), ds.Object()+"."
			_ = ds.Scan(ctx, func(r value.Fields) error { dsRows = append(dsRows, r.Clone()); return nil })
		}
	}
	var fails []string
	for _, f := range tc.Detection.Tags.RequiredFields {
		switch strings.ToLower(f) {
		case "_time", "_raw", "host", "source", "sourcetype", "index", "nodename":
			continue
		}
		if prefix != "" && strings.HasPrefix(f, prefix) {
			if !hasValue(dsRows, strings.TrimPrefix(f, prefix)) {
				fails = append(fails, fmt.Sprintf("required field %s has no value in %s (%d rows)%s", f, dsName, len(dsRows), closestField(f, prefix, dsRows)))
			}
			continue
		}
		if !hasValue(events, f) && !hasValue(dsRows, f) {
			fails = append(fails, fmt.Sprintf("required field %s has no value in the events (%d)%s", f, len(events), closestField(f, prefix, dsRows)))
		}
	}
	return fails
}

// closestField suggests, for a required field that has no value, the
// dataset field it may have meant: Porcesses.dest for Processes.dest, or
// Processes.proces_name for a field the rows have; "" when none is close.
func closestField(f, prefix string, rows []value.Fields) string {
	if prefix == "" {
		return ""
	}
	obj, rest, ok := strings.Cut(f, ".")
	if !ok {
		return ""
	}
	object := strings.TrimSuffix(prefix, ".")
	if obj != object && spl.Suggest(obj, []string{object}) == "" {
		return ""
	}
	var names []string
	seen := map[string]bool{}
	for _, r := range rows {
		for _, fd := range r {
			if !seen[fd.Name] {
				seen[fd.Name] = true
				names = append(names, fd.Name)
			}
		}
	}
	if seen[rest] && obj != object {
		return fmt.Sprintf("; did you mean %q?", prefix+rest)
	}
	if s := spl.Suggest(rest, names); s != "" && (s != rest || obj != object) {
		return fmt.Sprintf("; did you mean %q?", prefix+s)
	}
	return ""
}
