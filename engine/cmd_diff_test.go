package engine

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestUnifiedDiff checks diff's hunks against what diff -u writes for
// the same two texts, worked out by hand.
func TestUnifiedDiff(t *testing.T) {
	ten := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10"
	cases := []struct{ name, a, b, want string }{
		{"same", "a\nb", "a\nb", ""},
		{"change and append", "a\nb\nc\nd", "a\nB\nc\nd\ne", "@@ -1,4 +1,5 @@\n a\n-b\n+B\n c\n d\n+e\n"},
		{"two hunks", ten, strings.Replace(strings.Replace(ten, "1\n", "one\n", 1), "\n10", "\nten", 1),
			"@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n@@ -7,4 +7,4 @@\n 7\n 8\n 9\n-10\n+ten\n"},
		{"one hunk when close", ten, strings.Replace(strings.Replace(ten, "3\n", "three\n", 1), "\n8", "\neight", 1),
			"@@ -1,10 +1,10 @@\n 1\n 2\n-3\n+three\n 4\n 5\n 6\n 7\n-8\n+eight\n 9\n 10\n"},
		{"insert into empty", "", "x", "@@ -1 +1 @@\n-\n+x\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := unifiedDiff(strings.Split(tc.a, "\n"), strings.Split(tc.b, "\n"), 3)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestDiffOptions checks the refusals of options diff does not take as
// given: position2 not after position1, and context-format output.
func TestDiffOptions(t *testing.T) {
	for q, want := range map[string]string{
		`| makeresults count=2 | diff position1=2 position2=1`: "diff: position1 must be at least 1 and position2 greater than position1",
		`| makeresults count=2 | diff context=true`:            "diff: context=true (context-format output) is not supported yet; the default is the unified diff",
	} {
		_, err := runQuery(t, &memSource{}, q)
		if err == nil || err.Error() != want {
			t.Errorf("%s: err = %v, want %q", q, err, want)
		}
	}
}
