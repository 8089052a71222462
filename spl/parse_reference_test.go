package spl_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/spl"
)

// TestReferenceCommandsParse parses each command's examples from its
// Search Reference page (searchRef + name) and checks the canonical form.
func TestReferenceCommandsParse(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"bucketdir", `* | bucketdir pathfield=source sizefield=totalCount maxcount=20 countfield=totalCount sep="/"`,
			`* | bucketdir pathfield=source sizefield=totalCount maxcount=20 countfield=totalCount sep=/`},
		{"diff", `* | diff position1=9 position2=10`, `* | diff position1=9 position2=10`},
		{"diff attribute", `* | diff attribute=ip diffheader=true context=f maxlen=0`, `* | diff attribute=ip diffheader=true context=f maxlen=0`},
		{"findtypes", `* | findtypes max=10 notcovered useraw`, `* | findtypes notcovered useraw max=10`},
		{"folderize", `* | folderize attr=uri sep="/" maxfolders=20`, `* | folderize attr=uri sep=/ maxfolders=20`},
		{"geom", `* | geom geo_us_states featureIdField="state"`, `* | geom geo_us_states featureidfield=state`},
		{"geom bounding box", `* | geom geo_countries allFeatures=True min_x=-180 max_x=180 gen=0.1`,
			`* | geom geo_countries allfeatures=True min_x=-180 max_x=180 gen=0.1`},
		{"geomfilter", `* | geomfilter min_x=-90 min_y=-90 max_x=90 max_y=90`, `* | geomfilter min_x=-90 min_y=-90 max_x=90 max_y=90`},
		{"overlap", `index=summary | overlap`, `index=summary | overlap`},
		{"pivot", `| pivot Tutorial HTTP_requests count(HTTP_requests) AS "Count of HTTP requests" SPLITROW host`,
			`| pivot Tutorial HTTP_requests count(HTTP_requests) AS "Count of HTTP requests" SPLITROW host`},
		{"pivot elements", `| pivot Tutorial HTTP_requests count(HTTP_requests) dc(clientip) AS ips SPLITROW host AS Server SPLITCOL status FILTER host in (www1, "www 2") FILTER status isNotNull ROWSUMMARY true`,
			`| pivot Tutorial HTTP_requests count(HTTP_requests) dc(clientip) AS "ips" SPLITROW host AS "Server" SPLITCOL status FILTER host in ("www1", "www 2") FILTER status isNotNull ROWSUMMARY true`},
		{"typelearner", `* | typelearner`, `* | typelearner`},
		{"typelearner grouping", `* | typelearner punct 15 maxlen=10`, `* | typelearner punct 15 maxlen=10`},
		{"entitymerge", `* | entitymerge host`, `* | entitymerge host`},
		{"gauge", `* | stats count | gauge count 0 25 50 75 100`, `* | stats count | gauge count 0 25 50 75 100`},
		{"geostats", `* | geostats latfield=vendorlat longfield=vendorlon count by product_name globallimit=4`,
			`* | geostats latfield=vendorlat longfield=vendorlon globallimit=4 count by product_name`},
		{"geostats bins", `* | geostats binspanlat=22.5 binspanlong=45.0 maxzoomlevel=3 avg(rating)`,
			`* | geostats binspanlat=22.5 binspanlong=45.0 maxzoomlevel=3 avg(rating)`},
		// Public hunting searches write text against a quoted regex.
		{"rex joined pattern", `* | rex field=_raw "Type:\s+"(?<t>"0x\d+") | table t`, `* | rex field=_raw "Type:\s+(?<t>0x\d+)" | table t`},
		{"erex", `* | erex monthday examples="7/01, 07/01" counterexamples="x" fromfield=msg maxtrainers=5`,
			`* | erex monthday examples="7/01, 07/01" counterexamples=x fromfield=msg maxtrainers=5`},
		{"foreach body with a pipe", `* | foreach *location [ | eval <<FIELD>>=trim('<<FIELD>>')]`, `* | foreach *location [eval <<FIELD>>=trim('<<FIELD>>')]`},
		{"transaction unquoted filter", `* | transaction host startswith=EventCode=4800 endswith=EventCode=4801`, `* | transaction host startswith=(EventCode=4800) endswith=(EventCode=4801)`},
		{"bin log span", `* | bin span=2log10 x | bucket span=log x AS y`, `* | bin span=2log10 x | bin span=log x AS y`},
		{"fieldsummary", `* | fieldsummary`, `* | fieldsummary`},
		{"fieldsummary fields", `* | fieldsummary maxvals=10 src* user`, `* | fieldsummary maxvals=10 src* user`},
	}
	for _, tc := range cases {
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

// TestReferenceCommandsErrors checks that the documented options are
// checked at parse time, with the position of the bad text.
func TestReferenceCommandsErrors(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"bucketdir needs pathfield", `* | bucketdir sizefield=n`, `bucketdir: missing pathfield=`},
		{"diff bad int", `* | diff position1=x`, `diff: position1 takes a whole number`},
		{"diff bad bool", `* | diff context=maybe`, `diff: context takes a Boolean (true or false)`},
		{"diff unknown option", `* | diff position3=1`, `diff: unknown option "position3"`},
		{"findtypes bad word", `* | findtypes max=10 covered`, `findtypes: unexpected "covered"`},
		{"geom bad number", `* | geom geo_countries min_x=west`, `geom: min_x takes a number`},
		{"geom two collections", `* | geom a b`, `geom: unexpected "b"`},
		{"overlap takes nothing", `* | overlap x`, `overlap: unexpected "x"`},
		{"pivot needs a dataset", `| pivot Tutorial`, `pivot: unexpected end of command`},
		{"pivot needs a cell", `| pivot Tutorial HTTP_requests SPLITROW host`, `pivot: needs a cell value such as count(HTTP_requests)`},
		{"pivot bad filter type", `| pivot Tutorial HTTP_requests count(HTTP_requests) FILTER host near x`, `pivot: unexpected "near"`},
		{"geostats half a bin span", `* | geostats binspanlat=10 count`, `geostats: binspanlat and binspanlong go together`},
		{"geostats bad limit", `* | geostats globallimit=many count`, `geostats: globallimit takes a whole number`},
		{"geostats two by fields", `* | geostats count by a b`, `geostats: takes one BY field`},
		{"erex needs examples", `* | erex port`, `erex: missing examples=`},
		{"erex maxtrainers range", `* | erex port examples=80 maxtrainers=5000`, `erex: maxtrainers takes a whole number from 1 to 1000`},
		{"gauge needs a value", `* | gauge`, `gauge: missing value`},
		{"gauge one range value", `* | gauge count 10`, `gauge: a range takes two or more values`},
		{"fieldsummary negative maxvals", `* | fieldsummary maxvals=-1`, `fieldsummary: maxvals takes a whole number`},
		{"typelearner bad maxlen", `* | typelearner maxlen=-1`, `typelearner: maxlen takes a whole number`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := spl.Parse(tc.in)
			errs := spl.AsErrors(err)
			if len(errs) == 0 {
				t.Fatalf("Parse(%q) succeeded, want %q", tc.in, tc.want)
			}
			if got := errs[0].Msg; !strings.HasPrefix(got, tc.want) {
				t.Errorf("error = %q, want it to start with %q", got, tc.want)
			}
			if errs[0].Pos < strings.Index(tc.in, "|") {
				t.Errorf("error at %d, before the command", errs[0].Pos)
			}
		})
	}
}
