package ingest

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"
)

// One fuzz target per text reader, each forced to its sourcetype so the
// fuzzer spends its time inside that reader instead of in format detection
// (FuzzText covers detection over the same formats). checkRead requires
// the same events and problems whether the input arrives whole or a byte
// at a time, every event a piece of the input, and every problem a line of
// it.

// examplePAN is a PAN-OS threat log line in the add-on's field order
// (shortened; pan.go names the positions).
const examplePAN = `1,2024/01/02 03:04:05,001801000001,THREAT,url,2305,2024/01/02 03:04:05,10.0.0.5,198.51.100.7,0.0.0.0,0.0.0.0,allow-web,corp\alice,,web-browsing,vsys1,trust,untrust,ethernet1/1,ethernet1/2,forward,2024/01/02 03:04:05,1234,1,50000,80,0,0,0x8000,tcp,alert,"example.com/bad",(9999),malware,informational,client-to-server`

func FuzzWinEventLog(f *testing.F) {
	for _, s := range []string{
		exampleClassic4624, exampleClassic4624 + exampleClassic4624,
		"01/02/2024 03:04:05 PM\nLogName=Security\nMessage=a\n\tKey:\tv\n01/02/2024 03:04:06 PM\n",
		"13/45/2024 99:99:99 XM\nLogName=Security\n",
		"01/02/2024 03:04:05 PM\r\nEventCode=\r\n=x\r\nMessage=\r\n\x00\x00\r\n",
		"\xff\xfe0\x001\x00/\x000\x002\x00",
		"01/02/2024 03:04:05 AM\nMessage=Subject:\n\tAccount Name:\t\tbob\nNew Logon:\n\tAccount Name:\t\t\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data, Options{Sourcetype: "WinEventLog"}, "", "")
		checkRead(t, data, Options{Sourcetype: "WinEventLog:Security"}, "", "")
	})
}

func FuzzKV(f *testing.F) {
	for _, s := range []string{
		exampleAuditAddUser + "\n" + exampleNginx + "\n",
		"type=SYSCALL msg=audit(1.2:3): a='b c=d' e=\"f\" g= h=''\n\x00bin\nx",
		`a="unterminated b=1` + "\n" + `c='x\'y' d=\"e\"` + "\n=\n==\n a = b \n",
		"2024-01-02T03:04:05Z host=a k=v\n2024-13-45T99:99:99Z k=v\n",
		examplePAN + "\n" + examplePAN[:40] + "\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data, Options{Sourcetype: "linux:audit"}, "", "")
		checkRead(t, data, Options{Sourcetype: "nginx:plus:kv"}, "", "")
		checkRead(t, data, Options{Sourcetype: "pan:log"}, "", "")
		checkRead(t, data, Options{Sourcetype: "my:custom"}, "", "")
	})
}

func FuzzCSV(f *testing.F) {
	for _, s := range []string{
		"\"_time\",_raw,sourcetype\n1,\"a=1\",x\n2,\"{\"\"a\"\":1}\",_json\n3,\"bad\n",
		"_raw,_time\n\"<Event><System><EventID>1</EventID></System></Event>\",x\n",
		"_time,_raw,host,source,sourcetype,index,eventtype,tag,user\n" +
			"2024-01-02T03:04:05.000+0000,\"type=USER_LOGIN acct=bob\",h,/var/log/audit/audit.log,linux:audit,main,e1,t1,\"a\nb\"\n",
		"_raw\n\"\"\n\n\"x\"\"\n",
		"_time,_raw\n\"1\",\"a\",\"extra\"\n2\n",
		"metric_timestamp,metric_name,_value,host\n1700000000,cpu,\"4\"\"0\",a\nx,y\n1,mem\n",
		"metric_timestamp,metric_name:cpu,metric_name:mem,index\n1.5,1,,m\n\n2,\"a\nb\",3\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkReadSame(t, data, Options{Sourcetype: "csv"})
		checkReadSame(t, data, Options{Sourcetype: "metrics_csv"})
	})
}

// FuzzGzip reads arbitrary bytes as a .gz file named on the command line:
// damaged gzip data is a problem at a line of what was decompressed, never
// an error that stops the other files, and the records before the damage
// are delivered.
func FuzzGzip(f *testing.F) {
	good := gzipData1(f, `{"n":1}`+"\n"+`{"n":2}`+"\n")
	f.Add(good)
	f.Add(good[:len(good)-5])
	f.Add(good[:12])
	f.Add([]byte("plain text, not gzip\n"))
	flipped := append([]byte(nil), good...)
	flipped[len(flipped)-7] ^= 0x40
	f.Add(flipped)
	f.Add(append(append([]byte(nil), good...), good...)) // two members
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "fuzz.json.gz")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		var events int
		st, err := ReadPaths([]string{p}, Options{}, func(ev *Event) error {
			events++
			if ev.Line < 1 {
				t.Fatalf("event at line %d", ev.Line)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("a damaged .gz file stopped the read: %v", err)
		}
		if st.Events != events || st.Files != 1 || len(st.Problems) > st.Bad {
			t.Fatalf("stats %+v for %d events", st, events)
		}
		for _, pr := range st.Problems {
			if pr.Line < 1 || pr.Reason == "" || pr.File != p {
				t.Fatalf("bad problem %v", pr)
			}
		}
	})
}

func gzipData1(f *testing.F, s string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(s)); err != nil {
		f.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		f.Fatal(err)
	}
	return b.Bytes()
}
