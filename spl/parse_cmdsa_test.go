package spl_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/spl"
)

// cmdsaCanonical pairs searches using collect, outputcsv, inputcsv, rest
// and the simple commands with their canonical form (each round-tripped).
var cmdsaCanonical = []struct{ name, in, want string }{
	{"collect bare", `* | collect`, `* | collect`},
	{"collect options", `* | collect index=summary marker="report=daily, run=1" testmode=t`, `* | collect index=summary marker="report=daily, run=1" testmode=t`},
	{"collect file", `* | collect index=x file=$timestamp$_out.stash addtime=false addinfo=0`, `* | collect index=x file=$timestamp$_out.stash addtime=false addinfo=0`},
	{"outputcsv", `* | outputcsv append=true results`, `* | outputcsv append=true results`},
	{"outputcsv no file", `* | outputcsv`, `* | outputcsv`},
	{"inputcsv", `| inputcsv start=100 max=500 bar`, `| inputcsv start=100 max=500 bar`},
	{"inputcsv where", `| inputcsv students.csv WHERE (age>=18 OR age<=12) AND NOT major=Biology`, `| inputcsv students.csv where (age>=18 OR age<=12) NOT major=Biology`},
	{"inputcsv append", `* | inputcsv append=t bar`, `* | inputcsv append=t bar`},
	{"rest get args", `| rest /services/search/jobs search="index=main" count=5`, `| rest /services/search/jobs search="index=main" count=5`},
	{"rest options first", `| rest splunk_server=local /services/server/info`, `| rest /services/server/info splunk_server=local`},
}

func TestCmdsaCanonical(t *testing.T) {
	for _, tc := range cmdsaCanonical {
		t.Run(tc.name, func(t *testing.T) {
			p, err := spl.Parse(tc.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.in, err)
			}
			if diff := cmp.Diff(tc.want, p.String()); diff != "" {
				t.Errorf("String() mismatch (-want +got):\n%s", diff)
			}
			roundTrip(t, tc.in)
		})
	}
}

func TestCmdsaErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{`* | collect index=summary addtime=maybe`, `collect: addtime takes a Boolean (true or false)`},
		{`* | collect output_format=xml`, `collect: output_format takes "raw" or "hec"`},
		{`* | collect summary`, `collect: unexpected "summary"`},
		{`* | collect indx=summary`, `collect: unknown option "indx"`},
		{`* | outputcsv a b`, `outputcsv: unexpected "b"`},
		{`* | outputcsv create_empty=x a`, `outputcsv: create_empty takes a Boolean (true or false)`},
		{`| inputcsv`, `inputcsv: missing file name`},
		{`| inputcsv start=-1 bar`, `inputcsv: start=-1 must be a whole number`},
		{`* | inputcsv bar`, `inputcsv: generates results and must be the first command of a search`},
		{`| rest`, `rest: missing REST endpoint`},
		{`| rest /a /b`, `rest: unexpected "/b"`},
		{`| rest /a count=x`, `rest: count takes a whole number, not "x"`},
	}
	for _, tc := range cases {
		_, err := spl.Parse(tc.in)
		errs := spl.AsErrors(err)
		if len(errs) == 0 || errs[0].Msg != tc.want {
			t.Errorf("Parse(%q) = %v, want %q", tc.in, err, tc.want)
		}
	}
}
