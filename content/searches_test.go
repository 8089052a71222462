package content

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// lineCol is spl.LineCol, kept local so content's tests need only content.
func lineCol(src []byte, off int) string {
	line := 1 + strings.Count(string(src[:off]), "\n")
	start := strings.LastIndexByte(string(src[:off]), '\n') + 1
	return fmt.Sprintf("%d:%d", line, 1+len([]rune(string(src[start:off]))))
}

// TestSearchPositions checks that offsets in a search map to the line and
// column of the file where the author typed them, for each YAML scalar
// style. Expected positions are counted by hand in the YAML text; values
// follow YAML 1.2's folding (a line break and the next line's indentation
// become one space; an empty line becomes a newline).
func TestSearchPositions(t *testing.T) {
	cases := []struct {
		name, yaml string
		search     int // -1 for the detection search, else the drilldown index
		wantText   string
		at         map[string]string // substring of the search -> file line:col
	}{
		{
			name:     "single quoted, folded, quote doubled",
			yaml:     "name: x\nsearch: '| tstats count\n  where a=''b'' | stast x\n\n  | table y'\n",
			search:   -1,
			wantText: "| tstats count where a='b' | stast x\n| table y",
			at:       map[string]string{"tstats": "2:12", "where": "3:3", "'b'": "3:11", "b'": "3:13", "stast": "3:19", "| table": "5:3"},
		},
		{
			name:     "double quoted with escapes",
			yaml:     "search: \"a \\\"b\\\" \\\n  c\\tz\"\n",
			search:   -1,
			wantText: "a \"b\" c\tz",
			at:       map[string]string{"\"b": "1:12", "b": "1:14", "c": "2:3", "\t": "2:4", "z": "2:6"},
		},
		{
			name:     "plain, on two lines",
			yaml:     "search: (`m` x=1) OR\n  y=2 | stats\nother: 1\n",
			search:   -1,
			wantText: "(`m` x=1) OR y=2 | stats",
			at:       map[string]string{"(": "1:9", "y=2": "2:3", "stats": "2:9"},
		},
		{
			name:     "folded block",
			yaml:     "search: >-\n  | tstats count\n  by a\n\n  | table b\nnext: 1\n",
			search:   -1,
			wantText: "| tstats count by a\n| table b",
			at:       map[string]string{"tstats": "2:5", "by": "3:3", "table": "5:5"},
		},
		{
			name:     "literal block",
			yaml:     "search: |\n  a\n   b\n  c\n",
			search:   -1,
			wantText: "a\n b\nc\n",
			at:       map[string]string{"a": "2:3", "b": "3:4", "c": "4:3"},
		},
		{
			name:     "literal block with a leading empty line",
			yaml:     "search: |-\n\n  a\n  b\n",
			search:   -1,
			wantText: "\na\nb",
			at:       map[string]string{"a": "3:3", "b": "4:3"},
		},
		{
			name:     "quoted scalar on the next line",
			yaml:     "search:\n  'x |\n  y'\n",
			search:   -1,
			wantText: "x | y",
			at:       map[string]string{"x": "2:4", "y": "3:3"},
		},
		{
			name: "drilldown with the detection search and tokens",
			yaml: "name: t\nsearch: '`m` $$ | table x'\ndrilldown_searches:\n- name: View $dest$\n" +
				"  search: '%original_detection_search% | search  dest = $dest$ user=$user$'\n",
			search:   0,
			wantText: "`m` $$ | table x | search  dest = PLACEHOLDER user=PLACEHOLDER",
			at: map[string]string{"`m`": "2:10", "table": "2:19", "search  dest": "5:42", "PLACEHOLDER u": "5:57",
				"user=P": "5:64", "PLACEHOLDER" + "\x00": "5:69"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ParseDetection("x.yml", []byte(tc.yaml))
			if err != nil {
				t.Fatal(err)
			}
			all := d.Searches()
			if tc.search+1 >= len(all) {
				t.Fatalf("no search %d", tc.search)
			}
			s := all[tc.search+1]
			if diff := cmp.Diff(tc.wantText, s.Text); diff != "" {
				t.Fatalf("text (-want +got):\n%s", diff)
			}
			for needle, want := range tc.at {
				i := strings.Index(s.Text, needle)
				if strings.HasSuffix(needle, "\x00") { // the last occurrence
					i = strings.LastIndex(s.Text, strings.TrimSuffix(needle, "\x00"))
				}
				if i < 0 {
					t.Fatalf("%q not in %q", needle, s.Text)
				}
				off, exact := s.FileOffset(i)
				if !exact {
					t.Errorf("%q: position not exact", needle)
				}
				if got := lineCol(d.Raw, off); got != want {
					t.Errorf("%q at %s, want %s", needle, got, want)
				}
			}
		})
	}
}

func TestSearchesOfADetection(t *testing.T) {
	d, err := ParseDetection("x.yml", []byte("search: 'a'\ndrilldown_searches:\n- name: one\n  search: 'b $x$'\n- name: two\n  search: '%original_detection_search%'\n"))
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		Kind         SearchKind
		Index        int
		Name, Label  string
		Text         string
		DetectionSet bool
	}
	var gs []got
	for _, s := range d.Searches() {
		gs = append(gs, got{s.Kind, s.Index, s.Name, s.Label(), s.Text, s.Detection == d})
	}
	want := []got{
		{KindDetection, -1, "", "search", "a", true},
		{KindDrilldown, 0, "one", "drilldown 1", "b PLACEHOLDER", true},
		{KindDrilldown, 1, "two", "drilldown 2", "a", true},
	}
	if diff := cmp.Diff(want, gs); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestInexactFallsBackToTheScalar checks the fallback: a mapper that
// cannot replay the scalar gives the scalar's start, not a wrong place.
func TestInexactFallsBackToTheScalar(t *testing.T) {
	pos := scalarPos{start: 7}
	if off, exact := pos.fileOffset(3); off != 7 || exact {
		t.Errorf("fileOffset = %d, %v; want 7, false", off, exact)
	}
}
