package datamodel

// CrowdStrike Falcon Data Replicator events (sourcetype
// crowdstrike:events:sensor, JSON). The add-on's conf files are not
// public; the mapping follows security_content's
// data_sources/crowdstrike_processrollup2.yml (TA 2.0.1 field list and
// field_mappings; CIM.md §2.6).

var crowdstrikeKnowledge = []*Knowledge{
	{
		Name:       "CrowdStrike ProcessRollup2 (process creation)",
		Addon:      "Splunk Add-on for CrowdStrike FDR 2.0.1",
		Sourcetype: "crowdstrike:events:sensor",
		When:       "event_simpleName=ProcessRollup2 OR event_simpleName=SyntheticProcessRollup2",
		Evals: []Calc{
			{"action", `"allowed"`},
			// The add-on resolves dest from the sensor id (aid) through
			// its aidmaster lookup; offline, the event's own computer
			// name fields stand in for that lookup.
			{"dest", "coalesce(aid_computer_name, ComputerName)"},
			{"user", "UserSid"},
			{"user_id", "UserSid"},
			{"process", "CommandLine"},
			{"process_id", "RawProcessId"},
			{"process_path", "ImageFileName"},
			{"process_name", basename("ImageFileName")},
			{"process_exec", basename("ImageFileName")},
			{"process_hash", "SHA256HashData"},
			// ParentProcessId is a Falcon context id, not an OS pid.
			{"parent_process_id", "ParentProcessId"},
			{"parent_process_name", "ParentBaseFileName"},
			{"parent_process_exec", "ParentBaseFileName"},
			// IntegrityLevel_meaning: the RID of the Windows mandatory
			// integrity label.
			{"process_integrity_level", `case(IntegrityLevel="0", "untrusted", IntegrityLevel="4096", "low", IntegrityLevel="8192", "medium", IntegrityLevel="8448", "medium", IntegrityLevel="12288", "high", IntegrityLevel="16384", "system", IntegrityLevel="20480", "protected")`},
			{"vendor_product", `"CrowdStrike Falcon"`},
		},
		Tags:       []string{"process", "report", "execute", "start"},
		Unverified: "dest comes from aid_computer_name or ComputerName in the event (the add-on's aid lookup is not available offline)",
	},
}
