package engine

import "testing"

// rex, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/rex
func TestDocRexExamples(t *testing.T) {
	esa := `| makeresults count=2 | streamstats count AS n
| eval _raw=if(n=1, "Mon Mar 19 20:16:27 2018 Info: Bounced: DCID 8413617 MID 19338947 From: <MariaDubois@example.com> To: <zecora@buttercupgames.com> RID 0 - 5.4.7 - Delivery expired (message too old) ('000', ['timeout'])",
 "Mon Mar 19 20:16:02 2018 Info: Bounced: DCID 0 MID 19408690 From: <Exit_Desk@sample.net> To: <lyra@buttercupgames.com> RID 0 - 5.1.2 - Bad destination host ('000', ['DNS Hard Error looking up mahidnrasatyambsg.com (MX): NXDomain'])")`
	runCmdCases(t, []cmdCase{
		// Example 1 shows its table as an image; the values are the
		// addresses between the angle brackets.
		{name: "email", q: esa + ` | rex field=_raw "From: <(?<from>.*)> To: <(?<to>.*)>" | table from to`, cols: []string{"from", "to"},
			want: []string{"MariaDubois@example.com,zecora@buttercupgames.com", "Exit_Desk@sample.net,lyra@buttercupgames.com"}},
		// Example 2: max_match=0 extracts every match.
		{name: "max_match", q: `| makeresults | eval test="a$1,b$2" | rex field=test max_match=0 "((?<field>[^$]*)\$(?<value>[^,]*),?)"`,
			cols: []string{"field", "test", "value"}, want: []string{"a|b,a$1,b$2,1|2"}},
		// Example 3, stated in words.
		{name: "savedsearch_id", q: `| makeresults | eval savedsearch_id="bob;search;my_saved_search" | rex field=savedsearch_id "(?<user>\w+);(?<app>\w+);(?<SavedSearchName>\w+)"`,
			cols: []string{"user", "app", "SavedSearchName"}, want: []string{"bob,search,my_saved_search"}},
		// Example 4: the first three groups of four digits are replaced.
		{name: "sed", q: `| makeresults | eval ccnumber="1234-5678-9012-3456" | rex field=ccnumber mode=sed "s/(\d{4}-){3}/XXXX-XXXX-XXXX-/g"`,
			cols: []string{"ccnumber"}, want: []string{"XXXX-XXXX-XXXX-3456"}},
		// Example 5: capture replace with \1.
		{name: "sed capture", q: `|makeresults
|eval orig_search="src_ip=TERM( \"10.8.2.33\" ) OR src_ip=TERM( \"172.17.154.197\" )", search=orig_search
|rex mode=sed field=search "s/\s\"(\d+\.\d+\.\d+\.\d+)\"\s/\1/g"`,
			cols: []string{"orig_search", "search"},
			want: []string{`src_ip=TERM( "10.8.2.33" ) OR src_ip=TERM( "172.17.154.197" ),src_ip=TERM(10.8.2.33) OR src_ip=TERM(172.17.154.197)`}},
		// Example 6 and offset_field's description (tenchars=0-9).
		{name: "offset_field first", q: `| makeresults | eval list="abcdefghijklmnopqrstuvwxyz" | rex offset_field=off field=list "(?<firstfive>abcde)"`,
			cols: []string{"firstfive", "off"}, want: []string{"abcde,firstfive=0-4"}},
		{name: "offset_field middle", q: `| makeresults | eval list="abcdefghijklmnopqrstuvwxyz" | rex offset_field=off field=list "(?<middle>fgh)"`,
			cols: []string{"middle", "off"}, want: []string{"fgh,middle=5-7"}},
		{name: "offset_field tenchars", q: `| makeresults | eval list="abcdefghijklmnopqrstuvwxyz" | rex offset_field=off field=list "(?<tenchars>.{10})"`,
			cols: []string{"tenchars", "off"}, want: []string{"abcdefghij,tenchars=0-9"}},
		// Sed expressions: y/<string1>/<string2>/ substitutes characters,
		// and a number flag replaces only that match.
		{name: "sed y", q: `| makeresults | eval f="abcabc" | rex field=f mode=sed "y/abc/xyz/"`, cols: []string{"f"}, want: []string{"xyzxyz"}},
		{name: "sed nth", q: `| makeresults | eval f="a-a-a" | rex field=f mode=sed "s/a/b/2"`, cols: []string{"f"}, want: []string{"a-b-a"}},
	})
}
