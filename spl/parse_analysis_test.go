package spl_test

import "testing"

// analysisCases pair the statistical and machine-learning commands, as
// their Search Reference pages' examples write them, with their canonical
// form.
var analysisCases = []struct {
	name, in, want string
}{
	// predict page, examples 1, 5, 6, 9, 10 and 11.
	{"predict", `sourcetype=access_combined_* | timechart span=1d count(file) as count | predict count`,
		`sourcetype=access_combined_* | timechart span=1d count(file) AS count | predict count`},
	{"predict bounds", `* | predict foo AS foobar algorithm=LL upper90=high lower97=low future_timespan=10 holdback=20`,
		`* | predict foo AS foobar algorithm=LL upper90=high lower97=low future_timespan=10 holdback=20`},
	{"predict LLB", `* | predict foo3 AS foobar algorithm=llb correlate=foo2 holdback=100`,
		`* | predict foo3 AS foobar algorithm=LLB correlate=foo2 holdback=100`},
	{"predict aliases", `* | predict foo1 AS foobar1 foo2 AS foobar2 foo3 AS foobar3 algorithm=LLT future_timespan=15 holdback=5`,
		`* | predict foo1 AS foobar1 foo2 AS foobar2 foo3 AS foobar3 algorithm=LLT future_timespan=15 holdback=5`},
	{"predict per field", `* | predict foo1 algorithm=LL future_timespan=15 foo2 algorithm=LLP period=7 future_timespan=7`,
		`* | predict foo1 algorithm=LL future_timespan=15 foo2 algorithm=LLP period=7 future_timespan=7`},
	{"predict BiLL", `* | predict foo1 foo2 algorithm=BiLL future_timespan=10 suppress=foo1`,
		`* | predict foo1 foo2 algorithm=BiLL future_timespan=10 suppress=foo1`},
	{"predict correlate_field", `* | predict "foo: bar" algorithm=LLB correlate_field=x`,
		`* | predict "foo: bar" algorithm=LLB correlate=x`},
	// kmeans page, examples 1 and 2, and every option.
	{"kmeans", `* | kmeans k=4 date_hour date_minute`, `* | kmeans k=4 date_hour date_minute`},
	{"kmeans default", `* | kmeans`, `* | kmeans`},
	{"kmeans options", `* | kmeans reps=3 maxiters=50 t=0.5 k=2-5 cfield=cl dt=cosine showcentroid=f x, y`,
		`* | kmeans reps=3 maxiters=50 t=0.5 k=2-5 cfield=cl dt=cosine showcentroid=f x y`},
	// cluster page, examples 1 to 3.
	{"cluster", `* | cluster showcount=t | sort -cluster_count | head 20`, `* | cluster showcount=t | sort -cluster_count | head 20`},
	{"cluster t", `* | cluster t=0.9 showcount=true | sort - cluster_count | head 10`, `* | cluster t=0.9 showcount=true | sort -cluster_count | head 10`},
	{"cluster options", `* | cluster labelonly=t field=punct match=ngramset delims=" ," countfield=n labelfield=l`,
		`* | cluster labelonly=t field=punct match=ngramset delims=" ," countfield=n labelfield=l`},
	// concurrency page, usage and examples.
	{"concurrency", `* | transaction clientip | concurrency duration=duration | eval duration=tostring(duration,"duration")`,
		`* | transaction clientip | concurrency duration=duration | eval duration=tostring(duration, "duration")`},
	{"concurrency start output", `* | eval new_start = start - duration | concurrency start=new_start duration=duration output=foo`,
		`* | eval new_start=start - duration | concurrency start=new_start duration=duration output=foo`},
	{"correlate", `index=_internal | correlate`, `index=_internal | correlate`},
	{"correlate type", `eventtype=goodaccess | correlate type=cocur`, `eventtype=goodaccess | correlate type=cocur`},
	// contingency page, examples 1 and 2, and its aliases.
	{"contingency", `* | contingency datafield1 datafield2 maxrows=5 maxcols=5 usetotal=F`,
		`* | contingency maxrows=5 maxcols=5 usetotal=F datafield1 datafield2`},
	{"counttable", `* | counttable log_level component`, `* | contingency log_level component`},
	{"ctable options", `* | ctable mincolcover=0.5 minrowcover=0.9 totalstr=All a b`, `* | contingency mincolcover=0.5 minrowcover=0.9 totalstr=All a b`},
	// anomalousvalue page, examples 1 to 3.
	{"anomalousvalue", `* | anomalousvalue action=filter pthresh=0.02`, `* | anomalousvalue action=filter pthresh=0.02`},
	{"anomalousvalue summary", `* | anomalousvalue action=summary pthresh=0.02 | search isNum=YES`, `* | anomalousvalue action=summary pthresh=0.02 | search isNum=YES`},
	{"anomalousvalue options", `* | anomalousvalue minsupcount=10 maxanofreq=0.1 minsupfreq=0.1 minnormfreq=0.02 action=ANNOTATE bytes host`,
		`* | anomalousvalue minsupcount=10 maxanofreq=0.1 minsupfreq=0.1 minnormfreq=0.02 action=ANNOTATE bytes host`},
	// anomalies page, examples.
	{"anomalies", `* | anomalies`, `* | anomalies`},
	{"anomalies threshold", `* | anomalies threshold=0.03 labelonly=true maxvalues=50 normalize=f field=message by host, source`,
		`* | anomalies threshold=0.03 labelonly=true maxvalues=50 normalize=f field=message BY host source`},
	{"analyzefields", `* | analyzefields classfield=is_activated`, `* | analyzefields classfield=is_activated`},
	{"af", `* | af classfield="class name"`, `* | analyzefields classfield="class name"`},
	{"cofilter", `* | cofilter user item`, `* | cofilter user item`},
	// associate page, examples 1 to 3.
	{"associate", `sourcetype=access* | associate supcnt=3`, `sourcetype=access* | associate supcnt=3`},
	{"associate options", `* | associate supcnt=50 supfreq=0.2 improv=0.5 host sourcetype`, `* | associate supcnt=50 supfreq=0.2 improv=0.5 host sourcetype`},
	// arules page, examples 1 and 2.
	{"arules", `* | arules field1 field2 field3`, `* | arules field1 field2 field3`},
	{"arules options", `* | arules sup=3 conf=.6 field1 field2 field3`, `* | arules sup=3 conf=.6 field1 field2 field3`},
	// timewrap page, examples.
	{"timewrap", `* | timechart count span=1d | timewrap 1week`, `* | timechart span=1d count | timewrap 1week`},
	{"timewrap options", `* | timewrap 2d align=now series=exact time_format="%b %d"`, `* | timewrap 2d align=now series=exact time_format="%b %d"`},
	{"timewrap months", `* | timewrap m series=short`, `* | timewrap m series=short`},
	// x11 page, examples 1 and 2, and the other forms of its syntax.
	{"x11", `* | timechart span=1d count(file) AS count | x11 15(count)`, `* | timechart span=1d count(file) AS count | x11 mult15(count)`},
	{"x11 add", `* | x11 add20(count) as adjusted`, `* | x11 add20(count) AS adjusted`},
	{"x11 bare field", `* | x11 count`, `* | x11 mult(count)`},
	{"x11 parenthesised", `* | x11 ("my count")`, `* | x11 mult("my count")`},
}

func TestAnalysisCanonical(t *testing.T) {
	checkCanonical(t, analysisCases)
}

func TestAnalysisErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{`* | predict`, `predict: missing field`},
		{`* | predict x algorithm=ARIMA`, `predict: algorithm=ARIMA is not an algorithm: use LL, LLT, LLP, LLP5, LLB or BiLL`},
		{`* | predict x future_timespan=-1`, `predict: future_timespan=-1 must be a whole number, 0 or more`},
		{`* | predict x holdback=two`, `predict: holdback=two must be a whole number, 0 or more`},
		{`* | predict x period=1`, `predict: period=1 must be a whole number, at least 2`},
		{`* | predict x upper100=hi`, `predict: the confidence level of upper must be from 0 to 99, not 100`},
		{`* | predict x upperx=hi`, `predict: unknown option "upperx"`},
		{`* | predict x horizon=3`, `predict: unknown option "horizon"`},
		{`* | predict x algorithm=LLB`, `predict: algorithm=LLB needs correlate=<field>, the series it predicts from`},
		{`* | predict x correlate=y`, `predict: correlate= goes only with algorithm=LLB`},
		{`* | predict x algorithm=LLB correlate=y future_timespan=3`, `predict: future_timespan= does not go with algorithm=LLB, which predicts only where the correlate field has values`},
		{`* | predict x y z algorithm=BiLL`, `predict: algorithm=BiLL predicts two fields together; 3 given`},
		{`* | predict x algorithm=LL period=7`, `predict: period= goes only with algorithm=LLP or LLP5`},
		{`* | predict x suppress=x`, `predict: suppress= goes only with algorithm=BiLL`},
		{`* | predict x y algorithm=BiLL suppress=z`, `predict: suppress=z names neither predicted field`},
		{`* | predict x AS`, `predict: AS needs a new field name after it`},
		{`* | kmeans k=1`, `kmeans: k=1 must be greater than 1 and less than 1000`},
		{`* | kmeans k=5-2`, `kmeans: k=5-2: the range must go from the lower number to the higher`},
		{`* | kmeans k=2-200`, `kmeans: k=2-200: a range may span at most 100`},
		{`* | kmeans k=two`, `kmeans: k=two must be a whole number or a range such as 2-5`},
		{`* | kmeans dt=manhattan`, `kmeans: dt=manhattan is not a distance: use l1 (l1norm, cityblock, cb), l2 (l2norm, sq, sqeuclidean) or cos (cosine)`},
		{`* | kmeans reps=0`, `kmeans: reps=0 must be a whole number, at least 1`},
		{`* | kmeans t=-1`, `kmeans: t=-1 must be 0 or more`},
		{`* | kmeans showcentroid=maybe`, `kmeans: showcentroid takes a Boolean (true or false)`},
		{`* | kmeans seed=3`, `kmeans: unknown option "seed"`},
		{`* | cluster t=1`, `cluster: t=1 must be greater than 0 and less than 1`},
		{`* | cluster t=0`, `cluster: t=0 must be greater than 0 and less than 1`},
		{`* | cluster match=words`, `cluster: match takes "termlist", "termset", or "ngramset"`},
		{`* | cluster _raw`, `cluster: unexpected "_raw"`},
		{`* | cluster labelonly=maybe`, `cluster: labelonly takes a Boolean (true or false)`},
		{`* | concurrency`, `concurrency: missing duration=<field>`},
		{`* | concurrency start=s`, `concurrency: missing duration=<field>`},
		{`* | concurrency duration`, `concurrency: unexpected "duration"`},
		{`* | concurrency duration=d end=e`, `concurrency: unknown option "end"`},
		{`* | correlate type=pearson`, `correlate: type takes "cocur"`},
		{`* | correlate a b`, `correlate: unexpected "a"`},
		{`* | contingency a`, `contingency: needs two fields, <field1> <field2>; 1 given`},
		{`* | contingency a b c`, `contingency: needs two fields, <field1> <field2>; 3 given`},
		{`* | contingency maxrows=-1 a b`, `contingency: maxrows=-1 must be a whole number, 0 (no limit) or more`},
		{`* | contingency mincolcover=2 a b`, `contingency: mincolcover=2 must be from 0 to 1`},
		{`* | anomalousvalue action=remove`, `anomalousvalue: action takes "annotate", "filter", or "summary"`},
		{`* | anomalousvalue pthresh=2`, `anomalousvalue: pthresh=2 must be from 0 to 1`},
		{`* | anomalousvalue minsupcount=x`, `anomalousvalue: minsupcount=x must be a whole number, 0 or more`},
		{`* | anomalies maxvalues=5`, `anomalies: maxvalues=5 must be a whole number from 10 to 10000`},
		{`* | anomalies maxvalues=20000`, `anomalies: maxvalues=20000 must be a whole number from 10 to 10000`},
		{`* | anomalies denylist=boring.csv`, `anomalies: denylist= reads a file of events from a live Splunk's dispatch folder, which spelunk does not have; leave the events out with search NOT ... instead`},
		{`* | anomalies host`, `anomalies: unexpected "host"`},
		{`* | anomalies by`, `anomalies: BY needs at least one field`},
		{`* | analyzefields`, `analyzefields: missing classfield=<field>`},
		{`* | analyzefields k`, `analyzefields: unexpected "k"`},
		{`* | analyzefields class=k`, `analyzefields: unknown option "class"`},
		{`* | cofilter user`, `cofilter: needs two fields, <field1> <field2> (user, then item); 1 given`},
		{`* | cofilter a b c`, `cofilter: needs two fields, <field1> <field2> (user, then item); 3 given`},
		{`* | associate supcnt=-1`, `associate: supcnt=-1 must be a whole number, 0 or more`},
		{`* | associate supfreq=1.5`, `associate: supfreq=1.5 must be from 0 to 1`},
		{`* | associate host*`, `associate: the field list takes no wildcards: host*`},
		{`* | arules a`, `arules: needs at least two fields; 1 given`},
		{`* | arules conf=2 a b`, `arules: conf=2 must be from 0 to 1`},
		{`* | arules sup=x a b`, `arules: sup=x must be a whole number, 0 or more`},
		{`* | timewrap`, `timewrap: missing the span, [<int>]<timescale>`},
		{`* | timewrap 1fortnight`, `timewrap: "1fortnight" is not a span: write [<int>]<timescale>, the timescale one of s, min, h, d, w, m (months), q, y`},
		{`* | timewrap 0d`, `timewrap: "0d" is not a span: write [<int>]<timescale>, the timescale one of s, min, h, d, w, m (months), q, y`},
		{`* | timewrap 1d 2d`, `timewrap: unexpected "2d"`},
		{`* | timewrap 1d series=long`, `timewrap: series takes "relative", "exact", or "short"`},
		{`* | timewrap 1d align=start`, `timewrap: align takes "now" or "end"`},
		{`* | x11`, `x11: missing the field`},
		{`* | x11 add4(count)`, `x11: the period must be from 5 to 1000, not 4`},
		{`* | x11 sub5(count)`, `x11: "sub5" is not [add|mult][<period>]`},
		{`* | x11 add5(count) AS`, `x11: AS needs a new field name after it`},
		{`* | x11 add5(count) other`, `x11: unexpected "other"`},
	}
	checkFirstError(t, cases)
}
