package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/value"
)

// Conversion functions between multivalues, JSON arrays and JSON objects
// (Splunk 10). spelunk has no array or object kind: a JSON array or object
// is text that parses as one, written back compact.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/10.0/evaluation-functions/conversion-functions

func init() {
	registerIn("Conversion",
		&FuncSpec{
			Name: "toarray", MinArgs: 1, MaxArgs: 1, Usage: "toarray(<value>)", Returns: tStr,
			Doc: "A JSON array: a multivalue as mv_to_json_array(<value>, true()), text that is a JSON array as itself (compact); null otherwise.",
			Examples: []FuncExample{
				{`toarray(split("1, 2, 3", ","))`, "[1,2,3]", ""},
				{`toarray("[\"carrots\", 1.00, \"potatoes\", 1.75]")`, `["carrots",1,"potatoes",1.75]`, ""},
				{`if(isnull(toarray("somefield")), "True", "False")`, "True", ""},
				{Setup: `test_data=split("4,5,6", ",")`, Expr: `toarray(test_data)`, Want: "[4,5,6]"},
			},
			Eager: func(rc *runCtx, a []value.Value) value.Value {
				if a[0].IsMulti() {
					return functions["mv_to_json_array"].Eager(rc, []value.Value{a[0], value.Bool(true)})
				}
				return jsonOfKind(a[0], jArr)
			},
		},
		&FuncSpec{
			Name: "tomv", MinArgs: 1, MaxArgs: 1, Usage: "tomv(<value>)",
			Doc: "A multivalue: a multivalue as itself, a JSON array's elements as JSON text (strings keep their quotes; json_array_to_mv removes them); null otherwise.",
			Examples: []FuncExample{
				{Setup: `ponies=json_array("Buttercup", "Fluttershy", "Rarity")`, Expr: `tomv(ponies)`, Want: "\"Buttercup\"\n\"Fluttershy\"\n\"Rarity\""},
				{Setup: `surname=json_array("dubois", json_object("name", "patel"))`, Expr: `tomv(surname)`, Want: "\"dubois\"\n{\"name\":\"patel\"}"},
				{`tomv("Buttercup")`, "", ""},
			},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				if a[0].IsMulti() {
					return a[0]
				}
				n := jsonArg(a[0])
				if n == nil || n.kind != jArr {
					return value.Null
				}
				out := make([]string, len(n.items))
				for i, it := range n.items {
					var b strings.Builder
					jsonWrite(&b, it)
					out[i] = b.String()
				}
				return value.Strs(out...)
			},
		},
		&FuncSpec{
			Name: "toobject", MinArgs: 1, MaxArgs: 1, Usage: "toobject(<value>)", Returns: tStr,
			Doc: "A JSON object: text that is one, written compact; null otherwise.",
			Examples: []FuncExample{
				{`toobject("{\"name\": \"maria\", \"age\": 25, \"status\": \"full-time\"}")`, `{"name":"maria","age":25,"status":"full-time"}`, ""},
				{`toobject("[1, 2]")`, "", ""},
			},
			Eager: func(_ *runCtx, a []value.Value) value.Value { return jsonOfKind(a[0], jObj) },
		},
	)
}

// jsonOfKind is a single value's text written back compact when it is
// JSON of the kind, else null.
func jsonOfKind(v value.Value, k jkind) value.Value {
	if v.IsMulti() {
		return value.Null
	}
	n := jsonArg(v)
	if n == nil || n.kind != k {
		return value.Null
	}
	var b strings.Builder
	jsonWrite(&b, n)
	return value.Str(b.String())
}
