package engine

import "testing"

// join, Search Reference 10.0; the examples state their results in
// words, which the cases check over small tables:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/join
func TestDocJoinExamples(t *testing.T) {
	left := `| makeresults format=csv data="product_id,name
p1,Tea
p2,Cup
p3,Pot"`
	vendors := `[| makeresults format=csv data="product_id,vendor,name
p1,V1,tea
p1,V2,tea2
p2,V3,cup"]`
	pids := `[| makeresults format=csv data="pid,vendor
p1,V1
p2,V3"]`
	runCmdCases(t, []cmdCase{
		// Basic example 1; type: "Default: inner"; max: "Default: 1 ...
		// returns only the first result from the subsearch"; overwrite:
		// "Default: true".
		{name: "inner", q: left + ` | join product_id ` + vendors, cols: []string{"product_id", "vendor", "name"},
			want: []string{"p1,V1,tea", "p2,V3,cup"}},
		{name: "left", q: left + ` | join type=left product_id ` + vendors, cols: []string{"product_id", "vendor", "name"},
			want: []string{"p1,V1,tea", "p2,V3,cup", "p3,(null),Pot"}},
		{name: "outer", q: left + ` | join type=outer product_id ` + vendors, cols: []string{"product_id", "vendor"},
			want: []string{"p1,V1", "p2,V3", "p3,(null)"}},
		// Basic example 2: max=0 joins every matching subsearch row.
		{name: "max=0", q: left + ` | join product_id max=0 ` + vendors, cols: []string{"product_id", "vendor"},
			want: []string{"p1,V1", "p1,V2", "p2,V3"}},
		{name: "overwrite=false", q: left + ` | join product_id overwrite=false ` + vendors, cols: []string{"product_id", "vendor", "name"},
			want: []string{"p1,V1,Tea", "p2,V3,Cup"}},
		// "If no fields are specified, all of the fields that are common to
		// both datasets are used": product_id and name; p2's names differ
		// in case, so only p1 matches.
		{name: "common fields", q: left + ` | join [| makeresults format=csv data="product_id,name,vendor
p1,Tea,V1
p2,cup,V3"]`, cols: []string{"product_id", "vendor"}, want: []string{"p1,V1"}},
		// "The values of the fields used in <field-list> are case
		// sensitive"; example 6 lowers both sides.
		{name: "case sensitive", q: `| makeresults | eval myfield="ABC" | join myfield [| makeresults | eval myfield="abc", v=1]`, cols: []string{"v"}, want: nil},
		{name: "case-insensitive join", q: `| makeresults | eval myfield="ABC" | eval myfield=lower(myfield) | join myfield [| makeresults | eval myfield="abc", v=1 | eval myfield=lower(myfield)]`,
			cols: []string{"myfield", "v"}, want: []string{"abc,1"}},
		// Basic example 4 and extended example 2: the aliases name the
		// joined fields, which later commands use.
		{name: "aliases", q: left + ` | join left=L right=R where L.product_id=R.pid ` + pids + ` | stats count by L.product_id`,
			cols: []string{"L.product_id", "count"}, want: []string{"p1,1", "p2,1"}},
		{name: "alias fields", q: left + ` | join left=L right=R where L.product_id=R.pid ` + pids,
			cols: []string{"L.product_id", "L.name", "R.pid", "R.vendor"}, want: []string{"p1,Tea,p1,V1", "p2,Cup,p2,V3"}},
	})
}
