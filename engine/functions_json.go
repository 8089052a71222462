package engine

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/spelunk-dev/spelunk/value"
)

// spath() and JSON functions.
// https://help.splunk.com/splunk-enterprise/search/spl-search-reference/10.0/evaluation-functions/json-functions

func init() {
	registerIn("Text",
		&FuncSpec{
			Name: "spath", MinArgs: 2, MaxArgs: 2, Usage: "spath(<value>, <path>)",
			Doc: "Extracts the values at a location path from JSON or XML text, as the spath command does; several values give a multivalue field.",
			Examples: []FuncExample{
				{Setup: `j="{\"vendorProductSet\": {\"product\": {\"desc\": {\"locDesc\": \"Splunk\"}}}}"`, Expr: `spath(j, "vendorProductSet.product.desc.locDesc")`, Want: "Splunk"},
				{Setup: `j="{\"entities\": {\"hashtags\": [\"a\", \"b\"]}}"`, Expr: `mvjoin(spath(j, "entities.hashtags{}"), ",")`, Want: "a,b"},
				{Setup: `x="<vendorProductSet><product><desc><locDesc locale=\"en\">Splunk</locDesc></desc></product></vendorProductSet>"`, Expr: `spath(x, "vendorProductSet.product.desc.locDesc{@locale}")`, Want: "en"},
			},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				s, ok1 := str(a[0])
				p, ok2 := str(a[1])
				if !ok1 || !ok2 {
					return value.Null
				}
				return value.Strs(spathValues(s, p)...)
			},
		},
	)
	registerIn("JSON",
		&FuncSpec{
			Name: "json_valid", MinArgs: 1, MaxArgs: 1, Usage: "json_valid(<json>)", Returns: tBool,
			Doc:      "True when the value is well-formed JSON.",
			Examples: []FuncExample{{`if(json_valid("{\"a\": 1}"), "yes", "no")`, "yes", ""}, {`if(json_valid("{a: 1}"), "yes", "no")`, "no", ""}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				s, ok := str(a[0])
				if !ok {
					return value.Null
				}
				_, err := parseJSON(s)
				return value.Bool(err == nil)
			},
		},
		&FuncSpec{
			Name: "json_extract", MinArgs: 1, MaxArgs: -1, Usage: "json_extract(<json>, <paths>...)",
			Doc: "The value at a spath-style path in a JSON value (the whole value without paths; a JSON array of the values with several paths); objects and arrays come back as JSON text.",
			Examples: []FuncExample{
				{Setup: `j="{\"name\": \"maria\", \"ages\": [25, 26]}"`, Expr: `json_extract(j, "name")`, Want: "maria"},
				{Setup: `j="{\"name\": \"maria\", \"ages\": [25, 26]}"`, Expr: `json_extract(j, "ages{1}")`, Want: "26"},
				{Setup: `j="{\"name\": \"maria\", \"ages\": [25, 26]}"`, Expr: `json_extract(j, "ages")`, Want: "[25, 26]"},
				{Setup: `j="{\"name\": \"maria\", \"ages\": [25, 26]}"`, Expr: `json_extract(j, "name", "ages{0}")`, Want: `["maria",25]`},
			},
			Eager: func(_ *runCtx, a []value.Value) value.Value { return jsonExtract(a, false) },
		},
		&FuncSpec{
			Name: "json_extract_exact", MinArgs: 1, MaxArgs: -1, Usage: "json_extract_exact(<json>, <keys>...)",
			Doc:      "Like json_extract, but each key is a literal top-level key name (dots and braces included), not a path.",
			Examples: []FuncExample{{Setup: `j="{\"a.b\": 1, \"a\": {\"b\": 2}}"`, Expr: `json_extract_exact(j, "a.b")`, Want: "1"}},
			Eager:    func(_ *runCtx, a []value.Value) value.Value { return jsonExtract(a, true) },
		},
		&FuncSpec{
			Name: "json_keys", MinArgs: 1, MaxArgs: 1, Usage: "json_keys(<json>)", Returns: tStr,
			Doc:      "The keys of a JSON object, as a JSON array.",
			Examples: []FuncExample{{`json_keys("{\"name\": \"maria\", \"age\": 25}")`, `["name","age"]`, ""}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				s, ok := str(a[0])
				if !ok {
					return value.Null
				}
				n, err := parseJSON(s)
				if err != nil || n.kind != jObj {
					return value.Null
				}
				b, _ := json.Marshal(n.keys)
				return value.Str(string(b))
			},
		},
		&FuncSpec{
			Name: "json_object", MinArgs: 0, MaxArgs: -1, Usage: "json_object(<key>, <value>, ...)", Returns: tStr,
			Doc: "Builds a JSON object from key and value pairs; numbers stay numbers, JSON text stays JSON.",
			Examples: []FuncExample{{`json_object("name", "maria", "age", 25)`, `{"name":"maria","age":25}`, ""},
				{`json_object("name", json_array("maria", "arun"))`, `{"name":["maria","arun"]}`, ""},
				{Setup: `gamelist=json_array("Pandemic", "Forbidden Island", "Castle Panic")`, Expr: `json_object("category", json_object("boardgames", json_object("cooperative", gamelist)))`,
					Want: `{"category":{"boardgames":{"cooperative":["Pandemic","Forbidden Island","Castle Panic"]}}}`}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				if len(a)%2 != 0 {
					return value.Null
				}
				parts := make([]string, 0, len(a)/2)
				for i := 0; i+1 < len(a); i += 2 {
					k, _ := json.Marshal(a[i].String())
					parts = append(parts, string(k)+":"+jsonOf(a[i+1]))
				}
				return value.Str("{" + strings.Join(parts, ",") + "}")
			},
		},
		&FuncSpec{
			Name: "json_array", MinArgs: 0, MaxArgs: -1, Usage: "json_array(<values>...)", Returns: tStr,
			Doc: "Builds a JSON array from the values.",
			Examples: []FuncExample{{`json_array("Buttercup", "Fluttershy", "Rarity")`, `["Buttercup","Fluttershy","Rarity"]`, ""}, {`json_array(1, "a", 2.5)`, `[1,"a",2.5]`, ""},
				{`json_array("dubois", json_object("name", "patel"))`, `["dubois",{"name":"patel"}]`, ""}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				parts := make([]string, len(a))
				for i, v := range a {
					parts[i] = jsonOf(v)
				}
				return value.Str("[" + strings.Join(parts, ",") + "]")
			},
		},
		&FuncSpec{
			Name: "json_array_to_mv", MinArgs: 1, MaxArgs: 2, Usage: "json_array_to_mv(<json_array>[, <keep_quotes>])",
			Doc: "Turns a JSON array into a multivalue field (strings without their quotes unless keep_quotes is true()).",
			Examples: []FuncExample{{`mvjoin(json_array_to_mv("[\"Buttercup\",\"Fluttershy\",\"Rarity\"]"), ",")`, "Buttercup,Fluttershy,Rarity", ""},
				{Setup: `ponies=json_array("Buttercup", "Fluttershy", "Rarity")`, Expr: `mvjoin(json_array_to_mv(ponies, true()), ",")`, Want: `"Buttercup","Fluttershy","Rarity"`}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				s, ok := str(a[0])
				if !ok {
					return value.Null
				}
				n, err := parseJSON(s)
				if err != nil || n.kind != jArr {
					return value.Null
				}
				keep := len(a) == 2 && a[1].Truth()
				out := make([]string, len(n.items))
				for i, it := range n.items {
					if keep {
						out[i] = it.raw
					} else {
						out[i] = it.text()
					}
				}
				return value.Strs(out...)
			},
		},
	)
}

// spathValues extracts a path from JSON or XML text (chosen by the first
// character); nothing when the text is not well-formed.
func spathValues(s, path string) []string {
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "<") {
		root, err := parseXML(t)
		if err != nil {
			return nil
		}
		return xmlPath(root, path)
	}
	root, err := parseJSON(t)
	if err != nil {
		return nil
	}
	var out []string
	for _, n := range jsonPath(root, path) {
		out = append(out, n.text())
	}
	return out
}

func jsonExtract(a []value.Value, exact bool) value.Value {
	s, ok := str(a[0])
	if !ok {
		return value.Null
	}
	root, err := parseJSON(s)
	if err != nil {
		return value.Null
	}
	if len(a) == 1 {
		return value.Str(root.raw)
	}
	// Several paths give a JSON array of what each matched, in order
	// ("Returns either a JSON array or a Splunk software native type
	// value"); a path matching nothing gives null there [UNCONFIRMED].
	several := len(a) > 2
	var out []value.Value
	var arr []string
	for _, p := range a[1:] {
		path, ok := str(p)
		if !ok {
			if several {
				arr = append(arr, "null")
			}
			continue
		}
		var nodes []*jnode
		if exact {
			if root.kind == jObj {
				if n := root.get(path); n != nil {
					nodes = []*jnode{n}
				}
			}
		} else {
			nodes = jsonPath(root, path)
		}
		if several && len(nodes) == 0 {
			arr = append(arr, "null")
		}
		for _, n := range nodes {
			out = append(out, jsonNative(n))
			arr = append(arr, n.raw)
		}
	}
	// One path matching several values ("{}.name") gives them as a JSON
	// array too: the page's json_extract(cities,"{}.name") is
	// ["London","Venice","San Francisco"].
	if several || len(out) > 1 {
		return value.Str("[" + strings.Join(arr, ",") + "]")
	}
	return value.Multi(out...)
}

// jsonNative is a matched JSON value as a Splunk value ("a Splunk
// software native type value"): a number is a number when it prints as
// written (4125, not 1.50), so json_append puts it back as a number (the
// foreach page's [4125,2538,3957]); anything else is its text.
func jsonNative(n *jnode) value.Value {
	if n.kind == jNum {
		if f, err := strconv.ParseFloat(n.raw, 64); err == nil && value.Num(f).String() == n.raw {
			return value.Num(f)
		}
	}
	return value.Str(n.text())
}

// jsonOf writes a value as JSON: numbers as numbers, text that is a JSON
// object or array as itself, other text as a string, multivalues as
// arrays, null as null.
func jsonOf(v value.Value) string {
	switch {
	case v.IsNull():
		return "null"
	case v.IsMulti():
		parts := make([]string, 0, v.Len())
		for _, e := range v.Values() {
			parts = append(parts, jsonOf(e))
		}
		return "[" + strings.Join(parts, ",") + "]"
	case v.Kind() == value.KindNumber:
		return v.String()
	case v.Kind() == value.KindBool:
		if v.Truth() {
			return "true"
		}
		return "false"
	}
	s := v.String()
	if t := strings.TrimSpace(s); strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
		if n, err := parseJSON(t); err == nil {
			return n.raw
		}
	}
	b, _ := json.Marshal(s)
	return string(b)
}
