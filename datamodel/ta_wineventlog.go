package datamodel

// Windows event logs in XmlWinEventLog form.
//
// Sources: Splunk_TA_windows 8.4.0 default/props.conf and transforms.conf
// (read from JohnnyMirza/confluent_splunk_demo@d3a9bc0, see
// ../shared/docs/CIM.md §2.1–2.2) and the Splunk Add-on for Sysmon field
// list in security_content data_sources/sysmon_eventid_1.yml (CIM.md §2.4).
// The format-level fields (System elements and attributes, EventData
// Data Name=...) come from the ingest package.

var windowsKnowledge = []*Knowledge{
	{
		Name:       "Sysmon EventID 1 (process creation)",
		Addon:      "Splunk Add-on for Sysmon 4.x",
		Sourcetype: "XmlWinEventLog",
		Source:     "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational",
		When:       "EventCode=1",
		Reports:    sysmonHashes,
		Evals: []Calc{
			{"action", `"allowed"`},
			{"dest", "Computer"},
			{"user", "User"},
			{"user_id", "UserID"},
			{"process", "CommandLine"},
			{"process_id", "ProcessId"},
			{"process_guid", "ProcessGuid"},
			{"process_path", "Image"},
			{"process_name", basename("Image")},
			{"process_exec", basename("Image")},
			{"process_current_directory", "CurrentDirectory"},
			{"process_integrity_level", "IntegrityLevel"},
			{"process_hash", "Hashes"},
			{"original_file_name", "OriginalFileName"},
			{"parent_process", "ParentCommandLine"},
			{"parent_process_id", "ParentProcessId"},
			{"parent_process_guid", "ParentProcessGuid"},
			{"parent_process_path", "ParentImage"},
			{"parent_process_name", basename("ParentImage")},
			{"parent_process_exec", basename("ParentImage")},
			{"signature_id", "EventCode"},
			{"vendor_product", `"Microsoft Sysmon"`},
		},
		Eventtypes: []string{"ms-sysmon-process"},
		Tags:       []string{"process", "report", "execute", "start"},
	},
	{
		Name:       "Windows Security 4688 (process creation)",
		Addon:      "Splunk_TA_windows 8.4.0",
		Sourcetype: "XmlWinEventLog",
		Source:     "XmlWinEventLog:Security",
		When:       "EventCode=4688",
		// transforms.conf: the command line split into the program and
		// its arguments, `(^\"[^\"]+\"|[^\s]+)\s*(.*)`.
		Reports: []Report{{Field: "CommandLine", Regex: `^(?<process_command_line_process>"[^"]+"|[^\s]+)\s*(?<process_command_line_arguments>.*)`}},
		Aliases: [][2]string{
			{"Process_Command_Line", "CommandLine"},
			{"new_process", "NewProcessName"},
			{"new_process_id", "NewProcessId"},
		},
		Evals: []Calc{
			// props.conf EVAL-action for 4688: "allowed" for audit success.
			{"action", `if(Keywords="0x8020000000000000", "allowed", null())`},
			{"dest", "Computer"},
			// REPORT chains give user ← TargetUserName and src_user ←
			// SubjectUserName (not "-"); EVAL-user for 4688 falls back to
			// src_user when user is "-" or missing. No domain part.
			{"user", `if(isnull(TargetUserName) OR TargetUserName="-", if(SubjectUserName="-", null(), SubjectUserName), TargetUserName)`},
			{"src_user", `if(SubjectUserName="-", null(), SubjectUserName)`},
			{"src_nt_domain", "SubjectDomainName"},
			{"session_id", "SubjectLogonId"},
			// EVAL-process: the whole command line when its program part
			// holds a path, otherwise the full image path (quoted if it
			// has spaces) followed by the arguments; without a command
			// line, the image path.
			{"process", `coalesce(if(match(process_command_line_process, "\\\\"), CommandLine, if(match(NewProcessName, "\s"), "\"" + NewProcessName + "\"", NewProcessName) + " " + process_command_line_arguments), NewProcessName)`},
			// TA 8.4.0 keeps the ids as logged: hexadecimal (0xf84).
			{"process_id", "NewProcessId"},
			{"parent_process_id", "ProcessId"},
			{"process_path", "NewProcessName"},
			{"process_name", basename("NewProcessName")},
			{"process_exec", basename("NewProcessName")},
			{"parent_process", "ParentProcessName"},
			{"parent_process_path", "ParentProcessName"},
			{"parent_process_name", basename("ParentProcessName")},
			{"signature_id", "EventCode"},
			{"vendor_product", `"Microsoft Windows"`},
		},
		Eventtypes: []string{"windows_endpoint_processes", "windows_process_new"},
		Tags:       []string{"process", "report", "execute", "start"},
		Unverified: "process_id/parent_process_id stay hexadecimal as TA 8.4.0 logs them (newer TAs may convert); user is SubjectUserName without domain, as TA 8.4.0 (security_content's own mapping names SubjectUserSid)",
	},
}

// sysmonHashes splits Sysmon's Hashes field (SHA1=..,MD5=..,SHA256=..,
// IMPHASH=..) into one field per algorithm, as the Sysmon add-on does.
var sysmonHashes = []Report{
	{Field: "Hashes", Regex: `(?:^|,)MD5=(?<MD5>[0-9A-Fa-f]+)`},
	{Field: "Hashes", Regex: `(?:^|,)SHA1=(?<SHA1>[0-9A-Fa-f]+)`},
	{Field: "Hashes", Regex: `(?:^|,)SHA256=(?<SHA256>[0-9A-Fa-f]+)`},
	{Field: "Hashes", Regex: `(?:^|,)IMPHASH=(?<IMPHASH>[0-9A-Fa-f]+)`},
}
