package value

import (
	"cmp"
	"strings"
)

// CompareLex orders two values as text in UTF-8 byte order, Splunk's
// lexicographic order: digits before letters, uppercase before lowercase
// (Search Reference, "values" and sort).
func CompareLex(a, b Value) int {
	return strings.Compare(a.String(), b.String())
}

// CompareAuto orders two single values the way sort's automatic collation
// does for one pair: numerically when both read as numbers, otherwise as
// text. Nulls sort before everything; callers that need "missing last"
// handle nulls themselves.
func CompareAuto(a, b Value) int {
	if a.IsNull() || b.IsNull() {
		switch {
		case a.IsNull() && b.IsNull():
			return 0
		case a.IsNull():
			return -1
		}
		return 1
	}
	if x, ok := a.Number(); ok {
		if y, ok := b.Number(); ok {
			return cmp.Compare(x, y)
		}
	}
	return CompareLex(a, b)
}
