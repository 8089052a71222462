package engine

import "testing"

// Mathematical functions, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/evaluation-functions/mathematical-functions
// Expected values written from the page before running. exp(3) is "e3" on
// the page: e cubed, printed as spelunk prints any double.
func TestDocMathFunctions(t *testing.T) {
	runDocCases(t, []docCase{
		{expr: `abs(number)`, setup: `number=-42.5`, want: "42.5"},
		{expr: `ceil(1.9)`, want: "2"},
		{expr: `ceiling(1.9)`, want: "2"},
		{expr: `exp(3)`, want: "20.085536923187668"},
		{expr: `floor(1.9)`, want: "1"},
		{expr: `log(number,2)`, setup: `number=8`, want: "3"},
		{expr: `log(100)`, want: "2"},
		// "returns the constant pi to 11 digits of precision"
		{expr: `pi()`, want: "3.14159265359"},
		{expr: `round(3.5)`, want: "4"},
		{expr: `round(2.555, 2)`, want: "2.56"},
		{expr: `sigfig(1.00*1111)`, want: "1110"},
		{expr: `sigfig(123.0 + 4.567)`, want: "127.6"},
		{expr: `sigfig(test*1.00)`, setup: `test=3.990000000000215`, want: "3.99"},
		{expr: `sqrt(9)`, want: "3"},
		{expr: `sum(a, b, c)`, setup: `a = 5.0, b = "9"`, want: "14"},
		{expr: `sum(1, 2, 3)`, want: "6"},
		{expr: `sum(1, 2, "3")`, want: "(error)"},
		{expr: `sum(1, 2, tonumber("3"))`, want: "6"},
		{expr: `sum(a, 2, 3)`, setup: `a="1"`, want: "6"},
		{expr: `sum(a, 2, 3)`, setup: `a="somedata"`, want: "5"},
		{expr: `sum("somedata", 2, 3)`, want: "(error)"},
	})
}
