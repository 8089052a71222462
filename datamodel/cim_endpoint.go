package datamodel

// The Endpoint data model (CIM 8.5 field sets; Splunk_SA_CIM
// data/models/Endpoint.json). Its datasets are search datasets:
// `(`cim_Endpoint_indexes`) tag=... | eval ...`, with cim_Endpoint_indexes
// meaning all indexes by default. See ../shared/docs/CIM.md §1.2.

func init() {
	registerDataset(&DatasetDef{
		Model:      "Endpoint",
		Path:       "Processes",
		Constraint: "tag=process tag=report",
		Fields: []string{
			"action", "cpu_load_percent", "mem_used", "os",
			"parent_process_exec", "parent_process_guid", "parent_process_hash", "parent_process_id",
			"parent_process_path", "process_current_directory", "process_exec", "process_guid",
			"process_hash", "process_id", "process_integrity_level", "process_path", "user_id",
			"dest", "loaded_file", "original_file_name", "parent_process", "parent_user", "process",
			"user", "process_name", "parent_process_name", "vendor_product",
		},
		Calcs: []Calc{
			// The base search's own eval.
			{"process_integrity_level", "lower(process_integrity_level)"},
			fillUnknown("dest"),
			fillUnknown("loaded_file"),
			fillUnknown("original_file_name"),
			fillUnknown("parent_process"),
			fillUnknown("parent_user"),
			fillUnknown("process"),
			fillUnknown("user"),
			processNameCalc("process_name", "process"),
			processNameCalc("parent_process_name", "parent_process"),
			vendorProduct,
		},
	})
}
