package spl_test

import "testing"

// reshapeCases pair the reshaping and subsearch-helper commands, written
// as the Search Reference's examples write them, with their canonical form.
var reshapeCases = []struct {
	name, in, want string
}{
	{"transpose", `* | chart count BY host | transpose`, `* | chart count over host | transpose`},
	{"transpose all options", `* | transpose 0 column_name="Field name" header_field=host include_empty=f`,
		`* | transpose 0 column_name="Field name" header_field=host include_empty=false`},
	{"transpose default count", `* | transpose 5 include_empty=true`, `* | transpose`},
	{"xyseries", `* | stats count by host, sourcetype | xyseries host sourcetype count`,
		`* | stats count by host sourcetype | xyseries host sourcetype count`},
	{"xyseries options", `* | maketable grouped=t _time, host, count, bytes sep=":" format="$VAL$ $AGG$"`,
		`* | xyseries grouped=true _time host count bytes format="$VAL$ $AGG$"`},
	{"untable", `* | timechart avg(delay) by host | untable _time host avg_delay`,
		`* | timechart avg(delay) by host | untable _time host avg_delay`},
	{"untable commas", `* | untable host, "st", count`, `* | untable host st count`},
	{"appendcols", `* | timechart count | appendcols [search error | timechart count as errors]`,
		`* | timechart count | appendcols [search error | timechart count AS errors]`},
	{"appendcols options", `* | appendcols override=t maxout=100 timeout=5 maxtime=30[| makeresults]`,
		`* | appendcols override=true maxtime=30 maxout=100 timeout=5 [| makeresults]`},
	{"format", `* | head 2 | fields source, sourcetype, host | format`, `* | head 2 | fields source, sourcetype, host | format`},
	{"format strings", `* | format mvsep="||" "[" "[" "&&" "]" "||" "]"`, `* | format mvsep="||" "[" "[" "&&" "]" "||" "]"`},
	{"format defaults written", `* | format maxresults=0 mvsep=OR "(" "(" "AND" ")" "OR" ")" emptystr="NOT ( )"`, `* | format`},
	{"format options", `* | format maxresults=10 emptystr=none`, `* | format maxresults=10 emptystr="none"`},
	{"return", `error [ search user=boss | return ip ]`, `error [search user=boss | return ip]`},
	{"return forms", `* | return 2 src=ip, user $search`, `* | return 2 src=ip user $search`},
	{"return case kept", `* | return Src=IP`, `* | return Src=IP`},
	{"rest", `| rest /services/authentication/current-context splunk_server=local count=0 | table username`,
		`| rest /services/authentication/current-context splunk_server=local count=0 | table username`},
	{"savedsearch", `| savedsearch "Errors in the last hour" replacement_dict="x"`, `| savedsearch "Errors in the last hour" replacement_dict=x`},
	{"loadjob", `| loadjob savedsearch="admin:search:MySavedSearch"`, `| loadjob savedsearch=admin:search:MySavedSearch`},
	{"sendemail", `* | sendemail to="elvis@splunk.com,john@splunk.com" format=csv subject=myresults server=mail.splunk.com sendresults=true`,
		`* | sendemail to="elvis@splunk.com,john@splunk.com" format=csv subject=myresults server=mail.splunk.com sendresults=true`},
	{"script alias and mpreview alias", `* | run python myscript myarg1 | search x`, `* | script python myscript myarg1 | search x`},
	{"msearch", `| msearch index=metrics filter="host=h1"`, `| mpreview index=metrics filter="host=h1"`},
	{"metasearch operators", `| metasearch index=_internal sourcetype!=x OR (host=a)`, `| metasearch index=_internal sourcetype "!=" x OR "(" host=a ")"`},
	{"dbinspect", `| dbinspect index=_internal span=1d`, `| dbinspect index=_internal span=1d`},
	{"walklex", `| walklex index=_internal type=field prefix="data."`, `| walklex index=_internal type=field prefix=data.`},
	{"history audit datamodelsimple", `| history events=true`, `| history events=true`},
	{"sendalert params", `* | sendalert myaction param.host=h1 param.msg="a b"`, `* | sendalert myaction param.host=h1 param.msg="a b"`},
	{"mcollect", `* | mcollect index=mymetrics split=allnums host`, `* | mcollect index=mymetrics split=allnums host`},
	{"xyseries sep", `* | xyseries x y a b sep=-`, `* | xyseries x y a b sep="-"`},
	{"xyseries page example", `sourcetype=access_combined_wcookie | stats count(host) count(productId) by clientip, referer_domain | xyseries clientip referer_domain count(host), count(productId) sep="-" format="$AGG$ + $VAL$ TEST"`,
		`sourcetype=access_combined_wcookie | stats count(host) count(productId) by clientip referer_domain | xyseries clientip referer_domain "count(host)" "count(productId)" sep="-" format="$AGG$ + $VAL$ TEST"`},
}

func TestReshapeCanonical(t *testing.T) {
	checkCanonical(t, reshapeCases)
}

func TestReshapeErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{`* | transpose rows=3`, `transpose: unknown option "rows"`},
		{`* | transpose include_empty=maybe`, `transpose: include_empty takes a Boolean (true or false)`},
		{`* | transpose host`, `transpose: unexpected "host"`},
		{`* | xyseries host count`, `xyseries: needs an x field, a y-name field and at least one y-data field`},
		{`* | untable a b`, `untable: needs three fields: <x-field> <y-name-field> <y-data-field>`},
		{`* | untable a b c d`, `untable: unexpected "d"`},
		{`* | appendcols override=t`, `appendcols: missing subsearch`},
		{`* | appendcols maxout=-1 [| makeresults]`, `appendcols: maxout takes a whole number, not "-1"`},
		{`* | appendcols [| makeresults] [| makeresults]`, `appendcols: unexpected "[| makeresults]"`},
		{`* | format "(" "("`, `format: takes all six strings or none: row prefix, column prefix, column separator, column end, row separator, row end`},
		{`* | format "(" "(" "AND" ")" "OR" ")" "x"`, `format: unexpected string "x"`},
		{`* | format maxresults=x`, `format: maxresults takes a whole number, not "x"`},
		{`* | format mvsp=x`, `format: unknown option "mvsp"`},
		{`* | return`, `return: missing field`},
		{`* | return 3`, `return: missing field`},
		{`* | return ip = srcip`, `return: no spaces around "=" in <alias>=<field>`},
		{`* | rest /services`, `rest is a generating command and must be the first command of a search`},
		{`* | xyseries a b c sepr=x`, `xyseries: unknown option "sepr"`},
	}
	checkFirstError(t, cases)
}
