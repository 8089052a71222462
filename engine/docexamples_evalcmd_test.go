package engine

import "testing"

// The eval command's own examples that state a result, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/eval
// Expected values written from the page before running.
func TestDocEvalCommand(t *testing.T) {
	runDocCases(t, []docCase{
		// "Rounding": 2, 1.7, 1.65, 1.650.
		{expr: `8.250 * 0.2`, want: "2"},
		{expr: `8.250 * 0.20`, want: "1.7"},
		{expr: `8.250 * 0.200`, want: "1.65"},
		{expr: `8.250 * exact(0.2)`, want: "1.650"},
		// "Dynamic field name creation": aName=counter, aValue=1234 gives
		// counter=1234; so does field1="counter", {field1}="1234".
		{expr: `counter`, setup: `aName="counter", aValue=1234, {aName}=aValue`, want: "1234"},
		{expr: `counter`, setup: `field1="counter", {field1}="1234"`, want: "1234"},
		// "... v_{p} becomes v_{p} over and over again, in a recursive loop":
		// the search does not complete.
		{expr: `p`, setup: `p="{p}", v_{p} = p`, want: "(error)"},
		// A trailing space in a field name is kept.
		{expr: `'first  '`, setup: `"first  " = 123`, want: "123"},
		{expr: `first_name." ".last_name`, setup: `first_name="Maria", last_name="Dubois"`, want: "Maria Dubois"},
		{expr: `if(status == 200, "OK", "Problem")`, setup: `status=404`, want: "Problem"},
	})
}
