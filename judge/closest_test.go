package judge

import (
	"testing"

	"github.com/spelunk-dev/spelunk/value"
)

// TestClosestField: a required field with no value names the dataset
// field it may have meant (the corpus's Porcesses.dest in
// windows_diskshadow_proxy_execution), and nothing when none is close.
func TestClosestField(t *testing.T) {
	rows := []value.Fields{{{Name: "dest", Value: value.Str("WIN-01")}, {Name: "process_name", Value: value.Str("cmd.exe")}}}
	for _, tc := range []struct{ field, prefix, want string }{
		{"Porcesses.dest", "Processes.", `; did you mean "Processes.dest"?`},
		{"Processes.proces_name", "Processes.", `; did you mean "Processes.process_name"?`},
		{"Processes.parent_process_guid", "Processes.", ""},
		{"Registry.registry_path", "Processes.", ""},
		{"CommandLine", "Processes.", ""},
		{"Processes.dest", "", ""},
	} {
		if got := closestField(tc.field, tc.prefix, rows); got != tc.want {
			t.Errorf("closestField(%q, %q) = %q, want %q", tc.field, tc.prefix, got, tc.want)
		}
	}
}
