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
