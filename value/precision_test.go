package value

import "testing"

// TestPrecision checks the eval "Rounding" examples of the Search
// Reference (eval command) and the sigfig() ones (Mathematical functions).
func TestPrecision(t *testing.T) {
	num := func(s string) Value {
		v, ok := ParseNumeric(s)
		if !ok {
			t.Fatalf("ParseNumeric(%q) failed", s)
		}
		return v
	}
	mul := func(a, b Value) Value {
		x, _ := a.Number()
		y, _ := b.Number()
		return MulPrec(x*y, a, b)
	}
	add := func(a, b Value) Value {
		x, _ := a.Number()
		y, _ := b.Number()
		return AddPrec(x+y, a, b)
	}
	cases := []struct {
		name string
		got  Value
		want string
	}{
		{"8.250 * 0.2", mul(num("8.250"), num("0.2")), "2"},
		{"8.250 * 0.20", mul(num("8.250"), num("0.20")), "1.7"},
		{"8.250 * 0.200", mul(num("8.250"), num("0.200")), "1.65"},
		{"8.250 * exact(0.2)", mul(num("8.250"), Exact(num("0.2"))), "1.650"},
		{"1.00 * 1111", mul(num("1.00"), num("1111")), "1111"},
		{"sigfig(1.00 * 1111)", SigFig(mul(num("1.00"), num("1111"))), "1110"},
		{"sigfig(123.0 + 4.567)", SigFig(add(num("123.0"), num("4.567"))), "127.6"},
		{"10 / 3 stays exact", MulPrec(10.0/3, num("10"), num("3")), "3.3333333333333335"},
		{"literal keeps its zeros", num("5.0"), "5.0"},
		{"0.05 has one figure", mul(num("0.05"), num("3")), "0.2"},
	}
	for _, tc := range cases {
		if s := tc.got.String(); s != tc.want {
			t.Errorf("%s = %s, want %s", tc.name, s, tc.want)
		}
	}
}
