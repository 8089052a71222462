package engine

import "testing"

// Comparison and Conditional functions, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/evaluation-functions/comparison-and-conditional-functions
// Expected values written from the page before running; the rows of its
// tables (case, true, nullif) are one case each.
func TestDocComparisonFunctions(t *testing.T) {
	desc := `case(status==200, "OK", status==404, "Not found", status==500, "Internal Server Error")`
	other := `case(status==200,"OK", status==404, "Not found", true(), "Other")`
	depth := `case(depth<=70, "Low", depth>70 AND depth<=300, "Mid", depth>300, "Deep")`
	sortf := `case(Description="Low", 1, Description="Mid", 2, Description="Deep",3)`
	port := `validate(isint(port), "ERROR: Port is not an integer", port >= 1 AND port <= 65535, "ERROR: Port is out of range")`
	runDocCases(t, []docCase{
		{expr: desc, setup: `status=200`, want: "OK"},
		{expr: desc, setup: `status=408`, want: "(null)"},
		{expr: desc, setup: `status=404`, want: "Not found"},
		{expr: desc, setup: `status=406`, want: "(null)"},
		{expr: desc, setup: `status=500`, want: "Internal Server Error"},
		{expr: depth, setup: `depth=35`, want: "Low"},
		{expr: depth, setup: `depth=70`, want: "Low"},
		{expr: depth, setup: `depth=150`, want: "Mid"},
		{expr: depth, setup: `depth=301`, want: "Deep"},
		{expr: sortf, setup: `Description="Mid"`, want: "2"},
		{expr: `if(cidrmatch("123.132.32.0/25",ip), "local", "not local")`, setup: `ip="123.132.32.5"`, want: "local"},
		{expr: `if(cidrmatch("123.132.32.0/25",ip), "local", "not local")`, setup: `ip="123.132.32.200"`, want: "not local"},
		{expr: `if(cidrmatch(subnet, ip), "true", "false")`, setup: `subnet="192.0.2.0/24", ip="192.0.3.0"`, want: "false"},
		{expr: `if(cidrmatch("192.0.2.0/24", ip), "in", "out")`, setup: `ip="192.0.2.56"`, want: "in"},
		{expr: `if(cidrmatch(subnet, ip), "true", "false")`,
			setup: `subnet="2001:0db8:ffff:ffff:ffff:ffff:ffff:ff00/120", ip="2001:0db8:ffff:ffff:ffff:ffff:ffff:ff99"`, want: "true"},
		{expr: `coalesce(clientip,ipaddress)`, setup: `ipaddress="192.0.2.1"`, want: "192.0.2.1"},
		{expr: `coalesce(clientip,ipaddress)`, setup: `clientip="192.0.2.9", ipaddress="192.0.2.1"`, want: "192.0.2.9"},
		{expr: `if(false(), "t", "f")`, want: "f"},
		{expr: `if(error == 200, "OK", "Error")`, setup: `error=200`, want: "OK"},
		{expr: `if(error == 200, "OK", "Error")`, setup: `error=500`, want: "Error"},
		{expr: `if(status in("400", "401", "403", "404"), "t", "f")`, setup: `status="403"`, want: "t"},
		{expr: `if(in(status, "error", "failure", "severe"),"true","false")`, setup: `status="failure"`, want: "true"},
		{expr: `if("203.0.113.255" in(ipaddress, clientip), "t", "f")`, setup: `clientip="203.0.113.255"`, want: "t"},
		{expr: `if(in(status, "404","500","503"),"true","false")`, setup: `status=500`, want: "true"},
		{expr: `if(in(status, "404","500","503"),"true","false")`, setup: `status=200`, want: "false"},
		{expr: `if(like(field, "foo%"), "yes a foo", "not a foo")`, setup: `field="foobar"`, want: "yes a foo"},
		{expr: `if(like(ipaddress, "198.%"), "t", "f")`, setup: `ipaddress="198.51.100.1"`, want: "t"},
		{expr: `if(like(ipaddress, "198._1.%"), "t", "f")`, setup: `ipaddress="198.51.100.1"`, want: "t"},
		{expr: `lookup("http_status.csv", json_object("status_type", type), json_array("status_description"))`, setup: `type = "Successful"`,
			want: `{"status_description":["OK","Created","Accepted","Non-Authoritative Information","No Content","Reset Content","Partial Content"]}`},
		{expr: `lookup("http_status.csv", json_object("status_type", type, "status", status), json_array("status_description"))`,
			setup: `type = "Successful", status="200"`, want: `{"status_description":"OK"}`},
		{expr: `"JSON:".lookup("http_status.csv", json_object("status", status), json_array("status_description", "status_type"))`,
			setup: `status="201"`, want: `JSON:{"status_description":"Created","status_type":"Successful"}`},
		{expr: `json_extract(lookup("http_status.csv", json_object("status", status), json_array("status_description")), "status_description")`,
			setup: `status="201"`, want: "Created"},
		{expr: `if(match(field, "^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$"), 1, 0)`, setup: `field="10.1.2.3"`, want: "1"},
		{expr: `if(match(field, "^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$"), 1, 0)`, setup: `field="10.1.2.3.4"`, want: "0"},
		{expr: `if(match(test,"yes"), 1, 0)`, setup: `test="oh yes"`, want: "1"},
		{expr: `if(match(test, "\"yes\""), 1, 0)`, setup: `test="\"yes\""`, want: "1"},
		{expr: `nullif(names, ponies)`, setup: `names="buttercup", ponies=if(names="buttercup", "mistmane", names)`, want: "buttercup"},
		{expr: `nullif(names, ponies)`, setup: `names="rarity", ponies=if(names="buttercup", "mistmane", names)`, want: "(null)"},
		{expr: `if(searchmatch("x=hi y=*"), "yes", "no")`, setup: `_raw = "x=hi y=bye", x="hi", y="bye"`, want: "yes"},
		{expr: other, setup: `status=408`, want: "Other"},
		{expr: other, setup: `status=404`, want: "Not found"},
		{expr: port, setup: `port=80`, want: "(null)"},
		{expr: port, setup: `port=70000`, want: "ERROR: Port is out of range"},
		{expr: port, setup: `port=8.5`, want: "ERROR: Port is not an integer"},
	})
}
