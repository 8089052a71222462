package ingest

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// sysmonLog generates n one-line Sysmon EID 1 events from the
// security_content example, varying record number, pids and times.
func sysmonLog(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		ev := exampleSysmon1
		ev = strings.Replace(ev, "<EventRecordID>4522<", fmt.Sprintf("<EventRecordID>%d<", 4522+i), 1)
		ev = strings.Replace(ev, "'ProcessId'>2296<", fmt.Sprintf("'ProcessId'>%d<", 1000+i%50000), 1)
		ev = strings.Replace(ev, "11:03:46.617920300Z", fmt.Sprintf("11:%02d:%02d.%09dZ", i/60%60, i%60, i*7919%1000000000), 1)
		b.WriteString(ev)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func BenchmarkXMLSysmon(b *testing.B) {
	data := sysmonLog(2000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		st, err := Read(bytes.NewReader(data), "bench.log", Options{}, func(*Event) error { return nil })
		if err != nil || st.Events != 2000 {
			b.Fatalf("%+v %v", st, err)
		}
	}
}

// BenchmarkXMLSysmonFields reads the same records extracting only the
// fields a broad tstats over Endpoint.Processes reads (Options.Fields).
func BenchmarkXMLSysmonFields(b *testing.B) {
	data := sysmonLog(2000)
	opt := Options{ReuseFields: true, Fields: []string{"Computer", "EventCode", "Image", "ParentImage", "CommandLine", "ParentCommandLine", "User"}}
	for _, tc := range []struct {
		name string
		opt  Options
	}{{"all", Options{ReuseFields: true}}, {"some", opt}} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				st, err := Read(bytes.NewReader(data), "bench.log", tc.opt, func(*Event) error { return nil })
				if err != nil || st.Events != 2000 {
					b.Fatalf("%+v %v", st, err)
				}
			}
		})
	}
}

func BenchmarkJSONCrowdStrike(b *testing.B) {
	data := []byte(strings.Repeat(exampleCrowdStrikePR2+"\n", 2000))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		st, err := Read(bytes.NewReader(data), "bench.json", Options{}, func(*Event) error { return nil })
		if err != nil || st.Events != 2000 {
			b.Fatalf("%+v %v", st, err)
		}
	}
}

// BenchmarkFlattenJSON compares the hand-written scanner with the
// encoding/json path it falls back to.
func BenchmarkFlattenJSON(b *testing.B) {
	for _, tc := range []struct {
		name string
		f    func(string, *fieldBuilder) error
	}{{"fast", flattenJSONFast}, {"encoding-json", flattenJSONStd}} {
		b.Run(tc.name, func(b *testing.B) {
			var fb fieldBuilder
			b.SetBytes(int64(len(exampleCrowdStrikePR2)))
			b.ReportAllocs()
			for b.Loop() {
				fb.reset()
				if err := tc.f(exampleCrowdStrikePR2, &fb); err != nil {
					b.Fatal(err)
				}
				fb.take()
			}
		})
	}
}

// BenchmarkXMLLines reads the records as the index does (ReuseFields)
// by the one-pass read of one-line records and by the general path.
func BenchmarkXMLLines(b *testing.B) {
	data := sysmonLog(2000)
	for _, quick := range []bool{true, false} {
		b.Run(fmt.Sprintf("oneline=%v", quick), func(b *testing.B) {
			defer func(q bool) { quickLines = q }(quickLines)
			quickLines = quick
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				st, err := Read(bytes.NewReader(data), "bench.log", Options{ReuseFields: true}, func(*Event) error { return nil })
				if err != nil || st.Events != 2000 {
					b.Fatalf("%+v %v", st, err)
				}
			}
		})
	}
}
