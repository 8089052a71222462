package ingest

import (
	"encoding/json"
	"testing"
)

// jsonSyntaxCases are bad JSON texts with the error encoding/json's
// scanner gives them up to Go 1.26 (src/encoding/json/scanner.go: the
// step functions' contexts, quoteChar's quoting).
var jsonSyntaxCases = []struct{ in, want string }{
	{`{"x":1,}`, `invalid character '}' looking for beginning of object key string`},
	{`{"a" 1}`, `invalid character '1' after object key`},
	{`{"a":1 "b":2}`, `invalid character '"' after object key:value pair`},
	{`[1 2]`, `invalid character '2' after array element`},
	{`{"a":"x\u00zz"}`, `invalid character 'z' in \u hexadecimal character escape`},
	{`{"a":"\q"}`, `invalid character 'q' in string escape code`},
	{`{"a":tru}`, `invalid character '}' in literal true (expecting 'e')`},
	{`{"a":nul}`, `invalid character '}' in literal null (expecting 'l')`},
	{`{"a":-}`, `invalid character '}' in numeric literal`},
	{`{"a":1.}`, `invalid character '}' after decimal point in numeric literal`},
	{`{"a":1e}`, `invalid character '}' in exponent of numeric literal`},
	{`{"a":1e+x}`, `invalid character 'x' in exponent of numeric literal`},
	{`{"a":01}`, `invalid character '1' after object key:value pair`},
	{`{"a":1} x`, `invalid character 'x' after top-level value`},
	{`{"a":`, `unexpected end of JSON input`},
	{`{"a":"abc`, `unexpected end of JSON input`},
	// The scanner ends a text as with a space.
	{`"\`, `invalid character ' ' in string escape code`},
	{`{"a":1.`, `invalid character ' ' after decimal point in numeric literal`},
	{`[tr`, `invalid character ' ' in literal true (expecting 'u')`},
	{"{\"a\":\"\x00\"}", `invalid character '\x00' in string literal`},
	{`{'a':1}`, `invalid character '\'' looking for beginning of object key string`},
	{`@`, `invalid character '@' looking for beginning of value`},
	{`{"a":[1,]}`, `invalid character ']' looking for beginning of value`},
}

func TestJSONSyntax(t *testing.T) {
	// The toolchain's decoder is the reference where it still words its
	// errors as up to Go 1.26 (Go 1.27's reads the same texts as bad,
	// and says "in string" of a control character).
	var probe any
	v1 := json.Unmarshal([]byte("\"\x00\""), &probe).Error() == `invalid character '\x00' in string literal`
	for _, tc := range jsonSyntaxCases {
		err := jsonSyntax(tc.in)
		if err == nil || err.Error() != tc.want {
			t.Errorf("jsonSyntax(%q) = %v, want %s", tc.in, err, tc.want)
		}
		if json.Valid([]byte(tc.in)) {
			t.Errorf("%q: encoding/json reads it as valid", tc.in)
		}
		if std := json.Unmarshal([]byte(tc.in), &probe); v1 && (std == nil || std.Error() != tc.want) {
			t.Errorf("%q: encoding/json says %v", tc.in, std)
		}
	}
	for _, ok := range []string{`{}`, `[]`, `{"a":[1,-2.5e+3,true,false,null,{"b":"\u00e9\n"}]}`, ` 0 `, `"x"`, "{\"a\":\"\xff\"}"} {
		if err := jsonSyntax(ok); err != nil {
			t.Errorf("jsonSyntax(%q) = %v, want nil", ok, err)
		}
	}
}

// A bad line is reported in jsonSyntax's words whatever the toolchain.
func TestJSONSyntaxReported(t *testing.T) {
	var b fieldBuilder
	b.reset()
	err := flattenJSON(`{"x":1,}`, &b)
	if err == nil || err.Error() != jsonSyntaxCases[0].want {
		t.Fatalf("flattenJSON = %v, want %s", err, jsonSyntaxCases[0].want)
	}
}

// FuzzJSONSyntax: jsonSyntax finds an error exactly where encoding/json
// finds the text invalid (below the nesting both stop at), and where the
// toolchain's decoder words errors as up to Go 1.26, the same error.
func FuzzJSONSyntax(f *testing.F) {
	var probe any
	v1 := json.Unmarshal([]byte("\"\x00\""), &probe).Error() == `invalid character '\x00' in string literal`
	for _, tc := range jsonSyntaxCases {
		f.Add(tc.in)
	}
	f.Add(`{"a":[1,{"b":null}],"c":"d\"e"}`)
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > jsonMaxDepth {
			return
		}
		err := jsonSyntax(s)
		if got, want := err == nil, json.Valid([]byte(s)); got != want {
			t.Fatalf("jsonSyntax(%q) = %v, encoding/json valid %v", s, err, want)
		}
		var v any
		if std := json.Unmarshal([]byte(s), &v); v1 && err != nil && std.Error() != err.Error() {
			t.Fatalf("jsonSyntax(%q) = %v, encoding/json says %v", s, err, std)
		}
	})
}
