package validate

import (
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Enums of contentctl v4.4 (contentctl/objects/enums.py, constants.py).
var (
	analyticsTypes   = []string{"TTP", "Anomaly", "Hunting", "Correlation"}
	detectionStatus  = []string{"production", "deprecated", "experimental", "validation"}
	securityDomains  = []string{"endpoint", "network", "threat", "identity", "access", "audit"}
	observableRoles  = []string{"Attacker", "Victim"}
	observableTypes  = []string{"Unknown", "Hostname", "IP Address", "MAC Address", "User Name", "Email Address", "URL String", "File Name", "File Hash", "Process Name", "Resource UID", "Endpoint", "User", "Email", "Uniform Resource Locator", "File", "Process", "Geo Location", "Container", "Registry Key", "Registry Value", "Other"}
	assetTypes       = []string{"AWS Account", "AWS EKS Kubernetes cluster", "AWS Federated Account", "AWS Instance", "Account", "Amazon EKS Kubernetes cluster", "Amazon EKS Kubernetes cluster Pod", "Amazon Elastic Container Registry", "Azure Tenant", "Azure AKS Kubernetes cluster", "Azure Active Directory", "CircleCI", "Cloud Compute Instance", "Cloud Instance", "DNS Servers", "Database Server", "Domain Server", "EC2 Snapshot", "Endpoint", "GCP", "GCP Account", "GCP GKE EKS Kubernetes cluster", "GCP GKE Kubernetes cluster", "GCP Kubernetes cluster", "GCP Storage Bucket", "GDrive", "GSuite", "GitHub", "Google Cloud Platform tenant", "Identity", "Infrastructure", "Instance", "Kubernetes", "Network", "O365 Tenant", "Okta Tenant", "Proxy", "S3 Bucket", "Splunk Server", "VPN Appliance", "Web Server", "Web Proxy", "Web Application", "Windows"}
	enabledTypes     = []string{"TTP", "Anomaly", "Correlation"}
	mitreAttackIDRe  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^T\d{4}(\.\d{3})?$`) })
	cveRe            = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^CVE-[12]\d{3}-\d+$`) })
	messageFieldRe   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\$([^\s.]*)\$`) })
	originalSearchRe = "%original_detection_search%"
)

// detection holds what the search rules need from a detection's YAML.
type detection struct {
	o              *object
	typ, status    string
	search         *yaml.Node
	tags           *yaml.Node
	production     bool
	requiredFields []*yaml.Node
}

func (r *repo) checkDetection(o *object, ctx *searchContext) {
	r.require(o, "type", "status", "search", "how_to_implement", "known_false_positives", "tags")
	d := &detection{o: o}
	if _, v := o.get("type"); v != nil && v.Tag != "!!null" {
		r.enumOne(o, o.root, "type", analyticsTypes, true)
		d.typ = v.Value
	}
	if _, v := o.get("status"); v != nil && v.Tag != "!!null" {
		r.enumOne(o, o.root, "status", detectionStatus, true)
		d.status = v.Value
	}
	d.production = d.status == "production"
	for _, key := range []string{"how_to_implement", "known_false_positives"} {
		if _, v := o.get(key); v != nil && v.Tag != "!!null" && r.isString(o, v, key) && len(v.Value) < 4 {
			r.add(o, v, Error, "required", "%s must be at least 4 characters long", key)
		}
	}
	if _, v := o.get("search"); v != nil && v.Tag != "!!null" && r.isString(o, v, "search") {
		d.search = v
		r.checkFilterMacro(o, v)
	}
	r.checkDataSources(o)
	r.checkEnabled(o, d)
	if _, t := o.get("tags"); t != nil && t.Kind == yaml.MappingNode {
		d.tags = t
		r.checkTags(d)
	} else if t != nil && t.Tag != "!!null" {
		r.add(o, t, Error, "type", "tags must be a mapping")
	}
	r.checkTests(d)
	r.checkDrilldowns(d)
	if d.search != nil {
		r.checkSearches(d, ctx)
	}
}

// checkFilterMacro: every search calls the filter macro named after the
// detection, `<file name>_filter`, for local tuning.
func (r *repo) checkFilterMacro(o *object, search *yaml.Node) {
	if o.name == "" {
		return
	}
	want := "`" + strings.TrimSuffix(contentFileName(o.name), ".yml") + "_filter`"
	if !strings.Contains(search.Value, want) {
		r.add(o, search, Error, "filter-macro", "the search does not call its filter macro %s", want)
	}
}

// checkDataSources: each data_source entry (names joined by AND) names a
// data_sources/ object. contentctl v4.4 only warns, collecting the
// missing names while it builds; so does this.
func (r *repo) checkDataSources(o *object) {
	_, v := o.get("data_source")
	if v == nil || v.Tag == "!!null" {
		return
	}
	known := map[string]bool{}
	for _, ds := range r.objects[kindDataSource] {
		known[ds.name] = true
	}
	r.eachString(o, v, "data_source", func(n *yaml.Node) {
		for _, name := range strings.Split(n.Value, "AND") {
			name = strings.TrimSpace(name)
			if !known[name] {
				r.add(o, n, Warning, "data-source", "data source %q is not defined in data_sources/", name)
			}
		}
	})
}

// checkEnabled: enabled_by_default is for production TTP, Anomaly and
// Correlation detections.
func (r *repo) checkEnabled(o *object, d *detection) {
	_, v := o.get("enabled_by_default")
	if v == nil || v.Value != "true" {
		return
	}
	if !d.production {
		r.add(o, v, Error, "enabled", "enabled_by_default is true, but status is %q; it must be \"production\"", d.status)
	}
	if !slices.Contains(enabledTypes, d.typ) {
		r.add(o, v, Error, "enabled", "enabled_by_default is true, but type is %q; it must be one of %s", d.typ, quoteList(enabledTypes))
	}
}

func (r *repo) checkTags(d *detection) {
	o, t := d.o, d.tags
	for _, key := range []string{"analytic_story", "asset_type", "confidence", "impact", "message", "product", "required_fields", "security_domain"} {
		if _, v := entry(t, key); v == nil || v.Tag == "!!null" {
			r.add(o, t, Error, "required", "tags: the required key %q is missing", key)
		}
	}
	r.enumOne(o, t, "asset_type", assetTypes, false)
	r.enumOne(o, t, "security_domain", securityDomains, false)
	r.enumList(o, t, "product", products, false)
	if _, v := entry(t, "product"); v != nil && v.Kind == yaml.SequenceNode && len(v.Content) == 0 {
		r.add(o, v, Error, "required", "product must list at least one value")
	}
	for _, key := range []string{"confidence", "impact"} {
		if _, v := entry(t, key); v != nil && v.Tag != "!!null" {
			if n, err := strconv.Atoi(v.Value); err != nil || v.Kind != yaml.ScalarNode || n < 0 || n > 100 {
				r.add(o, v, Error, "range", "%s must be an integer from 0 to 100, not %q", key, v.Value)
			}
		}
	}
	if _, v := entry(t, "message"); v != nil && v.Tag != "!!null" {
		r.isString(o, v, "message")
	}
	r.checkStories(o, t)
	if _, v := entry(t, "mitre_attack_id"); v != nil && v.Tag != "!!null" {
		r.eachString(o, v, "mitre_attack_id", func(n *yaml.Node) {
			if !mitreAttackIDRe().MatchString(n.Value) {
				r.add(o, n, Error, "mitre-attack-id", "ATT&CK technique id %q does not match T1234 or T1234.567", n.Value)
			}
		})
	}
	if _, v := entry(t, "cve"); v != nil && v.Tag != "!!null" {
		r.eachString(o, v, "cve", func(n *yaml.Node) {
			if !cveRe().MatchString(n.Value) {
				r.add(o, n, Error, "cve", "CVE id %q does not match CVE-YYYY-N", n.Value)
			}
		})
	}
	if _, v := entry(t, "required_fields"); v != nil && v.Tag != "!!null" {
		if v.Kind == yaml.SequenceNode && len(v.Content) == 0 {
			r.add(o, v, Error, "required", "required_fields must list at least one field")
		}
		r.eachString(o, v, "required_fields", func(n *yaml.Node) {
			d.requiredFields = append(d.requiredFields, n)
			if strings.ContainsAny(strings.TrimSpace(n.Value), " \t") {
				r.add(o, n, Error, "required-fields", "required field %q holds a space: two fields written as one entry?", n.Value)
			}
		})
	}
	r.checkObservables(d)
}

// checkStories: analytic_story names stories of the repository. Without a
// stories/ folder (a repository that keeps them elsewhere) there is
// nothing to check against.
func (r *repo) checkStories(o *object, t *yaml.Node) {
	_, v := entry(t, "analytic_story")
	if v == nil || v.Tag == "!!null" {
		return
	}
	if !isDir(filepath.Join(r.root, string(kindStory))) {
		r.eachString(o, v, "analytic_story", func(*yaml.Node) {})
		return
	}
	known := map[string]bool{}
	for _, s := range r.objects[kindStory] {
		known[s.name] = true
	}
	r.eachString(o, v, "analytic_story", func(n *yaml.Node) {
		if !known[n.Value] {
			r.add(o, n, Error, "analytic-story", "analytic story %q is not defined in stories/", n.Value)
		}
	})
}

// checkObservables: each observable has a name, a known type and exactly
// one known role; a production TTP or Anomaly has a Victim; observable
// names and message $fields$ appear in the search (contentctl's test is
// a case-insensitive substring test).
func (r *repo) checkObservables(d *detection) {
	o := d.o
	_, obs := entry(d.tags, "observable")
	victim := false
	var names []*yaml.Node
	if obs != nil && obs.Kind == yaml.SequenceNode {
		for _, it := range obs.Content {
			if _, name := entry(it, "name"); name == nil || name.Value == "" {
				r.add(o, it, Error, "observable", "observable has no name")
			} else {
				names = append(names, name)
			}
			r.enumOne(o, it, "type", observableTypes, true)
			_, roles := entry(it, "role")
			switch {
			case roles == nil || roles.Kind != yaml.SequenceNode || len(roles.Content) == 0:
				r.add(o, it, Error, "observable", "observable has no role")
			case len(roles.Content) > 1:
				r.add(o, roles, Error, "observable", "an observable has exactly one role, not %d", len(roles.Content))
			}
			if roles != nil && roles.Kind == yaml.SequenceNode {
				for _, role := range roles.Content {
					if !slices.Contains(observableRoles, role.Value) {
						r.add(o, role, Error, "enum", "role %q is not one of %s", role.Value, quoteList(observableRoles))
					}
					victim = victim || role.Value == "Victim"
				}
			}
		}
	} else if obs != nil && obs.Tag != "!!null" {
		r.add(o, obs, Error, "type", "observable must be a list")
	}
	if d.production && (d.typ == "TTP" || d.typ == "Anomaly") && !victim {
		r.add(o, d.tags, Error, "observable", "a production %s detection needs an observable with the role Victim", d.typ)
	}
	_, msg := entry(d.tags, "message")
	if !d.production || d.search == nil || msg == nil || msg.Value == "" {
		return
	}
	search := strings.ToLower(d.search.Value)
	for _, n := range names {
		if !strings.Contains(search, strings.ToLower(n.Value)) {
			r.add(o, n, Error, "observable", "observable %q does not appear in the search", n.Value)
		}
	}
	for _, m := range messageFieldRe().FindAllStringSubmatch(strings.ToLower(msg.Value), -1) {
		if !strings.Contains(search, m[1]) {
			r.add(o, msg, Error, "message", "message field $%s$ does not appear in the search", m[1])
		}
	}
}

// checkTests: a production detection other than a Correlation, and not
// marked manual_test, has at least one test; each test has a name and
// attack_data entries with data, source and sourcetype.
func (r *repo) checkTests(d *detection) {
	o := d.o
	_, tests := o.get("tests")
	manual := false
	if d.tags != nil {
		_, m := entry(d.tags, "manual_test")
		manual = m != nil && m.Tag != "!!null"
	}
	if tests == nil || tests.Tag == "!!null" || (tests.Kind == yaml.SequenceNode && len(tests.Content) == 0) {
		if d.production && d.typ != "Correlation" && !manual {
			r.add(o, tests, Error, "tests", "a production detection needs at least one test")
		}
		return
	}
	if tests.Kind != yaml.SequenceNode {
		r.add(o, tests, Error, "type", "tests must be a list")
		return
	}
	for _, t := range tests.Content {
		if _, n := entry(t, "name"); n == nil || n.Value == "" {
			r.add(o, t, Error, "tests", "a test needs a name")
		}
		_, ad := entry(t, "attack_data")
		if ad == nil || ad.Kind != yaml.SequenceNode {
			r.add(o, t, Error, "tests", "a test needs a list of attack_data")
			continue
		}
		for _, a := range ad.Content {
			for _, key := range []string{"data", "source", "sourcetype"} {
				if _, v := entry(a, key); v == nil || v.Value == "" {
					r.add(o, a, Error, "tests", "attack_data needs %s", key)
				}
			}
			if _, v := entry(a, "data"); v != nil && v.Value != "" && !httpURL(v.Value) {
				p := v.Value
				if !filepath.IsAbs(p) {
					p = filepath.Join(filepath.Dir(o.path), p)
				}
				if !fileExists(p) && !fileExists(v.Value) {
					r.add(o, v, Error, "tests", "attack_data %q is neither an http(s) URL nor a file", v.Value)
				}
			}
		}
	}
}

// checkDrilldowns: each drilldown has a name of at least 5 characters, a
// search, earliest_offset and latest_offset; a production detection that
// is not Hunting has at least two, one of them built on
// %original_detection_search%.
func (r *repo) checkDrilldowns(d *detection) {
	o := d.o
	_, dd := o.get("drilldown_searches")
	var items []*yaml.Node
	if dd != nil && dd.Kind == yaml.SequenceNode {
		items = dd.Content
	} else if dd != nil && dd.Tag != "!!null" {
		r.add(o, dd, Error, "type", "drilldown_searches must be a list")
		return
	}
	original := false
	for _, it := range items {
		if _, n := entry(it, "name"); n == nil || len(n.Value) < 5 {
			r.add(o, it, Error, "drilldown", "a drilldown needs a name of at least 5 characters")
		}
		if _, s := entry(it, "search"); s == nil || s.Value == "" {
			r.add(o, it, Error, "drilldown", "a drilldown needs a search")
		} else if strings.Contains(s.Value, originalSearchRe) {
			original = true
		}
		for _, key := range []string{"earliest_offset", "latest_offset"} {
			if k, _ := entry(it, key); k == nil {
				r.add(o, it, Error, "drilldown", "a drilldown needs %s", key)
			}
		}
	}
	if !d.production || d.typ == "Hunting" {
		return
	}
	switch {
	case len(items) < 2:
		at, _ := o.get("drilldown_searches")
		r.add(o, at, Error, "drilldown", "a production detection needs 2 drilldown_searches, not %d", len(items))
	case !original:
		r.add(o, dd, Error, "drilldown", "no drilldown search uses %s", originalSearchRe)
	}
}
