package sqlgen

import "strings"

// clauses start a new line in Pretty.
var clauses = []string{"SELECT ", "FROM ", "WHERE ", "GROUP BY ", "ORDER BY ", "LIMIT "}

// Pretty lays out SQL made by Translate one clause a line, each subquery
// indented under its parenthesis. It changes only spaces outside quotes.
func Pretty(sql string) string {
	var b strings.Builder
	var selects []int // paren depth of each open SELECT
	depth := 0
	indent := func() string { return strings.Repeat("  ", len(selects)-1) }
	for i := 0; i < len(sql); i++ {
		c := sql[i]
		switch c {
		case '\'', '"', '`':
			j := closeQuote(sql, i)
			b.WriteString(sql[i:j])
			i = j - 1
			continue
		case '(':
			depth++
		case ')':
			if len(selects) > 0 && selects[len(selects)-1] == depth {
				selects = selects[:len(selects)-1]
				b.WriteString("\n" + indent())
			}
			depth--
		}
		if c == ' ' || i == 0 || sql[i-1] == '(' {
			rest := sql[i:]
			if c == ' ' {
				rest = sql[i+1:]
			}
			if strings.HasPrefix(rest, "SELECT ") {
				if c == ' ' {
					b.WriteByte(c)
					i++
				}
				selects = append(selects, depth)
				if len(selects) > 1 {
					b.WriteString("\n" + indent())
				}
				b.WriteString("SELECT")
				i += len("SELECT") - 1
				continue
			}
			if c == ' ' && len(selects) > 0 && selects[len(selects)-1] == depth && startsClause(rest) {
				b.WriteString("\n" + indent())
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func startsClause(s string) bool {
	for _, c := range clauses[1:] {
		if strings.HasPrefix(s, c) {
			return true
		}
	}
	return false
}

// closeQuote returns the index after the quoted text starting at i;
// doubled quotes and (for ClickHouse and Spark literals) backslashes
// stay inside it.
func closeQuote(s string, i int) int {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch {
		case s[j] == '\\' && q == '\'':
			j++
		case s[j] == q && j+1 < len(s) && s[j+1] == q:
			j++
		case s[j] == q:
			return j + 1
		}
	}
	return len(s)
}
