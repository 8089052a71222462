// Package value is spelunk's one value model: every field value, eval result
// and aggregate is a Value.
//
// Splunk field values are strings or numbers ("field values are either string
// or number data types", Search Reference, Informational functions). A field
// may also be multivalue (an ordered list of values), or null (missing). Null
// is not the empty string: isnull("") is false in Splunk.
//
// A String that looks like a number acts as a number where SPL converts
// (eval arithmetic and comparisons on field values, stats sum/avg); a Number
// keeps its numeric reading and prints in Splunk's style.
package value

import (
	"math"
	"strconv"
	"strings"
)

// Kind tells which of the four shapes a Value has.
type Kind uint8

const (
	// KindNull is a missing value. Assigning it to a field removes the field.
	KindNull Kind = iota
	// KindString is text. It may still read as a number (see Value.Number).
	KindString
	// KindNumber is an IEEE double.
	KindNumber
	// KindBool is a Boolean. Splunk never stores Booleans in fields; they
	// exist only while a predicate (where, if, case) is evaluated.
	KindBool
	// KindMulti is an ordered list of two or more non-null single values.
	KindMulti
)

func (k Kind) String() string {
	switch k {
	case KindNull:
		return "null"
	case KindString:
		return "string"
	case KindNumber:
		return "number"
	case KindBool:
		return "boolean"
	case KindMulti:
		return "multivalue"
	}
	return "invalid"
}

// Value is a Splunk value. The zero Value is null.
type Value struct {
	s string  // KindString text
	n float64 // KindNumber value; KindBool: 1 or 0
	// mv holds a KindMulti's elements (never null, never multi). It is a
	// pointer, and the small fields come last, so that a Value is 40
	// bytes, not 64: stores hold tens of millions of them, and multivalues
	// are rare.
	mv *[]Value
	k  Kind
	// sf and dec are a KindNumber's precision (see precision.go): its
	// significant figures and the decimal places it prints with. sf 0
	// means exact: the number prints in full.
	sf, dec uint8
}

// Null is the missing value.
var Null = Value{}

// Detach returns v with its text copied: a value read from a record may
// share the record's memory, and one kept for long (a group's key, a
// distinct value) would keep the whole record alive.
func (v Value) Detach() Value {
	v.s = strings.Clone(v.s)
	if v.mv != nil {
		vals := make([]Value, len(*v.mv))
		for i, e := range *v.mv {
			vals[i] = e.Detach()
		}
		v.mv = &vals
	}
	return v
}

// Str makes a string value.
func Str(s string) Value { return Value{k: KindString, s: s} }

// SetStr makes *v the string value s (v = Str(s)) field by field, for
// a reader filling a slice in place: Str's result copied into the slice
// went through a temporary whose copy stalled on its own stores. A nil
// multivalue is not written again: a pointer written while the collector
// marks costs a write barrier.
func (v *Value) SetStr(s string) {
	v.s, v.n, v.k, v.sf, v.dec = s, 0, KindString, 0, 0
	if v.mv != nil {
		v.mv = nil
	}
}

// Num makes a number value.
func Num(f float64) Value { return Value{k: KindNumber, n: f} }

// Bool makes a Boolean value (for predicates only).
func Bool(b bool) Value {
	if b {
		return Value{k: KindBool, n: 1}
	}
	return Value{k: KindBool}
}

// Multi makes a value from a list. Nulls are skipped and nested multivalues
// flattened (as mvappend does); no element gives Null and one element gives
// that single value, so a Multi always holds at least two values.
func Multi(vals ...Value) Value {
	flat := make([]Value, 0, len(vals))
	for _, v := range vals {
		switch v.k {
		case KindNull:
		case KindMulti:
			flat = append(flat, *v.mv...)
		default:
			flat = append(flat, v)
		}
	}
	switch len(flat) {
	case 0:
		return Null
	case 1:
		return flat[0]
	}
	return Value{k: KindMulti, mv: &flat}
}

// Strs makes a (multi)value from strings.
func Strs(ss ...string) Value {
	vals := make([]Value, len(ss))
	for i, s := range ss {
		vals[i] = Str(s)
	}
	return Multi(vals...)
}

// Kind returns the shape of v.
func (v Value) Kind() Kind { return v.k }

// IsNull reports whether v is missing.
func (v Value) IsNull() bool { return v.k == KindNull }

// Text is v's text when v is one string (String's, without its call).
func (v Value) Text() (string, bool) { return v.s, v.k == KindString }

// IsMulti reports whether v holds two or more values.
func (v Value) IsMulti() bool { return v.k == KindMulti }

// Values returns the elements of v: its list when multivalue, itself when
// single, nothing when null. The slice must not be modified.
func (v Value) Values() []Value {
	switch v.k {
	case KindNull:
		return nil
	case KindMulti:
		return *v.mv
	}
	return []Value{v}
}

// Len is the number of values (mvcount); 0 for null.
func (v Value) Len() int {
	switch v.k {
	case KindNull:
		return 0
	case KindMulti:
		return len(*v.mv)
	}
	return 1
}

// First returns the first element of a multivalue, or v itself.
func (v Value) First() Value {
	if v.k == KindMulti {
		return (*v.mv)[0]
	}
	return v
}

// Truth returns the Boolean reading of a predicate result. Null is false.
func (v Value) Truth() bool {
	return v.k == KindBool && v.n != 0
}

// Number returns the numeric reading of a single value: a Number itself, or
// a String that is a decimal number (optional sign, digits, optional
// fraction and exponent; no surrounding spaces, as tonumber requires).
// Booleans, nulls and multivalues have no numeric reading.
func (v Value) Number() (float64, bool) {
	switch v.k {
	case KindNumber:
		return v.n, true
	case KindString:
		return ParseNumber(v.s)
	}
	return 0, false
}

// IsNumeric reports whether v has a numeric reading.
func (v Value) IsNumeric() bool {
	_, ok := v.Number()
	return ok
}

// ParseNumber reads s as Splunk reads a numeric field value: decimal only,
// no spaces, no hex, no "inf"/"nan" words.
func ParseNumber(s string) (float64, bool) {
	if s == "" || !isNumericSyntax(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		// Out-of-range values still read as numbers (±Inf), as Splunk does
		// with very long digit strings.
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return f, true
		}
		return 0, false
	}
	return f, true
}

func isNumericSyntax(s string) bool {
	i := 0
	if s[0] == '+' || s[0] == '-' {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// Text returns the string form of a single value as Splunk prints it.
// Multivalues print their values joined by newlines (as in a table cell);
// null prints as "".
func (v Value) String() string {
	switch v.k {
	case KindNull:
		return ""
	case KindString:
		return v.s
	case KindNumber:
		if v.sf > 0 {
			return formatPrec(v.n, int(v.dec))
		}
		return FormatNumber(v.n)
	case KindBool:
		if v.n != 0 {
			return "True"
		}
		return "False"
	case KindMulti:
		parts := make([]string, len(*v.mv))
		for i, e := range *v.mv {
			parts[i] = e.String()
		}
		return strings.Join(parts, "\n")
	}
	return ""
}

// Strings returns the string form of each element (see Values).
func (v Value) Strings() []string {
	vals := v.Values()
	out := make([]string, len(vals))
	for i, e := range vals {
		out[i] = e.String()
	}
	return out
}

// FormatNumber prints a number the way Splunk shows eval results: integers
// without a decimal point, other values with the shortest representation
// that reads back exactly, NaN as "nan" and infinities as "inf"/"-inf".
func FormatNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e21 {
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// Equal reports whether two values are identical in kind and content. It is
// structural equality for tests and grouping, not SPL's "=".
func Equal(a, b Value) bool {
	if a.k != b.k {
		return false
	}
	switch a.k {
	case KindNull:
		return true
	case KindString:
		return a.s == b.s
	case KindNumber:
		return (a.n == b.n || (math.IsNaN(a.n) && math.IsNaN(b.n))) && a.sf == b.sf && (a.sf == 0 || a.dec == b.dec)
	case KindBool:
		return a.n == b.n
	case KindMulti:
		if len(*a.mv) != len(*b.mv) {
			return false
		}
		for i := range *a.mv {
			if !Equal((*a.mv)[i], (*b.mv)[i]) {
				return false
			}
		}
		return true
	}
	return false
}

// GoString makes test diffs readable.
func (v Value) GoString() string {
	switch v.k {
	case KindNull:
		return "null"
	case KindString:
		return strconv.Quote(v.s)
	case KindNumber:
		return "num(" + v.String() + ")"
	case KindBool:
		return "bool(" + v.String() + ")"
	case KindMulti:
		parts := make([]string, len(*v.mv))
		for i, e := range *v.mv {
			parts[i] = e.GoString()
		}
		return "mv[" + strings.Join(parts, ", ") + "]"
	}
	return "invalid"
}

// ExactNumber returns a number value that prints in full (no precision
// kept) and is not NaN: two such values print alike exactly when their
// numbers are the same, so the number can stand for the text.
func (v Value) ExactNumber() (float64, bool) {
	if v.k != KindNumber || v.sf != 0 || v.n != v.n {
		return 0, false
	}
	return v.n, true
}
