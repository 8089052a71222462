package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/spl"
)

var (
	_ engine.KnowledgeSource = (*Store)(nil)
	_ engine.KnowledgeSource = union(nil)
)

// TestKnowledgeEventtypesMatchStore checks typer's path against the
// store's: the eventtypes Knowledge computes again for each stored event
// are the ones the store gave it at ingest time.
func TestKnowledgeEventtypesMatchStore(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "datamodels", "*"))
	more, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "cim_detections", "data", "*"))
	paths = append(paths, more...)
	if _, err := s.AddPaths(paths, ingest.Options{}, 2, nil); err != nil {
		t.Fatal(err)
	}
	k, err := s.Knowledge()
	if err != nil {
		t.Fatal(err)
	}
	res, err := engine.Run(context.Background(), mustParseSPL(t, "*"), s, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	typed := 0
	for _, ev := range res.Rows {
		want := ev.Get("eventtype").Strings()
		typed += min(len(want), 1)
		if diff := cmp.Diff(want, k.Eventtypes(ev), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s event at %v: (-store +knowledge)\n%s", ev.Get("sourcetype"), ev.Get("_time"), diff)
		}
	}
	if typed == 0 {
		t.Fatal("no event has an eventtype: the test checks nothing")
	}
}

func mustParseSPL(t *testing.T, q string) *spl.Pipeline {
	t.Helper()
	p, err := spl.Parse(q)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestKnowledgeFieldTags checks the tags.conf side: an eventtype's tags
// come from its entry in the built-in knowledge (Splunk_TA_windows's
// eventtypes.conf and tags.conf: wineventlog_security is tagged os and
// windows), and values without a stanza have none.
func TestKnowledgeFieldTags(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	k, err := s.Knowledge()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		field, value string
		want         []string
	}{
		{"eventtype", "wineventlog_security", []string{"os", "windows"}},
		{"eventtype", "windows_logon_failure", []string{"authentication"}},
		{"eventtype", "nosuch", nil},
		{"host", "wineventlog_security", nil},
	}
	for _, tc := range cases {
		if diff := cmp.Diff(tc.want, k.FieldTags(tc.field, tc.value)); diff != "" {
			t.Errorf("FieldTags(%s, %s): (-want +got)\n%s", tc.field, tc.value, diff)
		}
	}
}

// TestIndexCommandsMatchStats checks tstats without FROM, metadata and
// eventcount against the same figures computed another way: stats over
// a leading search of every event.
func TestIndexCommandsMatchStats(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "datamodels", "*"))
	more, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "cim_detections", "data", "*"))
	if _, err := s.AddPaths(append(paths, more...), ingest.Options{}, 2, nil); err != nil {
		t.Fatal(err)
	}
	run := func(q string) []string {
		t.Helper()
		res, err := engine.Run(context.Background(), mustParseSPL(t, q), s, engine.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range res.Rows {
			var parts []string
			for _, f := range r {
				parts = append(parts, f.Name+"="+strings.Join(f.Value.Strings(), "|"))
			}
			out = append(out, strings.Join(parts, " "))
		}
		return out
	}
	pairs := []struct{ a, b string }{
		{`| tstats count min(_time) as first max(_time) as last dc(source) as sources by index sourcetype host`,
			`* | stats count min(_time) as first max(_time) as last dc(source) as sources by index sourcetype host`},
		{`| tstats count where sourcetype=XmlWinEventLog by source _time span=1d`,
			`sourcetype=XmlWinEventLog | bin _time span=1d | stats count by source _time`},
		{`| metadata type=sourcetypes | table sourcetype firstTime lastTime totalCount`,
			`* | stats min(_time) as firstTime max(_time) as lastTime count as totalCount by sourcetype | eval firstTime=floor(firstTime), lastTime=floor(lastTime)`},
		{`| eventcount summarize=false | table index count`,
			`* | stats count by index`},
	}
	for _, pr := range pairs {
		a, b := run(pr.a), run(pr.b)
		if len(a) == 0 {
			t.Errorf("%s gave nothing", pr.a)
		}
		if diff := cmp.Diff(b, a); diff != "" {
			t.Errorf("%s\n(-stats +command):\n%s", pr.a, diff)
		}
	}
}

// TestChildFieldsFromParent checks that a child dataset's own fields can be
// read from its parent, named with the child's path, for the events that
// meet the child's constraint (All_Certificates.SSL.ssl_issuer from
// datamodel=Certificates.All_Certificates).
func TestChildFieldsFromParent(t *testing.T) {
	b, err := datamodel.Load(knowledgeFile(t, `
knowledge:
- name: certs
  sourcetype: my:cert
  evals:
    ssl_issuer: issuer
eventtypes:
- name: my_certs
  search: sourcetype=my:cert
  tags: [certificate]
- name: my_ssl
  search: sourcetype=my:cert kind=tls
  tags: [ssl]
`))
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewWith(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"kind=tls issuer=CA1", "kind=x509 issuer=CA2"} {
		_, err := ingest.Read(strings.NewReader(line), "f", ingest.Options{Sourcetype: "my:cert"}, func(ev *ingest.Event) error {
			s.Add(ev)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, r := range datasetRows(t, s, "Certificates.All_Certificates") {
		got = append(got, strings.Join(pick(r, "SSL.ssl_issuer", "ssl_issuer"), " "))
	}
	want := []string{"SSL.ssl_issuer=CA1 ssl_issuer=", "SSL.ssl_issuer= ssl_issuer="}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func knowledgeFile(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "k.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
