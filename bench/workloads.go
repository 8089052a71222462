package main

import (
	"fmt"
	"strings"
)

// workloads maps a workload name to its SQL over a file of one-line
// XmlWinEventLog records (W1), or for seed-json of CrowdStrike
// ProcessRollup2 JSON lines (W2). Each answers what spelunk answers for
// the search the table of cmd/spelunk-bench runs under that name, with
// the fields derived as the Sysmon add-on and CIM Endpoint.Processes
// derive them (datamodel/builtin/20_sysmon.yaml, cim_endpoint.yaml):
// dest=Computer, user=User, process=CommandLine, process_name and
// parent_process_name the last path element of Image and ParentImage, and
// so on. Values are taken as the XML holds them, entities included, as
// Splunk's XmlWinEventLog extraction does.
var workloads = map[string]func(path string) string{
	"seed":      seedSQL,
	"broad":     broadSQL,
	"raw":       rawSQL,
	"index-raw": indexRawSQL,
	"seed-json": seedJSONSQL,
}

// lines reads the file as one VARCHAR column, a row per line: the
// delimiter is a byte that never occurs and quoting is off.
func lines(path string) string {
	return fmt.Sprintf(`read_csv(%s, columns={'line': 'VARCHAR'}, delim='%s', quote='', escape='', header=false, auto_detect=false)`, literal(path), "\x01")
}

// literal quotes s as a SQL string literal.
func literal(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// data extracts <Data Name='name'>...</Data> from the line.
func data(name string) string {
	return fmt.Sprintf(`regexp_extract(line, '<Data Name=''%s''>([^<]*)</Data>', 1)`, name)
}

// baseName is the add-on's replace(X, "^.*\\\\", "").
func baseName(expr string) string { return `regexp_replace(` + expr + `, '^.*\\', '')` }

const (
	computer = `regexp_extract(line, '<Computer>([^<]*)</Computer>', 1)`
	// systemTime is TimeCreated's SystemTime (seven fractional digits)
	// cut to microseconds, spelunk's _time precision.
	systemTime = `CAST(substr(regexp_extract(line, 'SystemTime=''([^'']*)''', 1), 1, 26) AS TIMESTAMP)`
	// processes keeps the Endpoint.Processes events of the file: Sysmon
	// EventID 1.
	processes = `contains(line, '<EventID>1</EventID>') AND contains(line, '<Provider Name=''Microsoft-Windows-Sysmon''')`
)

// seedSQL is the seed detection (Windows Process Injection Wermgr Child
// Process): tstats over Endpoint.Processes where the parent is
// wermgr.exe and the process is none of the WER programs, by eight
// fields, with the first and last time formatted as convert ctime does.
func seedSQL(path string) string {
	return `WITH p AS (
	SELECT line, ` + baseName(data("ParentImage")) + ` AS parent_process_name, ` + baseName(data("Image")) + ` AS process_name
	FROM ` + lines(path) + `
	WHERE ` + processes + `
), hits AS (
	SELECT ` + computer + ` AS dest, ` + data("User") + ` AS "user", parent_process_name, process_name,
		` + data("CommandLine") + ` AS process, ` + data("ProcessId") + ` AS process_id,
		` + data("ParentProcessId") + ` AS parent_process_id, ` + data("OriginalFileName") + ` AS original_file_name,
		` + systemTime + ` AS t
	FROM p
	WHERE lower(parent_process_name) = 'wermgr.exe'
		AND lower(process_name) NOT IN ('werfaultsecure.exe', 'wermgr.exe', 'werfault.exe')
)
SELECT dest, "user", parent_process_name, process_name, process, process_id, parent_process_id, original_file_name,
	count(*) AS count,
	strftime(min(t), '%Y-%m-%dT%H:%M:%S') AS firstTime,
	strftime(max(t), '%Y-%m-%dT%H:%M:%S') AS lastTime
FROM hits
GROUP BY ALL`
}

// broadSQL groups every Endpoint.Processes event by dest, user,
// process_name and parent_process_name, with first and last _time as
// epoch seconds.
func broadSQL(path string) string {
	return `WITH p AS (
	SELECT ` + computer + ` AS dest, ` + data("User") + ` AS "user", ` + baseName(data("Image")) + ` AS process_name,
		` + baseName(data("ParentImage")) + ` AS parent_process_name, epoch_us(` + systemTime + `) AS us
	FROM ` + lines(path) + `
	WHERE ` + processes + `
), g AS (
	SELECT dest, "user", process_name, parent_process_name, count(*) AS count, min(us) AS first, max(us) AS last
	FROM p
	GROUP BY ALL
)
SELECT dest AS "Processes.dest", "user" AS "Processes.user", process_name AS "Processes.process_name",
	parent_process_name AS "Processes.parent_process_name", count,
	` + epoch("first") + ` AS firstTime, ` + epoch("last") + ` AS lastTime
FROM g`
}

// epoch writes microseconds as epoch seconds the way spelunk writes
// _time: six decimals at most, trailing zeros dropped.
func epoch(us string) string {
	return fmt.Sprintf(`rtrim(rtrim(printf('%%d.%%06d', %s // 1000000, %s %% 1000000), '0'), '.')`, us, us)
}

// rawSQL is search CommandLine="*whoami*" | stats count by Computer: a
// case-insensitive wildcard match on the field, over every event.
func rawSQL(path string) string {
	return `SELECT ` + computer + ` AS Computer, count(*) AS count
FROM ` + lines(path) + `
WHERE ` + data("CommandLine") + ` ILIKE '%whoami%'
GROUP BY ALL`
}

// indexRawSQL is the raw search over an index folder of spelunk index
// (docs/INDEX.md), read as the Parquet files are: the fields are columns.
func indexRawSQL(dir string) string {
	return `SELECT Computer, count(*) AS count
FROM read_parquet(` + literal(dir+"/index=*/*/*/*.parquet") + `, hive_partitioning=true, union_by_name=true)
WHERE CommandLine ILIKE '%whoami%'
GROUP BY ALL`
}

// seedJSONSQL is the seed detection over CrowdStrike ProcessRollup2 JSON
// lines, with the add-on's mapping (datamodel/builtin/30_crowdstrike.yaml):
// dest=aid_computer_name, user=UserSid, process_name the last path
// element of ImageFileName, parent_process_name=ParentBaseFileName, _time
// the timestamp in milliseconds; original_file_name is not in these events,
// so the data model fills it with "unknown".
func seedJSONSQL(path string) string {
	return `WITH hits AS (
	SELECT aid_computer_name AS dest, UserSid AS "user", ParentBaseFileName AS parent_process_name,
		` + baseName("ImageFileName") + ` AS process_name, CommandLine AS process,
		RawProcessId AS process_id, ParentProcessId AS parent_process_id, 'unknown' AS original_file_name,
		epoch_ms(CAST("timestamp" AS BIGINT)) AS t
	FROM read_json(` + literal(path) + `, format='newline_delimited', columns={
		event_simpleName: 'VARCHAR', "timestamp": 'VARCHAR', aid_computer_name: 'VARCHAR', UserSid: 'VARCHAR',
		ImageFileName: 'VARCHAR', CommandLine: 'VARCHAR', RawProcessId: 'VARCHAR', ParentProcessId: 'VARCHAR',
		ParentBaseFileName: 'VARCHAR'})
	WHERE event_simpleName IN ('ProcessRollup2', 'SyntheticProcessRollup2')
)
SELECT dest, "user", parent_process_name, process_name, process, process_id, parent_process_id, original_file_name,
	count(*) AS count,
	strftime(min(t), '%Y-%m-%dT%H:%M:%S') AS firstTime,
	strftime(max(t), '%Y-%m-%dT%H:%M:%S') AS lastTime
FROM hits
WHERE lower(parent_process_name) = 'wermgr.exe'
	AND lower(process_name) NOT IN ('werfaultsecure.exe', 'wermgr.exe', 'werfault.exe')
GROUP BY ALL`
}
