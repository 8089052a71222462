package runner

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/macros"
)

var testdata = filepath.Join("..", "testdata")

// TestErrors checks that each kind of failure comes back as its own type,
// which the command line maps to its exit status (README "Exit status").
func TestErrors(t *testing.T) {
	errStop := errors.New("stop")
	tests := []struct {
		name  string
		cfg   Config
		query string
		check func(error) bool
	}{
		{"macros that cannot be read", Config{Macros: []string{"no/such/macros"}}, "search *",
			func(err error) bool { var e *ConfigError; return errors.As(err, &e) && e.Setting == "--macros" }},
		{"knowledge that cannot be read", Config{Knowledge: []string{"no/such.yml"}, Data: []string{filepath.Join(testdata, "seed", "data", "sysmon_wermgr.log")}}, "search *",
			func(err error) bool { var e *ConfigError; return errors.As(err, &e) && e.Setting == "--knowledge" }},
		{"a GeoIP database that cannot be read", Config{GeoIP: "no/such.mmdb"}, "| makeresults",
			func(err error) bool { var e *ConfigError; return errors.As(err, &e) && e.Setting == "--mmdb" }},
		{"data that cannot be read", Config{Data: []string{"no/such.log"}}, "search *",
			func(err error) bool { var e *DataError; return errors.As(err, &e) }},
		{"strict over bad records", Config{Strict: true, Data: []string{filepath.Join(testdata, "bad", "nul_bytes", "zeroed.json")}}, "search *",
			func(err error) bool { var e *StrictError; return errors.As(err, &e) && e.Stats.Bad > 0 }},
		{"interrupted while reading", Config{Interrupt: func() error { return errStop }, Data: []string{filepath.Join(testdata, "seed", "data", "sysmon_wermgr.log")}}, "search *",
			func(err error) bool {
				var e *Interrupted
				return errors.As(err, &e) && e.Reading && errors.Is(err, errStop)
			}},
		{"interrupted while searching", Config{Interrupt: func() error { return errStop }}, "| makeresults count=3",
			func(err error) bool {
				var e *Interrupted
				return errors.As(err, &e) && !e.Reading && errors.Is(err, errStop)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := New(tt.cfg)
			if err := r.Check(); err != nil {
				var ce *ConfigError
				if !errors.As(err, &ce) || !tt.check(err) {
					t.Errorf("Check: error %T %v", err, err)
				}
				return
			}
			s, err := r.Prepare("", tt.query, "")
			if err == nil {
				_, err = r.Run(context.Background(), s)
			}
			if !tt.check(err) {
				t.Errorf("error %T %v", err, err)
			}
		})
	}
}

// TestSearchErrorPositions checks that an error in a macro's expansion
// is reported at the call as written, and that notices are positioned in
// the text as written too.
func TestSearchErrorPositions(t *testing.T) {
	var notices []string
	r := New(Config{Macros: []string{filepath.Join(testdata, "seed")}, Notice: func(s string) { notices = append(notices, s) }})
	// security_content_ctime takes one argument (testdata/seed/macros);
	// the call starts at offset 14.
	_, err := r.Prepare("q", "| makeresults `security_content_ctime(a, b)`", "")
	var se *SearchError
	if !errors.As(err, &se) || len(se.Errors) != 1 {
		t.Fatalf("error %T %v", err, err)
	}
	if got := se.Errors[0].Pos; got != 14 {
		t.Errorf("error at offset %d, want 14 (the macro call)", got)
	}
	// The undefined x_filter macro is noticed at its call: column 17, its backquote.
	if _, err := r.Prepare("q", "| makeresults | `x_filter`", ""); err != nil {
		t.Fatal(err)
	}
	want := []string{`q:1:17: macro "x_filter" is not defined; using "search *"`}
	if diff := cmp.Diff(want, notices); diff != "" {
		t.Errorf("notices (-want +got):\n%s", diff)
	}
	quiet := New(Config{QuietFilters: true, Notice: func(s string) { t.Errorf("QuietFilters, but notice %q", s) }})
	if _, err := quiet.Prepare("q", "| makeresults | `x_filter`", ""); err != nil {
		t.Fatal(err)
	}
}

// TestMacrosLoadOnce checks that a detection's repository gives its
// macros when the Config names none, and that each set is loaded once.
func TestMacrosLoadOnce(t *testing.T) {
	r := New(Config{})
	det := filepath.Join(testdata, "seed", "detections", "windows_process_injection_wermgr_child_process.yml")
	a, err := r.Macros(det)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := r.Macros(det)
	q, _ := r.Macros("")
	if a != b {
		t.Error("the repository's macros were loaded twice")
	}
	if a == q {
		t.Error("a query without --macros got the repository's macros")
	}
	if _, err := a.Expand("`security_content_ctime(x)`", macros.Options{}); err != nil {
		t.Errorf("the seed repository's macro is missing: %v", err)
	}
}

// TestUsesNow checks which searches a streamed run reads the data's times
// for before streaming.
func TestUsesNow(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"| tstats count from datamodel=Endpoint.Processes by Processes.dest", false},
		{`| tstats count where Processes.user="unknown" by _time span=1h`, false},
		{"| tstats count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes", false},
		{"| tstats count from datamodel=Endpoint.Processes where earliest=-24h", true},
		{"| tstats count from datamodel=Endpoint.Processes | eval n=now()", true},
		{"| tstats count from datamodel=Endpoint.Processes | where _time > relative_time(now(), \"-1d\")", true},
		{"| tstats count from datamodel=Endpoint.Processes where starthoursago=168", true},
		{"search EventCode=1 | stats latest(user) as u earliest(_time) as t by Computer", false},
		{"search EventCode=1 latest = @d", true},
		{"search EventCode=1 _index_earliest=-1h", true},
	}
	for _, tc := range tests {
		if got := usesNow(&Search{Text: tc.text}); got != tc.want {
			t.Errorf("usesNow(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestDataEnd checks the latest-time tracker loading workers share.
func TestDataEnd(t *testing.T) {
	var d dataEnd
	if _, ok := d.get(); ok {
		t.Fatal("an empty tracker has an end")
	}
	for _, x := range []float64{-5, 3, 1, 0} {
		d.see(x)
	}
	if end, ok := d.get(); !ok || end != 3 {
		t.Errorf("end %v (%v), want 3", end, ok)
	}
}

// TestUsesNowPrefilter checks usesNow's look for the expression's
// literals against the expression alone (the independent path), on texts
// with and without them, in any case, and with letters case folding maps
// to ASCII ones.
func TestUsesNowPrefilter(t *testing.T) {
	texts := []string{
		"| tstats count from datamodel=Endpoint.Processes by Processes.dest",
		"search user=UNKNOWN | stats count",
		"search EARLIEST=-1d",
		"| eval x=NOW()",
		"| eval t=Relative_Time(_time, \"-1d\")",
		"search startMinutesAgo=5",
		"search daysago=1",
		"| addinfo | eval s=info_min_time",
		"| bin _time span=1h aligntime=@d",
		"search starttimeu=0 endtime=10",
		"search latest=now",
		"search ſtarttime=1",     // U+017F folds to s
		"search Ago=1 knowing=1", // literals without a match
		"",
	}
	for _, text := range texts {
		want := nowWords().MatchString(text)
		if got := usesNow(&Search{Text: text}); got != want {
			t.Errorf("usesNow(%q) = %v, the expression says %v", text, got, want)
		}
	}
}
