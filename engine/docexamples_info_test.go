package engine

import "testing"

// Informational functions, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/evaluation-functions/informational-functions
// Expected values written from the page before running; the rows of the
// isnum and isstr tables (strval="NaN", numval=strval % 1) are one case each.
// The page prints numval as "NaN" and has match(numval,"NaN") find it; the
// eval page prints NaN as "nan", which spelunk follows, so that row is left
// out (docs/SEMANTICS.md, Unconfirmed).
func TestDocInformationalFunctions(t *testing.T) {
	nan := `strval="NaN", numval=strval % 1`
	runDocCases(t, []docCase{
		{expr: `if(isarray("[1, 2, 3]"), "True", "False")`, want: "True"},
		{expr: `if(isarray(1), "True", "False")`, want: "False"},
		{expr: `if(isbool(1==2), "True", "False")`, want: "True"},
		{expr: `if(isbool(a), "True", "False")`, want: "False"},
		{expr: `if(isdouble(3.546), "True", "False")`, want: "True"},
		{expr: `if(isdouble(1000000), "True", "False")`, want: "False"},
		{expr: `if(isint(field),"int", "not int")`, setup: `field=42`, want: "int"},
		{expr: `if(isint(field),"int", "not int")`, setup: `field="forty-two"`, want: "not int"},
		{expr: `if(ismv(number_list), "True", "False")`, setup: `number_list=split("1, 2, 3", ",")`, want: "True"},
		{expr: `if(isnotnull(field),"yes","no")`, setup: `field=7`, want: "yes"},
		{expr: `if(isnotnull(field),"yes","no")`, want: "no"},
		{expr: `if(isnull(field),"yes","no")`, want: "yes"},
		{expr: `if(isnum("anystring"), "true", "false")`, want: "false"},
		{expr: `if(isnum("NaN"), "true", "false")`, want: "false"},
		{expr: `if(isnum(strval), "true", "false")`, setup: nan, want: "true"},
		{expr: `if(isnum(numval), "true", "false")`, setup: nan, want: "true"},
		{expr: `if(isnum(field),"yes","no")`, setup: `field=3.5`, want: "yes"},
		{expr: `if(isobject("games"), "True", "False")`, setup: `games = "Ticket to Ride, Settlers of Catan"`, want: "False"},
		{expr: `if(isobject(games), "True", "False")`, setup: `games = "{\"type\": \"competitive\", \"name\": \"Ticket to Ride\"}"`, want: "True"},
		{expr: `if(isobject("{cities: \"3\"}"), "is object", "is not object")`, want: "is not object"},
		{expr: `if(isstr("anystring"), "true", "false")`, want: "true"},
		{expr: `if(isstr("NaN"), "true", "false")`, want: "true"},
		{expr: `if(isstr(strval), "true", "false")`, setup: nan, want: "true"},
		{expr: `if(isstr(numval), "true", "false")`, setup: nan, want: "true"},
		{expr: `if(isstr(field),"yes","no")`, setup: `field="abc"`, want: "yes"},
		// 10.0 prints "NumberStringBoolInvalid", 9.x "NumberStringBooleanInvalid";
		// spelunk keeps "Boolean" (docs/SEMANTICS.md, Unconfirmed).
		{expr: `typeof(12) + typeof("string") + typeof(1==2) + typeof(badfield)`, want: "NumberStringBooleanInvalid"},
		{expr: `typeof(_time)`, setup: `_time=1534255215`, want: "Number"},
	})
}
