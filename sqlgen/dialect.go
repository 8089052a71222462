// Package sqlgen translates the longest prefix of a parsed SPL pipeline
// that SQL can express into one SELECT for DuckDB, ClickHouse, Spark or
// Trino, keeping Splunk's semantics (docs/SEMANTICS.md, "SQL
// translation"); the commands after that prefix run in spelunk over the
// rows the SQL returns.
//
// Every table the SQL reads holds text columns, as spelunk's index
// writes them, plus _time; a value acts as a number where it reads as one,
// so numeric work goes through the dialect's "try to read a double".
package sqlgen

import (
	"fmt"
	"strconv"
	"strings"
)

// Dialect is one SQL engine's spelling of what the translation needs.
type Dialect struct {
	Name string
	// quote writes an identifier.
	quote func(string) string
	// backslashEscapes: string literals read a backslash as an escape
	// (ClickHouse, Spark), so it is doubled.
	backslashEscapes bool
	// num reads text as a double, null when it is not a number.
	num func(x string) string
	// str turns any value into text.
	str func(x string) string
	// ilike is x LIKE pattern ignoring case; pattern is a quoted literal
	// already lower-cased, with \ as its escape.
	ilike func(x, pattern string) string
	// regex is x matches the RE2 pattern (a quoted literal).
	regex func(x, pattern string) string
	// epoch turns a timestamp column into epoch seconds (a double).
	epoch func(x string) string
	// ctimeTmpl renders epoch seconds (%[1]s) as text in UTC with a
	// format (%[2]s, a literal) that ctimeFmt makes of Splunk's strftime
	// format; ctimeFmt reports false for a variable it cannot render.
	ctimeTmpl string
	ctimeFmt  func(string) (string, bool)
	// dc, values, earliest and latest are aggregate spellings.
	dc     func(x string) string
	values func(x string) string
	argMin func(x, by string) string
	argMax func(x, by string) string
	// stdev and variance are the sample forms.
	stdev, variance func(x string) string
	// substr is 1-based substring with an optional length ("" when none).
	substr func(x, start, length string) string
	// regexReplace replaces every match.
	regexReplace func(x, re, repl string) string
	// limitBy keeps the first n rows of each group in the current order
	// with ClickHouse's LIMIT n BY; other dialects use row_number().
	limitBy bool
	// strType, dblType, intType are the types of casts; nullStr,
	// nullDbl and nullBool are typed nulls.
	strType, dblType, intType  string
	nullStr, nullDbl, nullBool string
	// nth is the value at 0-based rank (a double expression) among the
	// non-null values of x sorted ascending: an aggregate.
	nth func(x, rank string) string
	// rowList lists x's non-empty values of the first max rows in the
	// order of row (an aggregate); arrLen is a list's length; asList
	// makes a text value a list (empty or null for null); leftJoin is
	// the dialect's LEFT JOIN keeping every left row once per match.
	rowList  func(x, row string, max int) string
	arrLen   func(x string) string
	asListOf func(x string) string
	leftJoin string
	// concat joins text values.
	concat func(xs ...string) string
	// floor rounds down a double.
	floor func(x string) string
	// roundTo rounds half away from zero to d decimal places.
	roundTo func(x, d string) string
}

// Dialects lists the supported dialects by name.
var Dialects = map[string]*Dialect{
	"duckdb":     duckdb,
	"clickhouse": clickhouse,
	"spark":      spark,
	"trino":      trino,
}

// DialectNames is the sorted list of dialect names.
var DialectNames = []string{"clickhouse", "duckdb", "spark", "trino"}

// LookupDialect finds a dialect by name.
func LookupDialect(name string) (*Dialect, error) {
	if d, ok := Dialects[strings.ToLower(name)]; ok {
		return d, nil
	}
	return nil, fmt.Errorf("unknown SQL dialect %q (use %s)", name, strings.Join(DialectNames, ", "))
}

func doubleQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
func backQuote(s string) string   { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

// asList makes a value a list: a list as it is, text as a list of
// one, null as no list.
func (d *Dialect) asList(v val) string {
	switch v.k {
	case kList:
		return v.sql
	case kNull:
		if d.Name == "clickhouse" {
			return "emptyArrayString()"
		}
		return "NULL"
	}
	return d.asListOf(v.sql)
}

// Lit writes s as a string literal of the dialect.
func (d *Dialect) Lit(s string) string {
	if d.backslashEscapes {
		s = strings.ReplaceAll(s, `\`, `\\`)
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// Ident writes a column name.
func (d *Dialect) Ident(s string) string { return d.quote(s) }

func concatOp(xs ...string) string { return "(" + strings.Join(xs, " || ") + ")" }

var duckdb = &Dialect{
	Name:      "duckdb",
	quote:     doubleQuote,
	num:       tryCastDouble,
	str:       castVarchar,
	ilike:     lowerLikeEscaped,
	regex:     func(x, p string) string { return "regexp_matches(" + x + ", " + p + ")" },
	epoch:     func(x string) string { return "(epoch_us(" + x + ") / 1000000.0)" },
	ctimeTmpl: "strftime(make_timestamp(CAST(floor(%[1]s * 1000000) AS BIGINT)), %[2]s)",
	ctimeFmt:  duckdbFormat,
	dc:        countDistinct,
	values:    func(x string) string { return "list_sort(list(DISTINCT " + x + "))" },
	rowList: func(x, row string, max int) string {
		return "list_filter(list_slice(list(" + x + " ORDER BY " + row + "), 1, " + strconv.Itoa(max) + "), v -> v <> '')"
	},
	arrLen:   func(x string) string { return "len(" + x + ")" },
	asListOf: func(x string) string { return "CASE WHEN " + x + " IS NULL THEN NULL ELSE [" + x + "] END" },
	leftJoin: "LEFT JOIN",
	nth: func(x, rank string) string {
		return "list_sort(list(" + x + ") FILTER (WHERE " + x + " IS NOT NULL))[CAST(" + rank + " AS BIGINT) + 1]"
	},
	argMin:       func(x, by string) string { return "arg_min(" + x + ", " + by + ")" },
	argMax:       func(x, by string) string { return "arg_max(" + x + ", " + by + ")" },
	stdev:        stddevSamp,
	variance:     varSamp,
	substr:       substrStd,
	regexReplace: func(x, re, r string) string { return "regexp_replace(" + x + ", " + re + ", " + r + ", 'g')" },
	strType:      "VARCHAR",
	dblType:      "DOUBLE", intType: "BIGINT",
	nullStr: "CAST(NULL AS VARCHAR)", nullDbl: "CAST(NULL AS DOUBLE)", nullBool: "CAST(NULL AS BOOLEAN)",
	concat:  concatOp,
	floor:   floorStd,
	roundTo: roundStd,
}

// clickhouse keeps to what Debian's clickhouse-server 18.16 runs: no
// ILIKE, no window functions, no DateTime64.
var clickhouse = &Dialect{
	Name:             "clickhouse",
	quote:            doubleQuote,
	backslashEscapes: true,
	num:              func(x string) string { return "toFloat64OrNull(toString(" + x + "))" },
	str:              func(x string) string { return "toString(" + x + ")" },
	ilike:            func(x, p string) string { return "lowerUTF8(" + x + ") LIKE " + p },
	regex:            func(x, p string) string { return "match(" + x + ", " + p + ")" },
	epoch:            func(x string) string { return "toFloat64(" + x + ")" },
	ctimeTmpl:        "formatDateTime(toDateTime(toUInt32(floor(%[1]s)), 'UTC'), %[2]s)",
	ctimeFmt:         clickhouseFormat,
	dc:               func(x string) string { return "uniqExact(" + x + ")" },
	values:           func(x string) string { return "arraySort(groupUniqArray(" + x + "))" },
	rowList: func(x, row string, max int) string {
		return "arrayFilter(v -> v != '', arraySlice(arrayMap(p -> p.2, arraySort(p -> p.1, groupArray((" + row + ", " + x + ")))), 1, " + strconv.Itoa(max) + "))"
	},
	arrLen:   func(x string) string { return "length(" + x + ")" },
	asListOf: func(x string) string { return "if(isNull(" + x + "), emptyArrayString(), [assumeNotNull(" + x + ")])" },
	leftJoin: "ALL LEFT JOIN",
	nth: func(x, rank string) string {
		return "arraySort(groupArray(" + x + "))[toUInt64(" + rank + ") + 1]"
	},
	argMin:   func(x, by string) string { return "argMin(" + x + ", " + by + ")" },
	argMax:   func(x, by string) string { return "argMax(" + x + ", " + by + ")" },
	stdev:    func(x string) string { return "stddevSamp(" + x + ")" },
	variance: func(x string) string { return "varSamp(" + x + ")" },
	substr: func(x, s, l string) string {
		if l == "" {
			return "substringUTF8(" + x + ", " + s + ", 1000000000)"
		}
		return "substringUTF8(" + x + ", " + s + ", " + l + ")"
	},
	regexReplace: func(x, re, r string) string { return "replaceRegexpAll(" + x + ", " + re + ", " + r + ")" },
	limitBy:      true,
	strType:      "String",
	dblType:      "Float64", intType: "Int64",
	nullStr: "CAST(NULL AS Nullable(String))", nullDbl: "CAST(NULL AS Nullable(Float64))", nullBool: "CAST(NULL AS Nullable(UInt8))",
	concat:  func(xs ...string) string { return "concat(" + strings.Join(xs, ", ") + ")" },
	floor:   floorStd,
	roundTo: roundStd,
}

var spark = &Dialect{
	Name:             "spark",
	quote:            backQuote,
	backslashEscapes: true,
	num:              func(x string) string { return "try_cast(" + x + " AS DOUBLE)" },
	str:              func(x string) string { return "CAST(" + x + " AS STRING)" },
	ilike:            func(x, p string) string { return "lower(" + x + ") LIKE " + p },
	regex:            func(x, p string) string { return x + " RLIKE " + p },
	epoch:            func(x string) string { return "(unix_micros(" + x + ") / 1000000.0)" },
	ctimeTmpl:        "date_format(timestamp_micros(CAST(floor(%[1]s * 1000000) AS BIGINT)), %[2]s)",
	ctimeFmt:         javaFormat,
	dc:               countDistinct,
	values:           func(x string) string { return "array_sort(collect_set(" + x + "))" },
	nth: func(x, rank string) string {
		return "element_at(array_sort(collect_list(" + x + ")), CAST(" + rank + " AS INT) + 1)"
	},
	argMin:       minBy,
	argMax:       maxBy,
	stdev:        stddevSamp,
	variance:     varSamp,
	substr:       substrStd,
	regexReplace: regexpReplace,
	strType:      "STRING",
	dblType:      "DOUBLE", intType: "BIGINT",
	nullStr: "CAST(NULL AS STRING)", nullDbl: "CAST(NULL AS DOUBLE)", nullBool: "CAST(NULL AS BOOLEAN)",
	concat:  concatOp,
	floor:   floorStd,
	roundTo: roundStd,
}

var trino = &Dialect{
	Name:      "trino",
	quote:     doubleQuote,
	num:       tryCastDouble,
	str:       castVarchar,
	ilike:     lowerLikeEscaped,
	regex:     func(x, p string) string { return "regexp_like(" + x + ", " + p + ")" },
	epoch:     func(x string) string { return "(to_unixtime(" + x + "))" },
	ctimeTmpl: "date_format(from_unixtime(floor(%[1]s), 'UTC'), %[2]s)",
	ctimeFmt:  mysqlFormat,
	dc:        countDistinct,
	values:    func(x string) string { return "array_sort(array_agg(DISTINCT " + x + "))" },
	rowList: func(x, row string, max int) string {
		return "filter(slice(array_agg(" + x + " ORDER BY " + row + "), 1, " + strconv.Itoa(max) + "), v -> v <> '')"
	},
	arrLen:   func(x string) string { return "cardinality(" + x + ")" },
	asListOf: func(x string) string { return "CASE WHEN " + x + " IS NULL THEN NULL ELSE ARRAY[" + x + "] END" },
	leftJoin: "LEFT JOIN",
	nth: func(x, rank string) string {
		return "element_at(array_sort(array_agg(" + x + ") FILTER (WHERE " + x + " IS NOT NULL)), CAST(" + rank + " AS BIGINT) + 1)"
	},
	argMin:       minBy,
	argMax:       maxBy,
	stdev:        stddevSamp,
	variance:     varSamp,
	substr:       substrStd,
	regexReplace: regexpReplace,
	strType:      "VARCHAR",
	dblType:      "DOUBLE", intType: "BIGINT",
	nullStr: "CAST(NULL AS VARCHAR)", nullDbl: "CAST(NULL AS DOUBLE)", nullBool: "CAST(NULL AS BOOLEAN)",
	concat:  concatOp,
	floor:   floorStd,
	roundTo: roundStd,
}

func substrStd(x, s, l string) string {
	if l == "" {
		return "substr(" + x + ", " + s + ")"
	}
	return "substr(" + x + ", " + s + ", " + l + ")"
}

// The closures more than one dialect shares.
func floorStd(x string) string             { return "floor(" + x + ")" }
func roundStd(x, d string) string          { return "round(" + x + ", " + d + ")" }
func stddevSamp(x string) string           { return "stddev_samp(" + x + ")" }
func varSamp(x string) string              { return "var_samp(" + x + ")" }
func countDistinct(x string) string        { return "count(DISTINCT " + x + ")" }
func minBy(x, by string) string            { return "min_by(" + x + ", " + by + ")" }
func maxBy(x, by string) string            { return "max_by(" + x + ", " + by + ")" }
func regexpReplace(x, re, r string) string { return "regexp_replace(" + x + ", " + re + ", " + r + ")" }
func tryCastDouble(x string) string        { return "TRY_CAST(" + x + " AS DOUBLE)" }
func castVarchar(x string) string          { return "CAST(" + x + " AS VARCHAR)" }
func lowerLikeEscaped(x, p string) string  { return "lower(" + x + ") LIKE " + p + ` ESCAPE '\'` }
