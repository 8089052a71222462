package engine

import (
	"net/netip"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
)

// mustContain lists what every row a search expression keeps must hold
// (Contains): for each term `field=value` that the whole expression
// requires (the expression itself or one of its AND terms), the literal
// parts of the value between its wildcards. A term that may match a value
// without its text (a CIDR block matches addresses) or whose text folds
// other than ASCII does, gives nothing. OR, NOT, !=, IN and bare terms give
// nothing either: the list is of what must hold, not of all that does.
func mustContain(x spl.SearchExpr, resolve func(string) string) []Contains {
	terms := []spl.SearchExpr{x}
	if and, ok := x.(*spl.SearchAnd); ok {
		terms = and.Terms
	}
	var out []Contains
	for _, t := range terms {
		c, ok := t.(*spl.SearchCompare)
		if !ok || c.Op != "=" || c.IsTimeModifier() || strings.Contains(c.Field, "*") {
			continue
		}
		text := c.Value.Text
		if _, err := netip.ParsePrefix(text); err == nil && strings.Contains(text, "/") {
			continue
		}
		pieces := literalPieces(text)
		if len(pieces) == 0 {
			continue
		}
		field := c.Field
		if resolve != nil {
			field = resolve(field)
		}
		out = append(out, Contains{Field: field, Pieces: pieces})
	}
	return out
}

// foldPiece folds printable ASCII text as the patterns fold it; other
// text is refused (folding it is not a byte-for-byte matter).
func foldPiece(s string) (string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return "", false
		}
	}
	return foldString(s), true
}
