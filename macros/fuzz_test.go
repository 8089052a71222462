package macros

import (
	"testing"

	"github.com/spelunk-dev/spelunk/spl"
)

// FuzzExpand checks that Expand never panics and that every position it
// hands out, on success or failure, lies within Source. Plain `go test`
// runs the seeds below as a unit test.
func FuzzExpand(f *testing.F) {
	for _, seed := range []string{
		"",
		"search index=main",
		"| tstats `security_content_summariesonly` count from datamodel=Endpoint.Processes by Processes.dest | `drop_dm_object_name(Processes)` | `security_content_ctime(firstTime)` | `windows_x_filter`",
		"`outer` ```comment``` `two(b=2, a=y)` \"quoted `idx`\"",
		"`a`",
		"`d1` `bad_outer` `ctime(1,2)`",
		"x`",
		"a ```b",
		"`two(x, \"a)` b",
		"search a=\\\"`idx`\\\" ```\"```",
		"`drop_dm_object_name(\"Web\")`\n| `q(\"v\")`",
		"`lone` `cmt` `ev` ``",
		"\xff`idx`\xfe",
	} {
		f.Add(seed)
	}
	set := testSet()
	f.Fuzz(func(t *testing.T, src string) {
		x, err := set.Expand(src, Options{MaxDepth: 10, MaxLen: 1 << 16})
		if err != nil {
			errs := spl.AsErrors(err)
			if len(errs) == 0 {
				t.Fatalf("error %v (%T) is not an spl error", err, err)
			}
			for _, e := range errs {
				if e.Pos < 0 || e.Pos > e.End || e.End > len(src) {
					t.Fatalf("error %q at [%d,%d) outside source of length %d", e.Msg, e.Pos, e.End, len(src))
				}
			}
			return
		}
		if x.Source != src {
			t.Fatalf("Source = %q, want %q", x.Source, src)
		}
		for off := -1; off <= len(x.Text)+1; off++ {
			s, chain := x.Origin(off)
			if s < 0 || s > len(src) {
				t.Fatalf("Origin(%d) = %d, outside source of length %d", off, s, len(src))
			}
			for _, c := range chain {
				if o := max(off, 0); c.SrcStart != s || c.SrcEnd > len(src) || o < c.Start || o >= c.End {
					t.Fatalf("Origin(%d) chain call %+v inconsistent with offset %d", off, c, s)
				}
			}
			m := x.MapError(spl.Errorf(off, off+3, "m"))
			if m.Pos < 0 || m.Pos > m.End || m.End > len(src) {
				t.Fatalf("MapError at %d gives [%d,%d), outside source of length %d", off, m.Pos, m.End, len(src))
			}
		}
		for _, n := range x.Notices {
			if n.Pos < 0 || n.Pos > n.End || n.End > len(src) {
				t.Fatalf("notice %q at [%d,%d) outside source", n.Msg, n.Pos, n.End)
			}
		}
	})
}
