package value

import (
	"math"
	"strconv"
	"strings"
)

// Precision of eval results (Search Reference, eval, "Rounding"):
//
//	Results are rounded to a precision appropriate to the precision of
//	the input results. The precision of the results can be no greater
//	than the precision of the least-precise input.
//
//	| eval decimal1=8.250 * 0.2, decimal2=8.250 * 0.20,
//	       decimal3=8.250 * 0.200, exact=8.250 * exact(0.2)
//	→ 2  1.7  1.65  1.650
//
// and the sigfig() function documents the rules behind it: multiplication
// and division keep the fewest significant figures of the operands,
// addition and subtraction the fewest decimal places. Yet `1.00*1111`
// gives 1111 (only sigfig() gives 1110), so plain eval never rounds digits
// left of the decimal point.
//
// The model that reproduces every documented example, and that we follow:
//   - A number written with a decimal point (a literal, or a field value
//     read as a number) carries its significant figures and decimal
//     places: "8.250" has 4 and 3, "0.20" has 2 and 2. A number written
//     without one ("1111", "3") is exact, and so is every function result
//     unless documented otherwise: integer arithmetic keeps full double
//     precision (10/3 → 3.3333333333333335).
//   - Exact operands do not limit precision; exact(x) makes x exact.
//   - * and / keep the fewest significant figures, printed with as many
//     decimals as those figures leave after the integer digits (never
//     fewer than none); + - and % keep the fewest decimal places.
//   - Precision is capped at 17 significant digits ("The limit to
//     precision is 17 significant digits").
//
// [Where the docs are silent, e.g. for % and unary minus, this is our
// choice; README "Semantics decisions".]

const maxSigFigs = 17

// NumPrec makes a number that carries sf significant figures and prints
// with dec decimal places. sf 0 makes it exact, like Num.
func NumPrec(f float64, sf, dec int) Value {
	if sf <= 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		return Num(f)
	}
	sf = min(sf, maxSigFigs)
	dec = max(0, min(dec, 40))
	// The value is kept whole; only printing rounds, so exact(3.14*num)
	// can still show every digit of the product.
	return Value{k: KindNumber, n: f, sf: uint8(sf), dec: uint8(dec)}
}

// Precision returns a number's significant figures and decimal places;
// sf is 0 for an exact number.
func (v Value) Precision() (sf, dec int) {
	if v.k != KindNumber {
		return 0, 0
	}
	return int(v.sf), int(v.dec)
}

// Exact drops a number's precision, as eval's exact() does.
func Exact(v Value) Value {
	if v.k == KindNumber {
		return Num(v.n)
	}
	return v
}

// Numeric returns the numeric reading of a single value as eval
// arithmetic uses it: a Number as it is, a numeric String with the
// precision its text shows. ok is false when there is none.
func (v Value) Numeric() (Value, bool) {
	switch v.k {
	case KindNumber:
		return v, true
	case KindString:
		return ParseNumeric(v.s)
	}
	return Null, false
}

// ParseNumeric reads s as a number, with its written precision: "8.250"
// has 4 significant figures and 3 decimal places; integers and exponent
// notation are exact.
func ParseNumeric(s string) (Value, bool) {
	f, ok := ParseNumber(s)
	if !ok {
		return Null, false
	}
	dot := strings.IndexByte(s, '.')
	if dot < 0 || strings.ContainsAny(s, "eE") {
		return Num(f), true
	}
	dec := len(s) - dot - 1
	sf := 0
	seen := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			continue
		}
		if c != '0' {
			seen = true
		}
		if seen {
			sf++
		}
	}
	if sf == 0 {
		sf = 1
	}
	return NumPrec(f, sf, dec), true
}

// intDigits is the number of digits left of the decimal point that carry
// significance: floor(log10(|f|))+1, so 0.05 has -1.
func intDigits(f float64) int {
	if f == 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		return 1
	}
	return int(math.Floor(math.Log10(math.Abs(f)))) + 1
}

func formatPrec(f float64, dec int) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return FormatNumber(f)
	}
	s := strconv.FormatFloat(f, 'f', dec, 64)
	if s == "-0" || strings.HasPrefix(s, "-0.") && strings.Trim(s[1:], "0.") == "" {
		s = s[1:]
	}
	return s
}

// MulPrec gives the precision of a product or quotient r of a and b.
func MulPrec(r float64, a, b Value) Value {
	sf := minNonZero(int(a.sf), int(b.sf))
	if sf == 0 {
		return Num(r)
	}
	return NumPrec(r, sf, sf-intDigits(r))
}

// AddPrec gives the precision of a sum, difference or remainder r of a
// and b.
func AddPrec(r float64, a, b Value) Value {
	dec := -1
	for _, x := range []Value{a, b} {
		if x.sf > 0 && (dec < 0 || int(x.dec) < dec) {
			dec = int(x.dec)
		}
	}
	if dec < 0 {
		return Num(r)
	}
	return NumDecimals(r, dec)
}

// NumDecimals makes a number that prints with dec decimal places and
// carries the significant figures that leaves it, as a sum does.
func NumDecimals(f float64, dec int) Value {
	return NumPrec(f, max(1, intDigits(f)+dec), dec)
}

func minNonZero(a, b int) int {
	switch {
	case a == 0:
		return b
	case b == 0:
		return a
	}
	return min(a, b)
}

// SigFig rounds a number to its significant figures, digits left of the
// point included, as eval's sigfig() does (sigfig(1.00*1111) → 1110). An
// exact number is returned as it is.
func SigFig(v Value) Value {
	if v.k != KindNumber || v.sf == 0 {
		return v
	}
	sf := int(v.sf)
	f := v.n
	if f != 0 {
		scale := sf - intDigits(f)
		p := math.Pow10(scale)
		f = math.Round(f*p) / p
	}
	return NumPrec(f, sf, sf-intDigits(f))
}
