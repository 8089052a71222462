package engine

import "testing"

// Bitwise functions, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/evaluation-functions/bitwise-functions
// Expected values written from the page before running ("bit_shift_left(253,
// 1)" in its table is 2^53 with the exponent's markup lost).
func TestDocBitwiseFunctions(t *testing.T) {
	runDocCases(t, []docCase{
		{expr: `bit_and(12, 9)`, want: "8"},
		{expr: `bit_or(4, 2)`, want: "6"},
		{expr: `bit_not(9)`, want: "9007199254740982"},
		{expr: `bit_not(9, tonumber("1111", 2))`, want: "6"},
		{expr: `tostring(bit_not(9), "binary")`, want: "11111111111111111111111111111111111111111111111110110"},
		{expr: `tostring(bit_not(9, tonumber("1111", 2)), "binary")`, want: "110"},
		{expr: `bit_xor(3, 2)`, want: "1"},
		{expr: `bit_shift_left(2, 1)`, want: "4"},
		{expr: `bit_shift_left(1, 53)`, want: "0"},
		{expr: `bit_shift_left(3, 1)`, want: "6"},
		{expr: `bit_shift_left(3, 52)`, want: "4503599627370496"},
		{expr: `bit_shift_left(3, 57)`, want: "0"},
		{expr: `bit_shift_left(3, pow(2,53)-1)`, want: "0"},
		{expr: `bit_shift_left(3, pow(2,53))`, want: "(null)"},
		{expr: `bit_shift_left(67, 1)`, want: "134"},
		{expr: `bit_shift_left(pow(2,53), 1)`, want: "(null)"},
		{expr: `bit_shift_left(3, -2)`, want: "(null)"},
		{expr: `bit_shift_right(-3, 1)`, want: "(null)"},
		{expr: `bit_shift_right(4, 1)`, want: "2"},
		{expr: `bit_and(4, 6) . " " . bit_or(4, 6) . " " . bit_xor(4, 6)`, want: "4 6 2"},
		{expr: `bit_shift_left(2,1) . " " . bit_shift_right(2,1)`, want: "4 1"},
		{expr: `tostring(LEFT_result, "binary")`, setup: `LEFT_result = bit_shift_left(2,1)`, want: "100"},
		{expr: `tostring(bit_not(9, tonumber("111",2)), "binary")`, want: "110"},
		{expr: `bit_and(max_supported_val + 1, 1)`, setup: `max_supported_val = pow(2, 53)-1`, want: "(null)"},
		{expr: `max_supported_val`, setup: `max_supported_val = pow(2, 53)-1`, want: "9007199254740991"},
		{expr: `tostring(bit_or(tonumber(flags, 2), tonumber("11001", 2)), "binary")`, setup: `flags = "00010"`, want: "11011"},
		{expr: `if(bit_and(tonumber(flags, 2), 4)==0, "false", "true")`, setup: `flags = "00010"`, want: "false"},
		{expr: `tostring(bit_not(bit_xor(tonumber("10011", 2), tonumber("10001", 2)), tonumber("11111",2)), "binary")`, want: "11101"},
		{expr: `tostring(bit_or(bit_shift_left(tonumber(flags, 2), 1), 1), "binary")`, setup: `flags = "10001"`, want: "100011"},
		{expr: `tonumber("0xa3b7514f19ce7", 16)`, want: "2880123815697639"},
		{expr: `bit_and(bit_shift_right(streamId,8), tonumber("0xFFFFFFFF",16))`, setup: `streamId = tonumber("0xa3b7514f19ce7", 16)`, want: "1964306844"},
	})
}

// Cryptographic functions, Search Reference 9.3 (the one page that prints a
// hash):
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.3/evaluation-functions/cryptographic-functions
func TestDocCryptographicFunctions(t *testing.T) {
	runDocCases(t, []docCase{
		{expr: `md5("Hello World")`, want: "b10a8db164e0754105b7a99be72e3fe5"},
		{expr: `len(message)`, setup: `message=md5("" . random())`, want: "32"},
	})
}
