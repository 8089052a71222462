package validate

import (
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// corpusDefects are the real defects of the shared security_content copy,
// each judged by reading the file: required fields misspelt or merged
// into one entry; risk message tokens that name no field of the search's
// results (renamed away, or never output), which Enterprise Security
// renders empty; and the DSDL model lookups whose .mlmodel files the copy
// does not carry (contentctl requires the file to exist).
var corpusDefects = []string{
	"detections/cloud/aws_detect_permanent_key_creation.yml:47 required-fields",              // "userName userIdentity.type"
	"detections/cloud/github_actions_disable_security_workflow.yml:48 required-fields",       // two fields in one entry
	"detections/endpoint/disable_windows_app_hotkeys.yml:54 required-fields",                 // Registry.process_guidr
	"detections/endpoint/process_writing_dynamicwrapperx.yml:79 required-fields",             // "file_create_time user"
	"detections/endpoint/windows_diskshadow_proxy_execution.yml:48 required-fields",          // Porcesses.dest
	"detections/endpoint/windows_soaphound_binary_execution.yml:70 required-fields",          // Processes.original_file_nam
	"detections/endpoint/windows_uac_bypass_suspicious_child_process.yml:64 required-fields", // two fields in one entry
	"detections/endpoint/windows_uac_bypass_suspicious_escalation_behavior.yml:72 required-fields",
	"detections/application/detect_distributed_password_spray_attempts.yml:52 token",         // $src$; the stats outputs unique_src
	"detections/cloud/abnormally_high_number_of_cloud_security_group_api_calls.yml:40 token", // $api_calls$
	"detections/cloud/azure_ad_multi_source_failed_authentications_spike.yml:57 token",       // $_time$ after stats
	"detections/cloud/detect_aws_console_login_by_user_from_new_city.yml:49 token",           // $City$ renamed away
	"detections/cloud/detect_aws_console_login_by_user_from_new_country.yml:49 token",
	"detections/cloud/detect_aws_console_login_by_user_from_new_region.yml:50 token",
	"detections/cloud/gsuite_drive_share_in_external_email.yml:42 token", // three tokens
	"detections/cloud/gsuite_drive_share_in_external_email.yml:42 token",
	"detections/cloud/gsuite_drive_share_in_external_email.yml:42 token",
	"detections/endpoint/detect_computer_changed_with_anonymous_account.yml:38 token", // $EventCode$, $dest$
	"detections/endpoint/detect_computer_changed_with_anonymous_account.yml:38 token",
	"detections/endpoint/getlocaluser_with_powershell_script_block.yml:37 token",
	"detections/endpoint/getnettcpconnection_with_powershell_script_block.yml:35 token",
	"detections/endpoint/linux_auditd_possible_append_cronjob_entry_on_existing_cronjob_file.yml:47 token",
	"detections/endpoint/ms_exchange_mailbox_replication_service_writing_active_server_pages.yml:48 token",
	"detections/endpoint/network_share_discovery_via_dir_command.yml:39 token",
	"detections/endpoint/powershell_4104_hunting.yml:73 token",
	"detections/endpoint/print_processor_registry_autostart.yml:44 token", // $Registry.registry_path$ after drop_dm_object_name
	"detections/endpoint/windows_bootloader_inventory.yml:36 token",
	"detections/network/zeek_x509_certificate_with_punycode.yml:41 token",
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
	want := slices.Clone(corpusDefects)
	slices.Sort(want)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if rep.Files["detections"] < 1000 {
		t.Errorf("read %d detections", rep.Files["detections"])
	}
	t.Logf("%v files; %d errors, %d warnings", rep.Files, len(got), warnings)
}
