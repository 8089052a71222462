package engine

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/spl"
)

// TestPivotSearch checks the search each pivot runs as, written by hand
// from the translation rule in cmd_pivot.go.
func TestPivotSearch(t *testing.T) {
	cases := []struct{ name, in, want, wantErr string }{
		{"cells and a row", `| pivot Tutorial HTTP_requests count(HTTP_requests) AS "Count" avg(bytes) SPLITROW host AS "Server"`,
			`| datamodel "Tutorial" "HTTP_requests" flat | stats count AS "Count" avg(bytes) by host | rename host AS "Server"`, ""},
		{"filters", `| pivot Tutorial HTTP_requests count(HTTP_requests) FILTER status is 200 FILTER uri contains "cart" FILTER bytes > 10 FILTER ref isNull`,
			`| datamodel "Tutorial" "HTTP_requests" flat | search status="200" | search uri="*cart*" | where 'bytes'>10 | where isnull('ref') | stats count`, ""},
		{"a column", `| pivot Tutorial HTTP_requests count(HTTP_requests) SPLITROW host SPLITCOL status`,
			`| datamodel "Tutorial" "HTTP_requests" flat | chart count over host by status`, ""},
		{"limit refused", `| pivot Tutorial HTTP_requests count(HTTP_requests) SPLITROW host LIMIT host BY top 5 count(HTTP_requests)`, "", "pivot: LIMIT is not translated yet"},
		{"period refused", `| pivot Tutorial HTTP_requests count(HTTP_requests) SPLITROW _time PERIOD day`, "", "pivot: split options (PERIOD day) are not translated yet"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := spl.Parse(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			got, err := PivotSearch(p.Commands[0].(*spl.PivotCommand))
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
