package engine

import "testing"

// fillnull, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/fillnull
func TestDocFillnullExamples(t *testing.T) {
	sales := `| makeresults format=csv data="day,ACCESSORIES,ARCADE,SHOOTER,SIMULATION,SPORTS,STRATEGY,TEE
2021-03-17,5,17,6,3,5,32,
2021-03-16,,63,39,30,22,127,56
2021-03-15,65,94,38,42,,128,60"`
	kbps := `| makeresults format=csv data="t,host,average_kbps,instanenous_kbps,kbps
12:00,danube.sample.com,,1.865,3.420
11:53,mekong.buttercupgames.com,0.710,0.164,1.256
11:47,danube.sample.com,1.325,,2.230
11:42,yangtze.buttercupgames.com,2.249,0.000,2.249
11:39,,2.874,3.841,1.906
11:33,nile.example.net,2.023,0.915,"`
	runCmdCases(t, []cmdCase{
		// Usage, "Fields in the event set should have at least one non-null
		// value": test2 is null in every event, so it does not exist.
		{name: "never set", q: `| makeresults | eval test="123123", test2=null() | fillnull value=NULL`,
			cols: []string{"(fields)", "test"}, want: []string{"_time|test,123123"}},
		{name: "table column", q: `| makeresults | eval test="123123" | eval test2=null() | table test test2 | fillnull value=NULL`,
			cols: []string{"test", "test2"}, want: []string{"123123,(null)"}},
		{name: "one non-null", q: `| makeresults | eval test1=split("123,456", ",") | mvexpand test1 | eval test2=if(test1="123", null(), "abc") | fillnull value=NULL`,
			cols: []string{"test1", "test2"}, want: []string{"123,NULL", "456,abc"}},
		// Example 1: every empty value becomes 0.
		{name: "default 0", q: sales + ` | fillnull`, cols: []string{"day", "ACCESSORIES", "SPORTS", "TEE"},
			want: []string{"2021-03-17,5,5,0", "2021-03-16,0,22,56", "2021-03-15,65,0,60"}},
		// Example 3: only host and kbps; a listed field that does not exist
		// is created.
		{name: "listed fields", q: kbps + ` | fillnull value=unknown host kbps`, cols: []string{"host", "average_kbps", "instanenous_kbps", "kbps"},
			want: []string{"danube.sample.com,(null),1.865,3.420", "mekong.buttercupgames.com,0.710,0.164,1.256", "danube.sample.com,1.325,(null),2.230",
				"yangtze.buttercupgames.com,2.249,0.000,2.249", "unknown,2.874,3.841,1.906", "nile.example.net,2.023,0.915,unknown"}},
		{name: "new field", q: kbps + ` | fillnull value=unknown host kbps bytes`, cols: []string{"bytes"},
			want: []string{"unknown", "unknown", "unknown", "unknown", "unknown", "unknown"}},
	})
}
