package engine

import "testing"

// transpose, xyseries and untable, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/transpose
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/xyseries
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/untable
func TestDocReshapeExamples(t *testing.T) {
	hosts := `| makeresults format=csv data="host,count
www1,11835
www2,11186
www3,11261"`
	cats := `| makeresults format=csv data="categoryId,count,percent
STRATEGY,806,30.495649
ARCADE,493,18.653046
TEE,367,13.885736
ACCESSORIES,348,13.166856
SIMULATION,246,9.307605
SHOOTER,245,9.269769
SPORTS,138,5.221339"`
	msgs := `| makeresults count=5 | streamstats count AS i
| eval EventCode=case(i=1, 4136, i=2, 1234, i=3, 3456, i=4, 1256, i=5, 1257)
| eval Message=case(i=1, "Too late now", i=2, "I dont know", i=3, "Too busy, ask again later", i=4, "Everything is happening at once", i=5, "And right now, as well")
| table EventCode Message`
	runCmdCases(t, []cmdCase{
		// transpose examples 1 and 2.
		{name: "transpose", q: hosts + ` | transpose`, cols: []string{"column", "row 1", "row 2", "row 3"},
			want: []string{"host,www1,www2,www3", "count,11835,11186,11261"}},
		{name: "header_field", q: hosts + ` | transpose header_field=host`, cols: []string{"column", "www1", "www2", "www3"},
			want: []string{"count,11835,11186,11261"}},
		// column_name names the first column; <int> limits the rows
		// ("Default: 5"), 0 takes them all.
		{name: "column_name", q: hosts + ` | transpose column_name=field`, cols: []string{"field", "row 1"}, want: []string{"host,www1", "count,11835"}},
		{name: "default 5 rows", q: `| makeresults count=7 | streamstats count AS n | table n | transpose`, cols: []string{"column", "row 5", "row 6"},
			want: []string{"n,5,(null)"}},
		{name: "transpose 0", q: `| makeresults count=7 | streamstats count AS n | table n | transpose 0`, cols: []string{"column", "row 7"},
			want: []string{"n,7"}},
		{name: "transpose 2", q: hosts + ` | transpose 2`, cols: []string{"column", "row 2", "row 3"}, want: []string{"host,www2,(null)", "count,11186,(null)"}},
		// Example 4: one row of three counts becomes three rows.
		{name: "single row", q: `| makeresults | eval views=34282, addtocart=5292, purchases=5224 | table views addtocart purchases | transpose`,
			cols: []string{"column", "row 1"}, want: []string{"views,34282", "addtocart,5292", "purchases,5224"}},
		// xyseries' example; the page's table misplaces TEE's value (under
		// 493) and lists SPORTS first; the case sorts and checks each
		// category's own column.
		{name: "xyseries", q: cats + ` | xyseries categoryId count percent | sort categoryId`,
			cols: []string{"categoryId", "138", "245", "246", "348", "367", "493", "806"},
			want: []string{"ACCESSORIES,(null),(null),(null),13.166856,(null),(null),(null)", "ARCADE,(null),(null),(null),(null),(null),18.653046,(null)",
				"SHOOTER,(null),9.269769,(null),(null),(null),(null),(null)", "SIMULATION,(null),(null),9.307605,(null),(null),(null),(null)",
				"SPORTS,5.221339,(null),(null),(null),(null),(null),(null)", "STRATEGY,(null),(null),(null),(null),(null),(null),30.495649",
				"TEE,(null),(null),(null),(null),13.885736,(null),(null)"}},
		// untable's basic example (the page shows its first ten rows).
		{name: "untable", q: cats + ` | untable categoryId calculation value | head 10`, cols: []string{"categoryId", "calculation", "value"},
			want: []string{"STRATEGY,count,806", "STRATEGY,percent,30.495649", "ARCADE,count,493", "ARCADE,percent,18.653046", "TEE,count,367",
				"TEE,percent,13.885736", "ACCESSORIES,count,348", "ACCESSORIES,percent,13.166856", "SIMULATION,count,246", "SIMULATION,percent,9.307605"}},
		// The extended example: record numbers keep the duplicate
		// timestamps apart, and xyseries puts the rows back together. (The
		// page's untable table numbers the fifth event 4, its xyseries
		// table 5.)
		{name: "untable recno", q: msgs + ` | streamstats count as recno | untable recno FieldName FieldValue`,
			cols: []string{"recno", "FieldName", "FieldValue"},
			want: []string{"1,EventCode,4136", "1,Message,Too late now", "2,EventCode,1234", "2,Message,I dont know", "3,EventCode,3456",
				"3,Message,Too busy, ask again later", "4,EventCode,1256", "4,Message,Everything is happening at once", "5,EventCode,1257", "5,Message,And right now, as well"}},
		{name: "xyseries recno", q: msgs + ` | streamstats count as recno | untable recno FieldName FieldValue | xyseries recno FieldName FieldValue`,
			cols: []string{"recno", "EventCode", "Message"},
			want: []string{"1,4136,Too late now", "2,1234,I dont know", "3,3456,Too busy, ask again later", "4,1256,Everything is happening at once", "5,1257,And right now, as well"}},
	})
}
