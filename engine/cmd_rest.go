package engine

import (
	"bytes"
	"encoding/json"
	"os"
	"sort"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// rest returns the entries of a REST endpoint, one result per entry.
// Offline there is no server: the response is a recorded one, the JSON
// Splunk's REST API gives with output_mode=json ({"entry": [{"name",
// "id", "updated", "author", "acl": {...}, "content": {...}}, ...]}),
// stored in the --rest-fixtures folder under the endpoint's path with
// ".json" added: /services/server/info is services/server/info.json, and
// /servicesNS/-/-/saved/searches is servicesNS/-/-/saved/searches.json
// (a query string is dropped). The path may not leave the folder.
//
// Each row holds splunk_server ("local" [offline choice: there is no
// server name]), title (the entry's name), id, updated, author, the
// acl's keys as eai:acl.<key>, then the content's fields by name, as
// Splunk's rest command returns them: nested objects flattened with
// "." between names, arrays as multivalue fields, true and false as 1
// and 0 [UNCONFIRMED: the page shows no JSON types; Splunk's tables show
// Booleans as 1 and 0], null left out. count=N keeps the first N entries
// (0: all). Get arguments are not applied to a recorded response: a
// notice says so. Without --rest-fixtures, rest fails: there is no live
// Splunk.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/rest
func init() {
	registerGen("rest", func(rc *runCtx, cmd spl.Command, next stage) (generator, error) {
		c := cmd.(*spl.RestCommand)
		if rc.folders.RestFixtures == "" {
			return nil, errAt(c, "command %q is not supported yet: %sit queries a live Splunk server's REST API and there is no server; give --rest-fixtures DIR, a folder of recorded responses (%s), or save the endpoint's output as CSV and read it with inputlookup", "rest", offline, restFixtureName(c.Endpoint))
		}
		p, err := confinedPath(rc.folders.RestFixtures, restFixtureName(c.Endpoint), true)
		if err != nil {
			return nil, errAt(c, "rest %s: %v", c.Endpoint, err)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, errAt(c, "rest %s: no recorded response: %v", c.Endpoint, err)
		}
		rows, err := restRows(b)
		if err != nil {
			return nil, errAt(c, "rest %s: %s: %v", c.Endpoint, restFixtureName(c.Endpoint), err)
		}
		if c.Count > 0 && len(rows) > c.Count {
			rows = rows[:c.Count]
		}
		if len(c.GetArgs) > 0 {
			rc.warn("rest %s: the recorded response is returned as it is; get arguments (%s) are not applied to it", c.Endpoint, c.GetArgs[0].String())
		}
		return genFunc(func() error { return emitAll(next, rows) }), nil
	})
}

// restFixtureName is the file of an endpoint's recorded response,
// relative to the fixtures folder.
func restFixtureName(endpoint string) string {
	endpoint, _, _ = strings.Cut(endpoint, "?")
	return strings.Trim(endpoint, "/") + ".json"
}

// genFunc is a generator made of a function.
type genFunc func() error

func (g genFunc) generate() error { return g() }

type restEntry struct {
	Name    string                     `json:"name"`
	ID      string                     `json:"id"`
	Updated string                     `json:"updated"`
	Author  string                     `json:"author"`
	ACL     map[string]json.RawMessage `json:"acl"`
	Content json.RawMessage            `json:"content"`
}

// restRows turns a REST response into rows, one per entry.
func restRows(b []byte) ([]value.Fields, error) {
	var resp struct {
		Entry *[]restEntry `json:"entry"`
	}
	if err := json.Unmarshal(b, &resp); err != nil {
		return nil, err
	}
	if resp.Entry == nil {
		return nil, errNoEntry
	}
	var rows []value.Fields
	for _, e := range *resp.Entry {
		r := value.Fields{{Name: "splunk_server", Value: value.Str("local")}}
		for _, kv := range [][2]string{{"title", e.Name}, {"id", e.ID}, {"updated", e.Updated}, {"author", e.Author}} {
			if kv[1] != "" {
				r.Set(kv[0], value.Str(kv[1]))
			}
		}
		keys := make([]string, 0, len(e.ACL))
		for k := range e.ACL {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			flattenJSON(&r, "eai:acl."+k, e.ACL[k])
		}
		if len(e.Content) > 0 {
			if err := flattenObject(&r, "", e.Content); err != nil {
				return nil, err
			}
		}
		rows = append(rows, r)
	}
	return rows, nil
}

type restError string

func (e restError) Error() string { return string(e) }

const errNoEntry = restError(`not a REST response: no "entry" list (the JSON of output_mode=json)`)

// flattenObject adds an object's keys in the order written, prefixed.
func flattenObject(r *value.Fields, prefix string, raw json.RawMessage) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return restError("content is not an object")
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return err
		}
		flattenJSON(r, prefix+t.(string), v)
	}
	return nil
}

// flattenJSON adds one JSON value as the field name.
func flattenJSON(r *value.Fields, name string, raw json.RawMessage) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return
	}
	switch raw[0] {
	case '{':
		_ = flattenObject(r, name+".", raw)
	case '[':
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return
		}
		var vals []value.Value
		for _, it := range items {
			if s, ok := jsonScalar(it); ok {
				vals = append(vals, value.Str(s))
			} else if len(bytes.TrimSpace(it)) > 0 && !bytes.Equal(bytes.TrimSpace(it), []byte("null")) {
				vals = append(vals, value.Str(string(bytes.TrimSpace(it))))
			}
		}
		if len(vals) > 0 {
			r.Set(name, value.Multi(vals...))
		}
	default:
		if s, ok := jsonScalar(raw); ok {
			r.Set(name, value.Str(s))
		}
	}
}

// jsonScalar is a JSON string, number or Boolean as text (true and false
// as 1 and 0); false for null, objects and arrays.
func jsonScalar(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || raw[0] == '{' || raw[0] == '[' || string(raw) == "null":
		return "", false
	case raw[0] == '"':
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return "", false
		}
		return s, true
	case string(raw) == "true":
		return "1", true
	case string(raw) == "false":
		return "0", true
	}
	return string(raw), true
}
