package engine

import "testing"

// TestEveryDocumentedFunctionHasHelp checks that `spelunk help NAME` has
// an entry for every evaluation and statistical function of the Search
// Reference's function lists (9.4, "Evaluation functions" and
// "Statistical and charting functions", read by hand). SPL2-only
// functions are not listed.
func TestEveryDocumentedFunctionHasHelp(t *testing.T) {
	eval := []string{
		"abs", "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "avg", "bit_and", "bit_not", "bit_or",
		"bit_shift_left", "bit_shift_right", "bit_xor", "case", "ceil", "ceiling", "cidrmatch", "coalesce", "commands",
		"cos", "cosh", "exact", "exp", "false", "floor", "hypot", "if", "in", "ipmask", "isarray", "isbool", "isdouble",
		"isint", "ismv", "isnotnull", "isnull", "isnum", "isobject", "isstr", "json", "json_append", "json_array",
		"json_array_to_mv", "json_delete", "json_entries", "json_extend", "json_extract", "json_extract_exact",
		"json_has_key_exact", "json_keys", "json_object", "json_set", "json_set_exact", "json_valid", "len", "like",
		"ln", "log", "lookup", "lower", "ltrim", "match", "max", "md5", "min", "mv_to_json_array", "mvappend",
		"mvcount", "mvdedup", "mvfilter", "mvfind", "mvindex", "mvjoin", "mvmap", "mvrange", "mvsort", "mvzip",
		"now", "null", "nullif", "pi", "pow", "printf", "random", "relative_time", "replace", "round", "rtrim",
		"searchmatch", "sha1", "sha256", "sha512", "sigfig", "sin", "sinh", "spath", "split", "sqrt", "strftime",
		"strptime", "substr", "sum", "tan", "tanh", "time", "toarray", "tobool", "todouble", "toint",
		"tomv", "tonumber", "toobject", "tostring", "trim", "true", "typeof", "upper", "urldecode", "validate",
	}
	stats := []string{
		"avg", "count", "dc", "distinct_count", "estdc", "estdc_error", "exactperc95", "max", "mean", "median",
		"min", "mode", "perc95", "p95", "range", "stdev", "stdevp", "sum", "sumsq", "upperperc95", "var", "varp",
		"first", "last", "list", "values", "earliest", "earliest_time", "latest", "latest_time", "per_day",
		"per_hour", "per_minute", "per_second", "rate", "rate_avg", "rate_sum", "sparkline",
	}
	for _, n := range eval {
		if _, ok := LookupFunction(n); !ok {
			t.Errorf("eval function %s has no help", n)
		}
	}
	for _, n := range stats {
		if _, ok := LookupAggregation(n); !ok {
			t.Errorf("statistical function %s has no help", n)
		}
	}
}
