package spl_test

import "testing"

// transformingCases pair the transforming, multi-source and lookup
// commands with their canonical form.
var transformingCases = []struct {
	name, in, want string
}{
	{"stats", `* | stats count min(_time) as firstTime max(_time) as lastTime by EventCode, Computer`,
		`* | stats count min(_time) AS firstTime max(_time) AS lastTime by EventCode Computer`},
	{"stats eval and commas", `* | stats dc(TargetUserName) AS unique_accounts, values(eval(if(OperationType=="%%14675",AttributeValue,null))) as old_value by _time, IpAddress`,
		`* | stats dc(TargetUserName) AS unique_accounts values(eval(if(OperationType == "%%14675", AttributeValue, null))) AS old_value by _time IpAddress`},
	{"stats AS name with parentheses", `* | stats values(aceFlags) as aceFlags(inheritance) by x`, `* | stats values(aceFlags) AS "aceFlags(inheritance)" by x`},
	{"stats options", `* | stats allnum=t dedup_splitvals=true count by x`, `* | stats allnum=t dedup_splitvals=true count by x`},
	{"stats quoted field", `* | stats count by "user.groups{}" sourceIPs{}`, `* | stats count by user.groups{} sourceIPs{}`},
	{"eventstats", `* | eventstats avg(count) as avg, stdev(count) as stdev p50(count) AS p50 by src_user, signature`,
		`* | eventstats avg(count) AS avg stdev(count) AS stdev p50(count) AS p50 by src_user signature`},
	{"streamstats", `* | streamstats current=f window=5 reset_after="(x>1)" count as rank by src query`,
		`* | streamstats current=f window=5 reset_after="(x>1)" count AS rank by src query`},
	{"bucket", `* | bucket span=5m _time`, `* | bin span=5m _time`},
	{"bin without a field buckets _time", `* | bin span=1s | stats count by _time`, `* | bin span=1s _time | stats count by _time`},
	{"bin options after field and AS", `* | bin _time span=1h AS hour`, `* | bin span=1h _time AS hour`},
	{"timechart", `* | timechart limit=0 span=5m count`, `* | timechart limit=0 span=5m count`},
	{"timechart by with options after", `* | timechart span=1h count by host useother=f`, `* | timechart span=1h useother=f count by host`},
	{"chart by two fields", `* | chart count by host, user`, `* | chart count over host by user`},
	{"chart over by", `* | chart avg(x) AS a over host by user limit=5`, `* | chart limit=5 avg(x) AS a over host by user`},
	// chart's stats-agg-term takes a <wc-field> and AS a <wc-field>
	// (Search Reference, chart).
	{"chart wildcard fields", `* | chart sum(*) AS total_*, count(*delay) over host by org`, `* | chart sum(*) AS total_* count(*delay) over host by org`},
	{"chart sep and format", `* | chart count max(x) over a by b sep=_ format="$VAL$-$AGG$"`, `* | chart sep=_ format=$VAL$-$AGG$ count max(x) over a by b`},
	{"timechart sep", `* | timechart sep=" | " count max(x) by b`, `* | timechart sep=" | " count max(x) by b`},
	{"top leading number", `* | top 5 user by host`, `* | top limit=5 user by host`},
	{"rare options", `* | rare showperc=f user, src`, `* | rare showperc=f user src`},
	{"join", `* | join type=outer process_guid [| tstats count FROM datamodel=Endpoint.Processes by Processes.process_guid | rename Processes.* as *]`,
		`* | join type=outer process_guid [| tstats count from datamodel=Endpoint.Processes by Processes.process_guid | rename Processes.* AS *]`},
	{"join options after fields, no space before subsearch", `* | join process_guid, _time type=inner[search x=1]`,
		`* | join type=inner process_guid, _time [search x=1]`},
	{"append", `* | append [search y=2 | table y]`, `* | append [search y=2 | table y]`},
	{"appendpipe command first", `* | appendpipe [stats count | eval x=1]`, `* | appendpipe [| stats count | eval x=1]`},
	{"appendpipe map", `* | appendpipe [| map search="search a=$a$"]`, `* | appendpipe [| map search="search a=$a$"]`},
	{"map maxsearches", `* | map maxsearches=70 search="| tstats count where x=$x$"`, `* | map maxsearches=70 search="| tstats count where x=$x$"`},
	{"multisearch", `| multisearch [search a=1] [search b=2 | eval c=3]`, `| multisearch [search a=1] [search b=2 | eval c=3]`},
	{"lookup", `* | lookup update=true interesting_ports_lookup dest_port as All_Traffic.dest_port OUTPUT app is_prohibited note transport`,
		`* | lookup update=true interesting_ports_lookup dest_port AS All_Traffic.dest_port OUTPUT app, is_prohibited, note, transport`},
	{"lookup outputnew", `* | lookup msad_guid_lookup guid as new_values OUTPUTNEW displayName as policyType`,
		`* | lookup msad_guid_lookup guid AS new_values OUTPUTNEW displayName AS policyType`},
	{"lookup without output", `* | lookup update=true alexa_lookup_by_str domain, rank as r`, `* | lookup update=true alexa_lookup_by_str domain, rank AS r`},
	{"inputlookup", `| inputlookup append=t previously_seen where user=x*`, `| inputlookup append=t previously_seen where user=x*`},
	{"inputlookup append after", `* | inputlookup baseline append=t`, `* | inputlookup append=t baseline`},
	{"outputlookup", `* | outputlookup append=true s3_deletion_baseline`, `* | outputlookup append=true s3_deletion_baseline`},
	{"transaction", `* | transaction ObjectDN AttributeValue startswith=(EventCode=5136 OperationType="%%14674") endswith=(EventCode=5136 OperationType="%%14675")`,
		`* | transaction ObjectDN AttributeValue startswith=(EventCode=5136 OperationType=%%14674) endswith=(EventCode=5136 OperationType=%%14675)`},
	{"transaction options", `* | transaction user startsWith=(operationName="Enable account") endsWith="x=1" maxspan=2m connected=false`,
		`* | transaction user maxspan=2m connected=false startswith=(operationName="Enable account") endswith=(x=1)`},
	{"transaction eval filter", `* | transaction dest endswith=eval(a>1 AND b="c")`, `* | transaction dest endswith=eval(a > 1 AND b = "c")`},
	{"addtotals", `* | addtotals fieldname=Score, jndi, jndi_proto, env_var`, `* | addtotals fieldname=Score jndi jndi_proto env_var`},
	{"from space", `| from datamodel Risk.All_Risk | search x=1`, `| from datamodel:Risk.All_Risk | search x=1`},
	{"from colon", `| from datamodel:"Web.Web"`, `| from datamodel:Web.Web`},
	{"datamodel", `| datamodel Network_Traffic All_Traffic search summariesonly=t`, `| datamodel Network_Traffic All_Traffic search summariesonly=t`},
	{"mstats", `| mstats avg(process.*) as process.* where index=metrics AND process.executable.name IN ("sh","bash") by host.name span=10s`,
		`| mstats avg(process.*) AS process.* where index=metrics process.executable.name IN (sh, bash) by host.name span=10s`},
	// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/mstats
	// (syntax: chart=<bool>, <chart-options>, (BY|GROUPBY)).
	{"mstats span without BY", `| mstats avg(_value) WHERE index=mymetricdata metric_name=cpu.util span=30s`,
		`| mstats avg(_value) where index=mymetricdata metric_name=cpu.util span=30s`},
	{"mstats WHERE span alone", `| mstats avg(cpu) WHERE span=30s`, `| mstats span=30s avg(cpu)`},
	{"mstats groupby and chart options", `| mstats chart=t chart.limit=5 max(_value) WHERE index=mymetricdata AND metric_name=cpu.util GROUPBY host span=1m`,
		`| mstats chart=t chart.limit=5 max(_value) where index=mymetricdata metric_name=cpu.util by host span=1m`},
	{"iplocation", `* | iplocation prefix=auth_ allfields=true dest`, `* | iplocation prefix=auth_ allfields=true dest`},
	{"iplocation braces", `* | iplocation sourceIPs{}`, `* | iplocation sourceIPs{}`},
}

func TestTransformingCanonical(t *testing.T) {
	checkCanonical(t, transformingCases)
}

func TestTransformingErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{`* | stats`, `stats: unexpected end of command`},
		{`* | stats count by`, `stats: BY needs at least one field`},
		{`* | stats count by a (b)`, `stats: unexpected "("`},
		{`* | timechart count by a b`, `timechart: timechart takes one BY field (the series); its rows are always _time`},
		{`* | top`, `top: missing field`},
		{`* | join x`, `join: missing subsearch`},
		{`* | append`, `append: missing subsearch`},
		{`| multisearch [search a]`, `multisearch: multisearch needs at least two subsearches`},
		{`* | map`, `map: missing search`},
		{`* | lookup t`, `lookup: unexpected end of command`},
		{`* | lookup t a OUTPUT`, `lookup: unexpected end of command`},
		{`* | inputlookup t`, `inputlookup: inputlookup is a generating command and must be the first command of a search`},
		{`* | outputlookup`, `outputlookup: missing lookup table name`},
		{`* | transaction user startswith=`, `transaction: unexpected end of command`},
		{`| from index:main`, `from: unknown dataset type "index"`},
		{`* | iplocation`, `iplocation: missing IP address field`},
		{`| mstats where x=1`, `mstats: unexpected "where"`},
	}
	checkFirstError(t, cases)
}
