package datamodel

// The Risk data model of Splunk Enterprise Security (not part of
// Splunk_SA_CIM): risk events in the risk index, which spelunk writes
// from detection results (package risk). Fields follow CIM.md §1.3 plus
// the ES 7/8 fields security_content's correlation searches and
// drilldowns use (annotations.*, calculated_risk_score, analyticstories,
// normalized_risk_object, threat objects).

func init() {
	registerDataset(&DatasetDef{
		Model:      "Risk",
		Path:       "All_Risk",
		Constraint: "index=risk",
		Fields: []string{
			"creator", "risk_message", "risk_object", "risk_object_type", "risk_object_field",
			"normalized_risk_object", "risk_score", "calculated_risk_score", "search_name",
			"threat_object", "threat_object_type", "analyticstories", "annotations", "annotations._all",
			"annotations.mitre_attack", "annotations.mitre_attack.mitre_technique_id",
			"annotations.mitre_attack.mitre_tactic_id", "annotations.mitre_attack.mitre_tactic",
			"risk_rule_confidence", "risk_rule_impact",
		},
		Calcs: []Calc{
			fillUnknown("risk_object"),
			fillUnknown("risk_object_type"),
			{"risk_score", "if(isnull(risk_score), 0, risk_score)"},
		},
	})
}
