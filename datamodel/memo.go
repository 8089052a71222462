package datamodel

import (
	"strings"
	"unsafe"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// Knowledge is applied to every event, and the add-ons' calculated fields
// mostly read one field with few distinct values (Image, ParentImage) and
// run regular expressions on it: the same replace() over 200,000 events
// of 15 images. A memo remembers a pure computation's result per distinct
// input, so the expensive part runs once per value.
//
// Exactness rests on three things. The computation must depend on nothing
// but the values of the fields it names: only the functions listed in
// memoFuncs, which are functions of their arguments (now(), random(),
// searchmatch() and the like are not). The key must tell apart every input
// the computation could tell apart: a field absent, present and null, and
// each string, are distinct keys; any other kind of input (a number, whose
// precision the key would have to carry, or a multivalue) is not memoized
// but computed. And the remembered result must not be changed by its
// users: multivalue results share their list, so they are not kept.

// memoFuncs are the eval functions whose result depends on their
// arguments alone, and which the built-in knowledge uses.
var memoFuncs = map[string]bool{
	"if": true, "case": true, "coalesce": true, "nullif": true, "null": true, "true": true, "false": true,
	"match": true, "like": true, "replace": true, "lower": true, "upper": true, "len": true,
	"isnull": true, "isnotnull": true, "isnum": true, "isstr": true, "tonumber": true, "tostring": true,
	"substr": true, "split": true, "mvindex": true, "mvcount": true, "cidrmatch": true,
	"trim": true, "ltrim": true, "rtrim": true, "urldecode": true,
}

// worthMemo are the functions whose cost is worth a key and a map look-up.
var worthMemo = map[string]bool{"match": true, "like": true, "replace": true, "split": true, "cidrmatch": true, "urldecode": true}

// comparisonOps are the eval operators that compare; manyTests is how
// many comparisons make an expression worth a memo without a function of
// worthMemo.
var comparisonOps = map[string]bool{"=": true, "==": true, "!=": true, "<": true, "<=": true, ">": true, ">=": true, "LIKE": true}

const manyTests = 6

// memoBound caps a memo's entries, so memory stays bounded when an input
// is unique per event; memoCheck is the window of look-ups after which a
// memo that rarely hits gives up (it only costs then).
const (
	memoBound = 4096
	memoCheck = 4096
)

// memoFields returns the fields an expression reads when it is worth
// memoizing and exactly a function of those fields' values; nil otherwise.
func memoFields(x spl.Expr) []string {
	pure, worth := true, false
	var fields []string
	tests := 0
	spl.Walk(x, func(n spl.Node) bool {
		switch e := n.(type) {
		case *spl.BinaryExpr:
			if comparisonOps[e.Op] {
				tests++
			}
		case *spl.InExpr:
			tests += len(e.List)
		case *spl.FieldRef:
			fields = appendNew(fields, e.Name)
		case *spl.CallExpr:
			if !memoFuncs[e.Name] {
				pure = false
			}
			if worthMemo[e.Name] {
				worth = true
			}
		}
		return true
	})
	// A case() naming dozens of event codes (the Security log's
	// signature) compares each event's code with each in turn.
	worth = worth || tests >= manyTests
	if !pure || !worth || len(fields) == 0 || len(fields) > 4 {
		return nil
	}
	return fields
}

// memo remembers results by the values of a few fields. It is not safe
// for concurrent use: each compiled copy of the knowledge has its own.
type memo[T any] struct {
	fields []string
	slots  []*fieldSlot // of fields
	m      map[string]T
	kb     []byte
	// byText holds the results of a memo of one field by its text, when
	// it is one (Image, EventCode): no key to build.
	byText map[string]T
	// off is set once the memo stopped paying; looks and hits count the
	// current window.
	off         bool
	looks, hits int
	// last is the key of the last look-up that found or kept a result
	// (copied: a row's text may be a view of a reused buffer), lastByText
	// whether it is byText's, val that result: events in a row mostly
	// repeat the inputs (EventCode), and a comparison is cheaper than a
	// hash. lastOff is set once it stopped paying.
	last                 []byte
	lastVal              T
	lastHave, lastByText bool
	lastOff              bool
	lastLooks, lastHits  int
}

func newMemo[T any](fields []string) *memo[T] {
	m := &memo[T]{fields: fields, m: map[string]T{}}
	for _, f := range fields {
		m.slots = append(m.slots, newFieldSlot(f))
	}
	if len(fields) == 1 {
		m.byText = map[string]T{}
	}
	return m
}

// key builds the key of a row's inputs in m.kb; false when an input is of
// a kind the memo does not key (the caller computes).
func (m *memo[T]) key(row value.Fields) bool {
	kb := m.kb[:0]
	for _, s := range m.slots {
		v, ok := s.lookup(row)
		switch {
		case !ok:
			kb = append(kb, 'a')
		case v.Kind() == value.KindNull:
			kb = append(kb, 'n')
		case v.Kind() == value.KindString:
			s := v.String()
			n := len(s)
			kb = append(kb, 's', byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
			kb = append(kb, s...)
		default:
			m.kb = kb
			return false
		}
	}
	m.kb = kb
	return true
}

// get returns the remembered result for row, computing and remembering it
// on a miss; keep gives what to remember of a result, and whether it may
// be remembered.
func (m *memo[T]) get(row value.Fields, compute func(value.Fields) T, keep func(T) (T, bool)) T {
	if m.off {
		return compute(row)
	}
	if m.byText != nil {
		if v, ok := m.slots[0].lookup(row); ok && v.Kind() == value.KindString {
			if r, ok := m.lastHit(v.String(), true); ok {
				return r
			}
			return m.remember(m.byText, v.String(), true, row, compute, keep)
		}
	}
	if m.lastHave && !m.lastOff && !m.lastByText {
		// The row's inputs compared with the last key as it is, without
		// building the row's.
		m.lastLooks++
		if m.sameAsLast(row) {
			m.lastHits++
			return m.lastVal
		}
		m.lastMissed()
	}
	if !m.key(row) {
		return compute(row)
	}
	return m.remember(m.m, unsafe.String(unsafe.SliceData(m.kb), len(m.kb)), false, row, compute, keep)
}

// lastHit is the last result when text is the last look-up's, byText's.
func (m *memo[T]) lastHit(text string, byText bool) (T, bool) {
	if m.lastOff || !m.lastHave {
		var zero T
		return zero, false
	}
	m.lastLooks++
	if byText == m.lastByText && text == string(m.last) {
		m.lastHits++
		return m.lastVal, true
	}
	m.lastMissed()
	var zero T
	return zero, false
}

// lastMissed ends a window of last-key look-ups once it is full.
func (m *memo[T]) lastMissed() {
	if m.lastLooks >= memoCheck {
		// Inputs seldom repeating their predecessor's: only the map.
		m.lastOff = m.lastHits*4 < m.lastLooks
		m.lastLooks, m.lastHits = 0, 0
	}
}

// sameAsLast reports whether row's inputs are those key would make into
// m.last (a key built by key).
func (m *memo[T]) sameAsLast(row value.Fields) bool {
	last, at := m.last, 0
	for _, s := range m.slots {
		v, ok := s.lookup(row)
		if at >= len(last) {
			return false
		}
		switch {
		case !ok:
			if last[at] != 'a' {
				return false
			}
			at++
		case v.Kind() == value.KindNull:
			if last[at] != 'n' {
				return false
			}
			at++
		case v.Kind() == value.KindString:
			t := v.String()
			if last[at] != 's' || at+5+len(t) > len(last) {
				return false
			}
			n := int(last[at+1])<<24 | int(last[at+2])<<16 | int(last[at+3])<<8 | int(last[at+4])
			if n != len(t) || string(last[at+5:at+5+n]) != t {
				return false
			}
			at += 5 + n
		default:
			return false
		}
	}
	return at == len(last)
}

// setLast remembers r, a result kept in the table under key, as the last.
func (m *memo[T]) setLast(key string, byText bool, r T) {
	if !m.lastOff {
		m.last, m.lastByText, m.lastVal, m.lastHave = append(m.last[:0], key...), byText, r, true
	}
}

// remember is get's look-up of key in tab, which a miss adds to; key may
// be m.kb's bytes (copied when kept).
func (m *memo[T]) remember(tab map[string]T, key string, byText bool, row value.Fields, compute func(value.Fields) T, keep func(T) (T, bool)) T {
	m.looks++
	if r, ok := tab[key]; ok {
		m.hits++
		m.setLast(key, byText, r)
		return r
	}
	if m.looks >= memoCheck {
		// Fewer than one look-up in four hitting: the inputs are
		// (nearly) unique and the memo only costs.
		if m.hits*4 < m.looks {
			m.off, m.m, m.byText = true, nil, nil
		}
		m.looks, m.hits = 0, 0
	}
	r := compute(row)
	if !m.off && len(tab) < memoBound {
		if k, ok := keep(r); ok {
			tab[strings.Clone(key)] = k
			m.setLast(key, byText, k)
			return r
		}
	}
	m.lastHave = false
	return r
}

// memoCalc wraps a compiled calculation in a memo when that is exact and
// worth it.
func memoCalc(x spl.Expr, f func(value.Fields) value.Value) func(value.Fields) value.Value {
	fields := memoFields(x)
	if fields == nil {
		return f
	}
	m := newMemo[value.Value](fields)
	// A result is often a substring of its input, itself one of the
	// event's _raw: remembered as it is, it would keep that whole
	// event in memory.
	keep := func(v value.Value) (value.Value, bool) {
		switch v.Kind() {
		case value.KindMulti:
			return v, false
		case value.KindString:
			return value.Str(strings.Clone(v.String())), true
		}
		return v, true
	}
	return func(row value.Fields) value.Value { return m.get(row, f, keep) }
}

func keepAny[T any](v T) (T, bool) { return v, true }

// searchMemo is a memo for a search that reads the fields of rd, when the
// search is a function of those fields' values alone (a search over
// events reads nothing else but _raw and _time, which are not keyed) and
// they are few; nil otherwise.
func searchMemo(rd reads) *memo[bool] { return searchMemoOf[bool](rd) }

// searchMemoOf is searchMemo for a result of any type.
func searchMemoOf[T any](rd reads) *memo[T] {
	if rd.all || len(rd.fields) == 0 || len(rd.fields) > 4 {
		return nil
	}
	for _, f := range rd.fields {
		if f == "_raw" || f == "_time" {
			return nil
		}
	}
	return newMemo[T](rd.fields)
}

// presentField returns X when x is case(isnotnull(X) AND X!="", X, ...),
// CIM's "the add-on's value, else one cut out of the command line": a row
// whose X is a non-empty string gives X itself, with no need of the memo,
// whose key holds the whole command line. "" otherwise.
func presentField(x spl.Expr) string {
	c, ok := x.(*spl.CallExpr)
	if !ok || c.Name != "case" || len(c.Args) < 2 {
		return ""
	}
	and, ok := c.Args[0].(*spl.BinaryExpr)
	if !ok || and.Op != "AND" {
		return ""
	}
	notNull, ok := and.L.(*spl.CallExpr)
	if !ok || notNull.Name != "isnotnull" || len(notNull.Args) != 1 {
		return ""
	}
	ne, ok := and.R.(*spl.BinaryExpr)
	if !ok || ne.Op != "!=" {
		return ""
	}
	empty, ok := ne.R.(*spl.StringLit)
	if !ok || empty.Value != "" {
		return ""
	}
	name := ""
	for _, e := range []spl.Expr{notNull.Args[0], ne.L, c.Args[1]} {
		ref, ok := e.(*spl.FieldRef)
		if !ok || (name != "" && ref.Name != name) {
			return ""
		}
		name = ref.Name
	}
	return name
}

// notNullField returns X when x is case(isnotnull(X), X, ...), CIM's
// vendor_product: a row whose X is not null gives X itself. "" otherwise.
func notNullField(x spl.Expr) string {
	c, ok := x.(*spl.CallExpr)
	if !ok || c.Name != "case" || len(c.Args) < 2 {
		return ""
	}
	notNull, ok := c.Args[0].(*spl.CallExpr)
	if !ok || notNull.Name != "isnotnull" || len(notNull.Args) != 1 {
		return ""
	}
	a, ok := notNull.Args[0].(*spl.FieldRef)
	b, ok2 := c.Args[1].(*spl.FieldRef)
	if !ok || !ok2 || a.Name != b.Name {
		return ""
	}
	return a.Name
}

// presentShortcut gives a present, non-empty string field of presentField,
// or a non-null field of notNullField, as it is, and leaves everything
// else to f.
func presentShortcut(x spl.Expr, f func(value.Fields) value.Value) func(value.Fields) value.Value {
	if name := notNullField(x); name != "" {
		slot := newFieldSlot(name)
		return func(row value.Fields) value.Value {
			if v := slot.get(row); !v.IsNull() {
				return v
			}
			return f(row)
		}
	}
	name := presentField(x)
	if name == "" {
		return f
	}
	slot := newFieldSlot(name)
	return func(row value.Fields) value.Value {
		if v := slot.get(row); v.Kind() == value.KindString && v.String() != "" {
			return v
		}
		return f(row)
	}
}
