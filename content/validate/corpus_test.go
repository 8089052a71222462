package validate

import (
	"fmt"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// corpusDefects are the real defects of the shared security_content copy,
// each judged by reading the file: required fields misspelt or merged
// into one entry, and the DSDL model lookups whose .mlmodel files the
// copy does not carry (contentctl requires the file to exist).
var corpusDefects = []string{
	"detections/cloud/aws_detect_permanent_key_creation.yml:47 required-fields",              // "userName userIdentity.type"
	"detections/cloud/github_actions_disable_security_workflow.yml:48 required-fields",       // two fields in one entry
	"detections/endpoint/disable_windows_app_hotkeys.yml:54 required-fields",                 // Registry.process_guidr
	"detections/endpoint/process_writing_dynamicwrapperx.yml:79 required-fields",             // "file_create_time user"
	"detections/endpoint/windows_diskshadow_proxy_execution.yml:48 required-fields",          // Porcesses.dest
	"detections/endpoint/windows_soaphound_binary_execution.yml:70 required-fields",          // Processes.original_file_nam
	"detections/endpoint/windows_uac_bypass_suspicious_child_process.yml:64 required-fields", // two fields in one entry
	"detections/endpoint/windows_uac_bypass_suspicious_escalation_behavior.yml:72 required-fields",
	"lookups/__mlspl_detect_dns_data_exfiltration_using_pretrained_model_in_dsdl.yml:2 lookup-file",
	"lookups/__mlspl_detect_suspicious_dns_txt_records_using_pretrained_model_in_dsdl.yml:2 lookup-file",
	"lookups/__mlspl_detect_suspicious_processnames_using_pretrained_model_in_dsdl.yml:2 lookup-file",
	"lookups/__mlspl_pretrained_dga_model_dsdl.yml:2 lookup-file",
	"lookups/__mlspl_unusual_commandline_detection.yml:2 lookup-file",
}

// TestCorpus: on the shared security_content copy, the only errors are
// its real defects; warnings are logged for a person to judge.
func TestCorpus(t *testing.T) {
	root := os.Getenv("SPELUNK_CORPUS")
	if root == "" {
		t.Skip("SPELUNK_CORPUS is not set")
	}
	rep, err := Run([]string{root}, Options{RelTo: root})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	warnings := 0
	for _, p := range rep.Problems {
		if p.Severity == Error {
			got = append(got, fmt.Sprintf("%s:%d %s", p.File, p.Line, p.Rule))
		} else {
			warnings++
			t.Log(p)
		}
	}
	if diff := cmp.Diff(corpusDefects, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if rep.Files["detections"] < 1000 {
		t.Errorf("read %d detections", rep.Files["detections"])
	}
	t.Logf("%v files; %d errors, %d warnings", rep.Files, len(got), warnings)
}
