package engine

import "testing"

// Multivalue eval functions, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/evaluation-functions/multivalue-eval-functions
// Expected values written from the page before running; where the page
// describes the result in words (mvzip, mvfilter, mvfind), the rows were
// worked out by hand from the description.
func TestDocMultivalueFunctions(t *testing.T) {
	names := `names=split("alex,celestino,claudia,david,ikraam,nyah,rutherford,wei", ",")`
	ponies := `ponies=split("buttercup,dash,flutter,honey,ivory,minty,pinky,rarity", ",")`
	runDocCases(t, []docCase{
		{expr: `commands("search foo | stats count | sort count")`, want: "search|stats|sort"},
		{expr: `mvappend("localhost", srcip)`, setup: `srcip="203.0.113.0"`, want: "localhost|203.0.113.0"},
		{expr: `mvappend(mvappend("localhost", srcip), destip, "192.168.1.1")`, setup: `srcip="203.0.113.0", destip="203.0.113.255"`,
			want: "localhost|203.0.113.0|203.0.113.255|192.168.1.1"},
		{expr: `mvappend("localhost", srcip, destip, "192.168.1.1")`, setup: `srcip="203.0.113.0", destip="203.0.113.255"`,
			want: "localhost|203.0.113.0|203.0.113.255|192.168.1.1"},
		{expr: `mvcount(From)`, setup: `From="alice@example.com"`, want: "1"},
		{expr: `mvcount(Cc)`, want: "(null)"},
		{expr: `mvcount(split(To,"@"))-1`, setup: `To="bob@example.com"`, want: "1"},
		{expr: `mvdedup(mvfield)`, setup: `mvfield=split("a,b,a,c,b", ",")`, want: "a|b|c"},
		{expr: `mvfilter(match(email, "\.net$") OR match(email, "\.org$"))`, setup: `email=split("a@x.net,b@x.com,c@x.org", ",")`, want: "a@x.net|c@x.org"},
		// "If you do not want the NULL values, use mvfilter(!isnull(<value>))
		// or mvfilter(isnotnull(<value>))": both forms agree.
		{expr: `mvfilter(!isnull(x))`, setup: `x=mvappend("a", "b")`, want: "a|b"},
		{expr: `mvfilter(!match(x, "^a"))`, setup: `x=mvappend("ab", "b", "ac")`, want: "b"},
		{expr: `mvfilter(isnotnull(x))`, setup: `x=mvappend("a", "b")`, want: "a|b"},
		{expr: `mvfind(mymvfield, "err\d+")`, setup: `mymvfield=split("ok,err42,err7", ",")`, want: "1"},
		{expr: `mvfind(mymvfield, "err\d+")`, setup: `mymvfield=split("ok,fine", ",")`, want: "(null)"},
		{expr: `mvindex(names,2)`, setup: names, want: "claudia"},
		{expr: `mvindex(names,0,3)`, setup: names, want: "alex|celestino|claudia|david"},
		{expr: `mvindex(ponies,-1)`, setup: ponies, want: "rarity"},
		{expr: `mvindex(ponies,-3)`, setup: ponies, want: "minty"},
		{expr: `mvindex(ponies, -3, -1)`, setup: ponies, want: "minty|pinky|rarity"},
		{expr: `mvindex(ponies, 8)`, setup: ponies, want: "(null)"},
		{expr: `mvjoin('base'," OR ")`, setup: `base=mvrange(1,6)`, want: "1 OR 2 OR 3 OR 4 OR 5"},
		{expr: `mvjoin(myfield, ";")`, setup: `myfield=split("a,b,c", ",")`, want: "a;b;c"},
		{expr: `mvmap(results, results*10)`, setup: `results=split("1,2,3", ",")`, want: "10|20|30"},
		{expr: `mvmap(results, results*threshold)`, setup: `results=split("1,2,3", ","), threshold=3`, want: "3|6|9"},
		{expr: `mvmap(mvindex(results, 1,2), results*threshold)`, setup: `results=split("1,2,3", ","), threshold=3`, want: "6|9"},
		{expr: `mvrange(1,11,2)`, want: "1|3|5|7|9"},
		// The page's table was made in a US time zone: the step over the
		// daylight-saving change of 2018-03-11 is 7 local days.
		{expr: `mvrange(1514834731,1524134919,"7d")`, tz: "America/Los_Angeles",
			want: "1514834731|1515439531|1516044331|1516649131|1517253931|1517858731|1518463531|1519068331|1519673131|1520277931|1520879131|1521483931|1522088731|1522693531|1523298331|1523903131"},
		{expr: `mvreverse(split("1,2,3", ","))`, want: "3|2|1"},
		{expr: `mvreverse(b)`, setup: `b = mvappend("1","2","3")`, want: "3|2|1"},
		{expr: `mvreverse(myfield)`, setup: `myfield=split("one,two,three", ",")`, want: "three|two|one"},
		{expr: `mvsort(mvfield)`, setup: `mvfield=mvappend("10", "9", "70", "100")`, want: "10|100|70|9"},
		{expr: `mvsort(mvfield)`, setup: `mvfield=mvappend("b", "B", "a", "1")`, want: "1|B|a|b"},
		{expr: `mvzip(hosts,ports)`, setup: `hosts=split("web1,web2", ","), ports=split("80,443", ",")`, want: "web1,80|web2,443"},
		{expr: `mvzip(mvzip(field1,field2,"|"),field3,"|")`, setup: `field1=split("a,b", ","), field2=split("c,d", ","), field3=split("e,f", ",")`, want: "a|c|e|b|d|f"},
		{expr: `mv_to_json_array(ponies, false())`, setup: `ponies = mvappend("\"Buttercup\"", "\"Fluttershy\"", "\"Rarity\"", "true", "null")`,
			want: `["\"Buttercup\"","\"Fluttershy\"","\"Rarity\"","true","null"]`},
		{expr: `mv_to_json_array(ponies)`, setup: `ponies = mvappend("\"Buttercup\"", "\"Fluttershy\"", "\"Rarity\"", "true", "null")`,
			want: `["\"Buttercup\"","\"Fluttershy\"","\"Rarity\"","true","null"]`},
		{expr: `mv_to_json_array(ponies, true())`, setup: `ponies = mvappend("\"Buttercup\"", "\"Fluttershy\"", "\"Rarity\"", "true", "null")`,
			want: `["Buttercup","Fluttershy","Rarity",true,null]`},
		{expr: `split(test,"")`, setup: `test="abcd"`, want: "a|b|c|d"},
		{expr: `split(test,";")`, setup: `test="buttercup;rarity;tenderhoof;dash;mcintosh;fleetfoot;mistmane"`,
			want: "buttercup|rarity|tenderhoof|dash|mcintosh|fleetfoot|mistmane"},
		{expr: `split(test,"def")`, setup: `test="1a2b3c4def567890"`, want: "1a2b3c4|567890"},
		{expr: `split(test,"::")`, setup: `test="name::value"`, want: "name|value"},
	})
}
