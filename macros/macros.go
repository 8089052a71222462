// Package macros expands Splunk search macros the way a search head does
// before it parses a search: backtick calls are replaced by their
// definitions, arguments are substituted, and the result is rescanned until
// no call is left. It also keeps a map from the expanded text back to the
// search as written, so later errors can point at what the user typed.
//
// The rules follow the macros.conf spec and the search-macro chapters of the
// Knowledge Manager manual; see docs/SEMANTICS.md §1. Where those sources are
// silent the choice made here is documented next to the code.
package macros

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Macro is one search macro. Name and len(Args) together identify it:
// Splunk treats `[foo]` and `[foo(2)]` as unrelated macros.
type Macro struct {
	Name        string   // without "(N)"
	Args        []string // argument names in order; len(Args) is the arity
	Definition  string
	IsEval      bool
	Description string
	Origin      string // where defined: "macros/foo.yml", "path/macros.conf:12", "built-in"
	// Validation and ErrorMsg are loaded so that a Set round-trips what a
	// macros.conf says, but Expand does not evaluate them: validation is an
	// eval expression over the arguments, and spelunk runs detections whose
	// arguments are fixed field names that always pass their validation.
	Validation string
	ErrorMsg   string
}

// Stanza is the macro's macros.conf stanza name: "name" or "name(N)".
func (m Macro) Stanza() string {
	if len(m.Args) == 0 {
		return m.Name
	}
	return m.Name + "(" + strconv.Itoa(len(m.Args)) + ")"
}

// BuiltinOrigin is the Origin of the macros every NewSet starts with.
const BuiltinOrigin = "built-in"

// builtins are macros that ESCU detections call but security_content does
// not define, because Splunk_SA_CIM (a hard dependency of ESCU) ships them.
// Definitions are those of Splunk_SA_CIM/default/macros.conf (docs/SEMANTICS.md
// §1.2, [CIMMACROS]).
var builtins = []Macro{
	{
		Name:        "drop_dm_object_name",
		Args:        []string{"object"},
		Definition:  `rename "$object$.*" as *`,
		Description: "Removes the data model object prefix from field names (Splunk_SA_CIM; deprecated there)",
		Origin:      BuiltinOrigin,
	},
	{
		Name:        "add_dm_object_name",
		Args:        []string{"object"},
		Definition:  `rename * as "$object$.*"`,
		Description: "Adds a data model object prefix to field names (Splunk_SA_CIM)",
		Origin:      BuiltinOrigin,
	},
}

type key struct {
	name  string
	arity int
}

// Set is a collection of macros keyed by name and arity. Add and Load must
// not run concurrently with anything else; Expand and the lookups only read
// and may run in parallel.
type Set struct {
	m map[key]Macro
	// arities indexes m by name: every undefined _filter call needs to know
	// whether any overload exists.
	arities map[string][]int
}

// NewSet returns a Set holding the built-in CIM macros.
func NewSet() *Set {
	s := &Set{m: make(map[key]Macro), arities: make(map[string][]int)}
	for _, m := range builtins {
		s.Add(m)
	}
	return s
}

// Add stores m, replacing any macro with the same name and arity: files
// loaded later override earlier ones, as local/ overrides default/ in Splunk.
func (s *Set) Add(m Macro) {
	if s.m == nil { // a zero Set works, it just lacks the built-ins
		s.m, s.arities = make(map[key]Macro), make(map[string][]int)
	}
	m.Args = slices.Clone(m.Args)
	k := key{m.Name, len(m.Args)}
	if _, ok := s.m[k]; !ok {
		s.arities[m.Name] = append(s.arities[m.Name], k.arity)
		slices.Sort(s.arities[m.Name])
	}
	s.m[k] = m
}

// Lookup finds the macro called name that takes arity arguments.
func (s *Set) Lookup(name string, arity int) (Macro, bool) {
	m, ok := s.m[key{name, arity}]
	if ok {
		m.Args = slices.Clone(m.Args)
	}
	return m, ok
}

// All returns every macro sorted by name, then arity.
func (s *Set) All() []Macro {
	all := make([]Macro, 0, len(s.m))
	for _, m := range s.m {
		m.Args = slices.Clone(m.Args)
		all = append(all, m)
	}
	slices.SortFunc(all, func(a, b Macro) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(len(a.Args), len(b.Args)))
	})
	return all
}

// overloads returns the macros named name, by ascending arity.
func (s *Set) overloads(name string) []Macro {
	var ms []Macro
	for _, n := range s.arities[name] {
		ms = append(ms, s.m[key{name, n}])
	}
	return ms
}

func (s *Set) names() []string {
	return slices.Sorted(maps.Keys(s.arities))
}

// isNameByte reports whether c may appear in a macro name. The spec only
// promises alphanumerics, "_" and "-" for argument names and says nothing
// for stanza names; "." and ":" are accepted as well so that dotted or
// namespaced names reach the lookup (and its "did you mean") instead of
// failing as a syntax error.
func isNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '_' || c == '-' || c == '.' || c == ':'
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isNameByte(s[i]) {
			return false
		}
	}
	return true
}

// validArgName follows the macros.conf spec for args: alphanumerics, "_"
// and "-". Anything else could not be written as $name$ unambiguously.
func validArgName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
