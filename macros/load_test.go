package macros

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestParseYAML(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		want    Macro
		wantErr string
	}{
		{
			name: "no arguments",
			data: "definition: source=ActiveDirectory\ndescription: where AD logs are\nname: admon\n",
			want: Macro{Name: "admon", Definition: "source=ActiveDirectory", Description: "where AD logs are", Origin: "m.yml"},
		},
		{
			name: "arguments list",
			data: "arguments:\n  - field\ndefinition: 'convert ctime($field$)'\nname: ct\n",
			want: Macro{Name: "ct", Args: []string{"field"}, Definition: "convert ctime($field$)", Origin: "m.yml"},
		},
		{
			name: "arguments string",
			data: "arguments: a, b\ndefinition: x\nname: two\n",
			want: Macro{Name: "two", Args: []string{"a", "b"}, Definition: "x", Origin: "m.yml"},
		},
		{
			name: "quoted scalar keeps its text",
			data: "definition: \"false\"\nname: cfg\n",
			want: Macro{Name: "cfg", Definition: "false", Origin: "m.yml"},
		},
		{
			name: "unquoted boolean is text",
			data: "definition: true\nname: cfg\n",
			want: Macro{Name: "cfg", Definition: "true", Origin: "m.yml"},
		},
		{
			name: "surrounding whitespace trimmed",
			data: "definition: 'search * '\ndescription: 'trailing '\nname: s\n",
			want: Macro{Name: "s", Definition: "search *", Description: "trailing", Origin: "m.yml"},
		},
		{
			name: "folded plain scalar",
			data: "definition: eval a=1 | search NOT[\n  |inputlookup x]\nname: f\n",
			want: Macro{Name: "f", Definition: "eval a=1 | search NOT[ |inputlookup x]", Origin: "m.yml"},
		},
		{
			name: "name with arity",
			data: "name: m(1)\narguments: [x]\ndefinition: $x$\n",
			want: Macro{Name: "m", Args: []string{"x"}, Definition: "$x$", Origin: "m.yml"},
		},
		{
			name: "eval keys",
			data: "name: e\ndefinition: '\"x\"'\niseval: true\nvalidation: isnum(x)\nerrormsg: not a number\n",
			want: Macro{Name: "e", Definition: `"x"`, IsEval: true, Validation: "isnum(x)", ErrorMsg: "not a number", Origin: "m.yml"},
		},
		{
			name: "empty definition is allowed",
			data: "name: nothing\ndefinition: ''\n",
			want: Macro{Name: "nothing", Origin: "m.yml"},
		},
		{name: "missing definition", data: "name: x\n", wantErr: `m.yml: macro "x" has no definition`},
		{name: "missing name", data: "definition: x\n", wantErr: `m.yml: name: invalid macro name ""`},
		{name: "bad name", data: "name: a b\ndefinition: x\n", wantErr: `m.yml: name: invalid macro name "a b"`},
		{name: "arity mismatch", data: "name: m(2)\narguments: [x]\ndefinition: x\n", wantErr: `m.yml: name "m(2)" declares 2 arguments but arguments lists 1`},
		{name: "bad arg name", data: "name: m\narguments: [a.b]\ndefinition: x\n", wantErr: `m.yml: arguments: invalid argument name "a.b"`},
		{name: "duplicate arg", data: "name: m\narguments: [a, a]\ndefinition: x\n", wantErr: `m.yml: arguments: argument "a" is listed twice`},
		{name: "not yaml", data: "name: [\n", wantErr: "m.yml: yaml:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseYAML([]byte(tt.data), "m.yml")
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("ParseYAML error = %v, want prefix %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("ParseYAML mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseConf(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		want    []Macro
		wantErr string
	}{
		{
			name: "stanzas",
			data: `# leading comment
global = ignored

[simple]
definition = index=main
description = d

[pair(2)]
args = a, b
definition = eval $a$=$b$

[multi]
definition = search a \
  | stats count \
by b
iseval = 0

[ev(1)]
args = x
definition = "x"
iseval = true
validation = isnum(x)
errormsg = x must be a number
`,
			want: []Macro{
				{Name: "simple", Definition: "index=main", Description: "d", Origin: "m.conf:5"},
				{Name: "pair", Args: []string{"a", "b"}, Definition: "eval $a$=$b$", Origin: "m.conf:10"},
				{Name: "multi", Definition: "search a \n  | stats count \nby b", Origin: "m.conf:13"},
				{Name: "ev", Args: []string{"x"}, Definition: `"x"`, IsEval: true, Validation: "isnum(x)", ErrorMsg: "x must be a number", Origin: "m.conf:20"},
			},
		},
		{
			name: "args ignored without arity",
			data: "[m]\nargs = a\ndefinition = x\n",
			want: []Macro{{Name: "m", Definition: "x", Origin: "m.conf:3"}},
		},
		{
			name: "default stanza and other keys ignored",
			data: "[default]\ndefinition = nope\n[m]\ndefinition = x\nowner = admin\n",
			want: []Macro{{Name: "m", Definition: "x", Origin: "m.conf:4"}},
		},
		{
			name: "repeated stanza merges, later keys win",
			data: "[m]\ndefinition = x\ndescription = d\n[m]\ndefinition = y\n",
			want: []Macro{{Name: "m", Definition: "y", Description: "d", Origin: "m.conf:5"}},
		},
		{
			name: "crlf and indented comment",
			data: "[m]\r\n   # note\r\ndefinition = x\r\n",
			want: []Macro{{Name: "m", Definition: "x", Origin: "m.conf:3"}},
		},
		{
			name: "equals in value",
			data: "[m]\ndefinition = a=b c==d\n",
			want: []Macro{{Name: "m", Definition: "a=b c==d", Origin: "m.conf:2"}},
		},
		{name: "arity mismatch", data: "[m(2)]\nargs = a\ndefinition = x\n", wantErr: "m.conf:2: stanza [m(2)] takes 2 arguments but args lists 1"},
		{name: "args missing", data: "\n[m(1)]\ndefinition = x\n", wantErr: "m.conf:2: stanza [m(1)] takes 1 argument but args lists 0"},
		{name: "no definition", data: "[m]\ndescription = d\n", wantErr: "m.conf:1: stanza [m] has no definition"},
		{name: "bad iseval", data: "[m]\ndefinition = x\niseval = maybe\n", wantErr: `m.conf:3: iseval: "maybe" is not a boolean`},
		{name: "bad header", data: "[m\n", wantErr: `m.conf:1: malformed stanza header "[m"`},
		{name: "empty header", data: "[ ]\n", wantErr: "m.conf:1: empty stanza name"},
		{name: "no equals", data: "[m]\ndefinition x\n", wantErr: `m.conf:2: expected "key = value" or a [stanza] header, got "definition x"`},
		{name: "no key", data: "[m]\n= x\n", wantErr: `m.conf:2: missing key before "="`},
		{name: "bad name", data: "[a b]\ndefinition = x\n", wantErr: `m.conf:1: invalid macro name "a b"`},
		{name: "bad arity", data: "[m(x)]\ndefinition = x\n", wantErr: `m.conf:1: invalid argument count in "m(x)"`},
		{name: "bad arg name", data: "[m(1)]\nargs = $a\ndefinition = x\n", wantErr: `m.conf:2: args: invalid argument name "$a"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseConf([]byte(tt.data), "m.conf")
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("ParseConf error = %v, want prefix %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("ParseConf mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseConfKeepsGoodStanzas(t *testing.T) {
	got, err := ParseConf([]byte("[bad(1)]\ndefinition = x\n[good]\ndefinition = y\n"), "m.conf")
	if err == nil {
		t.Fatal("want an error for [bad(1)]")
	}
	want := []Macro{{Name: "good", Definition: "y", Origin: "m.conf:4"}}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("ParseConf mismatch (-want +got):\n%s", diff)
	}
}

func TestNewSetBuiltins(t *testing.T) {
	want := []Macro{
		{Name: "add_dm_object_name", Args: []string{"object"}, Definition: `rename * as "$object$.*"`,
			Description: "Adds a data model object prefix to field names (Splunk_SA_CIM)", Origin: "built-in"},
		{Name: "drop_dm_object_name", Args: []string{"object"}, Definition: `rename "$object$.*" as *`,
			Description: "Removes the data model object prefix from field names (Splunk_SA_CIM; deprecated there)", Origin: "built-in"},
	}
	if diff := cmp.Diff(want, NewSet().All()); diff != "" {
		t.Errorf("built-ins mismatch (-want +got):\n%s", diff)
	}
}

func TestSetAddLookupAll(t *testing.T) {
	s := NewSet()
	s.Add(Macro{Name: "m", Args: []string{"a", "b"}, Definition: "two"})
	s.Add(Macro{Name: "m", Definition: "zero"})
	s.Add(Macro{Name: "l", Definition: "first"})
	s.Add(Macro{Name: "l", Definition: "second"}) // same name and arity: replaces
	var got []string
	for _, m := range s.All() {
		got = append(got, m.Stanza()+"="+m.Definition)
	}
	want := []string{
		`add_dm_object_name(1)=rename * as "$object$.*"`,
		`drop_dm_object_name(1)=rename "$object$.*" as *`,
		"l=second", "m=zero", "m(2)=two",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("All mismatch (-want +got):\n%s", diff)
	}
	if _, ok := s.Lookup("m", 1); ok {
		t.Error("Lookup(m, 1) found a macro; only arities 0 and 2 exist")
	}
	m, _ := s.Lookup("m", 2)
	m.Args[0] = "changed"
	if m2, _ := s.Lookup("m", 2); m2.Args[0] != "a" {
		t.Error("Lookup result shares Args with the Set")
	}
}

// loaded renders a Set's non-built-in macros compactly for comparison.
func loaded(s *Set) []string {
	var out []string
	for _, m := range s.All() {
		out = append(out, m.Stanza()+" = "+m.Definition+" @ "+m.Origin)
	}
	return out
}

func TestLoad(t *testing.T) {
	repo := filepath.Join("testdata", "repo")
	repoMacros := filepath.Join(repo, "macros")
	app := filepath.Join("testdata", "app")
	builtinAdd := `add_dm_object_name(1) = rename * as "$object$.*" @ built-in`
	repoWant := []string{
		builtinAdd,
		"drop_dm_object_name(1) = rename $object$.* AS * @ " + filepath.Join(repoMacros, "drop_dm_object_name.yml"),
		`to_epoch(2) = eval $field$=strptime($field$, "$format$") @ ` + filepath.Join(repoMacros, "to_epoch.yaml"),
		`web_index = index=web sourcetype="access_combined" @ ` + filepath.Join(repoMacros, "web_index.yml"),
	}
	defConf := filepath.Join(app, "default", "macros.conf")
	localConf := filepath.Join(app, "local", "macros.conf")
	builtinDrop := `drop_dm_object_name(1) = rename "$object$.*" as * @ built-in`
	tests := []struct {
		name, path string
		want       []string
	}{
		{"repo root", repo, repoWant},
		{"macros dir", repoMacros, repoWant},
		{"one yaml file", filepath.Join(repoMacros, "web_index.yml"), []string{
			builtinAdd, builtinDrop,
			`web_index = index=web sourcetype="access_combined" @ ` + filepath.Join(repoMacros, "web_index.yml"),
		}},
		{"app dir", app, []string{
			builtinAdd,
			"app_index = index=app @ " + defConf + ":3",
			"app_local_only = search local=1 @ " + localConf + ":6",
			"app_multi = search a \n| stats count by b @ " + defConf + ":11",
			`app_pair(2) = eval pair=$right$."-".$left$ @ ` + localConf + ":3",
			builtinDrop,
		}},
		{"conf file", defConf, []string{
			builtinAdd,
			"app_index = index=app @ " + defConf + ":3",
			"app_multi = search a \n| stats count by b @ " + defConf + ":11",
			`app_pair(2) = eval pair=$left$."-".$right$ @ ` + defConf + ":8",
			builtinDrop,
		}},
		{"dir holding macros.conf", filepath.Join(app, "default"), []string{
			builtinAdd,
			"app_index = index=app @ " + defConf + ":3",
			"app_multi = search a \n| stats count by b @ " + defConf + ":11",
			`app_pair(2) = eval pair=$left$."-".$right$ @ ` + defConf + ":8",
			builtinDrop,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSet()
			if err := s.Load(tt.path); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, loaded(s)); diff != "" {
				t.Errorf("Load(%s) mismatch (-want +got):\n%s", tt.path, diff)
			}
		})
	}
}

// TestLoadLocalKeepsDefaultArgs checks that a local/ stanza setting only
// the definition still expands with the args from default/.
func TestLoadLocalKeepsDefaultArgs(t *testing.T) {
	s := NewSet()
	if err := s.Load(filepath.Join("testdata", "app")); err != nil {
		t.Fatal(err)
	}
	x, err := s.Expand("`app_pair(a, b)`", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := `eval pair=b."-".a`; x.Text != want {
		t.Errorf("Text = %q, want %q", x.Text, want)
	}
}

func TestLoadErrors(t *testing.T) {
	write := func(t *testing.T, files map[string]string) string {
		dir := t.TempDir()
		for name, data := range files {
			p := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	tests := []struct {
		name  string
		files map[string]string
		path  string   // relative to the temp dir
		want  []string // substrings of the error, with the temp dir as "DIR"
	}{
		{"bad yaml files are all named", map[string]string{
			"macros/a.yml": "name: a\n", "macros/b.yml": "name: [\n", "macros/c.yml": "name: c\ndefinition: x\n",
		}, ".", []string{"DIR/macros/a.yml: macro \"a\" has no definition", "DIR/macros/b.yml: yaml:"}},
		{"conf line", map[string]string{"default/macros.conf": "[m(1)]\ndefinition = x\n"}, ".",
			[]string{"DIR/default/macros.conf:1: stanza [m(1)] takes 1 argument but args lists 0"}},
		{"local conf line", map[string]string{"local/macros.conf": "[m]\nnonsense\n"}, ".",
			[]string{`DIR/local/macros.conf:2: expected "key = value"`}},
		{"default and local both reported", map[string]string{
			"default/macros.conf": "[a\n", "local/macros.conf": "[m]\nnonsense\n",
		}, ".", []string{"DIR/default/macros.conf:1: malformed stanza header", "DIR/local/macros.conf:2: expected"}},
		{"empty dir", map[string]string{"README": "x"}, ".", []string{"DIR: no macros found"}},
		{"wrong file type", map[string]string{"m.txt": "x"}, "m.txt", []string{"DIR/m.txt: not a macro file"}},
		{"missing", nil, "nope", []string{"DIR/nope", "no such file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := write(t, tt.files)
			path := filepath.Join(dir, tt.path)
			err := NewSet().Load(path)
			if err == nil {
				t.Fatalf("Load(%s) succeeded", path)
			}
			for _, w := range tt.want {
				if w = strings.ReplaceAll(w, "DIR", dir); !strings.Contains(err.Error(), w) {
					t.Errorf("Load error %q does not contain %q", err, w)
				}
			}
		})
	}
}
