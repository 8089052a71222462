package engine

import "testing"

// Text functions, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/evaluation-functions/text-functions
// Expected values written from the page before running.
func TestDocTextFunctions(t *testing.T) {
	runDocCases(t, []docCase{
		{expr: `len("buttercup")`, want: "9"},
		{expr: `len("rarity")`, want: "6"},
		{expr: `len("tenderhoof")`, want: "10"},
		{expr: `len("dash")`, want: "4"},
		{expr: `len("mistmane")`, want: "8"},
		{expr: `length("mistmane")`, want: "8"},
		{expr: `lower(username)`, setup: `username="Buttercup"`, want: "buttercup"},
		{expr: `ltrim(" ZZZZabcZZ ", " Z")`, want: "abcZZ "},
		{expr: `ltrim(NET_COST, "$")`, setup: `NET_COST="$42.50"`, want: "42.50"},
		{expr: `replace(date, "^(\d{1,2})/(\d{1,2})/", "\2/\1/")`, setup: `date="1/14/2023"`, want: "14/1/2023"},
		// The page prints "ZZZZabc"; the leading space of the input is kept
		// by a right trim (docs unclear, SEMANTICS.md).
		{expr: `rtrim(" ZZZZabcZZ ", " Z")`, want: " ZZZZabc"},
		{expr: `substr("string", 1, 3) + substr("string", -3)`, want: "string"},
		{expr: `trim(" ZZZZabcZZ ", " Z")`, want: "abc"},
		{expr: `upper(username)`, setup: `username="Buttercup"`, want: "BUTTERCUP"},
		{expr: `urldecode("http%3A%2F%2Fwww.splunk.com%2Fdownload%3Fr%3Dheader")`, want: "http://www.splunk.com/download?r=header"},
	})
}
