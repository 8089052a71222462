// Package lookups reads Splunk lookup tables and matches rows against
// them, as the lookup, inputlookup and outputlookup commands need.
//
// Tables are CSV files (optionally .csv.gz) declared the two ways
// content uses: security_content's lookups/*.yml (name, filename,
// match_type, case_sensitive_match, min_matches, max_matches,
// default_match) next to their .csv, and Splunk's transforms.conf
// stanzas (filename, match_type WILDCARD(f)/CIDR(f),
// case_sensitive_match, max_matches, min_matches, default_match) with
// their files in the app's lookups/ folder. A bare file name
// (foo.csv) names the file itself.
//
// Matching follows transforms.conf and the Knowledge Manager Manual,
// "Add field matching rules to your lookup configuration": values match
// exactly and case-sensitively unless case_sensitive_match=false;
// WILDCARD(field) lets `*` in the table's values match any text; CIDR(field)
// matches an IP inside the table's network; at most max_matches rows
// (default 100) in file order; below min_matches (default 0) the
// default_match value fills in.
//
// Writing (outputlookup) happens only inside one configured folder: the
// name may not hold a path, "..", or lead through a symbolic link.
package lookups
