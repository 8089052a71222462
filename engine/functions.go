package engine

import (
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/spelunk-dev/spelunk/engine/value"
	"github.com/spelunk-dev/spelunk/spl"
)

var utc = time.UTC

// FuncSpec declares one eval function: its arity, documentation, runnable
// examples and implementation. Each family lives in its own file
// (functions_text.go, functions_cond.go, ...) and registers in init.
type FuncSpec struct {
	Name string
	// MinArgs and MaxArgs bound the argument count; MaxArgs -1 means any.
	MinArgs, MaxArgs int
	// Usage is the call syntax, e.g. "substr(<str>, <start>[, <length>])".
	Usage string
	// Doc is a one-line description.
	Doc string
	// Examples run as tests and print in `spelunk help`.
	Examples []FuncExample
	// Eager computes the result from evaluated arguments.
	Eager func(rc *runCtx, args []value.Value) value.Value
	// Compile builds the evaluator itself, for functions that evaluate
	// their arguments lazily or specially (if, case, coalesce).
	Compile func(c *exprCompiler, n *spl.CallExpr) (evalFn, error)
}

// FuncExample is an expression and the value Splunk's documentation gives
// for it, as it prints in a result ("" for null).
type FuncExample struct {
	Expr string
	Want string
}

var functions = map[string]*FuncSpec{}

func registerFunc(s *FuncSpec) {
	if _, dup := functions[s.Name]; dup {
		panic("BUG: function registered twice: " + s.Name)
	}
	functions[s.Name] = s
}

// Functions lists the eval functions, sorted by name.
func Functions() []*FuncSpec {
	out := make([]*FuncSpec, 0, len(functions))
	for _, s := range functions {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// LookupFunction returns an eval function's spec.
func LookupFunction(name string) (*FuncSpec, bool) {
	s, ok := functions[strings.ToLower(name)]
	return s, ok
}

// FunctionNames lists the eval function names.
func FunctionNames() []string {
	out := make([]string, 0, len(functions))
	for k := range functions {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var likeCache sync.Map

// likeRegexp compiles a LIKE pattern: % is any run, _ one character, the
// rest literal.
func likeRegexp(p string) (*regexp.Regexp, error) {
	if re, ok := likeCache.Load(p); ok {
		return re.(*regexp.Regexp), nil
	}
	var b strings.Builder
	b.WriteString("(?s)^")
	for _, r := range p {
		switch r {
		case '%':
			b.WriteString(".*")
		case '_':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, err
	}
	likeCache.Store(p, re)
	return re, nil
}

// str returns the text of a single value and whether it is present.
func str(v value.Value) (string, bool) {
	if v.IsNull() {
		return "", false
	}
	return v.First().String(), true
}
