package engine

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/value"
)

// knowSource is a memSource with the tags of the tags page's examples
// (host www1 tag2, host www2 tag1, sourcetype access_combined_wcookie
// apache) and two eventtypes: web_error (status 500 or more) and
// web_slow_error (web_error and bytes above 1000, naming the first).
type knowSource struct {
	*memSource
}

type fakeKnowledge struct{}

func (knowSource) Knowledge() (Knowledge, error) { return fakeKnowledge{}, nil }

func (fakeKnowledge) FieldTags(field, val string) []string {
	return map[string][]string{
		"host=www1": {"tag2"}, "host=www2": {"tag1"},
		"sourcetype=access_combined_wcookie": {"apache"},
		"eventtype=web_error":                {"web", "error"},
	}[field+"="+val]
}

func (fakeKnowledge) Eventtypes(r value.Fields) []string {
	var out []string
	if n, ok := r.Get("status").Number(); ok && n >= 500 {
		out = append(out, "web_error")
		if b, ok := r.Get("bytes").Number(); ok && b > 1000 {
			out = append(out, "web_slow_error")
		}
	}
	if strings.Contains(r.Get("_raw").String(), "timeout") {
		out = append(out, "web_timeout")
	}
	return out
}

func (fakeKnowledge) EventtypeNames() []string {
	return []string{"web_error", "web_slow_error", "web_timeout"}
}

func webSource() knowSource {
	raw := "GET /cart 503 " + strings.Repeat("x", 20) + " timeout"
	return knowSource{&memSource{events: []value.Fields{
		row("_time", 4.0, "host", "www1", "sourcetype", "access_combined_wcookie", "status", 503, "bytes", 2000, "_raw", raw, "eventtype", "stale"),
		row("_time", 3.0, "host", "www1", "sourcetype", "access_combined_wcookie", "status", 200, "bytes", 10, "_raw", "GET / 200"),
		row("_time", 2.0, "host", "www2", "sourcetype", "access_combined_wcookie", "status", 500, "bytes", 10, "_raw", "GET /x 500"),
		row("_time", 1.0, "host", "www3", "sourcetype", "access_combined_wcookie", "status", 200, "bytes", 10, "_raw", "GET /y 200"),
	}}}
}

// TestTags checks the tags page's examples 1 to 5 over the events above.
func TestTags(t *testing.T) {
	cases := []struct {
		name, q string
		want    []string
	}{
		{"example 1: default settings",
			`* | stats count by host | tags`,
			[]string{"host=www1 count=2 tag=tag2 tag::host=tag2", "host=www2 count=1 tag=tag1 tag::host=tag1", "host=www3 count=1"}},
		{"example 1: two fields",
			`* | stats count by host sourcetype | tags`,
			[]string{
				"host=www1 sourcetype=access_combined_wcookie count=2 tag=apache|tag2 tag::host=tag2 tag::sourcetype=apache",
				"host=www2 sourcetype=access_combined_wcookie count=1 tag=apache|tag1 tag::host=tag1 tag::sourcetype=apache",
				"host=www3 sourcetype=access_combined_wcookie count=1 tag=apache tag::sourcetype=apache",
			}},
		{"example 2: a list of fields",
			`* | stats count by host sourcetype | tags sourcetype`,
			[]string{
				"host=www1 sourcetype=access_combined_wcookie count=2 tag=apache tag::sourcetype=apache",
				"host=www2 sourcetype=access_combined_wcookie count=1 tag=apache tag::sourcetype=apache",
				"host=www3 sourcetype=access_combined_wcookie count=1 tag=apache tag::sourcetype=apache",
			}},
		{"example 3: an output field",
			`* | stats count by host sourcetype | tags outputfield=test`,
			[]string{
				"host=www1 sourcetype=access_combined_wcookie count=2 test=apache|tag2",
				"host=www2 sourcetype=access_combined_wcookie count=1 test=apache|tag1",
				"host=www3 sourcetype=access_combined_wcookie count=1 test=apache",
			}},
		{"example 4: field names in the output field",
			`* | stats count by host sourcetype | tags outputfield=test inclname=t`,
			[]string{
				"host=www1 sourcetype=access_combined_wcookie count=2 test=sourcetype::apache|host::tag2",
				"host=www2 sourcetype=access_combined_wcookie count=1 test=sourcetype::apache|host::tag1",
				"host=www3 sourcetype=access_combined_wcookie count=1 test=sourcetype::apache",
			}},
		{"names and values",
			`* | stats count by host | tags outputfield=test inclname=t inclvalue=t host`,
			[]string{"host=www1 count=2 test=host::www1::tag2", "host=www2 count=1 test=host::www2::tag1", "host=www3 count=1"}},
		{"example 5: allowed tags",
			`* | stats count by host sourcetype | tags outputfield=test inclname=t allowed_tags="tag1, group" host`,
			[]string{
				"host=www1 sourcetype=access_combined_wcookie count=2",
				"host=www2 sourcetype=access_combined_wcookie count=1 test=host::tag1",
				"host=www3 sourcetype=access_combined_wcookie count=1",
			}},
		{"tags of a multivalue eventtype, added to the tags a result has",
			`| makeresults | eval eventtype=split("web_error,other", ","), tag="old" | tags eventtype | table eventtype tag tag::eventtype`,
			[]string{"eventtype=web_error|other tag=old|web|error tag::eventtype=web|error"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runQuery(t, webSource(), tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, table(res), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestTyper checks typer's eventtypes= and maxlen= as the typer page
// describes them.
func TestTyper(t *testing.T) {
	cases := []struct {
		name, q string
		want    []string
	}{
		{"example 1: every eventtype, replacing what the result had",
			`* | typer | table host status eventtype`,
			[]string{"host=www1 status=503 eventtype=web_error|web_slow_error|web_timeout", "host=www1 status=200 eventtype=", "host=www2 status=500 eventtype=web_error", "host=www3 status=200 eventtype="}},
		{"over stats results",
			`* | stats count by status | typer`,
			[]string{"status=200 count=2", "status=500 count=1 eventtype=web_error", "status=503 count=1 eventtype=web_error"}},
		{"eventtypes keeps those listed, wildcards too",
			`* | head 1 | typer eventtypes="web_s*, web_timeout" | table eventtype`,
			[]string{"eventtype=web_slow_error|web_timeout"}},
		{"maxlen cuts the raw text the searches see",
			`* | head 1 | typer maxlen=30 | table eventtype`,
			[]string{"eventtype=web_error|web_slow_error"}},
		{"no valid eventtype listed turns typer off",
			`* | head 1 | typer eventtypes="nosuch" | table eventtype`,
			[]string{"eventtype=stale"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runQuery(t, webSource(), tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, table(res), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestTagsWithoutKnowledge checks that a source without knowledge gives
// no tags and no eventtypes.
func TestTagsWithoutKnowledge(t *testing.T) {
	res, err := runQuery(t, webSource().memSource, `* | head 1 | typer | tags | table host eventtype tag`)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"host=www1 eventtype= tag="}, table(res)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
