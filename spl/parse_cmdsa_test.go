package spl_test

import "testing"

// cmdsaCanonical pairs searches using collect, outputcsv, inputcsv, rest
// and the simple commands with their canonical form (each round-tripped).
var cmdsaCanonical = []struct{ name, in, want string }{
	{"collect bare", `* | collect`, `* | collect`},
	{"collect options", `* | collect index=summary marker="report=daily, run=1" testmode=t`, `* | collect index=summary marker="report=daily, run=1" testmode=t`},
	{"collect file", `* | collect index=x file=$timestamp$_out.stash addtime=false addinfo=0`, `* | collect index=x file=$timestamp$_out.stash addtime=false addinfo=0`},
	{"outputcsv", `* | outputcsv append=true results`, `* | outputcsv append=true results`},
	{"outputcsv no file", `* | outputcsv`, `* | outputcsv`},
	{"inputcsv", `| inputcsv start=100 max=500 bar`, `| inputcsv start=100 max=500 bar`},
	{"inputcsv where", `| inputcsv students.csv WHERE (age>=18 OR age<=12) AND NOT major=Biology`, `| inputcsv students.csv where (age>=18 OR age<=12) NOT major=Biology`},
	{"inputcsv append", `* | inputcsv append=t bar`, `* | inputcsv append=t bar`},
	{"rest get args", `| rest /services/search/jobs search="index=main" count=5`, `| rest /services/search/jobs search="index=main" count=5`},
	{"rest options first", `| rest splunk_server=local /services/server/info`, `| rest /services/server/info splunk_server=local`},
	{"rest get arg holding =", `| rest /servicesNS/-/-/data/models search=acceleration=1 f=eai:acl*`, `| rest /servicesNS/-/-/data/models search="acceleration=1" f=eai:acl*`},
	{"addcoltotals", `* | addcoltotals labelfield=change_name label=ALL`, `* | addcoltotals labelfield=change_name label=ALL`},
	{"addcoltotals fields", `* | addcoltotals bytes, *_size`, `* | addcoltotals bytes *_size`},
	{"filldown", `* | filldown count, sum`, `* | filldown count sum`},
	{"filldown all", `* | filldown`, `* | filldown`},
	{"uniq", `* | uniq`, `* | uniq`},
	{"require", `* | require`, `* | require`},
	{"rtorder", `* | rtorder discard=t buffer_span=5m max_buffer_size=100`, `* | rtorder discard=t buffer_span=5m max_buffer_size=100`},
	{"highlight", `* | highlight login,logout "failed password"`, `* | highlight login logout "failed password"`},
	{"iconify", `* | iconify eventtype, host`, `* | iconify eventtype host`},
	{"setfields", `* | setfields ip="10.10.10.10", foo="foo bar"`, `* | setfields ip="10.10.10.10", foo="foo bar"`},
	{"selfjoin", `* | selfjoin max=0 keepsingle=t id`, `* | selfjoin max=0 keepsingle=t id`},
	{"xmlunescape", `* | xmlunescape maxinputs=100`, `* | xmlunescape maxinputs=100`},
	{"outputtext", `* | outputtext usexml=false`, `* | outputtext usexml=false`},
	{"reltime", `* | reltime timefield="_time,created" prefix=rel_`, `* | reltime timefield="_time,created" prefix=rel_`},
	{"localize", `* | localize maxpause=5m timeafter=0s`, `* | localize maxpause=5m timeafter=0s`},
	{"abstract", `* | abstract maxlines=5 maxterms=20`, `* | abstract maxlines=5 maxterms=20`},
	{"scrub", `* | scrub namespace=x`, `* | scrub namespace=x`},
	{"set", `| set diff [search 404 | fields host] [search 303 | fields host]`, `| set diff [search 404 | fields host] [search 303 | fields host]`},
	{"union", `| union maxout=10 [search index=a] [search index=b]`, `| union maxout=10 [search index=a] [search index=b]`},
	{"union named", `index=a | union datamodel:Authentication`, `index=a | union datamodel:Authentication`},
	{"xpath", `* | xpath outfield=name "//bar/@nickname" field=xml default=none`, `* | xpath "//bar/@nickname" outfield=name field=xml default=none`},
}

func TestCmdsaCanonical(t *testing.T) {
	checkCanonical(t, cmdsaCanonical)
}

func TestCmdsaErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{`* | collect index=summary addtime=maybe`, `collect: addtime takes a Boolean (true or false)`},
		{`* | collect output_format=xml`, `collect: output_format takes "raw" or "hec"`},
		{`* | collect summary`, `collect: unexpected "summary"`},
		{`* | collect indx=summary`, `collect: unknown option "indx"`},
		{`* | outputcsv a b`, `outputcsv: unexpected "b"`},
		{`* | outputcsv create_empty=x a`, `outputcsv: create_empty takes a Boolean (true or false)`},
		{`| inputcsv`, `inputcsv: missing file name`},
		{`| inputcsv start=-1 bar`, `inputcsv: start=-1 must be a whole number`},
		{`* | inputcsv bar`, `inputcsv: generates results and must be the first command of a search`},
		{`| rest`, `rest: missing REST endpoint`},
		{`| rest /a /b`, `rest: unexpected "/b"`},
		{`| rest /a count=x`, `rest: count takes a whole number, not "x"`},
		{`* | addcoltotals labelfeld=x`, `addcoltotals: unknown option "labelfeld"`},
		{`* | uniq x`, `uniq: unexpected "x"`},
		{`* | rtorder buffer_span=soon`, `rtorder: buffer_span takes a time span such as 30s, 5m or 1h`},
		{`* | highlight`, `highlight: missing term`},
		{`* | iconify`, `iconify: missing field`},
		{`* | setfields ip`, `setfields: unexpected "ip"`},
		{`* | selfjoin max=2`, `selfjoin: missing field`},
		{`* | selfjoin overwrite=sometimes id`, `selfjoin: overwrite takes a Boolean (true or false)`},
		{`* | abstract maxlines=0`, `abstract: maxlines takes a whole number from 1 to 500`},
		{`* | abstract maxterms=1001`, `abstract: maxterms takes a whole number from 1 to 1000`},
		{`* | localize maxpause=x`, `localize: maxpause takes a time span such as 30s, 5m or 1h`},
		{`| set minus [search a] [search b]`, `set: unexpected "minus"`},
		{`| set union [search a]`, `set: unexpected end of command`},
		{`* | set union [search a] [search b]`, `set is a generating command and must be the first command of a search`},
		{`| union [search a]`, `union: needs two datasets to merge (one after another command)`},
		{`* | xpath`, `xpath: missing XPath expression`},
		{`* | xpath "//a" "//b"`, `xpath: unexpected string "//b"`},
		{`* | reltime timefield=","`, `reltime: timefield= needs at least one field`},
		{`* | scrub dictinary=x`, `scrub: unknown option "dictinary"`},
	}
	checkFirstError(t, cases)
}
