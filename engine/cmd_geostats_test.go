package engine

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/value"
)

// TestGeostatsBy checks the BY split and globallimit, worked out by hand:
// at level 0 (22.5 by 45 degrees) all three results share bin y=4 x=4;
// globallimit=1 keeps series a (two results) and puts b in OTHER, as
// chart's limit does; latfield/longfield and the output fields are named.
func TestGeostatsBy(t *testing.T) {
	q := `| makeresults format=json data="[{\"la\":\"10\",\"lo\":\"20\",\"p\":\"a\"},{\"la\":\"12\",\"lo\":\"30\",\"p\":\"a\"},{\"la\":\"14\",\"lo\":\"40\",\"p\":\"b\"}]"` +
		` | geostats latfield=la longfield=lo outputlatfield=y outputlongfield=x maxzoomlevel=0 count by p globallimit=1`
	res, err := runQuery(t, &memSource{}, q)
	if err != nil {
		t.Fatal(err)
	}
	want := []value.Fields{{
		{Name: "geobin", Value: value.Str("bin_id_zl_0_y_4_x_4")},
		{Name: "y", Value: value.Num(12)}, {Name: "x", Value: value.Num(30)},
		{Name: "a", Value: value.Num(2)}, {Name: "OTHER", Value: value.Num(1)},
	}}
	if diff := cmp.Diff(want, res.Rows, cmp.Comparer(value.Equal)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
