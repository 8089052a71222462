package engine

import "testing"

// addtotalsData is the table of the addtotals page's example 1.
const addtotalsData = `| makeresults format=csv data="products,quarter,sales,quota
ProductA,QTR1,1200,1000
ProductB,QTR1,1400,1550
ProductC,QTR1,1650,1275
ProductA,QTR2,1425,1300
ProductB,QTR2,1175,1425
ProductC,QTR2,1550,1450
ProductA,QTR3,1300,1400
ProductB,QTR3,1250,1125
ProductC,QTR3,1375,1475
ProductA,QTR4,1550,1300
ProductB,QTR4,1700,1225
ProductC,QTR4,1625,1350"`

// strategyViews is the views by product table of the addcoltotals and
// accum pages.
const strategyViews = `| makeresults format=csv data="productId,views
DB-SG-G01,1796
DC-SG-G02,1642
FS-SG-G03,1482
PZ-SG-G05,1300"`

// addtotals, Search Reference 10.0 (its tables also check chart):
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/addtotals
func TestDocAddtotalsExamples(t *testing.T) {
	quarters := []string{"products", "QTR1", "QTR2", "QTR3", "QTR4"}
	runCmdCases(t, []cmdCase{
		{name: "chart", q: addtotalsData + ` | chart sum(sales) BY products quarter`, cols: quarters,
			want: []string{"ProductA,1200,1425,1300,1550", "ProductB,1400,1175,1250,1700", "ProductC,1650,1550,1375,1625"}},
		{name: "row totals", q: addtotalsData + ` | chart sum(sales) BY products quarter | addtotals`, cols: append(quarters, "Total"),
			want: []string{"ProductA,1200,1425,1300,1550,5475", "ProductB,1400,1175,1250,1700,5525", "ProductC,1650,1550,1375,1625,6200"}},
		{name: "stats", q: addtotalsData + ` | stats sum(sales) BY products`, cols: []string{"products", "sum(sales)"},
			want: []string{"ProductA,5475", "ProductB,5525", "ProductC,6200"}},
		// Example 2.
		{name: "fieldname", q: addtotalsData + ` | chart sum(sales) BY products quarter | addtotals fieldname=sum`, cols: []string{"products", "sum", "Total"},
			want: []string{"ProductA,5475,(null)", "ProductB,5525,(null)", "ProductC,6200,(null)"}},
		// Example 3, wildcards: the fields that begin with amount or hold
		// size.
		{name: "wildcards", q: `| makeresults | eval amount1=1, amount2=2, filesize=4, other=8 | addtotals fieldname=TotalAmount amount* *size*`,
			cols: []string{"TotalAmount"}, want: []string{"7"}},
		// Example 4.
		{name: "col totals", q: addtotalsData + ` | stats sum(quota) by quarter| addtotals row=f col=t labelfield=quarter sum(quota)`,
			cols: []string{"quarter", "sum(quota)", "Total"},
			want: []string{"QTR1,3825,(null)", "QTR2,4175,(null)", "QTR3,4000,(null)", "QTR4,3875,(null)", "Total,15875,(null)"}},
		// Example 5.
		{name: "custom labels", q: addtotalsData + ` | chart sum(sales) by products quarter| addtotals col=t labelfield=products label="Quarterly Totals" fieldname="Product Totals"`,
			cols: append(quarters, "Product Totals"),
			want: []string{"ProductA,1200,1425,1300,1550,5475", "ProductB,1400,1175,1250,1700,5525", "ProductC,1650,1550,1375,1625,6200",
				"Quarterly Totals,4250,4150,3925,4875,17200"}},
	})
}

// addcoltotals, Search Reference 10.0, the extended example and the
// options as worded:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/addcoltotals
func TestDocAddcoltotalsExamples(t *testing.T) {
	runCmdCases(t, []cmdCase{
		{name: "total", q: strategyViews + ` | addcoltotals`, cols: []string{"productId", "views"},
			want: []string{"DB-SG-G01,1796", "DC-SG-G02,1642", "FS-SG-G03,1482", "PZ-SG-G05,1300", "(null),6220"}},
		{name: "labelfield", q: strategyViews + ` | addcoltotals labelfield="Total views"`, cols: []string{"productId", "views", "Total views"},
			want: []string{"DB-SG-G01,1796,(null)", "DC-SG-G02,1642,(null)", "FS-SG-G03,1482,(null)", "PZ-SG-G05,1300,(null)", "(null),6220,Total"}},
		// Basic example 1: label= names the summary event.
		{name: "label", q: strategyViews + ` | addcoltotals labelfield=change_name label=ALL`, cols: []string{"views", "change_name"},
			want: []string{"1796,(null)", "1642,(null)", "1482,(null)", "1300,(null)", "6220,ALL"}},
		// "If the labelfield argument is absent, the label argument has no
		// effect."
		{name: "label alone", q: strategyViews + ` | addcoltotals label=ALL`, cols: []string{"productId", "views", "label"},
			want: []string{"DB-SG-G01,1796,(null)", "DC-SG-G02,1642,(null)", "FS-SG-G03,1482,(null)", "PZ-SG-G05,1300,(null)", "(null),6220,(null)"}},
		// Basic example 3: totals only for the fields the pattern names.
		{name: "wildcard", q: `| makeresults count=2 | eval user_n=1, filesize=10 | fields user*, *size | addcoltotals *size`,
			cols: []string{"user_n", "filesize"}, want: []string{"1,10", "1,10", "(null),20"}},
	})
}
