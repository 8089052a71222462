package value

import "testing"

// TestCleanKey: transforms.conf CLEAN_KEYS replaces characters other than
// letters, digits and _ with _, and strips leading underscores and digits.
func TestCleanKey(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Product Name", "Product_Name"},
		{"user", "user"},
		{"9x", "x"},
		{"__a.b", "a_b"},
		{"_9_a", "a"},
		{"12", ""},
		{"", ""},
		{"a-b c", "a_b_c"},
	} {
		if got := CleanKey(c.in); got != c.want {
			t.Errorf("CleanKey(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
