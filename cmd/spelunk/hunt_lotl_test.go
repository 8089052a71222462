package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestHuntLivingOffTheLandCorrelation is the correlation check on
// crafted data: ten corpus detections run over testdata/content/data/
// lotl_hunt.log, raise risk events, and the Correlation detection "Living
// Off The Land Detection" reads them from Risk.All_Risk:
//
//	tstats ... sum(All_Risk.calculated_risk_score) as risk_score,
//	  count(All_Risk.calculated_risk_score) as risk_event_count, ...,
//	  values(source) as source, dc(source) as source_count
//	  from datamodel=Risk.All_Risk where All_Risk.analyticstories="Living Off The Land"
//	  All_Risk.risk_object_type="system" by All_Risk.risk_object All_Risk.risk_object_type
//	  All_Risk.annotations.mitre_attack.mitre_tactic | ... | where source_count >= 5
//
// Every expectation below is worked out by hand (see testdata/content/README.md):
//
//   - HOST-A fires five Living Off The Land detections (advpack twice):
//     six system risk events from five sources. 5 >= 5, so it fires.
//   - HOST-B fires four of them (mshta spawning and regsvr32 path twice each):
//     six risk events but four sources, so it does not; a fifth detection
//     fires there (Single Letter Process On Endpoint) but its story is
//     "DHS Report TA18-074A", which the where clause leaves out.
//   - Every detection also names user CORP\alice as a Victim: those are
//     "user" risk events, nine Living Off The Land sources, left out by
//     risk_object_type="system".
//
// No detection row has _time (their tstats keep only firstTime and
// lastTime), so each risk event gets the time the search runs: hunt runs
// as if one second after the last event (10:06:00), hence firstTime and
// lastTime 2024-04-01T10:06:01 (README, "spelunk hunt" and "Risk events").
//
// Not compared: the correlation's mitre_tactic and mitre_tactic_id columns
// (Enterprise Security fills them from the technique ids; spelunk has no
// technique-to-tactic table, README "Risk events", so its BY value is the
// fillnull_value "null"). The grouping is the same either way: the nine
// Living Off The Land detections used are all T1218 or its sub-techniques,
// whose only tactic is Defense Evasion, so ES would put each host's risk
// events in one tactic group too. Nor tag and the technique columns: how
// ES enriches them is not in the docs at hand.
func TestHuntLivingOffTheLandCorrelation(t *testing.T) {
	corpus := os.Getenv("SPELUNK_CORPUS")
	if corpus == "" {
		t.Skip("SPELUNK_CORPUS not set; skipping the Living Off The Land correlation hunt")
	}
	endpoint := filepath.Join(corpus, "detections", "endpoint")
	dets := map[string]int{ // detection file -> result rows
		"detect_rundll32_application_control_bypass___advpack.yml": 2,
		"suspicious_rundll32_dllregisterserver.yml":                1,
		"detect_mshta_url_in_command_line.yml":                     1,
		"detect_html_help_spawn_child_process.yml":                 1,
		"windows_installutil_uninstall_option.yml":                 1,
		"windows_odbcconf_load_response_file.yml":                  1,
		"control_loading_from_world_writable_directory.yml":        1,
		"mshta_spawning_rundll32_or_regsvr32_process.yml":          2,
		"suspicious_regsvr32_register_suspicious_path.yml":         2,
		"single_letter_process_on_endpoint.yml":                    1,
		"living_off_the_land_detection.yml":                        1,
	}
	data := filepath.Join("..", "..", "testdata", "content", "data", "lotl_hunt.log")
	riskOut := filepath.Join(t.TempDir(), "risk.jsonl")
	args := []string{"hunt", "--data", data, "--macros", corpus, "--format", "json", "--risk", "--risk-out", riskOut}
	var names []string
	for f := range dets {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		args = append(args, "--detections", filepath.Join(endpoint, f))
	}
	var out, errb bytes.Buffer
	if code := run(args, &out, &errb); code != 0 {
		t.Fatalf("hunt exit %d: %s", code, errb.String())
	}
	var rep struct {
		Results []struct {
			Path   string
			Status string
			Reason string
			Rows   []map[string]any
		}
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}

	gotRows := map[string]int{}
	var corr []map[string]any
	for _, r := range rep.Results {
		f := filepath.Base(r.Path)
		if r.Status != "fired" {
			t.Errorf("%s: %s %s, want fired", f, r.Status, r.Reason)
		}
		gotRows[f] = len(r.Rows)
		if f == "living_off_the_land_detection.yml" {
			corr = r.Rows
		}
	}
	if diff := cmp.Diff(dets, gotRows); diff != "" {
		t.Errorf("rows per detection (-want +got):\n%s", diff)
	}

	// The correlation's one row, reduced to the columns worked out by hand.
	keep := []string{"risk_object", "risk_object_type", "firstTime", "lastTime", "risk_score", "risk_event_count", "source", "source_count"}
	var got []map[string]any
	for _, row := range corr {
		m := map[string]any{}
		for _, k := range keep {
			if v, ok := row[k]; ok {
				m[k] = v
			}
		}
		got = append(got, m)
	}
	want := []map[string]any{{
		"risk_object":      "HOST-A",
		"risk_object_type": "system",
		"firstTime":        "2024-04-01T10:06:01",
		"lastTime":         "2024-04-01T10:06:01",
		"risk_score":       "435", // 80 + 80 (advpack) + 35 + 80 + 80 + 80
		"risk_event_count": "6",
		"source": []any{ // values(): byte order
			"ESCU - Detect HTML Help Spawn Child Process - Rule",
			"ESCU - Detect MSHTA Url in Command Line - Rule",
			"ESCU - Detect Rundll32 Application Control Bypass - advpack - Rule",
			"ESCU - Suspicious Rundll32 dllregisterserver - Rule",
			"ESCU - Windows InstallUtil Uninstall Option - Rule",
		},
		"source_count": "5",
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Living Off The Land Detection rows (-want +got):\n%s", diff)
	}

	// The risk events of the first round: one per risk object (dest, a
	// system; user, a user) of each result row, with the detection's score,
	// its message filled from the row, and as threat objects the row's
	// values of the observables with role Attacker (parent_process_name and
	// process_name, type Process or Process Name: "process"), in the order
	// the detection lists them (README "Risk events").
	const alice = `CORP\alice`
	msg := func(parent, proc, host, tail string) string {
		return fmt.Sprintf("An instance of %s spawning %s was identified on endpoint %s by user %s %s", parent, proc, host, alice, tail)
	}
	type ev struct{ Source, Object, Type, Score, Message, Threats, ThreatTypes string }
	both := func(name, host, score, message string, threats ...string) []ev {
		src := "ESCU - " + name + " - Rule"
		var types []string
		for range threats {
			types = append(types, "process")
		}
		t, tt := strings.Join(threats, ","), strings.Join(types, ",")
		return []ev{{src, host, "system", score, message, t, tt}, {src, alice, "user", score, message, t, tt}}
	}
	var wantRisk []ev
	advpack := "An instance of explorer.exe spawning rundll32.exe loading advpack.dll and ieadvpack.dll by calling the LaunchINFSection function on the command line was identified on endpoint HOST-A by user " + alice + "."
	regsvr := msg("explorer.exe", "regsvr32.exe", "HOST-B", "attempting to evade detection by using a non-standard file extension.")
	for _, e := range [][]ev{
		both("Detect Rundll32 Application Control Bypass - advpack", "HOST-A", "80", advpack, "explorer.exe", "rundll32.exe"),
		both("Detect Rundll32 Application Control Bypass - advpack", "HOST-A", "80", advpack, "explorer.exe", "rundll32.exe"),
		both("Suspicious Rundll32 dllregisterserver", "HOST-A", "35", msg("cmd.exe", "rundll32.exe", "HOST-A", "attempting to register a DLL. code"), "cmd.exe", "rundll32.exe"),
		both("Detect MSHTA Url in Command Line", "HOST-A", "80", msg("explorer.exe", "mshta.exe", "HOST-A", "attempting to access a remote destination to download an additional payload."), "explorer.exe", "mshta.exe"),
		both("Detect HTML Help Spawn Child Process", "HOST-A", "80", msg("hh.exe", "cmd.exe", "HOST-A", "spawning a child process, typically not normal behavior."), "hh.exe", "cmd.exe"),
		both("Windows InstallUtil Uninstall Option", "HOST-A", "80", msg("cmd.exe", "InstallUtil.exe", "HOST-A", "performing an uninstall."), "cmd.exe", "InstallUtil.exe"),
		both("Windows Odbcconf Load Response File", "HOST-B", "42", msg("cmd.exe", "odbcconf.exe", "HOST-B", "attempting to circumvent controls."), "cmd.exe", "odbcconf.exe"),
		both("Control Loading from World Writable Directory", "HOST-B", "80", msg("explorer.exe", "control.exe", "HOST-B", "attempting to load a suspicious file from disk."), "explorer.exe", "control.exe"),
		both("Mshta spawning Rundll32 OR Regsvr32 Process", "HOST-B", "56", "a mshta parent process mshta.exe spawn child process rundll32.exe in host HOST-B"),
		both("Mshta spawning Rundll32 OR Regsvr32 Process", "HOST-B", "56", "a mshta parent process mshta.exe spawn child process regsvr32.exe in host HOST-B"),
		both("Suspicious Regsvr32 Register Suspicious Path", "HOST-B", "35", regsvr, "explorer.exe", "regsvr32.exe"),
		both("Suspicious Regsvr32 Register Suspicious Path", "HOST-B", "35", regsvr, "explorer.exe", "regsvr32.exe"),
		both("Single Letter Process On Endpoint", "HOST-B", "63", "A suspicious process z.exe with single letter in host HOST-B"),
	} {
		wantRisk = append(wantRisk, e...)
	}
	f, err := os.Open(riskOut)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var gotRisk []ev
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		// A HEC record: metadata at the top, the event's fields in
		// event, its multivalue fields in fields.
		var rec struct {
			Source string
			Event  map[string]any
			Fields map[string]any
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		m := map[string]any{"source": rec.Source}
		for _, part := range []map[string]any{rec.Event, rec.Fields} {
			for k, v := range part {
				m[k] = v
			}
		}
		s := func(k string) string {
			switch v := m[k].(type) {
			case string:
				return v
			case []any:
				var parts []string
				for _, x := range v {
					parts = append(parts, fmt.Sprint(x))
				}
				return strings.Join(parts, ",")
			}
			return ""
		}
		gotRisk = append(gotRisk, ev{s("source"), s("risk_object"), s("risk_object_type"), s("risk_score"), s("risk_message"), s("threat_object"), s("threat_object_type")})
	}
	less := func(a, b ev) bool { return fmt.Sprint(a) < fmt.Sprint(b) }
	sort.Slice(wantRisk, func(i, j int) bool { return less(wantRisk[i], wantRisk[j]) })
	sort.Slice(gotRisk, func(i, j int) bool { return less(gotRisk[i], gotRisk[j]) })
	if diff := cmp.Diff(wantRisk, gotRisk); diff != "" {
		t.Errorf("risk events (-want +got):\n%s", diff)
	}
}
