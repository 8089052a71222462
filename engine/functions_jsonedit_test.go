package engine

import (
	"strings"
	"testing"
)

// TestJSONEditEdges covers what the JSON, Bitwise, Conversion and
// Informational pages say in prose rather than in an example. Cases
// marked "ours" are spelunk's choice where the pages say nothing.
func TestJSONEditEdges(t *testing.T) {
	cases := []struct{ name, expr, want string }{
		{"json_set: not JSON gives null", `json_set("not json", "a", 1)`, ""},
		{"json_set: index past the end is skipped (ours)", `json_set("{\"a\":[1,2]}", "a{5}", 9)`, `{"a":[1,2]}`},
		{"json_set: negative index counts from the end, as spath's", `json_set("{\"a\":[1,2]}", "a{-1}", 9)`, `{"a":[1,9]}`},
		{"json_set: no array is made for a selector (ours)", `json_set("{}", "a.b{0}", 1)`, `{}`},
		{"json_set: a number can be overwritten with a string", `json_set("{\"a\":1}", "a", "x")`, `{"a":"x"}`},
		{"json_set: null is JSON null", `json_set("{\"a\":1}", "a", null())`, `{"a":null}`},
		{"json_set: text is not HTML-escaped", `json_set("{\"a\":\"é<&\"}", "b", "x\"y")`, `{"a":"é<&","b":"x\"y"}`},
		{"json_append: a scalar is wrapped in an array", `json_append("{\"a\":1}", "a", 2)`, `{"a":[1,2]}`},
		{"json_append: an empty array", `json_append("{\"a\":[]}", "a", "x")`, `{"a":["x"]}`},
		{"json_append: a path that selects nothing is ignored", `json_append("{\"a\":1}", "b", 2)`, `{"a":1}`},
		{"json_extend: arrays are flattened", `json_extend("{\"a\":[\"a\",\"b\",\"c\"]}", "a", json_array("d", "e", "f"))`, `{"a":["a","b","c","d","e","f"]}`},
		{"json_extend: a value that is not an array is ignored (ours)", `json_extend("{\"a\":[]}", "a", "x")`, `{"a":[]}`},
		{"json_delete: a dotted key is a path", `json_delete("{\"student.name\":\"Claudia\"}", "student.name")`, `{"student.name":"Claudia"}`},
		{"json_delete: not an object gives null", `json_delete("[1]", "a")`, ""},
		{"json_entries: not an object gives null", `json_entries("[1]")`, ""},
		{"json_has_key_exact: not an object", `if(json_has_key_exact("[1]", "a"), "y", "n")`, "n"},
		{"json: numbers are JSON", `json(5)`, "5"},
		{"toarray: a number is not an array", `toarray(5)`, ""},
		{"tomv: a multivalue stays", `mvjoin(tomv(split("a,b", ",")), "|")`, "a|b"},
		{"isarray: a multivalue is not an array", `if(isarray(mvappend("[1]", "[2]")), "y", "n")`, "n"},
		{"isobject: an array is not an object", `if(isobject("[1]"), "y", "n")`, "n"},
		{"bit_and: a fraction gives null", `bit_and(1.5, 1)`, ""},
		{"bit_or: text gives null", `bit_or("abc", 1)`, ""},
		{"bit_and: three arguments fold left", `bit_and(15, 7, 3)`, "3"},
		{"bit_not: a bitmask over 2^53-1 gives null", `bit_not(1, pow(2, 53))`, ""},
		{"bit_shift_right: offsets of 64 and more give 0", `bit_shift_right(8, 70)`, "0"},
		{"lookup: every other field when the output array is empty (ours)", `lookup("http_status.csv", json_object("status", "404"), json_array())`, `{"status_description":"Not Found","status_type":"Client Error"}`},
		{"lookup: a dynamic table name", `lookup(lower("HTTP_STATUS.CSV"), json_object("status", 500), json_array("status_type"))`, `{"status_type":"Server Error"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := evalExample(t, FuncExample{Expr: tc.expr})
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("%s = %q, want %q", tc.expr, got, tc.want)
			}
		})
	}
}

// TestLookupFunctionErrors: a literal table or field name that does not
// exist is an error at its position, as for the lookup command.
func TestLookupFunctionErrors(t *testing.T) {
	cases := []struct{ expr, want string }{
		{`lookup("nope.csv", json_object("a", 1), json_array("b"))`, `lookup(): lookup table "nope.csv" is not defined`},
		{`lookup("http_status.csv", json_object("stat", 1), json_array("status_type"))`, `lookup: table http_status.csv has no field "stat"`},
		{`lookup("http_status.csv", json_object("status", 1), json_array("kind"))`, `lookup: table http_status.csv has no field "kind"`},
		{`lookup("http_status.csv", json_object("status", 1))`, `lookup takes 3 arguments, but 2 were given`},
	}
	for _, tc := range cases {
		_, err := evalExample(t, FuncExample{Expr: tc.expr})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.expr, err, tc.want)
		}
	}
}
