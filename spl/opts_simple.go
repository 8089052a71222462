package spl

import (
	"strconv"
	"strings"
)

func strconvQuote(s string) string { return strconv.Quote(s) }

// optIntIn accepts a whole number from lo to hi.
func optIntIn(lo, hi int) func(string) string {
	return func(v string) string {
		if n, ok := ParseInt(v); ok && n >= lo && n <= hi {
			return ""
		}
		return "takes a whole number from " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi)
	}
}

// optSpan accepts a time span such as 10s, 5m or 1h, zero (0s) included.
func optSpan(v string) string {
	if _, err := parseSecondsOrSpan(v); err == nil {
		return ""
	}
	if t := strings.TrimLeft(v, "0."); t != v && t != "" && t[0] > '9' {
		if _, err := ParseTimeSpan(t); err == nil {
			return ""
		}
	}
	return "takes a time span such as 30s, 5m or 1h"
}

// intOf is the whole number an option checked by optIntIn holds.
func intOf(o Option) int {
	n, _ := ParseInt(o.Value)
	return n
}

// boolOf is the Boolean an option checked by optBool holds.
func boolOf(o Option) bool {
	b, _ := ParseBool(o.Value)
	return b
}
