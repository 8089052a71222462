package engine

import "testing"

// Trig and Hyperbolic functions, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/evaluation-functions/trig-and-hyperbolic-functions
// Expected values written from the page before running. The page prints
// atan(0.50) as 0.46 and atanh(0.500) as 0.549: a result keeps as many
// decimals as its literal argument.
func TestDocTrigFunctions(t *testing.T) {
	runDocCases(t, []docCase{
		{expr: `acos(0)`, want: "1.5707963267948966"},
		{expr: `acosh(2)`, want: "1.3169578969248166"},
		{expr: `asin(1)`, want: "1.5707963267948966"},
		{expr: `asinh(1)`, want: "0.881373587019543"},
		{expr: `atan(0.50)`, want: "0.46"},
		{expr: `atan2(0.50, 0.75)`, want: "0.59"},
		{expr: `atanh(0.500)`, want: "0.549"},
		{expr: `cos(-1)`, want: "0.5403023058681398"},
		{expr: `cos(pi())`, want: "-1.00000000000"},
		{expr: `cosh(1)`, want: "1.5430806348152437"},
		{expr: `hypot(3,4)`, want: "5"},
		{expr: `sin(1)`, want: "0.8414709848078965"},
		{expr: `sinh(1)`, want: "1.1752011936438014"},
		{expr: `tan(1)`, want: "1.5574077246549023"},
		{expr: `tan(135)`, want: "-0.08871575677006045"},
		{expr: `tanh(1)`, want: "0.7615941559557649"},
	})
}

// Statistical eval functions, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/evaluation-functions/statistical-eval-functions
// Expected values written from the page before running.
func TestDocStatisticalFunctions(t *testing.T) {
	runDocCases(t, []docCase{
		{expr: `avg(a, b, c)`, setup: `a = 5.0, b = "9"`, want: "7"},
		{expr: `avg(1, 2, 3)`, want: "2"},
		{expr: `avg(1, 2, "3")`, want: "(error)"},
		{expr: `avg(1, 2, tonumber("3"))`, want: "2"},
		{expr: `avg(a, 2, 3)`, setup: `a="1"`, want: "2"},
		{expr: `avg(a, 2, 3)`, setup: `a="somedata"`, want: "2.5"},
		{expr: `avg("somedata", 2, 3)`, want: "(error)"},
		{expr: `max(1, 3, 6, 7, "foo", name)`, setup: `name="baz"`, want: "foo"},
		{expr: `max(1, 3, 6, 7, "foo", name)`, setup: `name="zaz"`, want: "zaz"},
		{expr: `max(n)`, setup: `n=split("1 3 5 6 4 2", " ")`, want: "6"},
		{expr: `min(3, 6, 7, "maria", size)`, setup: `size=9`, want: "3"},
		{expr: `min(3, 6, 7, "maria", size)`, setup: `size=1`, want: "1"},
		{expr: `min(n)`, setup: `n=split("3 5 6 4 7 2", " ")`, want: "2"},
		{expr: `if(r >= 0 AND r <= 2147483647 AND r == floor(r), "in range", "out")`, setup: `r=random()`, want: "in range"},
		{expr: `if(r >= 1 AND r <= 100000, "in range", "out")`, setup: `r=(random() % 100000) + 1`, want: "in range"},
	})
}
