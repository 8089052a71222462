package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCanonical(t *testing.T) {
	tests := []struct {
		name, in string
		want     answer
	}{
		{"empty", "", answer{}},
		{"header only", "a,b\n", answer{header: []string{"a", "b"}, rows: [][]string{}}},
		{
			"rows sorted, numbers shortest",
			"dest,count,firstTime\nb,2,1704160638.500000\na,10,1704160638\n",
			answer{header: []string{"dest", "count", "firstTime"}, rows: [][]string{{"a", "10", "1704160638"}, {"b", "2", "1704160638.5"}}},
		},
		{
			"quoted cells and words that look like numbers kept",
			"process,pid\n\"\"\"C:\\a b.exe\"\" /c\",0x1f4\nInf,NaN\n",
			answer{header: []string{"process", "pid"}, rows: [][]string{{`"C:\a b.exe" /c`, "0x1f4"}, {"Inf", "NaN"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := canonical(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(answer{})); diff != "" {
				t.Errorf("canonical (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSameAnswer(t *testing.T) {
	tests := []struct {
		name, spelunk, peer string
		same                bool
	}{
		{"same rows in another order", "h,count\nx,1\ny,2\n", "h,count\ny,2\nx,1\n", true},
		{"epoch with trailing zeros", "t\n1704155938.68981\n", "t\n1704155938.689810\n", true},
		{"no results, with and without a header", "", "h,count\n", true},
		{"a count differs", "h,count\nx,1\n", "h,count\nx,2\n", false},
		{"a row missing", "h,count\nx,1\ny,1\n", "h,count\nx,1\n", false},
		{"columns differ", "h,count\nx,1\n", "host,count\nx,1\n", false},
		{"text differs in case", "h\nWS-01\n", "h\nws-01\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := sameAnswer(tt.spelunk, tt.peer)
			if (err == nil) != tt.same {
				t.Errorf("sameAnswer = %v, want same=%v", err, tt.same)
			}
		})
	}
}
