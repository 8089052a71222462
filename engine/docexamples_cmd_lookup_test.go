package engine

import "testing"

// lookup and inputlookup, Search Reference 10.0, over the page's tables
// (engine/testdata/lookups):
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/lookup
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/inputlookup
func TestDocLookupExamples(t *testing.T) {
	sales := `| makeresults format=csv data="Code,VendorID
B,1003
C,1001
F,1004"`
	runCmdCases(t, []cmdCase{
		// Basic example 1.
		{name: "usertogroup", q: `| makeresults | eval local_user="alice" | lookup usertogroup user as local_user OUTPUT group as user_group`,
			cols: []string{"user_group", "group"}, want: []string{"admins,(null)"}},
		// Extended example 1: product names by Code; F is not in the table.
		{name: "OUTPUTNEW", q: sales + ` | lookup prices_lookup Code OUTPUTNEW product_name`, cols: []string{"Code", "product_name"},
			want: []string{"B,Dream Crusher", "C,Final Sequel", "F,(null)"}},
		// Without OUTPUT, every field of the table but the match field.
		{name: "all fields", q: sales + ` | lookup prices_lookup Code OUTPUTNEW product_name | table product_name VendorID | lookup vendors_lookup VendorID`,
			cols: []string{"product_name", "VendorID", "Vendor", "VendorCity", "Vendor StateProvince", "Weight"},
			want: []string{"Dream Crusher,1003,New Jack Games,New York,New York,4", "Final Sequel,1001,Anchorage Gaming,Anchorage,Alaska,3",
				"(null),1004,Seals Gaming,San Francisco,California,5"}},
		// Usage: "If the OUTPUT clause is specified, the output lookup
		// fields overwrite existing fields. If the OUTPUTNEW clause is
		// specified, the lookup is not performed for events in which the
		// output fields already exist."
		{name: "OUTPUT overwrites", q: `| makeresults | eval Code="A", product_name="mine" | lookup prices_lookup Code OUTPUT product_name`,
			cols: []string{"product_name"}, want: []string{"Mediocre Kingdoms"}},
		{name: "OUTPUTNEW keeps", q: `| makeresults | eval Code="A", product_name="mine" | lookup prices_lookup Code OUTPUTNEW product_name`,
			cols: []string{"product_name"}, want: []string{"mine"}},
		// Extended example 2: an IPv6 address in a CIDR subnet.
		{name: "IPv6 CIDR", q: `| makeresults | eval ip="2001:0db8:ffff:ffff:ffff:ffff:ffff:ff99" | lookup ipv6test ip OUTPUT expected`,
			cols: []string{"expected", "ip"}, want: []string{"true,2001:0db8:ffff:ffff:ffff:ffff:ffff:ff99"}},
		// inputlookup reads the table's rows.
		{name: "inputlookup", q: `| inputlookup prices_lookup | where Code="C"`, cols: []string{"productId", "product_name", "price"},
			want: []string{"FS-SG-G03,Final Sequel,24.99"}},
		{name: "inputlookup file", q: `| inputlookup usertogroup.csv`, cols: []string{"user", "group"}, want: []string{"alice,admins", "bob,users"}},
	})
}
