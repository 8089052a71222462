package datamodel

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/spl"
)

// Which requirements of a where clause the built-in knowledge lets a
// reader check on the text of a record. The expectations come from the
// knowledge files: every way a field is computed must give text of the
// event's fields or constants without the piece.
func TestRawPieces(t *testing.T) {
	b := mustBuiltin(t)
	sh, err := newShaper(b)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		dataset, field string
		pieces         []string
		want           []string
	}{
		// Sysmon: replace(ParentImage, "^.*\\\\", ""); 4688 and 4689 the
		// same of ParentProcessName and Creator_Process_Name;
		// CrowdStrike: ParentBaseFileName; CIM: the add-on's value, else
		// group 1 of a whole-line replace, else "unknown".
		{"Endpoint.Processes", "parent_process_name", []string{"wermgr.exe"}, []string{"wermgr.exe"}},
		{"Endpoint.Processes", "parent_process_name", []string{"nkno"}, nil},
		// 4688's process is built with concatenation: a piece may
		// straddle what it joins.
		{"Endpoint.Processes", "process", []string{"cmd.exe /c"}, nil},
		{"Endpoint.Processes", "process_name", []string{"cmd.exe"}, nil},
		// dest is host, which --host may set.
		{"Endpoint.Processes", "dest", []string{"ws-01"}, nil},
		// "allowed" is a constant of several add-ons.
		{"Endpoint.Processes", "action", []string{"allowed"}, nil},
		{"Authentication", "user", []string{"admin"}, []string{"admin"}},
		// PAN's coalesce(src_user, dest_user, ..., "unknown").
		{"Authentication", "user", []string{"unk"}, nil},
		{"Authentication", "action", []string{"success"}, nil},
		{"Endpoint.Processes", "tag", []string{"process"}, nil},
		{"Endpoint.Processes", "source", []string{"sysmon"}, nil},
		{"Endpoint.Processes", "_time", []string{"2024"}, nil},
	}
	for _, c := range cases {
		def, err := b.LookupDataset(c.dataset)
		if err != nil {
			t.Fatal(err)
		}
		cd, err := compileDataset(b, def)
		if err != nil {
			t.Fatal(err)
		}
		got := rawPieces(sh, cd, []engine.Contains{{Field: c.field, Pieces: c.pieces}})
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s %s %q (-want +got):\n%s", c.dataset, c.field, c.pieces, diff)
		}
	}
}

// The expressions whose results are text of their arguments.
func TestProvenanceExpr(t *testing.T) {
	cases := []struct {
		expr string
		want bool
	}{
		{`f`, true},
		{`g`, false}, // a field that is not safe
		{`lower(f)`, true},
		{`upper(substr(f, 2, 3))`, true},
		{`mvindex(split(f, "\\"), -1)`, true},
		{`coalesce(f, "none")`, true},
		{`coalesce(f, "the word")`, false},
		{`if(f = "x", f, null())`, true},
		{`if(f = "x", g, f)`, false},
		{`case(f = "a", f, true(), "unknown")`, true},
		{`case(f = "a", f, true())`, false},
		{`f . "x"`, false},
		{`f + "x"`, false},
		{`urldecode(f)`, false},
		{`replace(f, "^.*\\\\", "")`, true},
		{`replace(f, "\\\\", "")`, false},
		{`replace(f, "^a|b", "")`, false},
		{`replace(f, "(?m)^.*x", "")`, false},
		{`replace(f, "^\s*(?:\"..*\\\\([^\"]+)\").*", "\\1")`, true},
		{`replace(f, "^(?:..*\\\\)?([^\s\"]+)(?=\s|$).*", "\\1")`, true},
		{`replace(f, "^(a)(b)", "\\1")`, false},
		{`replace(f, "^(a).*", "x\\1")`, false},
		{`replace(f, "^(a)\\.*", "\\1")`, false},
		{`replace(f, "^(a)\\\\.*", "\\1")`, true},
		{`replace(f, "^([a|b]).*", "\\1")`, true},
		{`42`, false},
	}
	for _, c := range cases {
		x, err := spl.ParseExpr(c.expr)
		if err != nil {
			t.Fatalf("%s: %v", c.expr, err)
		}
		a := &provenance{pieces: []string{"word"}, visiting: map[string]bool{}}
		if got := a.expr(x, func(f string) bool { return f == "f" }); got != c.want {
			t.Errorf("%s: %v, want %v", c.expr, got, c.want)
		}
	}
}

// Which requirements of a leading search on an event's own fields the
// built-in knowledge lets a reader check on the text of a record. The
// expectations come from the knowledge files, as TestRawPieces's.
func TestEventPieces(t *testing.T) {
	sh, err := newShaper(mustBuiltin(t))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		field  string
		pieces []string
		want   []string
	}{
		// A reader's field that no knowledge sets.
		{"CommandLine", []string{"whoami"}, []string{"whoami"}},
		// Every add-on cuts the path off an image name with
		// replace(x, "^.*\\\\", "") or replace(x, "^.*/", "").
		{"process_name", []string{"whoami.exe"}, []string{"whoami.exe"}},
		// A bare term: no knowledge sets _raw.
		{"_raw", []string{"who", "ami"}, []string{"who", "ami"}},
		// Sysmon's transport_dest_port is lower(Protocol) . "/" .
		// DestinationPort: a piece may straddle what it joins.
		{"transport_dest_port", []string{"tcp/443"}, nil},
		// vendor_product is the constant "Microsoft Sysmon".
		{"vendor_product", []string{"sysmon"}, nil},
		// Default fields are not text of the record.
		{"source", []string{"sysmon"}, nil},
		{"sourcetype", []string{"xmlwineventlog"}, nil},
		{"host", []string{"ws-01"}, nil},
		{"index", []string{"main"}, nil},
		{"date_hour", []string{"1"}, nil},
		{"eventtype", []string{"process"}, nil},
		{"tag", []string{"process"}, nil},
	}
	for _, c := range cases {
		got := eventPieces(sh, []engine.Contains{{Field: c.field, Pieces: c.pieces}})
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s %q (-want +got):\n%s", c.field, c.pieces, diff)
		}
	}
}

// Knowledge that sets _raw, or a field, by any means makes a bare term, or
// a term on that field, unfit for the text of the record.
func TestEventPiecesSetByKnowledge(t *testing.T) {
	for _, c := range []struct{ yaml, field string }{
		{"  evals:\n    _raw: '\"x\"'\n", "_raw"},
		{"  evals:\n    _raw: 'null()'\n", "_raw"},
		{"  aliases:\n    _raw: msg\n", "_raw"},
		{"  evals:\n    CommandLine: 'CommandLine . \" \"'\n", "CommandLine"},
		{"  aliases:\n    CommandLine: host\n", "CommandLine"},
	} {
		b, err := Load(knowledgeFile(t, "knowledge:\n- name: test\n  sourcetype: my:type\n"+c.yaml))
		if err != nil {
			t.Fatal(err)
		}
		sh, err := newShaper(b)
		if err != nil {
			t.Fatal(err)
		}
		if got := eventPieces(sh, []engine.Contains{{Field: c.field, Pieces: []string{"whoami"}}}); got != nil {
			t.Errorf("%s: %q, want nothing", c.yaml, got)
		}
	}
}
