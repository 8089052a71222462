package macros

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/spelunk-dev/spelunk/spl"
)

// originSrc lays out, in Source and Text:
//
//	Source  "a " `idx` " b " ```c``` " " `outer` " z"
//	        0-2  2-7   7-10  10-17   17  18-25   25-27
//	Text    "a " index=main " b " " " index=main | convert ... ctime(_time) " z"
//	        0-2  2-12       12-15 15  16-26      26-29 29-65               65-67
const originSrc = "a `idx` b ```c``` `outer` z"

func originExpansion(t *testing.T) *Expansion {
	t.Helper()
	x, err := testSet().Expand(originSrc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `a index=main b  index=main | convert timeformat="%Y" ctime(_time) z`
	if x.Text != want {
		t.Fatalf("Text = %q, want %q", x.Text, want)
	}
	return x
}

func TestOriginCalls(t *testing.T) {
	x := originExpansion(t)
	set := testSet()
	want := []Call{
		{Name: "idx", Macro: mustLookup(set, "idx", 0), SrcStart: 2, SrcEnd: 7, Start: 2, End: 12, Parent: -1},
		{Name: "outer", Macro: mustLookup(set, "outer", 0), SrcStart: 18, SrcEnd: 25, Start: 16, End: 65, Parent: -1},
		{Name: "idx", Macro: mustLookup(set, "idx", 0), SrcStart: 18, SrcEnd: 25, Start: 16, End: 26, Parent: 1},
		{Name: "ctime", Args: []string{"_time"}, Macro: mustLookup(set, "ctime", 1), SrcStart: 18, SrcEnd: 25, Start: 29, End: 65, Parent: 1},
	}
	if diff := cmp.Diff(want, x.Calls, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Calls mismatch (-want +got):\n%s", diff)
	}
}

func TestOrigin(t *testing.T) {
	x := originExpansion(t)
	tests := []struct {
		off       int
		wantSrc   int
		wantChain []int // indexes into x.Calls
	}{
		{-5, 0, nil},
		{0, 0, nil},
		{1, 1, nil},
		{2, 2, []int{0}},  // first byte of `idx`'s expansion
		{11, 2, []int{0}}, // last byte
		{12, 7, nil},      // " b " right after it
		{14, 9, nil},
		{15, 17, nil}, // the space after the removed comment
		{16, 18, []int{1, 2}},
		{26, 18, []int{1}}, // " | " belongs to outer only
		{40, 18, []int{1, 3}},
		{64, 18, []int{1, 3}},
		{65, 25, nil},
		{66, 26, nil},
		{67, 27, nil}, // len(Text) -> len(Source)
		{100, 27, nil},
	}
	for _, tt := range tests {
		src, chain := x.Origin(tt.off)
		var idx []int
		for _, c := range chain {
			for i := range x.Calls {
				if cmp.Equal(c, x.Calls[i]) {
					idx = append(idx, i)
				}
			}
		}
		if diff := cmp.Diff(struct {
			Src   int
			Chain []int
		}{tt.wantSrc, tt.wantChain}, struct {
			Src   int
			Chain []int
		}{src, idx}); diff != "" {
			t.Errorf("Origin(%d) mismatch (-want +got):\n%s", tt.off, diff)
		}
	}
}

func TestMapError(t *testing.T) {
	x := originExpansion(t)
	outerHead := "in expansion of `outer` (defined in t/outer.yml): "
	ctimeHead := "in expansion of `ctime(_time)` (defined in t/ctime.yml): "
	tests := []struct {
		name string
		in   spl.Error
		want spl.Error
	}{
		{
			name: "literal",
			in:   spl.Error{Pos: 12, End: 15, Msg: "m", Hint: "h", Expected: []string{"x"}},
			want: spl.Error{Pos: 7, End: 10, Msg: "m", Hint: "h", Expected: []string{"x"}},
		},
		{
			name: "empty span after a comment",
			in:   spl.Error{Pos: 15, End: 15, Msg: "m"},
			want: spl.Error{Pos: 17, End: 17, Msg: "m"},
		},
		{
			name: "end inside an expansion widens to the call",
			in:   spl.Error{Pos: 14, End: 20, Msg: "m"},
			want: spl.Error{Pos: 9, End: 25, Msg: "m"},
		},
		{
			name: "at the end",
			in:   spl.Error{Pos: 66, End: 90, Msg: "m"},
			want: spl.Error{Pos: 26, End: 27, Msg: "m"},
		},
		{
			name: "top-level expansion",
			in:   spl.Error{Pos: 2, End: 7, Msg: "m", Notes: []string{"kept"}},
			want: spl.Error{Pos: 2, End: 7, Msg: "m", Notes: []string{
				"kept",
				"in expansion of `idx` (defined in t/idx.yml): index=main",
				strings.Repeat(" ", 46) + "^^^^^",
			}},
		},
		{
			name: "nested expansion",
			in:   spl.Error{Pos: 40, End: 45, Msg: "m"},
			want: spl.Error{Pos: 18, End: 25, Msg: "m", Notes: []string{
				outerHead + `index=main | convert timeformat="%Y" ctime(_time)`,
				strings.Repeat(" ", 63) + strings.Repeat("^", 36),
				ctimeHead + `convert timeformat="%Y" ctime(_time)`,
				strings.Repeat(" ", 68) + "^^^^^",
			}},
		},
		{
			name: "span leaving the expansion keeps the call end",
			in:   spl.Error{Pos: 60, End: 67, Msg: "m"},
			want: spl.Error{Pos: 18, End: 27, Msg: "m", Notes: []string{
				outerHead + `index=main | convert timeformat="%Y" ctime(_time)`,
				strings.Repeat(" ", 63) + strings.Repeat("^", 36),
				ctimeHead + `convert timeformat="%Y" ctime(_time)`,
				strings.Repeat(" ", 88) + "^^^^^",
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.Notes = append([]string(nil), tt.in.Notes...)
			got := x.MapError(&in)
			if diff := cmp.Diff(&tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("MapError mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.in, in, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("MapError modified its argument (-before +after):\n%s", diff)
			}
		})
	}
	if x.MapError(nil) != nil {
		t.Error("MapError(nil) != nil")
	}
}

func TestMapErrorRender(t *testing.T) {
	src := "| tstats count | `security_content_ctime(firstTime)`"
	x, err := testSet().Expand(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// A parser complaint about "timeformat" inside the expansion.
	off := strings.Index(x.Text, "timeformat")
	got := spl.Render("", src, x.MapError(spl.Errorf(off, off+len("timeformat"), "bad option")))
	want := "1:18: bad option\n" +
		"    | tstats count | `security_content_ctime(firstTime)`\n" +
		"    " + strings.Repeat(" ", 17) + strings.Repeat("^", 35) + "\n" +
		"  in expansion of `security_content_ctime(firstTime)` (defined in macros/security_content_ctime.yml): convert timeformat=\"%Y-%m-%dT%H:%M:%S\" ctime(firstTime)\n" +
		"  " + strings.Repeat(" ", 108) + "^^^^^^^^^^\n"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Render mismatch (-want +got):\n%s", diff)
	}
}
