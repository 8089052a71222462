package value

// CleanKey applies Splunk's CLEAN_KEYS to an extracted field name (on by
// default for REPORT and DELIMS extractions, and for the extract command):
// bytes other than a-z, A-Z, 0-9 and _ become '_', and leading
// underscores and digits are dropped. transforms.conf: "CLEAN_KEYS ...
// Whether the Splunk platform cleans the keys ... it replaces
// non-alphanumeric characters with underscores ... and strips leading
// underscores and 0-9 characters". Names that need no change are returned
// as they are, without allocating.
func CleanKey(name string) string {
	clean := true
	for i := 0; i < len(name); i++ {
		if !isWordByte(name[i]) {
			clean = false
			break
		}
	}
	if clean && name != "" && name[0] != '_' && (name[0] < '0' || name[0] > '9') {
		return name
	}
	b := make([]byte, 0, len(name))
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !isWordByte(c) {
			c = '_'
		}
		if len(b) == 0 && (c == '_' || (c >= '0' && c <= '9')) {
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

func isWordByte(c byte) bool {
	return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}
