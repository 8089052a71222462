package engine

import (
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
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
	// Category groups functions in `spelunk help functions`, as Splunk's
	// "Evaluation functions" reference does.
	Category string
	// Examples run as tests and print in `spelunk help`.
	Examples []FuncExample
	// Returns is the static type of the result (tAny when it depends on
	// the arguments); NumArgs makes a string or Boolean literal argument a
	// type error, as Splunk's type check does for sum(1, 2, "3").
	Returns etype
	NumArgs bool
	// Eager computes the result from evaluated arguments.
	Eager func(rc *runCtx, args []value.Value) value.Value
	// Compile builds the evaluator itself, for functions that evaluate
	// their arguments lazily or specially (if, case, coalesce).
	Compile func(c *exprCompiler, n *spl.CallExpr) (evalFn, error)
}

// FuncExample is an expression and the value Splunk's documentation gives
// for it, as it prints in a result ("" for null; multivalue results print
// their values joined by newlines). Setup, when set, is an eval
// assignment list that runs first, to build the fields the documented
// example reads: `| makeresults | eval <Setup> | eval x=<Expr>`.
type FuncExample struct {
	Expr  string
	Want  string
	Setup string
}

var functions = map[string]*FuncSpec{}

func registerFunc(s *FuncSpec) {
	if _, dup := functions[s.Name]; dup {
		panic("BUG: function registered twice: " + s.Name)
	}
	if (s.Eager == nil) == (s.Compile == nil) {
		panic("BUG: function needs exactly one of Eager and Compile: " + s.Name)
	}
	functions[s.Name] = s
}

// registerIn registers functions of one category.
func registerIn(category string, specs ...*FuncSpec) {
	for _, s := range specs {
		s.Category = category
		registerFunc(s)
	}
}

// Categories lists the function categories in the order help shows them.
var Categories = []string{
	"Bitwise", "Comparison and conditional", "Conversion", "Cryptographic", "Date and time",
	"Informational", "JSON", "Mathematical", "Multivalue", "Statistical", "Text", "Trigonometry and hyperbolic",
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
