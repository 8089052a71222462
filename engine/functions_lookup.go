package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/lookups"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// The lookup() eval function: a CSV lookup whose inputs come as a JSON
// object (table field to the value to match) and whose outputs are named
// by a JSON array; it returns the output fields as a JSON object, a field
// with several matching rows as an array. The table is a --lookups file
// or definition, read through the same registry as the lookup command, so
// a definition's rules (case sensitivity, max_matches, default_match)
// apply, as the page says they do.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/10.0/evaluation-functions/comparison-and-conditional-functions
//
// With no matching row (and no default_match) the result is null, so the
// assigned field stays unset, as with the lookup command [UNCONFIRMED:
// the page does not say].

func init() {
	registerIn("Comparison and conditional",
		&FuncSpec{
			Name: "lookup", MinArgs: 3, MaxArgs: 3, Usage: `lookup("<lookup_table>", json_object("<input_field>", <match_field>, ...), json_array("<output_field>", ...))`, Returns: tStr,
			Doc: "A CSV lookup in an expression: the output fields of the rows whose input fields match, as a JSON object (several rows give arrays); null when no row matches.",
			Examples: []FuncExample{
				{Setup: `type="Successful"`, Expr: `lookup("http_status.csv", json_object("status_type", type), json_array("status_description"))`,
					Want: `{"status_description":["OK","Created","Accepted","Non-Authoritative Information","No Content","Reset Content","Partial Content"]}`},
				{Setup: `type="Successful", status="200"`, Expr: `lookup("http_status.csv", json_object("status_type", type, "status", status), json_array("status_description"))`,
					Want: `{"status_description":"OK"}`},
				{Setup: `status="201"`, Expr: `"JSON:".lookup("http_status.csv", json_object("status", status), json_array("status_description", "status_type"))`,
					Want: `JSON:{"status_description":"Created","status_type":"Successful"}`},
				{Setup: `status="201"`, Expr: `json_extract(lookup("http_status.csv", json_object("status", status), json_array("status_description")), "status_description")`,
					Want: "Created"},
				{Setup: `status="999"`, Expr: `lookup("http_status.csv", json_object("status", status), json_array("status_description"))`, Want: ""},
			},
			Compile: compileLookupFunc,
		},
	)
}

func compileLookupFunc(c *exprCompiler, n *spl.CallExpr) (evalFn, error) {
	args, _, err := c.compileAllT(n.Args)
	if err != nil {
		return nil, err
	}
	// A literal table name is resolved once, so a missing table or field is
	// an error at its position rather than a column of nulls.
	var fixed *lookups.Table
	if lit, ok := n.Args[0].(*spl.StringLit); ok {
		t, err := c.rc.lookupTable(lit, "lookup()", lit.Value)
		if err != nil {
			return nil, err
		}
		if err := checkLookupFields(t, lit.Value, n); err != nil {
			return nil, err
		}
		fixed = t
	}
	rc := c.rc
	return func(r value.Fields) value.Value {
		t := fixed
		if t == nil {
			name, ok := str(args[0](r))
			if !ok || rc.lookups == nil {
				return value.Null
			}
			var err error
			if t, err = rc.lookups.Table(name); err != nil {
				return value.Null
			}
		}
		return lookupJSON(t, args[1](r), args[2](r))
	}, nil
}

// checkLookupFields checks the field names written as literals in the
// json_object and json_array arguments against the table's header.
func checkLookupFields(t *lookups.Table, table string, n *spl.CallExpr) error {
	check := func(call spl.Expr, fn string, step int) error {
		ce, ok := call.(*spl.CallExpr)
		if !ok || !strings.EqualFold(ce.Name, fn) {
			return nil
		}
		for i := 0; i < len(ce.Args); i += step {
			if lit, ok := ce.Args[i].(*spl.StringLit); ok && t.Column(lit.Value) < 0 {
				return noLookupField(lit, table, lit.Value, t.Fields)
			}
		}
		return nil
	}
	if err := check(n.Args[1], "json_object", 2); err != nil {
		return err
	}
	return check(n.Args[2], "json_array", 1)
}

// lookupJSON runs one lookup() call: in is the JSON object of inputs, out
// the JSON array of output fields (or one field name; an empty array
// means every field not matched on, as the lookup command without OUTPUT).
func lookupJSON(t *lookups.Table, in, out value.Value) value.Value {
	obj := jsonArg(in)
	if obj == nil || obj.kind != jObj {
		return value.Null
	}
	ins := make([]lookups.Input, len(obj.keys))
	matched := map[string]bool{}
	for i, k := range obj.keys {
		ins[i] = lookups.Input{Field: k, Values: jsonTexts(obj.vals[i])}
		matched[k] = true
	}
	var names []string
	if arr := jsonArg(out); arr != nil && arr.kind == jArr {
		names = jsonTexts(arr)
		if len(arr.items) == 0 {
			for _, f := range t.Fields {
				if !matched[f] {
					names = append(names, f)
				}
			}
		}
	} else if s, ok := str(out); ok {
		names = []string{s}
	}
	matches, err := t.Match(ins)
	if err != nil {
		return value.Null
	}
	ru := t.Rules
	pad := 0
	if ru.HasDefault && len(matches) < ru.MinMatches {
		pad = ru.MinMatches - len(matches)
	}
	if len(matches)+pad == 0 {
		return value.Null
	}
	var b strings.Builder
	b.WriteByte('{')
	first := true
	for _, name := range names {
		col := t.Column(name)
		if col < 0 {
			continue
		}
		var vals []string
		for _, m := range matches {
			if v := t.Rows[m][col]; v != "" {
				vals = append(vals, v)
			}
		}
		for i := 0; i < pad; i++ {
			vals = append(vals, ru.DefaultMatch)
		}
		if len(vals) == 0 {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		writeJSONString(&b, name)
		b.WriteByte(':')
		if len(vals) == 1 {
			writeJSONString(&b, vals[0])
			continue
		}
		b.WriteByte('[')
		for i, v := range vals {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(&b, v)
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
	return value.Str(b.String())
}

// jsonTexts is a JSON value as lookup values: an array's elements, a
// scalar's text, nothing for null.
func jsonTexts(n *jnode) []string {
	switch n.kind {
	case jNull:
		return nil
	case jArr:
		var out []string
		for _, it := range n.items {
			if it.kind != jNull {
				out = append(out, it.text())
			}
		}
		return out
	}
	return []string{n.text()}
}
