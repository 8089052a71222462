package datamodel

import (
	"testing"

	"github.com/spelunk-dev/spelunk/value"
)

// TestProcessNameFallback checks CIM's regex fallback for process_name
// when an add-on gives only a command line (CIM.md §1.2, including its
// greedy quirks).
func TestProcessNameFallback(t *testing.T) {
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	def, _ := b.LookupDataset("Endpoint.Processes")
	var calc Calc
	for _, c := range def.Calcs {
		if c.Field == "process_name" {
			calc = c
		}
	}
	cs, err := compileCalcs("test", []Calc{calc})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ process, want string }{
		{`"C:\Windows\system32\cmd.exe" /c dir`, "cmd.exe"},
		{`C:\Windows\system32\notepad.exe a.txt`, "notepad.exe"},
		{`rundll32.exe C:\tmp\x.dll,Entry`, "x.dll,Entry"},
		{`"cmd.exe" /c`, "unknown"},
		{`whoami`, "whoami"},
	}
	for _, tc := range cases {
		r := value.Fields{{Name: "process", Value: value.Str(tc.process)}}
		if got := cs[0].f(r).String(); got != tc.want {
			t.Errorf("process_name for %q = %q, want %q", tc.process, got, tc.want)
		}
	}
}
