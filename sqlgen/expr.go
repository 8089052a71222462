package sqlgen

import (
	"strconv"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
)

// Boolean literals every dialect reads (ClickHouse 18.16 has no TRUE).
const (
	sqlTrue  = "(1 = 1)"
	sqlFalse = "(1 = 0)"
)

// number reads a literal as Splunk reads a number.
func number(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// expr translates an eval expression (docs/SEMANTICS.md §4): text
// compares case-sensitively, numbers numerically, and a field acts as a
// number where its text reads as one. env holds the fields eval assigned
// earlier in the same command.
func (t *translator) expr(x spl.Expr, env map[string]val) (val, error) {
	switch x := x.(type) {
	case *spl.FieldRef:
		if v, ok := env[x.Name]; ok {
			return v, nil
		}
		return t.col(x.Name), nil
	case *spl.StringLit:
		return val{t.d.Lit(x.Value), kText}, nil
	case *spl.NumberLit:
		if _, ok := number(x.Text); !ok {
			return val{}, stopf("number %s has no SQL translation", x.Text)
		}
		return val{"CAST(" + x.Text + " AS " + t.d.dblType + ")", kNum}, nil
	case *spl.UnaryExpr:
		v, err := t.expr(x.X, env)
		if err != nil {
			return val{}, err
		}
		switch x.Op {
		case "NOT":
			if v.k != kBool {
				return val{}, stopf("NOT of a value that is not a Boolean")
			}
			return val{"(NOT " + v.sql + ")", kBool}, nil
		case "-":
			return val{"(-" + t.asNum(v) + ")", kNum}, nil
		}
		return val{t.asNum(v), kNum}, nil
	case *spl.BinaryExpr:
		return t.binary(x, env)
	case *spl.InExpr:
		v, err := t.expr(x.X, env)
		if err != nil {
			return val{}, err
		}
		var parts []string
		for _, it := range x.List {
			w, err := t.expr(it, env)
			if err != nil {
				return val{}, err
			}
			parts = append(parts, t.equal(v, w, "="))
		}
		return val{"(" + strings.Join(parts, " OR ") + ")", kBool}, nil
	case *spl.CallExpr:
		return t.call(x, env)
	}
	return val{}, stopf("expression %s has no SQL translation", x.String())
}

// asNum reads a value as a double (null when it is not a number).
func (t *translator) asNum(v val) string {
	switch v.k {
	case kNum:
		return v.sql
	case kNull:
		return t.d.nullDbl
	}
	return t.d.num(v.sql)
}

// asText reads a value as text.
func (t *translator) asText(v val) string {
	switch v.k {
	case kText:
		return v.sql
	case kNull:
		return t.d.nullStr
	case kNum:
		return t.numText(v.sql)
	}
	return t.d.str(v.sql)
}

// numText prints a double as Splunk does: whole numbers without ".0".
func (t *translator) numText(x string) string {
	return "CASE WHEN " + x + " = " + t.d.floor(x) + " AND abs(" + x + ") < 1e15 THEN " +
		t.d.str("CAST("+x+" AS "+t.d.intType+")") + " ELSE " + t.d.str(x) + " END"
}

func (t *translator) binary(x *spl.BinaryExpr, env map[string]val) (val, error) {
	l, err := t.expr(x.L, env)
	if err != nil {
		return val{}, err
	}
	r, err := t.expr(x.R, env)
	if err != nil {
		return val{}, err
	}
	switch x.Op {
	case "AND", "OR":
		if l.k != kBool || r.k != kBool {
			return val{}, stopf("%s of values that are not Booleans", x.Op)
		}
		return val{"(" + l.sql + " " + x.Op + " " + r.sql + ")", kBool}, nil
	case "XOR":
		if l.k != kBool || r.k != kBool {
			return val{}, stopf("XOR of values that are not Booleans")
		}
		return val{"(" + l.sql + " <> " + r.sql + ")", kBool}, nil
	case ".":
		return val{t.d.concat(t.asText(l), t.asText(r)), kText}, nil
	case "+":
		if l.k == kText && r.k == kText && isLiteral(x.L) && isLiteral(x.R) {
			return val{t.d.concat(l.sql, r.sql), kText}, nil
		}
		if isString(x.L) || isString(x.R) {
			return val{}, stopf("+ of text and a field: spelunk decides per row between adding and joining")
		}
		return val{"(" + t.asNum(l) + " + " + t.asNum(r) + ")", kNum}, nil
	case "-", "*":
		return val{"(" + t.asNum(l) + " " + x.Op + " " + t.asNum(r) + ")", kNum}, nil
	case "/":
		// Division by zero gives null (docs/SEMANTICS.md §0).
		return val{"(" + t.asNum(l) + " / NULLIF(" + t.asNum(r) + ", 0))", kNum}, nil
	case "%":
		return val{"(" + t.asNum(l) + " % NULLIF(" + t.asNum(r) + ", 0))", kNum}, nil
	case "=", "==", "!=", "<", "<=", ">", ">=":
		op := x.Op
		if op == "==" {
			op = "="
		}
		if op == "!=" {
			op = "<>"
		}
		return val{t.equal(l, r, op), kBool}, nil
	case "LIKE":
		return val{"(" + t.asText(l) + " LIKE " + t.asText(r) + t.likeEscape() + ")", kBool}, nil
	}
	return val{}, stopf("operator %s has no SQL translation", x.Op)
}

func isLiteral(x spl.Expr) bool {
	switch x.(type) {
	case *spl.StringLit, *spl.NumberLit:
		return true
	}
	return false
}

func isString(x spl.Expr) bool { _, ok := x.(*spl.StringLit); return ok }

// equal compares two values: numerically when both read as numbers, as
// text (case-sensitive, by bytes) otherwise; null when either is null.
func (t *translator) equal(l, r val, op string) string {
	if l.k == kNull || r.k == kNull {
		return t.d.nullBool
	}
	if l.k == kNum && r.k == kNum {
		return "(" + l.sql + " " + op + " " + r.sql + ")"
	}
	ln, rn := t.asNum(l), t.asNum(r)
	lt, rt := t.asText(l), t.asText(r)
	if l.k == kText && r.k == kText && isQuoted(l.sql) != isQuoted(r.sql) {
		// A field against a string literal compares text.
		return "(" + lt + " " + op + " " + rt + ")"
	}
	return "(CASE WHEN " + ln + " IS NOT NULL AND " + rn + " IS NOT NULL THEN " + ln + " " + op + " " + rn +
		" ELSE " + lt + " " + op + " " + rt + " END)"
}

func isQuoted(s string) bool { return strings.HasPrefix(s, "'") }

// call translates the core eval functions.
func (t *translator) call(x *spl.CallExpr, env map[string]val) (val, error) {
	args := make([]val, len(x.Args))
	for i, a := range x.Args {
		v, err := t.expr(a, env)
		if err != nil {
			return val{}, err
		}
		args[i] = v
	}
	n := len(args)
	bad := func() (val, error) {
		return val{}, stopf("%s() with %d arguments has no SQL translation", x.Name, n)
	}
	switch x.Name {
	case "if":
		if n != 3 || args[0].k != kBool {
			return bad()
		}
		k, a, b := t.unify(args[1], args[2])
		return val{"CASE WHEN " + args[0].sql + " THEN " + a + " ELSE " + b + " END", k}, nil
	case "case":
		if n%2 != 0 || n == 0 {
			return bad()
		}
		var b strings.Builder
		b.WriteString("CASE")
		for i := 0; i < n; i += 2 {
			if args[i].k != kBool {
				return bad()
			}
			b.WriteString(" WHEN " + args[i].sql + " THEN " + t.asText(args[i+1]))
		}
		b.WriteString(" END")
		return val{b.String(), kText}, nil
	case "coalesce":
		if n == 0 {
			return bad()
		}
		parts := make([]string, n)
		for i, a := range args {
			parts[i] = t.asText(a)
		}
		return val{"coalesce(" + strings.Join(parts, ", ") + ")", kText}, nil
	case "tonumber":
		if n != 1 {
			return bad()
		}
		return val{t.asNum(args[0]), kNum}, nil
	case "tostring":
		if n != 1 {
			return bad()
		}
		return val{t.asText(args[0]), kText}, nil
	case "round":
		if n != 1 && n != 2 {
			return bad()
		}
		d := "0"
		if n == 2 {
			if _, ok := x.Args[1].(*spl.NumberLit); !ok {
				return bad()
			}
			d = x.Args[1].String()
		}
		return val{t.d.roundTo(t.asNum(args[0]), d), kNum}, nil
	case "abs", "floor", "ceil", "ceiling":
		if n != 1 {
			return bad()
		}
		fn := x.Name
		if fn == "ceiling" {
			fn = "ceil"
		}
		return val{fn + "(" + t.asNum(args[0]) + ")", kNum}, nil
	case "isnull", "isnotnull":
		if n != 1 {
			return bad()
		}
		if args[0].k == kList && t.d.Name == "clickhouse" {
			// An array is never null there: no values is the empty one.
			if x.Name == "isnull" {
				return val{"empty(" + args[0].sql + ")", kBool}, nil
			}
			return val{"notEmpty(" + args[0].sql + ")", kBool}, nil
		}
		op := " IS NULL)"
		if x.Name == "isnotnull" {
			op = " IS NOT NULL)"
		}
		return val{"(" + args[0].sql + op, kBool}, nil
	case "isnum":
		if n != 1 {
			return bad()
		}
		return val{"(" + t.asNum(args[0]) + " IS NOT NULL)", kBool}, nil
	case "null":
		return val{"NULL", kNull}, nil
	case "true":
		return val{sqlTrue, kBool}, nil
	case "false":
		return val{sqlFalse, kBool}, nil
	}
	return t.callText(x, args)
}

// callText translates the text functions.
func (t *translator) callText(x *spl.CallExpr, args []val) (val, error) {
	n := len(args)
	bad := func() (val, error) {
		return val{}, stopf("%s() with %d arguments has no SQL translation", x.Name, n)
	}
	if (x.Name == "match" || x.Name == "like" || x.Name == "replace") && n >= 2 && t.d.Name == "clickhouse" {
		if _, ok := x.Args[1].(*spl.StringLit); !ok {
			// ClickHouse 18.16 takes only a constant pattern.
			return val{}, stopf("%s() with a pattern that is not a string has no ClickHouse translation", x.Name)
		}
	}
	switch x.Name {
	case "lower", "upper":
		if n != 1 {
			return bad()
		}
		fn := x.Name
		if t.d.Name == "clickhouse" {
			fn += "UTF8"
		}
		return val{fn + "(" + t.asText(args[0]) + ")", kText}, nil
	case "len":
		if n != 1 {
			return bad()
		}
		fn := "length"
		if t.d.Name == "clickhouse" {
			fn = "lengthUTF8"
		}
		return val{"CAST(" + fn + "(" + t.asText(args[0]) + ") AS " + t.d.dblType + ")", kNum}, nil
	case "substr":
		if n != 2 && n != 3 {
			return bad()
		}
		if !isPositive(x.Args[1]) {
			return val{}, stopf("substr() with a start that is not a positive number")
		}
		start := "CAST(" + t.asNum(args[1]) + " AS " + t.d.intType + ")"
		length := ""
		if n == 3 {
			length = "CAST(" + t.asNum(args[2]) + " AS " + t.d.intType + ")"
		}
		return val{t.d.substr(t.asText(args[0]), start, length), kText}, nil
	case "replace":
		if n != 3 {
			return bad()
		}
		return val{t.d.regexReplace(t.asText(args[0]), t.asText(args[1]), t.asText(args[2])), kText}, nil
	case "match":
		if n != 2 {
			return bad()
		}
		return val{t.d.regex(t.asText(args[0]), t.asText(args[1])), kBool}, nil
	case "like":
		if n != 2 {
			return bad()
		}
		return val{"(" + t.asText(args[0]) + " LIKE " + t.asText(args[1]) + t.likeEscape() + ")", kBool}, nil
	}
	return val{}, stopf("the function %s() has no SQL translation", x.Name)
}

func isPositive(x spl.Expr) bool {
	n, ok := x.(*spl.NumberLit)
	return ok && n.NumberValue() >= 1
}

// unify gives two branches one SQL type: both numbers stay numbers,
// anything else is text.
func (t *translator) unify(a, b val) (kind, string, string) {
	switch {
	case a.k == kNum && (b.k == kNum || b.k == kNull):
		return kNum, a.sql, t.asNum(b)
	case b.k == kNum && a.k == kNull:
		return kNum, t.asNum(a), b.sql
	}
	return kText, t.asText(a), t.asText(b)
}
