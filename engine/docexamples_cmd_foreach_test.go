package engine

import "testing"

// foreach and appendpipe, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/foreach
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/appendpipe
func TestDocForeachExamples(t *testing.T) {
	runCmdCases(t, []cmdCase{
		// Usage, "Iterating over multiple matching fields containing
		// nonalphanumeric characters".
		{name: "quoted FIELD", q: `| makeresults | eval myfield_1 = 5, myfield_2 = 10 | foreach myfield_* [eval <<FIELD>> = '<<FIELD>>' + <<MATCHSTR>>]`,
			cols: []string{"myfield_1", "myfield_2"}, want: []string{"6,12"}},
		// Usage, "Support for multiple eval statements".
		{name: "multivalue assignments", q: `| makeresults | eval mv=mvappend("5", "15"), total = 0, count = 0 | foreach mode=multivalue mv [eval total = total + <<ITEM>>, count = count + 1]`,
			cols: []string{"count", "mv", "total"}, want: []string{"2,5|15,20"}},
		// Usage, "Wildcards are not supported in multivalue fields": mv*
		// is the field named mv*.
		{name: "multivalue no wildcard", q: `| makeresults | eval mv1=mvappend("1", "2"), mv2=mvappend("3", "4"), 'mv*'=mvappend("100", "300"), total = 0 | foreach mode=multivalue mv* [eval total = total + <<ITEM>>]`,
			cols: []string{"total"}, want: []string{"400"}},
		// Example 1: ARCADE has no www2, so its total is www1 alone.
		{name: "row totals", q: `| makeresults format=csv data="categoryId,www1,www2
ACCESSORIES,1000,500
SIMULATION,3000,750
ARCADE,800,
STRATEGY,400,200" | eval total=0 | foreach www* [eval total=total + <<FIELD>>]`, cols: []string{"categoryId", "www1", "www2", "total"},
			want: []string{"ACCESSORIES,1000,500,1500", "SIMULATION,3000,750,3750", "ARCADE,800,(null),800", "STRATEGY,400,200,600"}},
		// Example 2.
		{name: "test*", q: `| makeresults | eval total=0, test1=1, test2=2, test3=3 | foreach test* [eval total=total + <<FIELD>>]`,
			cols: []string{"test1", "test2", "test3", "total"}, want: []string{"1,2,3,6"}},
		// Example 3.
		{name: "field names", q: `| makeresults | foreach name price category [eval <<FIELD>> = "<<FIELD>>"]`,
			cols: []string{"category", "name", "price"}, want: []string{"category,name,price"}},
		// Example 5.
		{name: "MATCHSTR", q: `| makeresults | eval test1 = 5, test2 = 10 | foreach test* [eval <<FIELD>> = <<FIELD>> + <<MATCHSTR>>]`,
			cols: []string{"test1", "test2"}, want: []string{"6,12"}},
		// Example 6.
		{name: "MATCHSEG", q: `| makeresults | eval test1ab2=5, test2ab3=10 | foreach test*ab* fieldstr=MYFIELD matchseg1=SEG1 matchseg2=SEG2 [eval MYFIELD = MYFIELD + SEG1 + SEG2]`,
			cols: []string{"test1ab2", "test2ab3"}, want: []string{"8,15"}},
		// Example 8.
		{name: "grades", q: `| makeresults | eval teacher="James", student_grades=mvappend("50", "100", "30"), sum = 0, count = 0
| foreach mode=multivalue student_grades [eval sum = sum + <<ITEM>>, count = count + 1] | eval average = sum / count`,
			cols: []string{"average", "count", "student_grades", "sum", "teacher"}, want: []string{"60,3,50|100|30,180,James"}},
		// Example 9 (the page prints the array as [1, 2, 3] here and
		// without spaces elsewhere; the case checks the total).
		{name: "json_array", q: `| makeresults | eval jsonfield=json_array(1, 2, 3), total=0 | foreach mode=json_array jsonfield [eval total = total + <<ITEM>>] | table jsonfield, total`,
			cols: []string{"total"}, want: []string{"6"}},
		// Examples 10 to 12.
		{name: "json_append", q: `| makeresults | eval manager="Rutherford", employees=mvappend("Alex", "Claudia", "David"), employees_array=json_array()
| foreach mode=multivalue employees [eval employees_array=json_append(employees_array, "", <<ITEM>>)] | fields - _time`,
			cols: []string{"employees", "employees_array", "manager"}, want: []string{`Alex|Claudia|David,["Alex","Claudia","David"],Rutherford`}},
		{name: "json_extract", q: `| makeresults | eval manager="Rutherford", employees=mvappend("Alex", "Claudia", "David"), ID_array=json_array(), IDs=json_object("Alex", 4125, "Claudia", 2538, "David", 3957)
| foreach mode=multivalue employees [eval ID_array=json_append(ID_array, "", json_extract(IDs, <<ITEM>>))] | fields - _time`,
			cols: []string{"ID_array", "IDs"}, want: []string{`[4125,2538,3957],{"Alex":4125,"Claudia":2538,"David":3957}`}},
		// Example 13.
		{name: "double", q: `| makeresults | eval price=json_array(1,2,3,4), double_price=json_array() | foreach mode=json_array price [eval double_price = json_append(double_price, "", <<ITEM>> * 2)]`,
			cols: []string{"double_price", "price"}, want: []string{"[2,4,6,8],[1,2,3,4]"}},
		// Example 14.
		{name: "weights", q: `| makeresults | eval grades=json_array(1,2,3,4), weight=json_array() | eval sum = 0
| foreach mode=json_array grades [eval sum = sum + <<ITEM>>]
| foreach mode=json_array grades [eval weight = json_append(weight, "", <<ITEM>> / sum)]`,
			cols: []string{"grades", "sum", "weight"}, want: []string{"[1,2,3,4],10,[0.1,0.2,0.3,0.4]"}},
		// Example 15: <<ITER>> is the index.
		{name: "ITER", q: `|makeresults |fields - _time |eval word=split("ABCDE",""), nums=split("01234","")
|foreach word mode=multivalue [eval word_and_num=mvappend(word_and_num, <<ITEM>>.mvindex(nums, <<ITER>>))]`,
			cols: []string{"word_and_num"}, want: []string{"A0|B1|C2|D3|E4"}},
	})
}

// appendpipe's example, over the page's stats rows: the subtotals come
// after each action's users, since sort keeps equal actions in order.
func TestDocAppendpipeExamples(t *testing.T) {
	audit := `| makeresults format=csv data="action,user,count
accelerate_search,admin,209
accelerate_search,buttercup,345
accelerate_search,can-delete,6
add,n/a,1
change_authentication,admin,50
change_authentication,buttercup,9
change_authentication,can-delete,24"`
	runCmdCases(t, []cmdCase{
		{name: "subtotals", q: audit + ` | appendpipe [stats sum(count) as count by action | eval user = "TOTAL - ALL USERS"] | sort action`,
			cols: []string{"action", "user", "count"},
			want: []string{"accelerate_search,admin,209", "accelerate_search,buttercup,345", "accelerate_search,can-delete,6", "accelerate_search,TOTAL - ALL USERS,560",
				"add,n/a,1", "add,TOTAL - ALL USERS,1",
				"change_authentication,admin,50", "change_authentication,buttercup,9", "change_authentication,can-delete,24", "change_authentication,TOTAL - ALL USERS,83"}},
	})
}
