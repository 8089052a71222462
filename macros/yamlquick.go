package macros

import "github.com/spelunk-dev/spelunk/internal/flatyaml"

// quickYAML reads the plainest macro files, which are nearly all of
// security_content's, without a YAML parser (flatyaml): a mapping of the
// macro format's keys holding plain or quoted scalars, or for arguments a
// list of names. ok is false for anything else, or a value YAML could
// resolve as something other than what the field takes, which the YAML
// parser then reads; FuzzQuickYAML checks that what it accepts, it reads
// as the parser does.
func quickYAML(data []byte) (y yamlMacro, ok bool) {
	pairs, ok := flatyaml.Read(data, func(k string) bool {
		switch k {
		case "name", "definition", "arguments", "description", "iseval", "validation", "errormsg":
			return true
		}
		return false
	})
	if !ok {
		return yamlMacro{}, false
	}
	for _, p := range pairs {
		if !quickSet(&y, p.Key, p.Value) {
			return yamlMacro{}, false
		}
	}
	return y, true
}

// quickSet stores a key's value.
func quickSet(y *yamlMacro, key string, v flatyaml.Value) bool {
	if v.IsList {
		if key != "arguments" {
			return false
		}
		for _, a := range v.List {
			if !validArgName(a) {
				return false
			}
		}
		y.Arguments = v.List
		return true
	}
	if key == "iseval" {
		if v.Quoted || v.Text != "true" && v.Text != "false" {
			return false
		}
		y.IsEval = v.Text == "true"
		return true
	}
	if !v.Quoted && !flatyaml.PlainString(v.Text) {
		return false
	}
	s := v.Text
	switch key {
	case "name":
		y.Name = s
	case "definition":
		y.Definition = &s
	case "arguments":
		y.Arguments = splitNames(s)
	case "description":
		y.Description = s
	case "validation":
		y.Validation = s
	case "errormsg":
		y.ErrorMsg = s
	}
	return true
}
