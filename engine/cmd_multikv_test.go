package engine

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMultikvOptions works each option of the page on small tables, the
// expected rows written from the option's description.
// https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.0.2503/search-commands/multikv
func TestMultikvOptions(t *testing.T) {
	mk := func(raw string) string {
		return `| makeresults format=json data="[{\"id\":\"e1\",\"_raw\":\"` + raw + `\"}]" | `
	}
	two := mk(`PROTO STATE\ntcp   LISTEN\nudp   OPEN\n\nNAME  SIZE\nlog   12\n`)
	cases := []struct {
		name, q string
		want    []string
	}{
		// multitable=true (default): the blank line ends the first table and
		// NAME SIZE heads a second.
		{"multitable", two + "multikv | table PROTO STATE NAME SIZE", []string{
			"PROTO=tcp STATE=LISTEN NAME= SIZE=", "PROTO=udp STATE=OPEN NAME= SIZE=", "PROTO= STATE= NAME=log SIZE=12"}},
		// multitable=false: one header; the second header line is a row.
		{"multitable=false", two + "multikv multitable=f | table PROTO STATE", []string{
			"PROTO=tcp STATE=LISTEN", "PROTO=udp STATE=OPEN", "PROTO=NAME STATE=SIZE", "PROTO=log STATE=12"}},
		// noheader: Column_1, Column_2 ..., the first row being data.
		{"noheader", mk(`a 1\nb 2`) + "multikv noheader=true | table Column_1 Column_2", []string{
			"Column_1=a Column_2=1", "Column_1=b Column_2=2"}},
		// forceheader counts non-empty lines from 1.
		{"forceheader", mk(`x 1\n\nKEY VAL\nk 9`) + "multikv forceheader=2 | table KEY VAL", []string{"KEY=k VAL=9"}},
		// rmorig=false: the original follows its rows.
		{"rmorig=false", mk(`A B\n1 2`) + "multikv rmorig=false | table A _raw", []string{"A=1 _raw=1 2", "A= _raw=A B\n1 2"}},
		// copyattrs=false: nothing of the original is copied.
		{"copyattrs=false", mk(`A B\n1 2`) + "multikv copyattrs=false | table A id", []string{"A=1 id="}},
		{"copyattrs=true", mk(`A B\n1 2`) + "multikv | table A id", []string{"A=1 id=e1"}},
		// A row with a missing cell: the words go to the columns they lie under.
		{"aligned", mk(`NAME   PORT   STATE\nweb           UP\ndb     5432   DOWN`) + "multikv | table NAME PORT STATE", []string{
			"NAME=web PORT= STATE=UP", "NAME=db PORT=5432 STATE=DOWN"}},
		// filter terms match whole strings, spaces included, ignoring case.
		{"filter quoted", mk(`A B\nx y\nq z`) + `multikv filter "Q Z" | table A`, []string{"A=q"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runQuery(t, &memSource{}, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, table(res)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	_, err := runQuery(t, &memSource{}, "| makeresults | multikv conf=ps")
	if err == nil || err.Error() == "" {
		t.Errorf("conf= must be refused, got %v", err)
	}
}
