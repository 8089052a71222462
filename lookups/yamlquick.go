package lookups

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/spelunk-dev/spelunk/internal/flatyaml"
)

// parserKV reads a lookup declaration's settings with the YAML parser:
// each key lower-cased, each value as fmt prints what YAML made of it.
func parserKV(b []byte) (map[string]string, error) {
	var y map[string]any
	if err := yaml.Unmarshal(b, &y); err != nil {
		return nil, err
	}
	kv := map[string]string{}
	for k, v := range y {
		kv[strings.ToLower(k)] = strings.TrimSpace(fmt.Sprint(v))
	}
	return kv, nil
}

// quickKV reads the plainest declarations, nearly all of
// security_content's, as parserKV does without a YAML parser (flatyaml):
// lower-case keys holding quoted scalars, plain strings, plain decimal
// integers or true and false, which fmt prints as written. ok is false
// for anything else (parserKV reads it); FuzzQuickKV checks that what it
// accepts, parserKV reads the same way.
func quickKV(b []byte) (map[string]string, bool) {
	pairs, ok := flatyaml.Read(b, lowerKey)
	if !ok {
		return nil, false
	}
	kv := make(map[string]string, len(pairs))
	for _, p := range pairs {
		v := p.Value
		if v.IsList || !v.Quoted && !flatyaml.PlainString(v.Text) && !decimal(v.Text) && v.Text != "true" && v.Text != "false" {
			return nil, false
		}
		kv[p.Key] = strings.TrimSpace(v.Text)
	}
	return kv, true
}

// lowerKey accepts keys of lower-case letters, digits and _ that YAML
// reads as strings.
func lowerKey(k string) bool {
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !('a' <= c && c <= 'z' || c == '_' || i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return flatyaml.PlainString(k)
}

// decimal reports whether s is a plain decimal integer YAML reads as an
// int that fmt prints back as s: no sign, no leading zero, nine digits
// at most.
func decimal(s string) bool {
	if s == "" || len(s) > 9 || s[0] == '0' && len(s) > 1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
