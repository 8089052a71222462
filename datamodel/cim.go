package datamodel

import (
	"fmt"
	"sort"
	"strings"
)

// DatasetDef is one CIM data model dataset, as Splunk_SA_CIM's
// data/models/*.json define it: a constraint selecting events, the fields
// it exposes, and calculated fields evaluated in order after the
// constraint (each sees the ones before it).
type DatasetDef struct {
	// Model and Path name the dataset: "Endpoint" and "Processes"; a
	// child dataset's Path lists its ancestors
	// ("All_Traffic.Traffic_By_Action.Blocked_Traffic").
	Model string
	Path  string
	// Constraint is a search expression over event fields (tags mostly).
	// A child dataset's constraint is ANDed with its parent's.
	Constraint string
	// Fields are the dataset's own declared fields; children inherit
	// their parent's.
	Fields []string
	// Calcs run in order on the event's fields; their outputs are fields
	// of the dataset too.
	Calcs []Calc
}

// Name is the dataset's full name, as tstats and from datamodel write it.
func (d *DatasetDef) Name() string { return d.Model + "." + d.Path }

// Object is the field prefix in tstats: the root dataset's name.
func (d *DatasetDef) Object() string {
	root, _, _ := strings.Cut(d.Path, ".")
	return root
}

// baseFields every dataset carries (BaseEvent/BaseSearch).
var baseFields = []string{"_time", "host", "source", "sourcetype", "index", "tag"}

// fillUnknown is CIM's usual calculated field: the value, or "unknown"
// when missing or empty.
func fillUnknown(f string) Calc {
	return Calc{f, `if(isnull(` + f + `) OR ` + f + `="", "unknown", ` + f + `)`}
}

// vendorProduct is the vendor_product calculation shared by most models.
var vendorProduct = Calc{"vendor_product", `case(isnotnull(vendor_product), vendor_product, ` +
	`isnotnull(vendor) AND vendor!="unknown" AND isnotnull(product) AND product!="unknown", vendor . " " . product, ` +
	`isnotnull(vendor) AND vendor!="unknown", vendor . " unknown", ` +
	`isnotnull(product) AND product!="unknown", "unknown " . product, ` +
	`isnotnull(sourcetype), sourcetype, true(), "unknown")`}

// processNameCalc is CIM's process_name (and parent_process_name)
// calculation: the add-on's value, else a name cut out of the command
// line by two regular expressions, else "unknown". The regexes are CIM's
// own, greedy quirks included (CIM.md §1.2).
func processNameCalc(name, cmdline string) Calc {
	// The eval string literals, exactly as CIM writes them.
	const quoted = `^\s*(?:\"..*\\\\([^\"]+)\").*`
	const bare = `^(?:..*\\\\)?([^\s\"]+)(?=\s|$).*`
	return Calc{name, fmt.Sprintf(`case(isnotnull(%[1]s) AND %[1]s!="", %[1]s, `+
		`isnotnull(%[2]s) AND %[2]s!="" AND match(%[2]s, "%[3]s"), replace(%[2]s, "%[3]s", "\\1"), `+
		`isnotnull(%[2]s) AND %[2]s!="" AND match(%[2]s, "%[4]s"), replace(%[2]s, "%[4]s", "\\1"), `+
		`true(), "unknown")`, name, cmdline, quoted, bare)}
}

var datasets = map[string]*DatasetDef{}

// models maps a model name to the dataset `datamodel=<Model>` means when no
// dataset is given (its root) [UNCONFIRMED: SEMANTICS.md §5].
var models = map[string]string{}

func registerDataset(d *DatasetDef) {
	datasets[strings.ToLower(d.Name())] = d
	if _, ok := models[strings.ToLower(d.Model)]; !ok && !strings.Contains(d.Path, ".") {
		models[strings.ToLower(d.Model)] = d.Name()
	}
}

// LookupDataset finds a dataset by full name ("Endpoint.Processes"), by
// model alone ("Web" means its root dataset), or by model and a child
// path.
func LookupDataset(name string) (*DatasetDef, error) {
	key := strings.ToLower(name)
	if d, ok := datasets[key]; ok {
		return d, nil
	}
	if root, ok := models[key]; ok {
		return datasets[strings.ToLower(root)], nil
	}
	// A child named by its last path element: Model.Child.
	model, rest, _ := strings.Cut(key, ".")
	for k, d := range datasets {
		if strings.HasPrefix(k, model+".") && strings.HasSuffix(k, "."+rest) {
			return d, nil
		}
	}
	return nil, fmt.Errorf("data model dataset %q is not supported yet (supported: %s)", name, strings.Join(DatasetNames(), ", "))
}

// DatasetNames lists the supported datasets.
func DatasetNames() []string {
	var out []string
	for _, d := range datasets {
		out = append(out, d.Name())
	}
	sort.Strings(out)
	return out
}

// parentOf returns the dataset a child inherits from.
func parentOf(d *DatasetDef) *DatasetDef {
	i := strings.LastIndexByte(d.Path, '.')
	if i < 0 {
		return nil
	}
	return datasets[strings.ToLower(d.Model+"."+d.Path[:i])]
}

// lineage returns the dataset and its ancestors, root first.
func lineage(d *DatasetDef) []*DatasetDef {
	var chain []*DatasetDef
	for x := d; x != nil; x = parentOf(x) {
		chain = append([]*DatasetDef{x}, chain...)
	}
	return chain
}
