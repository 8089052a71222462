package engine

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spelunk-dev/spelunk/value"
)

// JSON functions that build a new document from an old one: json,
// json_set, json_set_exact, json_delete, json_append, json_extend,
// json_entries, json_has_key_exact.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/10.0/evaluation-functions/json-functions
//
// A rebuilt document prints compact, the way json_object prints: no
// blanks, and numbers in Splunk's form (1.00 prints as 1; the toarray
// example in the Conversion functions page shows that rewrite). The input
// is never changed: each call parses its own copy.

const (
	// jsonPonies and jsonGames are the documents of the Search Reference's
	// json_append and json_set examples.
	jsonPonies = `ponies=json_object("ponylist", json_array("Minty", "Rarity", "Buttercup"))`
	jsonGames  = `games=json_object("category", json_object("boardgames", json_object("cooperative", json_array(json_object("name", "Pandemic"), json_object("name", "Forbidden Island"), json_object("name", "Castle Panic")))))`
)

func init() {
	registerIn("JSON",
		&FuncSpec{
			Name: "json", MinArgs: 1, MaxArgs: 1, Usage: "json(<value>)",
			Doc: "The value itself when it is well-formed JSON (an object, array, quoted string, number, true, false or null); null otherwise.",
			Examples: []FuncExample{
				{Setup: `animals=json_object("animal", "pony")`, Expr: `json(animals)`, Want: `{"animal":"pony"}`},
				{Expr: `json("Golden Gate Bridge")`, Want: ""},
			},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				s, ok := str(a[0])
				if !ok {
					return value.Null
				}
				if _, err := parseJSON(s); err != nil {
					return value.Null
				}
				return a[0]
			},
		},
		&FuncSpec{
			Name: "json_set", MinArgs: 3, MaxArgs: -1, Usage: "json_set(<json>, <path>, <value>[, <path>, <value>]...)", Returns: tStr,
			Doc: "Sets the values at spath-style paths (left to right), creating missing keys on the way; a path that does not fit the document (a key under a string) is skipped.",
			Examples: []FuncExample{
				{Setup: jsonGames, Expr: `json_set(games, "category.boardgames.cooperative{2}", json_object("name", "Sherlock Holmes: Consulting Detective"))`,
					Want: `{"category":{"boardgames":{"cooperative":[{"name":"Pandemic"},{"name":"Forbidden Island"},{"name":"Sherlock Holmes: Consulting Detective"}]}}}`},
				{Setup: jsonGames, Expr: `json_set(games, "category.boardgames.competitive", json_array(json_object("name", "Settlers of Catan"), json_object("name", "Terraforming Mars"), json_object("name", "Ticket to Ride")))`,
					Want: `{"category":{"boardgames":{"cooperative":[{"name":"Pandemic"},{"name":"Forbidden Island"},{"name":"Castle Panic"}],"competitive":[{"name":"Settlers of Catan"},{"name":"Terraforming Mars"},{"name":"Ticket to Ride"}]}}}`},
				{Setup: jsonGames, Expr: `json_set(games, "category.boardgames.cooperative{}.available", true(), "category.boardgames.cooperative{0}.available", false())`,
					Want: `{"category":{"boardgames":{"cooperative":[{"name":"Pandemic","available":false},{"name":"Forbidden Island","available":true},{"name":"Castle Panic","available":true}]}}}`},
				{Expr: `json_set(json_object(), "system.splunk.path", "/opt/splunk")`, Want: `{"system":{"splunk":{"path":"/opt/splunk"}}}`},
				{Expr: `json_set("{\"a\": \"b\"}", "a.c", "d")`, Want: `{"a":"b"}`},
			},
			Eager: func(_ *runCtx, a []value.Value) value.Value { return jsonEdit(a, jsonSetPair(true)) },
		},
		&FuncSpec{
			Name: "json_set_exact", MinArgs: 3, MaxArgs: -1, Usage: "json_set_exact(<json>, <key>, <value>[, <key>, <value>]...)", Returns: tStr,
			Doc:      "Like json_set, but each key is a literal top-level key (dots and braces included), not a path.",
			Examples: []FuncExample{{Setup: `my_object=json_object()`, Expr: `json_set_exact(my_object, "system.splunk.path", "/opt/splunk")`, Want: `{"system.splunk.path":"/opt/splunk"}`}},
			Eager:    func(_ *runCtx, a []value.Value) value.Value { return jsonEdit(a, jsonSetPair(false)) },
		},
		&FuncSpec{
			Name: "json_append", MinArgs: 3, MaxArgs: -1, Usage: "json_append(<json>, <path>, <value>[, <path>, <value>]...)", Returns: tStr,
			Doc: "Appends each value to the array at its path (an array value as one element); a scalar or object there is first wrapped in an array; paths that select nothing are ignored.",
			Examples: []FuncExample{
				{Setup: jsonPonies, Expr: `json_append(ponies, "ponylist", "Fluttershy")`, Want: `{"ponylist":["Minty","Rarity","Buttercup","Fluttershy"]}`},
				{Setup: `ponyDetails=json_object("Fluttershy", json_object("ponySkills", json_array("running", "jumping")))`, Expr: `json_append(ponyDetails, "Fluttershy.ponySkills", "codebreaking")`,
					Want: `{"Fluttershy":{"ponySkills":["running","jumping","codebreaking"]}}`},
				{Setup: `j="{\"a\": [\"a\", \"b\", \"c\"]}"`, Expr: `json_append(j, "a", json_array("d", "e", "f"))`, Want: `{"a":["a","b","c",["d","e","f"]]}`},
			},
			Eager: func(_ *runCtx, a []value.Value) value.Value { return jsonEdit(a, jsonAppendPair(false)) },
		},
		&FuncSpec{
			Name: "json_extend", MinArgs: 3, MaxArgs: -1, Usage: "json_extend(<json>, <path>, <array>[, <path>, <array>]...)", Returns: tStr,
			Doc: "Like json_append, but each value must be an array and its elements are appended one by one.",
			Examples: []FuncExample{
				{Setup: `fakeBandsInMovies=json_object("fakeMovieBandList", json_array("The Blues Brothers", "Spinal Tap", "Wyld Stallyns"))`,
					Expr: `json_extend(fakeBandsInMovies, "fakeMovieBandList", json_array("The Soggy Bottom Boys", "The Weird Sisters", "The Barden Bellas"))`,
					Want: `{"fakeMovieBandList":["The Blues Brothers","Spinal Tap","Wyld Stallyns","The Soggy Bottom Boys","The Weird Sisters","The Barden Bellas"]}`},
				{Setup: `dndChars=json_object("characterClasses", json_array("wizard", "rogue", "barbarian")), array2=json_array(json_object("artifact", "deck of many things"))`,
					Expr: `json_extend(dndChars, "characterClasses", array2)`, Want: `{"characterClasses":["wizard","rogue","barbarian",{"artifact":"deck of many things"}]}`},
			},
			Eager: func(_ *runCtx, a []value.Value) value.Value { return jsonEdit(a, jsonAppendPair(true)) },
		},
		&FuncSpec{
			Name: "json_delete", MinArgs: 2, MaxArgs: -1, Usage: "json_delete(<object>, <keys>...)", Returns: tStr,
			Doc: "Removes keys (dotted for nested objects; no array indexes) from a JSON object; the keys can also come as one JSON array.",
			Examples: []FuncExample{
				{Setup: `object="{\"name\":\"Wei Zhang\", \"SSN\":\"123-45-6789\", \"city\":\"Seattle\", \"accounts\":[\"Hagal Quartz\", \"Caladan Water\", \"Arrakis Spices\"]}"`,
					Expr: `json_delete(object, "SSN", "accounts")`, Want: `{"name":"Wei Zhang","city":"Seattle"}`},
				{Setup: `employee="{\"name\":\"Celestino Paulo\", \"company\":\"Isthmus Pastimes\", \"addresses\": {\"email\":\"celestino@sample.com\", \"office\":\"edificio 890 Avenida Demetrio Panama City Panama\"}}"`,
					Expr: `json_delete(employee, "addresses.email")`, Want: `{"name":"Celestino Paulo","company":"Isthmus Pastimes","addresses":{"office":"edificio 890 Avenida Demetrio Panama City Panama"}}`},
				{Setup: `object="{\"name\":\"Wei Zhang\", \"SSN\":\"123-45-6789\", \"city\":\"Seattle\"}"`, Expr: `json_delete(object, json_array("SSN", "city"))`, Want: `{"name":"Wei Zhang"}`},
			},
			Eager: jsonDelete,
		},
		&FuncSpec{
			Name: "json_entries", MinArgs: 1, MaxArgs: 1, Usage: "json_entries(<value>)", Returns: tStr,
			Doc: `The top-level members of a JSON object as a JSON array of {"key":..., "value":...} objects.`,
			Examples: []FuncExample{
				{Expr: `json_entries("{\"a\": 1, \"b\": 2}")`, Want: `[{"key":"a","value":1},{"key":"b","value":2}]`},
				{Setup: `employee_record="{\"name\":\"maria\",\"age\":25,\"status\":\"full-time\"}"`, Expr: `json_entries(employee_record)`,
					Want: `[{"key":"name","value":"maria"},{"key":"age","value":25},{"key":"status","value":"full-time"}]`},
			},
			Eager: jsonEntries,
		},
		&FuncSpec{
			Name: "json_has_key_exact", MinArgs: 2, MaxArgs: 2, Usage: "json_has_key_exact(<object>, <key>)", Returns: tBool,
			Doc: "True when the JSON object has the literal top-level key (a dot is part of the key, not a path).",
			Examples: []FuncExample{
				{Expr: `if(json_has_key_exact(json_object("name", "charlie"), "name"), "has key", "doesn't have key")`, Want: "has key"},
				{Expr: `if(json_has_key_exact("{\"charlie.garcia\":10}", "charlie.garcia"), "has key", "doesn't have key")`, Want: "has key"},
				{Setup: `employee_record="{\"name\":\"charlie\",\"age\":21,\"region\":\"US\"}"`, Expr: `if(json_has_key_exact(employee_record, "status"), "has key", "doesn't have key")`, Want: "doesn't have key"},
			},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				k, ok := str(a[1])
				if a[0].IsNull() || !ok {
					return value.Null
				}
				root := jsonArg(a[0])
				return value.Bool(root != nil && root.kind == jObj && root.get(k) != nil)
			},
		},
	)
}

func jsonEntries(_ *runCtx, a []value.Value) value.Value {
	root := jsonArg(a[0])
	if root == nil || root.kind != jObj {
		return value.Null
	}
	var b strings.Builder
	b.WriteByte('[')
	for i, k := range root.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"key":`)
		writeJSONString(&b, k)
		b.WriteString(`,"value":`)
		jsonWrite(&b, root.vals[i])
		b.WriteByte('}')
	}
	b.WriteByte(']')
	return value.Str(b.String())
}

// jsonArg parses a function's JSON argument; nil when it is null or not
// well-formed.
func jsonArg(v value.Value) *jnode {
	s, ok := str(v)
	if !ok {
		return nil
	}
	n, err := parseJSON(s)
	if err != nil {
		return nil
	}
	return n
}

// jsonValue is a value as the JSON node it is written as (see jsonOf).
func jsonValue(v value.Value) *jnode {
	n, err := parseJSON(jsonOf(v))
	if err != nil {
		panic("BUG: jsonOf wrote bad JSON for " + v.GoString())
	}
	return n
}

// jsonEdit applies path-value pairs left to right to a JSON document;
// pair returns the updated root, or ok false to skip the pair. A
// document that is not well-formed gives null.
func jsonEdit(a []value.Value, pair func(root *jnode, path string, v value.Value) (*jnode, bool)) value.Value {
	root := jsonArg(a[0])
	if root == nil {
		return value.Null
	}
	for i := 1; i+1 < len(a); i += 2 {
		p, ok := str(a[i])
		if !ok {
			continue
		}
		if r, ok := pair(root, p, a[i+1]); ok {
			root = r
		}
	}
	var b strings.Builder
	jsonWrite(&b, root)
	return value.Str(b.String())
}

func jsonSetPair(paths bool) func(*jnode, string, value.Value) (*jnode, bool) {
	return func(root *jnode, p string, v value.Value) (*jnode, bool) {
		keys := []jkey{{name: p}}
		if paths {
			keys = jsonKeys(p)
		} else if root.kind != jObj {
			return root, false
		}
		return updateIn(root, keys, true, func(*jnode) (*jnode, bool) { return jsonValue(v), true })
	}
}

func jsonAppendPair(extend bool) func(*jnode, string, value.Value) (*jnode, bool) {
	return func(root *jnode, p string, v value.Value) (*jnode, bool) {
		add := []*jnode{jsonValue(v)}
		if extend {
			if add[0].kind != jArr {
				return root, false
			}
			add = add[0].items
		}
		return updateIn(root, jsonKeys(p), false, func(old *jnode) (*jnode, bool) {
			if old == nil {
				return nil, false
			}
			if old.kind != jArr {
				old = &jnode{kind: jArr, items: []*jnode{old}}
			}
			old.items = append(old.items, add...)
			return old, true
		})
	}
}

func jsonDelete(_ *runCtx, a []value.Value) value.Value {
	root := jsonArg(a[0])
	if root == nil || root.kind != jObj {
		return value.Null
	}
	for _, k := range a[1:] {
		for _, e := range k.Values() {
			s := e.String()
			if n, err := parseJSON(s); err == nil && n.kind == jArr {
				for _, it := range n.items {
					if it.kind == jStr {
						deleteKey(root, strings.Split(it.str, "."))
					}
				}
				continue
			}
			deleteKey(root, strings.Split(s, "."))
		}
	}
	var b strings.Builder
	jsonWrite(&b, root)
	return value.Str(b.String())
}

// deleteKey removes a nested key from an object, if it is there.
func deleteKey(n *jnode, names []string) {
	for _, name := range names[:len(names)-1] {
		if n = n.get(name); n == nil || n.kind != jObj {
			return
		}
	}
	last := names[len(names)-1]
	for i, k := range n.keys {
		if k == last {
			n.keys = append(n.keys[:i:i], n.keys[i+1:]...)
			n.vals = append(n.vals[:i:i], n.vals[i+1:]...)
			return
		}
	}
}

// jkey is one step into a JSON document: an object key, or an array
// selector (sel; name "" is every element, else a 0-based index that
// counts from the end when negative).
type jkey struct {
	name string
	sel  bool
}

// jsonKeys reads an spath-style path ("a.b{0}.c", "list{}") as steps.
func jsonKeys(path string) []jkey {
	var keys []jkey
	for _, st := range parsePath(path) {
		if st.name != "" {
			keys = append(keys, jkey{name: st.name})
		}
		for _, s := range st.sels {
			keys = append(keys, jkey{name: s, sel: true})
		}
	}
	return keys
}

// updateIn replaces the node(s) at keys under n with what f makes of
// them, and returns n's replacement. With create, missing object keys on
// the way are made (as empty objects) and f sees nil at a missing leaf;
// without, a missing key fails. Nothing changes unless ok.
func updateIn(n *jnode, keys []jkey, create bool, f func(old *jnode) (*jnode, bool)) (*jnode, bool) {
	if len(keys) == 0 {
		return f(n)
	}
	k := keys[0]
	if !k.sel {
		if n == nil && create {
			n = &jnode{kind: jObj}
		}
		if n == nil || n.kind != jObj {
			return n, false
		}
		nc, ok := updateIn(n.get(k.name), keys[1:], create, f)
		if ok {
			n.put(k.name, nc)
		}
		return n, ok
	}
	if n == nil || n.kind != jArr {
		return n, false
	}
	if k.name == "" {
		any := false
		for i, it := range n.items {
			if nc, ok := updateIn(it, keys[1:], create, f); ok {
				n.items[i], any = nc, true
			}
		}
		return n, any
	}
	i, err := strconv.Atoi(k.name)
	if err != nil {
		return n, false
	}
	if i < 0 {
		i += len(n.items)
	}
	if i < 0 || i >= len(n.items) {
		return n, false
	}
	nc, ok := updateIn(n.items[i], keys[1:], create, f)
	if ok {
		n.items[i] = nc
	}
	return n, ok
}

// put sets an object member, in place when the key exists, else last.
func (n *jnode) put(key string, v *jnode) {
	for i, k := range n.keys {
		if k == key {
			n.vals[i] = v
			return
		}
	}
	n.keys, n.vals = append(n.keys, key), append(n.vals, v)
}

// jsonWrite writes a node as compact JSON.
func jsonWrite(b *strings.Builder, n *jnode) {
	switch n.kind {
	case jObj:
		b.WriteByte('{')
		for i, k := range n.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, k)
			b.WriteByte(':')
			jsonWrite(b, n.vals[i])
		}
		b.WriteByte('}')
	case jArr:
		b.WriteByte('[')
		for i, it := range n.items {
			if i > 0 {
				b.WriteByte(',')
			}
			jsonWrite(b, it)
		}
		b.WriteByte(']')
	case jStr:
		writeJSONString(b, n.str)
	case jNum:
		b.WriteString(jsonNum(n.raw))
	default:
		b.WriteString(n.raw)
	}
}

// jsonNum prints a JSON number in Splunk's form: integers as written,
// others through the number's value (1.00 is 1, 1.50 is 1.5).
func jsonNum(raw string) string {
	if !strings.ContainsAny(raw, ".eE") {
		return raw
	}
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.Abs(f) >= 1e21 || (f != 0 && math.Abs(f) < 1e-6) {
		return raw
	}
	return value.FormatNumber(f)
}

// writeJSONString quotes a string for JSON, escaping only what JSON
// requires (encoding/json would also escape <, > and &).
func writeJSONString(b *strings.Builder, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
		case c < utf8.RuneSelf:
			b.WriteByte(c)
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b.WriteString(`\ufffd`)
			} else {
				b.WriteString(s[i : i+size])
			}
			i += size
			continue
		}
		i++
	}
	b.WriteByte('"')
}
