package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/datamodel/stream"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/spl"
)

// selectData writes JSON events over two days whose values try the
// column tests: a value only in the last event, the same text in other
// cases, multivalues (tags{}) whose JSON cell escapes a quote, a field
// only on the second day, text with backslashes and a field long enough
// to be kept as its place in _raw.
func selectData(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "events.json")
	if err := os.WriteFile(path, []byte(selectText()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// selectText is selectData's events.
func selectText() string {
	var b strings.Builder
	users := []string{"bob", "Bob", "BOB", "al"}
	for i := range 400 {
		day := 2 + i/200
		// Every third time has more digits than microseconds keep.
		frac := ""
		if i%3 == 0 {
			frac = ".1234567"
		}
		ev := fmt.Sprintf(`{"timestamp":"2024-01-%02dT03:%02d:%02d%sZ","user":"%s","cmd":"cmd.exe /c dir %d"`,
			day, i/60%60, i%60, frac, users[i%len(users)], i%7)
		switch {
		case i == 399:
			ev = fmt.Sprintf(`{"timestamp":"2024-01-%02dT05:00:00Z","user":"al","cmd":"C:\\Temp\\WhoAmI.exe /all"`, day)
		case i%50 == 3:
			ev += `,"tags":["a","b\"q"]`
		case i%50 == 4:
			ev += `,"tags":["C:\\Temp","x"]`
		}
		if day == 3 && i%10 == 0 {
			ev += `,"note":"only on the second day"`
		}
		if i%25 == 0 {
			ev += `,"blob":"` + strings.Repeat("z", 300) + fmt.Sprintf(" needle %d", i) + `"`
		}
		b.WriteString(ev + "}\n")
	}
	return b.String()
}

// TestSelectiveReadMatchesStream runs searches whose required text the
// index tests on columns, row group by row group, before it reads the
// rest: over many small row groups their results are those of a stream
// over the file.
func TestSelectiveReadMatchesStream(t *testing.T) {
	data := selectData(t)
	dir := filepath.Join(t.TempDir(), "idx")
	if _, err := Build(dir, Options{Paths: []string{data}, Workers: 2, RowGroupBytes: 2 << 10}); err != nil {
		t.Fatal(err)
	}
	idx, err := Open(dir, nil, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := stream.New(nil, []string{data}, ingest.Options{}, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, query string
		some        bool // the files give some result rows
	}{
		{"only in the last row group", `search cmd="*whoami*" | table _time cmd user`, true},
		{"other case", `search cmd="*WHOAMI*" user=AL | stats count by user`, true},
		{"wildcards between pieces", `search cmd="c:*temp*who*all" | stats count`, true},
		{"NOT", `search NOT cmd="*dir*" | table _time cmd`, true},
		{"two fields", `search user=bob cmd="*dir 3*" | stats count by user`, true},
		{"escaped backslash", `search cmd="*\\temp\\who*" | stats count`, true},
		{"multivalue with a quote", `search tags{}="b\"q" | stats count`, true},
		{"multivalue with a backslash", `search tags{}="c:\\temp" | stats count`, true},
		{"field of one part", `search note="*second*" | stats count`, true},
		{"no such field", `search nosuch="*x*" | stats count`, false},
		{"bare term", `search whoami | table _time cmd`, true},
		{"kept in _raw", `search blob="*needle 375*" | stats count`, true},
		{"OR", `search cmd="*whoami*" OR user=al | stats count by user`, true},
		{"no row matches", `search cmd="*nothing like it*" | stats count`, false},
		{"a minute", `search earliest="01/02/2024:03:02:00" latest="01/02/2024:03:03:00" | table _time cmd`, true},
		{"the second day", `search earliest="01/03/2024:00:00:00" cmd="*dir 2*" | stats count`, true},
		{"the last second", `search starttimeu=1704258000 | table _time cmd`, true},
		{"before the data", `search latest="01/02/2024:00:00:00" | stats count`, false},
		{"time under OR", `search earliest="01/03/2024:05:00:00" OR user=al | stats count`, true},
		{"within a second", `search starttimeu=1704164583.1 endtimeu=1704164583.2 | table _time cmd`, true},
		{"time under NOT", `search NOT latest="01/03/2024:00:00:00" | stats count`, true},
	}
	run := func(src engine.Source, q string) (*engine.Result, error) {
		p, err := spl.Parse(q)
		if err != nil {
			t.Fatal(err)
		}
		return engine.Run(context.Background(), p, src, engine.Options{TZ: time.UTC})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want, err := run(raw, c.query)
			if err != nil {
				t.Fatal(err)
			}
			got, err := run(idx, c.query)
			if err != nil {
				t.Fatal(err)
			}
			if c.some && (len(want.Rows) == 0 || want.Rows[0].Get("count").String() == "0") {
				t.Fatalf("the files give no result: the case tests nothing")
			}
			if diff := cmp.Diff(fmt.Sprint(want.Rows), fmt.Sprint(got.Rows)); diff != "" {
				t.Errorf("(-files +index):\n%s", diff)
			}
		})
	}
}
