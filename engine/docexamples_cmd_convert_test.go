package engine

import "testing"

// convert, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/convert
func TestDocConvertExamples(t *testing.T) {
	one := func(f, v string) string { return `| makeresults | eval ` + f + `="` + v + `"` }
	runCmdCases(t, []cmdCase{
		// Basic example 4: delay="00:10:15" becomes 615; the format is
		// "[D+]HH:MM:SS".
		{name: "dur2sec", q: one("delay", "00:10:15") + ` | convert dur2sec(delay)`, cols: []string{"delay"}, want: []string{"615"}},
		{name: "dur2sec days", q: one("delay", "2+00:10:15") + ` | convert dur2sec(delay)`, cols: []string{"delay"}, want: []string{"173415"}},
		// Basic example 5: duration="212 sec" becomes 212.
		{name: "rmunit", q: one("duration", "212 sec") + ` | convert rmunit(duration)`, cols: []string{"duration"}, want: []string{"212"}},
		// memk: k, m or g, kilobytes when no letter is given.
		{name: "memk m", q: one("virt", "10m") + ` | convert memk(virt)`, cols: []string{"virt"}, want: []string{"10240"}},
		{name: "memk g", q: one("virt", "2g") + ` | convert memk(virt)`, cols: []string{"virt"}, want: []string{"2097152"}},
		{name: "memk none", q: one("virt", "512") + ` | convert memk(virt)`, cols: []string{"virt"}, want: []string{"512"}},
		// rmcomma(1,000,000.00) returns 1000000.00.
		{name: "rmcomma", q: one("n", "1,000,000.00") + ` | convert rmcomma(n)`, cols: []string{"n"}, want: []string{"1000000.00"}},
		// mstime: "[MM:]SS.SSS" to seconds.
		{name: "mstime", q: one("t", "01:02.500") + ` | convert mstime(t) | eval ok=if(t==62.5, "yes", "no")`, cols: []string{"ok"}, want: []string{"yes"}},
		// Extended examples 1 and 2, the first row (the page's times are
		// US Pacific): ctime with timeformat, and mstime of a number.
		{name: "ctime", tz: "America/Los_Angeles", q: `| makeresults | eval _time=1522196414.839 | convert timeformat="%H:%M:%S" ctime(_time) AS c_time | convert mstime(_time) AS ms_time`,
			cols: []string{"c_time", "ms_time"}, want: []string{"17:20:14,1522196414.839"}},
		// ctime's default timeformat is %m/%d/%Y %H:%M:%S.
		{name: "ctime default", q: `| makeresults | eval t=1522196414 | convert ctime(t)`, cols: []string{"t"}, want: []string{"03/28/2018 00:20:14"}},
		{name: "mktime", q: one("t", "03/28/2018 00:20:14") + ` | convert mktime(t)`, cols: []string{"t"}, want: []string{"1522196414"}},
		// The AS clause leaves the original field intact.
		{name: "AS", q: one("delay", "00:10:15") + ` | convert dur2sec(delay) AS secs`, cols: []string{"delay", "secs"}, want: []string{"00:10:15,615"}},
		// auto(): "if not all values of a particular field can be
		// converted ..., the field is left untouched". convert is a
		// streaming command, so spelunk reads "all values" as the values
		// of one event's (multivalue) field. num() is "Like auto(), except
		// non-convertible values are removed"; none() keeps fields from a
		// wildcard.
		{name: "auto", q: `| makeresults | eval x="00:10:15", y=split("00:10:15,abc", ",") | convert auto(x) auto(y)`,
			cols: []string{"x", "y"}, want: []string{"615,00:10:15|abc"}},
		{name: "num", q: `| makeresults format=csv data="y
abc
14" | convert num(y)`, cols: []string{"y"}, want: []string{"(null)", "14"}},
		{name: "auto none", q: `| makeresults | eval a="00:10:15", src_ip="00:10:15" | convert auto(*) none(src_ip)`,
			cols: []string{"a", "src_ip"}, want: []string{"615,00:10:15"}},
		// Extended example 3: num() reads HH:MM:SS as seconds.
		{name: "num HH:MM:SS", q: `| makeresults count=2 | eval time_elapsed="00:10:15", user_id="u" | convert num(time_elapsed) | stats sum(eval(time_elapsed/60)) AS Minutes BY user_id`,
			cols: []string{"user_id", "Minutes"}, want: []string{"u,20.5"}},
	})
}
