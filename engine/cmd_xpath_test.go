package engine

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/value"
)

// TestXpath checks the location paths xpath evaluates against values
// worked out by hand from XPath 1.0's meaning of each form (the Search
// Reference's xpath page, https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/xpath,
// uses these forms in its examples).
func TestXpath(t *testing.T) {
	const doc = `<shop><book id="1" lang="en"><title>Go</title><price>10</price></book>` +
		`<book id="2"><title>SPL</title><price>20</price><tag>x</tag></book><misc>note</misc></shop>`
	cases := []struct{ path, want string }{
		{"/shop/book/title", "Go|SPL"},
		{"//title", "Go|SPL"},
		{"//book/@id", "1|2"},
		{"//book[@lang='en']/title", "Go"},
		{"//book[@lang]/price", "10"},
		{"//book[2]/title", "SPL"},
		{"//book[last()]/@id", "2"},
		{"//book[title='SPL']/price", "20"},
		{"//book[tag]/@id", "2"},
		{"/shop/*/title", "Go|SPL"},
		{"//book/@*", "1|en|2"},
		{"//misc/text()", "note"},
		{"//price/../title", "Go|SPL"},
		{"shop/misc", "note"},
		{"//nothing", ""},
	}
	src := &memSource{events: []value.Fields{row("_raw", doc)}}
	for _, c := range cases {
		res, err := runQuery(t, src, `* | xpath "`+c.path+`" | table xpath`)
		if err != nil {
			t.Errorf("%s: %v", c.path, err)
			continue
		}
		got := strings.Join(res.Rows[0].Get("xpath").Strings(), "|")
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.path, diff)
		}
	}
	for _, bad := range []string{"//a[contains(., 'x')]", "count(//a)", "//a/", "//a[@b=c]"} {
		if _, err := runQuery(t, src, `* | xpath "`+bad+`"`); err == nil || !strings.Contains(err.Error(), "xpath") {
			t.Errorf("%s: %v, want an error at xpath", bad, err)
		}
	}
}
