package ingest

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/spelunk-dev/spelunk/value"
)

func TestReadJSON(t *testing.T) {
	crowdStrikeFields := kv(
		"LinkName", `C:\Users\Administrator\AppData\Roaming\Microsoft\Windows\Start Menu\Programs\Windows PowerShell\Windows PowerShell.lnk`,
		"ProcessCreateFlags", "67634196",
		"IntegrityLevel", "12288",
		"ParentProcessId", "5459598860",
		"SourceProcessId", "5459598860",
		"aip", "3.126.231.40",
		"SHA1HashData", "0000000000000000000000000000000000000000",
		"UserSid", "S-1-5-21-586445407-708991241-1829972403-500",
		"event_platform", "Win",
		"TokenType", "1",
		"ProcessEndTime", "",
		"AuthenticodeHashData", "3b98faafc17b47beb9027c437fceeafdf0624a1c",
		"ParentBaseFileName", "explorer.exe",
		"EventOrigin", "1",
		"ImageSubsystem", "3",
		"id", "e2210781-0e8f-47d2-bf6a-56d2c59f38ee",
		"EffectiveTransmissionClass", "3",
		"SessionId", "2",
		"ShowWindowFlags", "1",
		"Tags", "27, 40, 151, 874, 924, 12094627905582, 12094627906234, 211106232533012, 212205744161605, 263882790666253",
		"timestamp", "1713805173418",
		"event_simpleName", "ProcessRollup2",
		"RawProcessId", "5012",
		"ConfigStateHash", "840884426",
		"MD5HashData", "097ce5761c89434367598b34fe32893b",
		"SHA256HashData", "ba4038fd20e474c047be8aad5bfacdb1bfc1ddbe12f803f473b7918d8d819436",
		"ProcessSxsFlags", "64",
		"AuthenticationId", "2669499",
		"ConfigBuild", "1007.3.0018207.1",
		"WindowFlags", "3073",
		"CommandLine", `"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe" `,
		"ParentAuthenticationId", "2669499",
		"TargetProcessId", "5642133882",
		"ImageFileName", `\Device\HarddiskVolume1\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
		"SourceThreadId", "30426051160",
		"Entitlements", "15",
		"name", "ProcessRollup2V19",
		"ProcessStartTime", "1713805173.321",
		"ProcessParameterFlags", "24577",
		"aid", "168a90e125d443beb2a4e2914985084d",
		"SignInfoFlags", "8683538",
		"cid", "124cb22314bf4f519be84bce582e7a6b",
	)
	csHost := `{"event_simpleName":"DnsRequest","timestamp":"1713805173000","ComputerName":"old-name","aid_computer_name":"ws-01"}`
	nested := `{"time":"2021-01-12T14:03:17Z","user":{"name":"bob","id":7,"admin":false,"tags":["a","b"]},` +
		`"resources":[{"ARN":"arn:1","type":"bucket"},{"ARN":"arn:2","extra":{"k":null}}],` +
		`"matrix":[[1,2],[3]],"empty":"","none":null,"eo":{},"ea":[],"esc":"a\"b\\c\u00e9 2&gt;"}`
	pretty := "[\n  {\"a\": 1, \"timestamp\": 1713805173418},\n  {\n    \"b\": {\"c\": [true]}\n  }\n]\n"
	bad := "{\"ok\":1}\nnot json at all\n{\"broken\": \"unterminated\n{\"a\":1,\n{\"ok\":2}\n{\"x\":1,}\n{\"ok\":3} trailing\n{\"unfinished\": [1,"
	times := `{"_time":"not a time","timestamp":"1610460197.25"}` + "\n" +
		`{"@timestamp":"2021-01-12T15:03:17.5+01:00","time":"1"}` + "\n" +
		`{"eventTime":1610460197250000}` + "\n" +
		`{"time":1610460197250000000}` + "\n" +
		`{"other":"x"}` + "\n"
	csByType := map[string]int{"crowdstrike:events:sensor": 1}
	jsonByType := func(n int) map[string]int { return map[string]int{"_json": n} }
	generic := func(raw string, line int, time float64, fields ...any) *Event {
		return &Event{Time: time, Raw: raw, Host: "unknown", Source: "f.json", Sourcetype: "_json",
			Index: "main", Fields: kv(fields...), File: "f.json", Line: line}
	}

	tests := []struct {
		name  string
		input string
		opt   Options
		want  []*Event
		stats Stats
	}{{
		name:  "CrowdStrike ProcessRollup2 (security_content example)",
		input: exampleCrowdStrikePR2 + "\n",
		want: []*Event{{
			Time: 1713805173.418, Raw: exampleCrowdStrikePR2, Host: "unknown", Source: "crowdstrike",
			Sourcetype: "crowdstrike:events:sensor", Index: "main", Fields: crowdStrikeFields, File: "f.json", Line: 1,
		}},
		stats: stats(1, csByType),
	}, {
		name:  "CrowdStrike host from aid_computer_name",
		input: csHost,
		want: []*Event{{
			Time: 1713805173, Raw: csHost, Host: "ws-01", Source: "crowdstrike",
			Sourcetype: "crowdstrike:events:sensor", Index: "main", File: "f.json", Line: 1,
			Fields: kv("event_simpleName", "DnsRequest", "timestamp", "1713805173000",
				"ComputerName", "old-name", "aid_computer_name", "ws-01"),
		}},
		stats: stats(1, csByType),
	}, {
		name:  "nested objects and arrays flatten as Splunk names them",
		input: nested,
		want: []*Event{generic(nested, 1, 1610460197,
			"time", "2021-01-12T14:03:17Z",
			"user.name", "bob", "user.id", "7", "user.admin", "false", "user.tags{}", mv("a", "b"),
			"resources{}.ARN", mv("arn:1", "arn:2"), "resources{}.type", "bucket", "resources{}.extra.k", "null",
			"matrix{}{}", mv("1", "2", "3"), "empty", "", "none", "null", "esc", `a"b\cé 2&gt;`)},
		stats: stats(1, jsonByType(1)),
	}, {
		name:  "top-level array, pretty-printed element, epoch ms by magnitude",
		input: pretty,
		want: []*Event{
			generic(`{"a": 1, "timestamp": 1713805173418}`, 2, 1713805173.418, "a", "1", "timestamp", "1713805173418"),
			generic("{\n    \"b\": {\"c\": [true]}\n  }", 3, 0, "b.c{}", "true"),
		},
		stats: stats(2, jsonByType(2)),
	}, {
		name:  "bad lines are skipped and reported, good ones kept",
		input: bad,
		want: []*Event{
			generic(`{"ok":1}`, 1, 0, "ok", "1"),
			generic(`{"ok":2}`, 5, 0, "ok", "2"),
			generic(`{"ok":3}`, 7, 0, "ok", "3"),
		},
		stats: stats(3, jsonByType(3),
			Problem{"f.json", 2, "15 bytes that are not a JSON object"},
			Problem{"f.json", 3, "unterminated string: a JSON string cannot span lines"},
			Problem{"f.json", 4, "truncated object: the next line starts a new object"},
			Problem{"f.json", 6, "invalid JSON: invalid character '}' looking for beginning of object key string"},
			Problem{"f.json", 7, "8 bytes that are not a JSON object"},
			Problem{"f.json", 8, "truncated object: the input ends before its closing brace"}),
	}, {
		name:  "_time candidates in order, seconds, ms, µs, ns and RFC 3339",
		input: times,
		want: []*Event{
			generic(`{"_time":"not a time","timestamp":"1610460197.25"}`, 1, 1610460197.25, "_time", "not a time", "timestamp", "1610460197.25"),
			generic(`{"@timestamp":"2021-01-12T15:03:17.5+01:00","time":"1"}`, 2, 1610460197.5, "@timestamp", "2021-01-12T15:03:17.5+01:00", "time", "1"),
			generic(`{"eventTime":1610460197250000}`, 3, 1610460197.25, "eventTime", "1610460197250000"),
			generic(`{"time":1610460197250000000}`, 4, 1610460197.25, "time", "1610460197250000000"),
			generic(`{"other":"x"}`, 5, 0, "other", "x"),
		},
		stats: stats(5, jsonByType(5)),
	}, {
		name:  "forced json sourcetype and options",
		input: csHost,
		opt:   Options{Sourcetype: "JSON", Source: "src", Host: "h", Index: "i"},
		want: []*Event{{
			Time: 1713805173, Raw: csHost, Host: "h", Source: "src", Sourcetype: "json", Index: "i",
			File: "f.json", Line: 1,
			Fields: kv("event_simpleName", "DnsRequest", "timestamp", "1713805173000",
				"ComputerName", "old-name", "aid_computer_name", "ws-01"),
		}},
		stats: stats(1, map[string]int{"json": 1}),
	}, {
		name:  "forced crowdstrike sourcetype without event_simpleName",
		input: `{"timestamp":"1713805173418","ComputerName":"pc"}`,
		opt:   Options{Sourcetype: "CrowdStrike:Events:Sensor"},
		want: []*Event{{
			Time: 1713805173.418, Raw: `{"timestamp":"1713805173418","ComputerName":"pc"}`, Host: "pc",
			Source: "crowdstrike", Sourcetype: "crowdstrike:events:sensor", Index: "main", File: "f.json", Line: 1,
			Fields: kv("timestamp", "1713805173418", "ComputerName", "pc"),
		}},
		stats: stats(1, csByType),
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, st, err := readString(t, tc.input, "f.json", tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got, cmpValues, cmpopts.EquateEmpty(), ignoreDateZone); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.stats, st, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("stats (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseEpochScaled(t *testing.T) {
	tests := []struct {
		in     string
		digits int
		want   float64
		ok     bool
	}{
		{"1713805173418", 3, 1713805173.418, true},
		{"5", 3, 0.005, true},
		{"-1500", 3, -1.5, true},
		{"1713805173418.5", 3, 1713805173.4185, true},
		{"x", 3, 0, false},
		{"", 3, 0, false},
	}
	for _, tc := range tests {
		got, ok := parseEpochScaled(tc.in, tc.digits)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseEpochScaled(%q, %d) = %v, %v; want %v, %v", tc.in, tc.digits, got, ok, tc.want, tc.ok)
		}
	}
}

// TestJSONDepth: nesting is bounded as encoding/json bounds it (10,000
// levels), by the fast scanner and the token decoder alike; deeper records
// are bad records, read in linear memory.
func TestJSONDepth(t *testing.T) {
	nest := func(n int, open, close string) string {
		return `{"a":` + strings.Repeat(open, n-1) + "1" + strings.Repeat(close, n-1) + "}"
	}
	for _, tc := range []struct {
		raw string
		ok  bool
	}{
		{nest(jsonMaxDepth, `{"a":`, "}"), true},
		{nest(jsonMaxDepth+1, `{"a":`, "}"), false},
		{nest(jsonMaxDepth, "[", "]"), true},
		{nest(jsonMaxDepth+1, "[", "]"), false},
		{nest(100_000, `{"a":`, "}"), false}, // took memory quadratic in the depth before
	} {
		var fast, std fieldBuilder
		fast.reset()
		std.reset()
		errFast, errStd := flattenJSONFast(tc.raw, &fast), flattenJSONStd(tc.raw, &std)
		if (errFast == nil) != tc.ok || (errStd == nil) != tc.ok {
			t.Errorf("%d bytes: fast %v, encoding/json %v, want ok=%v", len(tc.raw), errFast, errStd, tc.ok)
		}
		if !tc.ok && errStd.Error() != "exceeded max depth" {
			t.Errorf("%d bytes: error %q", len(tc.raw), errStd)
		}
	}
}

// TestFlattenJSON: any top-level JSON value, named as Splunk's automatic
// JSON extraction names fields (Search Reference, spath: "{}" for the
// elements of an array, "." between keys).
func TestFlattenJSON(t *testing.T) {
	for _, tc := range []struct {
		text string
		want value.Fields
		ok   bool
	}{
		{`{"a":{"b":"x"},"c":[1,2]}`, kv("a.b", "x", "c{}", mv("1", "2")), true},
		{`[{"a":1},{"a":2,"b":null}]`, kv("{}.a", mv("1", "2"), "{}.b", "null"), true},
		{`{"m":[[1,2],[3]]}`, kv("m{}{}", mv("1", "2", "3")), true},
		{` "text" `, nil, true},
		{`{"a":1}{"b":2}`, nil, false},
		{`{"a":01}`, nil, false},
		{``, nil, false},
	} {
		got, ok := FlattenJSON(tc.text)
		if ok != tc.ok {
			t.Errorf("FlattenJSON(%q) ok = %v, want %v", tc.text, ok, tc.ok)
		}
		if diff := cmp.Diff(tc.want, got, cmpValues, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("FlattenJSON(%q) (-want +got):\n%s", tc.text, diff)
		}
	}
}
