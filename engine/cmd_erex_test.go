package engine

import (
	"strings"
	"testing"
)

// TestLearnErex checks erex's learning on small cases worked out by hand
// from the rule in cmd_erex.go.
func TestLearnErex(t *testing.T) {
	cases := []struct {
		name            string
		texts, examples []string
		counter         []string
		want, wantErr   string
	}{
		{"digits after a shared word", []string{"a port 80 x", "b port 443 y"}, []string{"80", "443"}, nil, ` port (?<port>\d+) `, ""},
		{"ip addresses", []string{"src=10.0.0.1;", "src=192.168.1.9;"}, []string{"10.0.0.1", "192.168.1.9"}, nil, `src=(?<port>[\d.]+);`, ""},
		{"counterexample first", []string{"role=admin user=alice", "role=admin user=bob"}, []string{"admin"}, []string{"admin"}, "", "could not learn"},
		{"no training text", nil, []string{"80"}, nil, "", "no result holds"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := learnErex(tc.texts, tc.examples, tc.counter, "port")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("learnErex = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
