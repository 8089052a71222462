package engine

import "testing"

// TestTimewrap: daily n = 1..14 from 2023-11-01 (epoch 1698796800) to
// 2023-11-14, wrapped by the page's spans and series names.
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/timewrap
func TestTimewrap(t *testing.T) {
	data := `| makeresults count=14 | streamstats count AS c | eval _time=1698710400 + c*86400 | timechart span=1d sum(c) AS n | `
	cases := []struct {
		name, q string
		want    []string
	}{
		// 2 weeks hold all 14 days: one period.
		{"2w", "timewrap 2w | head 1", []string{"_time=1698796800 n_latest_2weeks=1"}},
		// series=short: s0 is the latest day, s1 the day before, ...
		{"short", "timewrap 1d series=short | fields - _time", []string{
			"n_s13=1 n_s12=2 n_s11=3 n_s10=4 n_s9=5 n_s8=6 n_s7=7 n_s6=8 n_s5=9 n_s4=10 n_s3=11 n_s2=12 n_s1=13 n_s0=14"}},
		// series=exact names each period by its start.
		{"exact", `timewrap 1week series=exact time_format="%m-%d" | head 1 | fields - _time`, []string{"n_11-01=1 n_11-08=8"}},
		// align=now: --now is 2023-11-14T22:13:20, so the latest week
		// starts 2023-11-07T22:13:20; day 7 (11-07 00:00) is in the week
		// before, moved to 11-14 00:00.
		{"align now", "timewrap 1w align=now | tail 1 | fields - _time", []string{"n_1week_before=7 n_latest_week=14"}},
		// Calendar months: all 14 days are in the month before the end.
		{"month", "timewrap 1m series=short | stats count", []string{"count=14"}},
	}
	checkTables(t, data, cases)
}
