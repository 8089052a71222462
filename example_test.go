package spelunk_test

import (
	"context"
	"fmt"

	"github.com/spelunk-dev/spelunk"
)

// The seed detection's core, over crafted Sysmon events: one row per
// host and child process of wermgr.exe.
func ExampleEngine_Search() {
	e := spelunk.New()
	if _, err := e.AddFile("testdata/seed/data/sysmon_wermgr.log", spelunk.IngestOptions{}); err != nil {
		panic(err)
	}
	res, err := e.Search(context.Background(), `| tstats count from datamodel=Endpoint.Processes
		where Processes.parent_process_name=wermgr.exe NOT Processes.process_name IN ("WerFault.exe", "WerFaultSecure.exe")
		by Processes.dest Processes.process_name | `+"`drop_dm_object_name(Processes)`")
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Columns)
	for _, r := range res.Rows {
		fmt.Println(r.Get("dest"), r.Get("process_name"), r.Get("count"))
	}
	// Output:
	// [dest process_name count]
	// WIN-01 cmd.exe 2
	// WIN-01 evil.exe 1
	// WIN-02 powershell.exe 1
}

// A detection from a content repository: its macros come from the
// repository's macros/ folder.
func ExampleEngine_Detection() {
	e := spelunk.New()
	if err := e.LoadMacros("testdata/seed"); err != nil {
		panic(err)
	}
	if _, err := e.AddFile("testdata/seed/data/security_4688.log", spelunk.IngestOptions{}); err != nil {
		panic(err)
	}
	res, err := e.Detection(context.Background(), "testdata/seed/detections/windows_process_injection_wermgr_child_process.yml")
	if err != nil {
		panic(err)
	}
	for _, r := range res.Rows {
		fmt.Println(r.Get("user"), r.Get("process"), r.Get("firstTime"))
	}
	// Output:
	// WIN-03$ C:\Windows\System32\rundll32.exe 2024-02-01T10:03:00
	// alice C:\Windows\System32\cmd.exe /c net user 2024-02-01T10:00:00
	// svc_admin "C:\Program Files\Tool\tool.exe" --run 2024-02-01T10:02:00
}

// Errors point at the text as written, with a caret and a suggestion.
func ExampleSearchError() {
	e := spelunk.New()
	_, err := e.Search(context.Background(), "index=main | table dest | evl x=1")
	fmt.Println(err)
	// Output:
	// 1:27: unknown command "evl"
	//     index=main | table dest | evl x=1
	//                               ^^^
	//   did you mean "eval"?
}

// The configuration of `spelunk run --detection ... --data ...` as a
// Runner: the command line is built on it, so both give the same rows.
// Without Macros, a detection uses its repository's macros/ folder.
func ExampleRunner() {
	r := spelunk.NewRunner(spelunk.Config{Data: []string{"testdata/seed/data/security_4688.log"}})
	res, err := r.RunDetection(context.Background(), "testdata/seed/detections/windows_process_injection_wermgr_child_process.yml")
	if err != nil {
		panic(err)
	}
	for _, row := range res.Rows {
		fmt.Println(row.Get("user"), row.Get("process"))
	}
	// Output:
	// WIN-03$ C:\Windows\System32\rundll32.exe
	// alice C:\Windows\System32\cmd.exe /c net user
	// svc_admin "C:\Program Files\Tool\tool.exe" --run
}
