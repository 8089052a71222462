package engine

import "testing"

// rename, Search Reference 10.0; its rules are stated in words:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/rename
func TestDocRenameExamples(t *testing.T) {
	eu := `| makeresults | eval EU_UK=1, EU_DE=2, EU_PL=3 | fields - _time`
	runCmdCases(t, []cmdCase{
		{name: "wildcards", q: eu + ` | rename EU* AS EMEA*`, cols: []string{"(fields)"}, want: []string{"EMEA_UK|EMEA_DE|EMEA_PL"}},
		{name: "usr*", q: `| makeresults | eval usr_name="a", usrid=2 | rename usr* AS user*`, cols: []string{"user_name", "userid"}, want: []string{"a,2"}},
		{name: "phrase", q: `| makeresults | eval SESSIONID=7 | rename SESSIONID AS "The session ID"`, cols: []string{"The session ID", "SESSIONID"}, want: []string{"7,(null)"}},
		// "You can't rename one field with multiple names."
		{name: "one field two names", q: `| makeresults | eval A=1 | rename A as B, A as C`, err: true},
		// "You can't merge multiple fields into one field": rename pid AS
		// product_id overwrites product_id with null where pid is absent.
		{name: "no merge", q: `| makeresults format=csv data="pid,product_id
p1,
,q2" | rename pid AS product_id`, cols: []string{"product_id"}, want: []string{"p1", "(null)"}},
		// "Renaming a field that does not exist": fieldB's data is
		// removed if it exists; nothing happens otherwise.
		{name: "missing source", q: `| makeresults | eval fieldB=1 | rename fieldA AS fieldB`, cols: []string{"fieldB"}, want: []string{"(null)"}},
		{name: "missing both", q: `| makeresults | eval x=1 | rename fieldA AS fieldB | fields - _time`, cols: []string{"(fields)"}, want: []string{"x"}},
		// "the following search fails because there is one wildcard
		// character in the original name, but none in the name that
		// replaces it".
		{name: "wildcard count", q: `| makeresults | rename price-a*price-b AS price-aprice-b`, err: true},
		{name: "wildcard inside", q: `| makeresults | eval 'price-a1price-b'=5 | rename price-a*price-b AS price-a*Newprice-b`, cols: []string{"price-a1Newprice-b"}, want: []string{"5"}},
	})
}

// table and fields, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/table
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/fields
func TestDocTableFieldsExamples(t *testing.T) {
	ev := `| makeresults | eval _raw="r", host="www1", action="view", date_mday=20, date_minute=51, date_month="july", ip="1.2.3.4", source="s", sourcetype="st", error_code=5, errorMsg="x", other=1`
	runCmdCases(t, []cmdCase{
		// table: "Columns are displayed in the same order that fields are
		// specified"; wildcards; space- or comma-delimited.
		{name: "table order", q: ev + ` | table action, host`, cols: []string{"(fields)"}, want: []string{"action|host"}},
		{name: "table wildcard", q: ev + ` | table host action date_m*`, cols: []string{"(fields)", "date_mday", "date_minute", "date_month"},
			want: []string{"host|action|date_mday|date_minute|date_month,20,51,july"}},
		// Example 2: rename first, then table with locS*.
		{name: "rename then table", q: `| makeresults | eval time="t", place="Northern California", latitude=39.3547, longitude=-120.0101, locationSource="nn"
| rename latitude as lat longitude as lon locationSource as locSource | table time, place, lat, lon, locS*`,
			cols: []string{"(fields)", "lat", "lon", "locSource"}, want: []string{"time|place|lat|lon|locSource,39.3547,-120.0101,nn"}},
		// Example 3 classifies 192.0.1.51 as "other" and 192.0.1.39 as
		// "local", though both are in 192.0.0.0/16; the cases follow
		// cidrmatch's rule for the addresses the page gets right.
		{name: "cidrmatch", q: `| makeresults format=csv data="clientip
192.168.11.33
192.1.2.40
192.0.1.39" | eval network=if(cidrmatch("192.0.0.0/16", clientip), "local", "other") | table clientip, network`,
			cols: []string{"clientip", "network"}, want: []string{"192.168.11.33,other", "192.1.2.40,other", "192.0.1.39,local"}},
		// fields: _raw and _time stay unless removed explicitly; - removes.
		// fields is streaming and the page gives no order, so the cases
		// compare the sets.
		{name: "fields keeps internals", q: ev + ` | fields host, ip`, cols: []string{"(fieldset)"}, want: []string{"_raw|_time|host|ip"}},
		{name: "fields - _*", q: ev + ` | fields host, ip | fields - _*`, cols: []string{"(fieldset)"}, want: []string{"host|ip"}},
		{name: "fields -", q: ev + ` | fields - host, ip | fields - _*`, cols: []string{"(fieldset)"},
			want: []string{"action|date_mday|date_minute|date_month|errorMsg|error_code|other|source|sourcetype"}},
		{name: "fields +", q: ev + ` | fields + source, sourcetype, host, error* | fields - _raw, _time`, cols: []string{"(fieldset)"},
			want: []string{"errorMsg|error_code|host|source|sourcetype"}},
	})
}
