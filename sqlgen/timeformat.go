package sqlgen

import "strings"

// The ctime formats: each dialect names the strftime variables that
// Splunk's ESCU searches write (%Y-%m-%dT%H:%M:%S and the like); any
// other variable stops the translation at convert.

var strftimeVars = map[byte]bool{'Y': true, 'm': true, 'd': true, 'H': true, 'M': true, 'S': true, 'y': true}

// duckdbFormat keeps the format: DuckDB's strftime is C's.
func duckdbFormat(f string) (string, bool) { return f, knownVars(f) }

// clickhouseFormat keeps the format: formatDateTime takes these
// variables as strftime does.
func clickhouseFormat(f string) (string, bool) { return f, knownVars(f) }

func knownVars(f string) bool {
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		if i+1 >= len(f) {
			return false
		}
		i++
		if f[i] != '%' && !strftimeVars[f[i]] {
			return false
		}
	}
	return true
}

// mysqlFormat is Trino's date_format: minutes are %i and seconds %s.
func mysqlFormat(f string) (string, bool) {
	if !knownVars(f) {
		return "", false
	}
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			b.WriteByte(f[i])
			continue
		}
		i++
		switch f[i] {
		case 'M':
			b.WriteString("%i")
		case 'S':
			b.WriteString("%s")
		default:
			b.WriteByte('%')
			b.WriteByte(f[i])
		}
	}
	return b.String(), true
}

var javaVars = map[byte]string{'Y': "yyyy", 'y': "yy", 'm': "MM", 'd': "dd", 'H': "HH", 'M': "mm", 'S': "ss"}

// javaFormat is Spark's date_format: letters are pattern letters, so
// literal text goes in single quotes.
func javaFormat(f string) (string, bool) {
	if !knownVars(f) {
		return "", false
	}
	var b strings.Builder
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			b.WriteString("'" + strings.ReplaceAll(lit.String(), "'", "''") + "'")
			lit.Reset()
		}
	}
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			lit.WriteByte(f[i])
			continue
		}
		i++
		if f[i] == '%' {
			lit.WriteByte('%')
			continue
		}
		flush()
		b.WriteString(javaVars[f[i]])
	}
	flush()
	return b.String(), true
}
