package sqlgen

import (
	"regexp"
	"strings"
	"sync"

	"github.com/spelunk-dev/spelunk/spl"
)

// The search language in SQL (docs/SEMANTICS.md §2): field=value compares
// the whole value ignoring case, `*` matches any run of characters, a
// missing field matches neither `f=v` nor `f!=v`, and `< <= > >=` compare
// numerically when both sides are numbers, by bytes otherwise. Every
// predicate made here is true or false, never null, so NOT keeps the rows
// a missing field fails.

// searchSQL translates a search expression; resolve maps a field name as
// written to the column it reads.
func (t *translator) searchSQL(x spl.SearchExpr, resolve func(string) string) (string, error) {
	switch x := x.(type) {
	case nil:
		return "", nil
	case *spl.SearchAnd:
		return t.searchJoin(x.Terms, " AND ", resolve)
	case *spl.SearchOr:
		return t.searchJoin(x.Terms, " OR ", resolve)
	case *spl.SearchNot:
		in, err := t.searchSQL(x.X, resolve)
		if err != nil {
			return "", err
		}
		return "NOT (" + in + ")", nil
	case *spl.SearchCompare:
		if x.IsTimeModifier() {
			return "", stopf("the time modifier %s needs the search's time range", x.Field)
		}
		return t.compare(t.col(resolve(x.Field)), x.Op, x.Value)
	case *spl.SearchIn:
		v := t.col(resolve(x.Field))
		var parts []string
		for _, sv := range x.Values {
			p, err := t.compare(v, "=", sv)
			if err != nil {
				return "", err
			}
			parts = append(parts, p)
		}
		return "(" + strings.Join(parts, " OR ") + ")", nil
	case *spl.SearchTerm:
		return t.term(x.Value)
	case *spl.SearchSubsearch:
		return "", stopf("a subsearch runs in spelunk")
	}
	return "", stopf("search term %s has no SQL translation", x.String())
}

func (t *translator) searchJoin(terms []spl.SearchExpr, op string, resolve func(string) string) (string, error) {
	parts := make([]string, 0, len(terms))
	for _, x := range terms {
		p, err := t.searchSQL(x, resolve)
		if err != nil {
			return "", err
		}
		parts = append(parts, p)
	}
	return "(" + strings.Join(parts, op) + ")", nil
}

var cidrLike = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9a-fA-F:.]+/\d{1,3}$`) })

// compare is field OP value.
func (t *translator) compare(v val, op string, sv spl.SearchValue) (string, error) {
	if v.k == kNull {
		// A missing field matches nothing; NOT turns it into everything.
		return sqlFalse, nil
	}
	if v.k == kList {
		// A multivalue field matches when one of its values does.
		return "", stopf("a search over a multivalue field (values(), list()) runs in spelunk")
	}
	text := sv.Text
	if cidrLike().MatchString(text) && (op == "=" || op == "!=") {
		return "", stopf("CIDR matching (%s) has no SQL translation", text)
	}
	s := v.sql
	if v.k != kText {
		s = t.d.str(v.sql)
	}
	present := v.sql + " IS NOT NULL"
	switch op {
	case "=", "!=":
		var m string
		switch {
		case text == "*":
			return t.bool(present, op == "!="), nil
		case sv.Modifier == "CASE" && strings.Contains(text, "*"):
			m = s + " LIKE " + t.d.Lit(likePattern(text)) + t.likeEscape()
		case sv.Modifier == "CASE":
			m = s + " = " + t.d.Lit(text)
		case strings.Contains(text, "*"):
			m = t.d.ilike(s, t.d.Lit(strings.ToLower(likePattern(text))))
		default:
			m = t.lower(s) + " = " + t.d.Lit(strings.ToLower(text))
		}
		if op == "!=" {
			m = "NOT (" + t.notNull(m) + ")"
		}
		return "(" + present + " AND " + t.notNull(m) + ")", nil
	case "<", "<=", ">", ">=":
		if _, ok := number(text); ok {
			n := t.d.num(s)
			return "(" + present + " AND " + t.notNull("CASE WHEN "+n+" IS NOT NULL THEN "+n+" "+op+" "+text+
				" ELSE "+s+" "+op+" "+t.d.Lit(text)+" END") + ")", nil
		}
		return "(" + present + " AND " + t.notNull(s+" "+op+" "+t.d.Lit(text)) + ")", nil
	}
	return "", stopf("operator %s has no SQL translation", op)
}

// notNull makes a test over a present field two-valued in ClickHouse
// 18.16, where 0 AND NULL is NULL.
func (t *translator) notNull(m string) string {
	if t.d.Name == "clickhouse" {
		return "ifNull(" + m + ", 0)"
	}
	return m
}

func (t *translator) bool(cond string, negate bool) string {
	if negate {
		// field!=* keeps nothing (docs/SEMANTICS.md §2).
		return sqlFalse
	}
	return "(" + cond + ")"
}

func (t *translator) lower(s string) string {
	if t.d.Name == "clickhouse" {
		return "lowerUTF8(" + s + ")"
	}
	return "lower(" + s + ")"
}

func (t *translator) likeEscape() string {
	if t.d.Name == "duckdb" || t.d.Name == "trino" {
		return ` ESCAPE '\'`
	}
	return ""
}

// likePattern turns a search wildcard into a LIKE pattern: * is %, and
// LIKE's own % _ and \ are escaped.
func likePattern(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '*':
			b.WriteByte('%')
		case '%', '_', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// term is a bare term: it matches _raw at term boundaries, ignoring case
// unless CASE() (docs/SEMANTICS.md §2), through the same regular
// expression the engine builds.
func (t *translator) term(sv spl.SearchValue) (string, error) {
	if sv.Text == "*" {
		return sqlTrue, nil
	}
	if !t.s.hasRaw {
		return "", stopf("a bare term over rows without _raw searches every field; spelunk runs it")
	}
	raw := t.d.Ident("_raw")
	if t.d.Name == "clickhouse" && sv.Modifier != "CASE" {
		// ClickHouse 18.16 prechecks a pattern's literal text
		// case-sensitively even under (?i), so both sides are folded.
		fold := sv
		fold.Modifier, fold.Text = "CASE", strings.ToLower(sv.Text)
		if sv.Modifier == "TERM" {
			return "", stopf("TERM() in ClickHouse")
		}
		return t.d.regex("lowerUTF8("+raw+")", t.d.Lit(termRegexp(fold))), nil
	}
	return t.d.regex(raw, t.d.Lit(termRegexp(sv))), nil
}

// ctlEscaper writes control characters as regular expression escapes,
// which RE2 and Java read alike, so the SQL text stays on one line.
var ctlEscaper = strings.NewReplacer("\t", `\t`, "\n", `\n`, "\r", `\r`)

func termRegexp(v spl.SearchValue) string {
	return spl.TermPattern(v, func(s string) string { return ctlEscaper.Replace(regexp.QuoteMeta(s)) })
}

// search filters the rows by a search command's terms.
func (t *translator) search(c *spl.SearchCommand) error {
	w, err := t.searchSQL(c.Expr, func(s string) string { return s })
	if err != nil {
		return err
	}
	if w == "" || w == sqlTrue {
		return nil
	}
	list := []string{"*"}
	if t.known() {
		list = t.selectCols(nil)
	}
	t.wrap(list, w)
	return nil
}
