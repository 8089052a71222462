package engine

import "testing"

// makeresults, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/makeresults
func TestDocMakeresultsExamples(t *testing.T) {
	runCmdCases(t, []cmdCase{
		// "If you do not specify any of the optional arguments, this
		// command ... generates one result with only the _time field."
		{name: "default", q: `| makeresults`, cols: []string{"(fields)", "_time"}, want: []string{"_time,1700000000"}},
		{name: "count", q: `| makeresults count=3`, cols: []string{"(fields)"}, want: []string{"_time", "_time", "_time"}},
		// The fields annotate=true adds, in the page's table.
		{name: "annotate", q: `| makeresults annotate=true | table _raw _time host source sourcetype splunk_server splunk_server_group`,
			cols: []string{"splunk_server"}, want: []string{"local"}},
		// Usage, inline data: the JSON and CSV examples; "makeresults
		// ignores other arguments such as count or annotate".
		{name: "json", q: `| makeresults format=json data="[{\"name\":\"John\", \"age\":35}, {\"name\":\"Sarah\", \"age\":39}]"`,
			cols: []string{"name", "age"}, want: []string{"John,35", "Sarah,39"}},
		{name: "csv", q: `| makeresults format=csv data="name, age
John,35
Sarah,39"`, cols: []string{"name", "age"}, want: []string{"John,35", "Sarah,39"}},
		{name: "count ignored", q: `| makeresults count=5 format=csv data="name
John"`, cols: []string{"name"}, want: []string{"John"}},
		// "If makeresults cannot parse the data for the specified format,
		// it returns an error."
		{name: "bad json", q: `| makeresults format=json data="[{\"name\":"`, err: true},
		// Basic example 1.
		{name: "eval", q: `| makeresults | eval newfield="some value"`, cols: []string{"newfield"}, want: []string{"some value"}},
		// Extended example 1: dates 24 hours apart.
		{name: "daily", q: `| makeresults count=5 | streamstats count | eval _time=_time-(count*86400) | eval d=strftime(_time, "%F")`,
			cols: []string{"d", "count"}, want: []string{"2023-11-13,1", "2023-11-12,2", "2023-11-11,3", "2023-11-10,4", "2023-11-09,5"}},
		// Extended example 3.
		{name: "strings", q: `| makeresults | eval test="buttercup rarity tenderhoof dash mcintosh fleetfoot mistmane" | makemv delim=" " test | mvexpand test`,
			cols: []string{"test"}, want: []string{"buttercup", "rarity", "tenderhoof", "dash", "mcintosh", "fleetfoot", "mistmane"}},
		// Extended example 5: round(...,4) keeps four decimals (0.8050).
		{name: "round", q: `| makeresults | eval test=round(0.804991002129475,4)`, cols: []string{"test"}, want: []string{"0.8050"}},
	})
}
