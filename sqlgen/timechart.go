package sqlgen

import "github.com/spelunk-dev/spelunk/spl"

// splitErr ends the translation at a command whose first half SQL runs:
// rest replaces the command in what spelunk runs.
type splitErr struct {
	why  string
	rest []spl.Command
}

func (e *splitErr) Error() string { return e.why }

// timechart `span=<time> count [by x]` counts in SQL, by time bucket and
// series value (a row without x in the NULL series), and leaves to
// spelunk the pivot into columns, the limit and OTHER, the empty
// buckets: `timechart ... sum(count) AS count [by x]` over the counts,
// with 0 in the cells that get no count, gives what timechart gives over the rows, since a
// series' count in a bucket is the sum of its counts there, and a bucket
// or series without rows counts 0 (Search Reference, timechart).
func (t *translator) timechart(c *spl.TimechartCommand) error {
	b := c.Binning
	if len(c.Aggs) != 1 || c.Where != nil || b.Span == nil || !b.Span.IsTime() || b.Bins != 0 ||
		b.MinSpan != nil || b.Start != nil || b.End != nil || b.AlignTime != "" {
		return stopf("timechart has no SQL translation but for timechart span=<time> count [by <field>]")
	}
	a := c.Aggs[0]
	if (a.Func != "count" && a.Func != "c") || a.Field != "" || a.Eval != nil || a.Sparkline != nil {
		return stopf("timechart has no SQL translation but for timechart span=<time> count [by <field>]")
	}
	name := a.Name()
	tm := t.col("_time")
	if tm.k == kNull {
		return stopf("timechart needs _time")
	}
	e, err := t.bucket(tm.sql, *b.Span)
	if err != nil {
		return err
	}
	by := []string{"_time"}
	byExpr := []val{{e, kNum}}
	if c.By != nil {
		if c.By.Name == name || c.By.Name == "_time" || containsWildcard(c.By.Name) {
			return stopf("timechart by %s has no SQL translation", c.By.Name)
		}
		v := t.col(c.By.Name)
		if v.k == kList {
			return stopf("timechart by a multivalue field runs in spelunk")
		}
		by = append(by, c.By.Name)
		byExpr = append(byExpr, v)
	}
	from := t.fromItem()
	t.keepNull = true
	err = t.group(by, byExpr, nil, []spl.Aggregation{{Loc: a.Loc, Func: "count", As: name}}, t.col, from, "")
	t.keepNull = false
	if err != nil {
		return err
	}
	rest := *c
	rest.Aggs = []spl.Aggregation{{Loc: a.Loc, Func: "sum", Field: name, As: name}}
	// fillnull leaves alone the cells timechart writes as null, so each
	// column is filled by name.
	fill, err := spl.Parse(`| foreach * [eval "<<FIELD>>"=coalesce('<<FIELD>>', 0)]`)
	if err != nil {
		return err
	}
	return &splitErr{why: "SQL counts by time bucket and series; the series become columns in spelunk",
		rest: append([]spl.Command{&rest}, fill.Commands...)}
}

func containsWildcard(s string) bool {
	for _, r := range s {
		if r == '*' {
			return true
		}
	}
	return false
}
