package macros

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/spelunk-dev/spelunk/spl"
)

// testSet is a small macro library covering each expansion feature.
func testSet() *Set {
	s := NewSet()
	for _, m := range []Macro{
		{Name: "idx", Definition: "index=main", Origin: "t/idx.yml"},
		{Name: "ctime", Args: []string{"field"}, Definition: `convert timeformat="%Y" ctime($field$)`, Origin: "t/ctime.yml"},
		{Name: "two", Args: []string{"a", "b"}, Definition: "eval $a$=$b$", Origin: "t/two.yml"},
		{Name: "outer", Definition: "`idx` | `ctime(_time)`", Origin: "t/outer.yml"},
		{Name: "bad_outer", Definition: "search `nope`", Origin: "t/bad.yml"},
		{Name: "a", Definition: "x `b`", Origin: "t/a.yml"},
		{Name: "b", Definition: "y `a`", Origin: "t/b.yml"},
		{Name: "self", Definition: "`self`", Origin: "t/self.yml"},
		{Name: "ov", Definition: "zero", Origin: "t/ov.conf:1"},
		{Name: "ov", Args: []string{"x"}, Definition: "one $x$", Origin: "t/ov.conf:4"},
		{Name: "q", Args: []string{"v"}, Definition: `search f="$v$" g=$v$`, Origin: "t/q.yml"},
		{Name: "ev", Definition: `"index=main"`, IsEval: true, Origin: "t/ev.conf:2"},
		{Name: "nothing", Definition: "", Origin: "t/nothing.yml"},
		{Name: "re", Args: []string{"f"}, Definition: `regex $f$="^a$"`, Origin: "t/re.yml"},
		{Name: "d1", Definition: "1 `d2`"},
		{Name: "d2", Definition: "2 `d3`"},
		{Name: "d3", Definition: "3 `d4`"},
		{Name: "d4", Definition: "4"},
		{Name: "a.b:c-d", Definition: "dotted"},
		{Name: "lone", Definition: "search x`"},
		{Name: "cmt", Definition: "search x ```why``` y"},
		{Name: "uses_filter", Definition: "search a | `inner_filter`"},
		{Name: "known_filter", Args: []string{"x"}, Definition: "search $x$"},
		{Name: "uses_filter", Definition: "search a | `inner_filter`"},
		{Name: "known_filter", Args: []string{"x"}, Definition: "search $x$"},
		{Name: "pass", Args: []string{"x"}, Definition: "`ctime($x$)`"},
		// The security_content definitions quoted in docs/SEMANTICS.md §1.2.
		{Name: "security_content_summariesonly", Definition: "summariesonly=`summariesonly_config` allow_old_summaries=`oldsummaries_config` fillnull_value=`fillnull_config`"},
		{Name: "summariesonly_config", Definition: "false"},
		{Name: "oldsummaries_config", Definition: "true"},
		{Name: "fillnull_config", Definition: "null"},
		{Name: "security_content_ctime", Args: []string{"field"}, Definition: `convert timeformat="%Y-%m-%dT%H:%M:%S" ctime($field$)`, Origin: "macros/security_content_ctime.yml"},
	} {
		s.Add(m)
	}
	return s
}

func TestExpandText(t *testing.T) {
	set := testSet()
	tests := []struct {
		name, src, want string
	}{
		{"no macros", "search index=main | stats count", "search index=main | stats count"},
		{"empty", "", ""},
		{"simple", "`idx` foo", "index=main foo"},
		{"whitespace around name", "` idx ` foo", "index=main foo"},
		{"dotted name", "`a.b:c-d`", "dotted"},
		{"one arg", "| `ctime(firstTime)`", `| convert timeformat="%Y" ctime(firstTime)`},
		{"two args", "`two(x, 1)`", "eval x=1"},
		{"args trimmed", "`two(  x ,\t1 )`", "eval x=1"},
		{"comma in quotes", "`two(x, \"a,b\")`", `eval x="a,b"`},
		{"comma in parens", "`two(x, f(1,2))`", "eval x=f(1,2)"},
		{"empty args", "`two(,)`", "eval ="},
		{"named args", "`two(b=2, a=y)`", "eval y=2"},
		{"named args in order", "`two(a=y,b=2)`", "eval y=2"},
		{"unknown names are positional", "`two(c=1, a=2)`", "eval c=1=a=2"},
		{"repeated names are positional", "`two(a=1, a=2)`", "eval a=1=a=2"},
		{"zero args with parens", "`ov()`", "zero"},
		{"overload by arity", "`ov` `ov(q)`", "zero one q"},
		{"quoted arg in quoted slot", "`drop_dm_object_name(\"Processes\")`", `rename "Processes.*" as *`},
		{"unquoted arg", "`drop_dm_object_name(Processes)`", `rename "Processes.*" as *`},
		{"add_dm_object_name", "`add_dm_object_name(Web)`", `rename * as "Web.*"`},
		{"quoted arg in both slots", "`q(\"v 1\")`", `search f="v 1" g="v 1"`},
		{"not one quoted string", "`drop_dm_object_name(\"a\" OR \"b\")`", `rename ""a" OR "b".*" as *`},
		{"dollar that is no arg", "`re(x)`", `regex x="^a$"`},
		{"values are not resubstituted", "`two($b$, z)`", "eval $b$=z"},
		{"empty definition", "a `nothing` b", "a  b"},
		{"macro in quotes", "search \"foo`bar`baz\"", "search \"foo`bar`baz\""},
		{"escaped quote in string", "search \"a\\\"`idx`\" x", "search \"a\\\"`idx`\" x"},
		{"escaped quote outside string", `search a=*\"p\":true* | ` + "`idx`", `search a=*\"p\":true* | index=main`},
		{"escaped backtick", "search a\\`b", "search a\\`b"},
		{"backtick in quoted arg", "`two(x, \"`\")`", "eval x=\"`\""},
		{"comment", "a ```c``` b", "a  b"},
		{"comment with quotes and ticks", "a ```x `y` \"z``` b", "a  b"},
		{"comment in quotes is text", "search \"```x```\"", "search \"```x```\""},
		{"comment in definition", "`cmt`", "search x  y"},
		{"nested", "`outer`", `index=main | convert timeformat="%Y" ctime(_time)`},
		{"arg passed down", "`pass(t)`", `convert timeformat="%Y" ctime(t)`},
		{"multi-line", "`idx`\n| `ctime(a)`", "index=main\n" + `| convert timeformat="%Y" ctime(a)`},
		{"filter", "x | `foo_filter`", "x | search *"},
		{
			"ESCU example",
			"| tstats `security_content_summariesonly` count from datamodel=Endpoint.Processes by Processes.dest | `drop_dm_object_name(Processes)` | `security_content_ctime(firstTime)` | `windows_x_filter`",
			`| tstats summariesonly=false allow_old_summaries=true fillnull_value=null count from datamodel=Endpoint.Processes by Processes.dest | rename "Processes.*" as * | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime) | search *`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := set.Expand(tt.src, Options{})
			if err != nil {
				t.Fatalf("Expand(%q): %v", tt.src, err)
			}
			if diff := cmp.Diff(tt.want, x.Text); diff != "" {
				t.Errorf("Expand(%q).Text mismatch (-want +got):\n%s", tt.src, diff)
			}
			if x.Source != tt.src {
				t.Errorf("Source = %q, want %q", x.Source, tt.src)
			}
		})
	}
}

func TestExpandCalls(t *testing.T) {
	set := testSet()
	tests := []struct {
		name, src string
		want      []Call
	}{
		{
			name: "top level and named",
			src:  "a `idx` `two(b=2, a=y)`",
			want: []Call{
				{Name: "idx", Macro: mustLookup(set, "idx", 0), SrcStart: 2, SrcEnd: 7, Start: 2, End: 12, Parent: -1},
				{Name: "two", Args: []string{"y", "2"}, Macro: mustLookup(set, "two", 2), SrcStart: 8, SrcEnd: 23, Start: 13, End: 21, Parent: -1},
			},
		},
		{
			name: "nested",
			src:  "`pass(t)`",
			want: []Call{
				{Name: "pass", Args: []string{"t"}, Macro: mustLookup(set, "pass", 1), SrcStart: 0, SrcEnd: 9, Start: 0, End: 32, Parent: -1},
				{Name: "ctime", Args: []string{"t"}, Macro: mustLookup(set, "ctime", 1), SrcStart: 0, SrcEnd: 9, Start: 0, End: 32, Parent: 0},
			},
		},
		{
			name: "empty expansion",
			src:  "`nothing`",
			want: []Call{{Name: "nothing", Macro: mustLookup(set, "nothing", 0), SrcStart: 0, SrcEnd: 9, Start: 0, End: 0, Parent: -1}},
		},
		{
			name: "implicit filter",
			src:  "x | `f_filter(1)`",
			want: []Call{{
				Name: "f_filter", Args: []string{"1"},
				Macro: Macro{Name: "f_filter", Args: []string{"arg1"}, Definition: "search *",
					Description: "undefined _filter macro, treated as a no-op", Origin: "implicit"},
				SrcStart: 4, SrcEnd: 17, Start: 4, End: 12, Parent: -1,
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := set.Expand(tt.src, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, x.Calls, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Calls mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func mustLookup(s *Set, name string, arity int) Macro {
	m, ok := s.Lookup(name, arity)
	if !ok {
		panic("no macro " + name)
	}
	return m
}

func TestExpandNotices(t *testing.T) {
	set := testSet()
	tests := []struct {
		name, src string
		want      []Notice
	}{
		{"top level", "x | `foo_filter`", []Notice{{4, 16, `macro "foo_filter" is not defined; using "search *"`}}},
		{"nested is at the outer call", "x | `uses_filter`", []Notice{{4, 17, `macro "inner_filter" is not defined; using "search *"`}}},
		{"defined filter", "`known_filter(1)`", nil},
		{"each call", "`a_filter` `a_filter`", []Notice{
			{0, 10, `macro "a_filter" is not defined; using "search *"`},
			{11, 21, `macro "a_filter" is not defined; using "search *"`},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := set.Expand(tt.src, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, x.Notices); diff != "" {
				t.Errorf("Notices mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// errSpec is the part of an spl.Error that callers act on.
type errSpec struct {
	Pos, End  int
	Msg, Hint string
}

func specs(err error) []errSpec {
	var out []errSpec
	for _, e := range spl.AsErrors(err) {
		out = append(out, errSpec{e.Pos, e.End, e.Msg, e.Hint})
	}
	return out
}

func TestExpandErrors(t *testing.T) {
	set := testSet()
	const unclosedHint = "a backtick starts a macro call that must end with another backtick; quote the text if the backtick is meant literally"
	const callHint = "a macro call is `name` or `name(arg1, arg2)`; names use letters, digits, _, -, . and :"
	tests := []struct {
		name, src string
		opt       Options
		want      []errSpec
	}{
		{"undefined", "search `nope`", Options{}, []errSpec{{7, 13, `undefined macro "nope"`, ""}}},
		{"undefined with hint", "`ctim(x)`", Options{}, []errSpec{{0, 9, `undefined macro "ctim"`, `did you mean "ctime"?`}}},
		{"too many args", "`ctime(a, b)`", Options{}, []errSpec{{0, 13, `macro "ctime" takes 1 argument, but 2 were given`, "usage: `ctime(field)`"}}},
		{"no args", "x `ctime`", Options{}, []errSpec{{2, 9, `macro "ctime" takes 1 argument, but 0 were given`, "usage: `ctime(field)`"}}},
		{"one arg for two", "`two(x)`", Options{}, []errSpec{{0, 8, `macro "two" takes 2 arguments, but 1 was given`, "usage: `two(a, b)`"}}},
		{"overloads", "`ov(1,2)`", Options{}, []errSpec{{0, 9, `macro "ov" takes 0 or 1 arguments, but 2 were given`, "usage: `ov` or `ov(x)`"}}},
		{"filter with wrong arity is not implicit", "`known_filter`", Options{}, []errSpec{{0, 14, `macro "known_filter" takes 1 argument, but 0 were given`, "usage: `known_filter(x)`"}}},
		{"cycle", "a `a`", Options{}, []errSpec{{2, 5, "macro cycle: a -> b -> a", ""}}},
		{"self cycle", "`self`", Options{}, []errSpec{{0, 6, "macro cycle: self -> self", ""}}},
		{"depth", "x `d1`", Options{MaxDepth: 3}, []errSpec{{2, 6, "macro expansion is nested more than 3 levels deep", ""}}},
		{"depth ok", "x `d1`", Options{MaxDepth: 4}, nil},
		{"length stops at the first", "`d1` `d1` `d1` `d1`", Options{MaxLen: 2}, []errSpec{{10, 14, "macro expansion adds more than 2 bytes", ""}}},
		{"length ok", "`d1`", Options{MaxLen: 3}, nil},
		{"iseval", "`ev`", Options{}, []errSpec{{0, 4, `macro "ev" is an eval-based macro (iseval = true), which spelunk does not support`, "rewrite it as a plain macro whose definition is the search text"}}},
		{"unclosed call", "search `foo", Options{}, []errSpec{{7, 8, "unclosed macro call", unclosedHint}}},
		{"unclosed after call", "`idx` | x`", Options{}, []errSpec{{9, 10, "unclosed macro call", unclosedHint}}},
		{"unclosed by quote", "`two(x, \"a)` b", Options{}, []errSpec{{0, 1, "unclosed macro call", "a double quote inside the call is not closed, so the backtick after it is taken as quoted text"}}},
		{"unclosed comment", "a ```b", Options{}, []errSpec{{2, 5, "unclosed comment: ``` has no closing ```", ""}}},
		{"empty call", "a `` b", Options{}, []errSpec{{2, 4, "invalid macro call ``", callHint}}},
		{"space in name", "`foo bar`", Options{}, []errSpec{{0, 9, "invalid macro call `foo bar`", callHint}}},
		{"long invalid call is abbreviated", "`" + strings.Repeat("x ", 40) + "`", Options{}, []errSpec{{0, 82, "invalid macro call `x x x x x x x x x x x x x x x... x x x x x x x x x `", callHint}}},
		{"text after parens", "`two(a,b) x`", Options{}, []errSpec{{0, 12, "invalid macro call `two(a,b) x`", callHint}}},
		{"nested undefined at outer call", "x | `bad_outer`", Options{}, []errSpec{{4, 15, `undefined macro "nope"`, ""}}},
		{"nested unclosed", "`lone`", Options{}, []errSpec{{0, 6, "unclosed macro call", unclosedHint}}},
		{"several", "`nope` | `idx` | `ctime`", Options{}, []errSpec{
			{0, 6, `undefined macro "nope"`, ""},
			{17, 24, `macro "ctime" takes 1 argument, but 0 were given`, "usage: `ctime(field)`"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := set.Expand(tt.src, tt.opt)
			if diff := cmp.Diff(tt.want, specs(err)); diff != "" {
				t.Errorf("Expand(%q) errors mismatch (-want +got):\n%s", tt.src, diff)
			}
			if err != nil && x != nil {
				t.Errorf("Expand(%q) returned an expansion with an error", tt.src)
			}
			if _, ok := err.(spl.ErrorList); len(tt.want) > 1 && !ok {
				t.Errorf("Expand(%q) error is %T, want spl.ErrorList", tt.src, err)
			}
			if _, ok := err.(*spl.Error); len(tt.want) == 1 && !ok {
				t.Errorf("Expand(%q) error is %T, want *spl.Error", tt.src, err)
			}
		})
	}
}

func TestExpandErrorNotes(t *testing.T) {
	set := testSet()
	tests := []struct {
		name, src string
		want      []string
	}{
		{
			name: "undefined inside a definition",
			src:  "x | `bad_outer`",
			want: []string{
				"in expansion of `bad_outer` (defined in t/bad.yml): search `nope`",
				strings.Repeat(" ", 59) + "^^^^^^",
			},
		},
		{
			name: "cycle",
			src:  "`a`",
			want: []string{
				"in expansion of `a` (defined in t/a.yml): x `b`",
				strings.Repeat(" ", 44) + "^^^",
				"in expansion of `b` (defined in t/b.yml): y `a`",
				strings.Repeat(" ", 44) + "^^^",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := set.Expand(tt.src, Options{})
			es := spl.AsErrors(err)
			if len(es) != 1 {
				t.Fatalf("want one error, got %v", err)
			}
			if diff := cmp.Diff(tt.want, es[0].Notes); diff != "" {
				t.Errorf("Notes mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestChainNotesElided(t *testing.T) {
	got := chainNotes(12, func(i int) []string { return []string{string(rune('a' + i))} })
	want := []string{"a", "b", "... 6 more nested expansions ...", "i", "j", "k", "l"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("chainNotes mismatch (-want +got):\n%s", diff)
	}
}

func TestWindow(t *testing.T) {
	long := strings.Repeat("a", 100) + "NEEDLE" + strings.Repeat("b", 100)
	tests := []struct {
		name, line, caret string
		wantLine, wantCrt string
	}{
		{"short", "abc", " ^", "abc", " ^"},
		{
			"long",
			long, strings.Repeat(" ", 100) + "^^^^^^",
			"..." + strings.Repeat("a", 40) + "NEEDLE" + strings.Repeat("b", 40) + "...",
			strings.Repeat(" ", 43) + "^^^^^^",
		},
		{
			"at start",
			long, "^",
			strings.Repeat("a", 41) + "...",
			"^",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, c := window(tt.line, tt.caret)
			if diff := cmp.Diff([]string{tt.wantLine, tt.wantCrt}, []string{l, c}); diff != "" {
				t.Errorf("window mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
