package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
)

// timechart is chart over _time binned by span (automatic when absent,
// from the times seen: at most bins=100 buckets). A series whose value
// starts with "_" is named VALUE_... .
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/timechart
func init() {
	registerStream("timechart", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.TimechartCommand)
		if err := splitByInFunction("timechart", c.Aggs, c.By); err != nil {
			return nil, err
		}
		// "<single-agg> ... No wildcards are allowed" (timechart page,
		// 10.0), where chart's stats-agg-term takes a <wc-field>.
		for _, a := range c.Aggs {
			if strings.Contains(a.Field, "*") {
				return nil, errAt(a, "timechart: %s: timechart's functions take one field and no wildcards (Search Reference, timechart: single-agg); name the fields, or use chart, which takes them: chart %s over _time span=<span>", a.String(), a.String())
			}
		}
		core, err := newChartCore(rc, "timechart", c.ChartOptions, c.Aggs)
		if err != nil {
			return nil, err
		}
		core.rowField, core.rowName = "_time", "_time"
		// limit=: "If multiple aggregations are specified, the score is
		// based on the frequency of each value of <field>" (timechart
		// page, 10.0); one aggregation scores by the sum of its values.
		core.rankByCount = len(c.Aggs) > 1
		core.valuePrefix = true
		core.bin, err = compileBinSpec(rc, c, "timechart", c.Binning, "_time")
		if err != nil {
			return nil, err
		}
		for _, a := range core.aggs {
			if a.per != nil {
				a.per.bin = core.bin
			}
		}
		if c.By != nil {
			core.colField = c.By.Name
		}
		return &chartStage{next: next, core: core}, nil
	})
}
