package engine

import (
	"math"

	"github.com/spelunk-dev/spelunk/value"
)

// Bitwise functions.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/10.0/evaluation-functions/bitwise-functions
//
// "Only nonnegative integers in the range of 0 to 2^53-1 are accepted as
// input to bitwise functions": anything else (negative, fractional,
// larger, not a number) gives null, and results are masked to 53 bits.

const bitMask = 1<<53 - 1

func init() {
	registerIn("Bitwise",
		bitFold("bit_and", "AND", func(a, b uint64) uint64 { return a & b },
			[]FuncExample{{`bit_and(12, 9)`, "8", ""}, {`bit_and(4, 6)`, "4", ""},
				{Setup: `max_supported_val=pow(2, 53)-1`, Expr: `bit_and(max_supported_val + 1, 1)`, Want: ""},
				{Setup: `streamId=tonumber("0xa3b7514f19ce7", 16)`, Expr: `bit_and(bit_shift_right(streamId, 8), tonumber("0xFFFFFFFF", 16))`, Want: "1964306844"},
				{Setup: `result=tonumber("00010", 2)`, Expr: `bit_and(result, 4)`, Want: "0"}}),
		bitFold("bit_or", "OR", func(a, b uint64) uint64 { return a | b },
			[]FuncExample{{`bit_or(4, 2)`, "6", ""}, {`bit_or(4, 6)`, "6", ""},
				{Setup: `result=tonumber("00010", 2)`, Expr: `tostring(bit_or(result, tonumber("11001", 2)), "binary")`, Want: "11011"}}),
		bitFold("bit_xor", "XOR", func(a, b uint64) uint64 { return a ^ b },
			[]FuncExample{{`bit_xor(3, 2)`, "1", ""}, {`bit_xor(4, 6)`, "2", ""}}),
		&FuncSpec{
			Name: "bit_not", MinArgs: 1, MaxArgs: 2, Usage: "bit_not(<value>[, <bitmask>])", Returns: tNum,
			Doc: "Inverts the bits of a nonnegative integer, then ANDs the result with the bitmask (default 2^53-1).",
			Examples: []FuncExample{
				{`bit_not(9)`, "9007199254740982", ""},
				{`bit_not(9, tonumber("1111", 2))`, "6", ""},
				{`tostring(bit_not(9, tonumber("111", 2)), "binary")`, "110", ""},
				{Setup: `number1=tonumber("10011", 2), number2=tonumber("10001", 2)`, Expr: `tostring(bit_not(bit_xor(number1, number2), tonumber("11111", 2)), "binary")`, Want: "11101"},
			},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				x, ok := bitArg(a[0])
				mask := uint64(bitMask)
				if len(a) == 2 {
					m, ok2 := bitArg(a[1])
					ok, mask = ok && ok2, m
				}
				if !ok {
					return value.Null
				}
				return value.Num(float64(^x & mask & bitMask))
			},
		},
		bitShift("bit_shift_left", "left", func(x, n uint64) uint64 { return x << n },
			[]FuncExample{{`bit_shift_left(2, 1)`, "4", ""}, {`bit_shift_left(1, 53)`, "0", ""},
				{`bit_shift_left(3, 1)`, "6", ""}, {`bit_shift_left(3, 52)`, "4503599627370496", ""}, {`bit_shift_left(3, 57)`, "0", ""},
				{`bit_shift_left(67, 1)`, "134", ""}, {`bit_shift_left(3, -2)`, "", ""}, {`bit_shift_left(3, pow(2, 53))`, "", ""},
				{`bit_shift_left(3, pow(2, 53)-1)`, "0", ""},
				{Setup: `result=tonumber("10001", 2)`, Expr: `tostring(bit_or(bit_shift_left(result, 1), 1), "binary")`, Want: "100011"}}),
		bitShift("bit_shift_right", "right", func(x, n uint64) uint64 { return x >> n },
			[]FuncExample{{`bit_shift_right(4, 1)`, "2", ""}, {`bit_shift_right(2, 1)`, "1", ""}, {`bit_shift_right(-3, 1)`, "", ""}}),
	)
}

// bitArg reads a bitwise function's argument: an integer in [0, 2^53-1].
func bitArg(v value.Value) (uint64, bool) {
	if v.IsMulti() {
		return 0, false
	}
	f, ok := v.Number()
	if !ok || f < 0 || f > bitMask || f != math.Trunc(f) {
		return 0, false
	}
	return uint64(f), true
}

// bitFold makes bit_and, bit_or and bit_xor: two or more arguments,
// combined left to right.
func bitFold(name, op string, f func(a, b uint64) uint64, ex []FuncExample) *FuncSpec {
	return &FuncSpec{
		Name: name, MinArgs: 2, MaxArgs: -1, Usage: name + "(<value>, <value>...)", Returns: tNum,
		Doc:      "Bitwise " + op + " of two or more nonnegative integers (each at most 2^53-1; anything else gives null).",
		Examples: ex,
		Eager: func(_ *runCtx, a []value.Value) value.Value {
			acc, ok := bitArg(a[0])
			if !ok {
				return value.Null
			}
			for _, v := range a[1:] {
				x, ok := bitArg(v)
				if !ok {
					return value.Null
				}
				acc = f(acc, x)
			}
			return value.Num(float64(acc & bitMask))
		},
	}
}

// bitShift makes the logical shifts; an offset of 64 or more shifts
// every bit out, so the result is 0.
func bitShift(name, dir string, f func(x, n uint64) uint64, ex []FuncExample) *FuncSpec {
	return &FuncSpec{
		Name: name, MinArgs: 2, MaxArgs: 2, Usage: name + "(<value>, <shift_offset>)", Returns: tNum,
		Doc:      "Shifts a nonnegative integer " + dir + " by the offset, keeping 53 bits (null for negative values or values over 2^53-1).",
		Examples: ex,
		Eager: func(_ *runCtx, a []value.Value) value.Value {
			x, ok1 := bitArg(a[0])
			n, ok2 := bitArg(a[1])
			if !ok1 || !ok2 {
				return value.Null
			}
			if n >= 64 {
				return value.Num(0)
			}
			return value.Num(float64(f(x, n) & bitMask))
		},
	}
}
