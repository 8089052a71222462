// Package benchgen generates the synthetic process-creation logs of the
// performance workloads (docs/PERFORMANCE.md): Sysmon EventID 1 as one-line
// XmlWinEventLog records (W1) and the same processes as CrowdStrike
// ProcessRollup2 JSON lines (W2).
//
// The output is a function of the seed and the event count only, so a
// benchmark run on another machine reads the same bytes. Values vary the
// way a real fleet's do: a few hundred hosts, a few thousand users, a pool
// of common images with their usual parents, command lines with random
// arguments (some holding characters that XML escapes as entities), and
// one event in a thousand with a wermgr.exe parent (the seed detection's
// hits).
package benchgen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"
)

// Format chooses the output form.
type Format int

const (
	// SysmonXML is one-line XmlWinEventLog, as splunk/attack_data stores
	// Sysmon logs.
	SysmonXML Format = iota
	// CrowdStrikeJSON is Falcon Data Replicator ProcessRollup2 JSON, one
	// object per line.
	CrowdStrikeJSON
)

// Options sets what Generate writes.
type Options struct {
	Events int
	Seed   uint64
	Format Format
	// WermgrPermille is how many events in a thousand have wermgr.exe as
	// parent; 0 means 1 (0.1%).
	WermgrPermille int
}

// image is a program with the parents it usually runs under and the
// arguments it is given.
type image struct {
	path, original string
	args           []string
}

var images = []image{
	{`C:\Windows\System32\cmd.exe`, "Cmd.Exe", []string{`/c whoami`, `/c ipconfig /all`, `/c dir C:\Users\%s\AppData`, `/c echo %s > C:\Temp\out.txt 2>&1`, `/c "net user %s /domain"`, `/c copy \\fileserver\share\%s.bat C:\Temp\ & C:\Temp\%s.bat`}},
	{`C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`, "PowerShell.EXE", []string{`-NoProfile -ExecutionPolicy Bypass -File C:\Scripts\%s.ps1`, `-nop -w hidden -c "Get-Process | Where-Object {$_.CPU -gt 100} | Out-File C:\Temp\%s.txt"`, `-Command "if ($a -lt 5 -and $b -gt 3) { Write-Host '%s' }"`, `-EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIAAlAHMAKQA=`}},
	{`C:\Windows\System32\svchost.exe`, "svchost.exe", []string{`-k netsvcs -p -s Schedule`, `-k LocalServiceNetworkRestricted -p`, `-k DcomLaunch -p`, `-k NetworkService -p -s Dnscache`}},
	{`C:\Windows\System32\rundll32.exe`, "RUNDLL32.EXE", []string{`C:\Windows\System32\shell32.dll,Control_RunDLL %s.cpl`, `C:\Users\%s\AppData\Local\Temp\x.dll,DllRegisterServer`}},
	{`C:\Windows\System32\conhost.exe`, "CONHOST.EXE", []string{`0xffffffff -ForceV1`}},
	{`C:\Program Files\Google\Chrome\Application\chrome.exe`, "chrome.exe", []string{`--type=renderer --lang=en-US --field-trial-handle=%s`, `--type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US --service-sandbox-type=none`, `"https://intranet.example.com/?q=%s&lang=en"`}},
	{`C:\Windows\System32\schtasks.exe`, "schtasks.exe", []string{`/create /tn "%s" /tr "C:\Temp\%s.exe" /sc daily /st 09:00`, `/query /fo LIST /v`}},
	{`C:\Windows\System32\reg.exe`, "reg.exe", []string{`query HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Run`, `add "HKCU\Software\%s" /v Start /t REG_SZ /d "C:\Temp\%s.exe" /f`}},
	{`C:\Windows\System32\net.exe`, "net.exe", []string{`user %s /domain`, `group "Domain Admins" /domain`, `use \\fileserver\%s`}},
	{`C:\Windows\System32\WerFault.exe`, "WerFault.exe", []string{`-u -p %s -s 1234`}},
	{`C:\Windows\System32\notepad.exe`, "NOTEPAD.EXE", []string{`C:\Users\%s\Documents\notes.txt`}},
	{`C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE`, "WinWord.exe", []string{`/n "C:\Users\%s\Downloads\invoice <final>.docx"`, `/n "C:\Users\%s\Documents\Q3 Report & Forecast.docx"`}},
	{`C:\Windows\System32\msiexec.exe`, "msiexec.exe", []string{`/i C:\Temp\%s.msi /qn`, `/V`}},
	{`C:\Windows\System32\wbem\WmiPrvSE.exe`, "Wmiprvse.exe", []string{`-secured -Embedding`, `-Embedding`}},
	{`C:\Users\%s\AppData\Local\Temp\updater.exe`, "updater.exe", []string{`--check "%s"`, `--silent`}},
}

var parents = []string{
	`C:\Windows\explorer.exe`,
	`C:\Windows\System32\services.exe`,
	`C:\Windows\System32\svchost.exe`,
	`C:\Windows\System32\cmd.exe`,
	`C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
	`C:\Program Files\Google\Chrome\Application\chrome.exe`,
	`C:\Windows\System32\wbem\WmiPrvSE.exe`,
	`C:\Windows\System32\userinit.exe`,
	`C:\Windows\System32\taskeng.exe`,
	`C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE`,
}

const wermgr = `C:\Windows\System32\wermgr.exe`

var (
	firstNames = []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yolanda"}
	domains    = []string{"CORP", "CORP", "CORP", "LAB", "NT AUTHORITY"}
	integrity  = []string{"Medium", "Medium", "High", "System", "Low"}
	start      = time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
)

// gen holds the state of one generation.
type gen struct {
	r     *rand.Rand
	opt   Options
	hosts []string
	users []string
	t     time.Time
	buf   strings.Builder
}

// Generate writes opt.Events records to w.
func Generate(w io.Writer, opt Options) error {
	if opt.WermgrPermille == 0 {
		opt.WermgrPermille = 1
	}
	g := &gen{r: rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)), opt: opt, t: start}
	for i := range 400 {
		g.hosts = append(g.hosts, fmt.Sprintf("WS-%04d.corp.example.com", i))
	}
	for i := range 3000 {
		g.users = append(g.users, fmt.Sprintf("%s%d", firstNames[i%len(firstNames)], i))
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	for i := range opt.Events {
		p := g.process(i)
		g.buf.Reset()
		switch opt.Format {
		case CrowdStrikeJSON:
			p.writeJSON(&g.buf)
		default:
			p.writeXML(&g.buf)
		}
		g.buf.WriteByte('\n')
		if _, err := bw.WriteString(g.buf.String()); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// process is one process creation, before it is written in a format.
type process struct {
	record                   int
	t                        time.Time
	host, domain, user       string
	image, original, cmdline string
	parent, parentCmd        string
	pid, ppid                int
	guid, parentGUID         string
	logonID                  int
	integrity                string
	hash                     [4]uint64
}

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *gen) process(i int) *process {
	// Events come about 40 ms apart on average, with jitter, so 200,000
	// events span a couple of hours and timestamps stay increasing.
	g.t = g.t.Add(time.Duration(1+g.r.IntN(80000)) * time.Microsecond)
	img := images[g.r.IntN(len(images))]
	user := g.pick(g.users)
	p := &process{
		record:    100000 + i,
		t:         g.t,
		host:      g.pick(g.hosts),
		domain:    g.pick(domains),
		user:      user,
		image:     strings.ReplaceAll(img.path, "%s", user),
		original:  img.original,
		pid:       4 + 4*g.r.IntN(30000),
		ppid:      4 + 4*g.r.IntN(30000),
		logonID:   0x3e7 + g.r.IntN(1<<20),
		integrity: g.pick(integrity),
	}
	arg := g.pick(img.args)
	token := fmt.Sprintf("%s_%x", user, g.r.Uint32())
	arg = strings.ReplaceAll(arg, "%s", token)
	p.cmdline = quoteIfSpaced(p.image) + " " + arg
	p.parent = g.pick(parents)
	if g.r.IntN(1000) < g.opt.WermgrPermille {
		p.parent = wermgr
	}
	p.parentCmd = quoteIfSpaced(p.parent)
	if g.r.IntN(2) == 0 {
		p.parentCmd += fmt.Sprintf(" -k %x", g.r.Uint32())
	}
	p.guid = g.guid()
	p.parentGUID = g.guid()
	for k := range p.hash {
		p.hash[k] = g.r.Uint64()
	}
	return p
}

func (g *gen) guid() string {
	a, b := g.r.Uint64(), g.r.Uint64()
	return fmt.Sprintf("{%08X-%04X-%04X-%04X-%012X}", uint32(a), uint16(a>>32), uint16(a>>48), uint16(b), b>>16)
}

func quoteIfSpaced(s string) string {
	if strings.Contains(s, " ") {
		return `"` + s + `"`
	}
	return s
}

// xmlEscaper escapes as Windows renders event XML: &, < and > as
// entities, quotes in text left alone.
var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func baseName(p string) string {
	if i := strings.LastIndexByte(p, '\\'); i >= 0 {
		return p[i+1:]
	}
	return p
}

func (p *process) writeXML(b *strings.Builder) {
	ts := p.t.Format("2006-01-02T15:04:05.0000000Z")
	utc := p.t.Format("2006-01-02 15:04:05.000")
	fmt.Fprintf(b, `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385F-C22A-43E0-BF4C-06F5698FFBD9}'/><EventID>1</EventID><Version>5</Version><Level>4</Level><Task>1</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='%s'/><EventRecordID>%d</EventRecordID><Correlation/><Execution ProcessID='2844' ThreadID='3604'/><Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>%s</Computer><Security UserID='S-1-5-18'/></System>`, ts, p.record, p.host)
	data := func(name, v string) {
		b.WriteString(`<Data Name='`)
		b.WriteString(name)
		b.WriteString(`'>`)
		b.WriteString(xmlEscaper.Replace(v))
		b.WriteString(`</Data>`)
	}
	b.WriteString(`<EventData>`)
	data("RuleName", "technique_id=T1059,technique_name=Command and Scripting Interpreter")
	data("UtcTime", utc)
	data("ProcessGuid", p.guid)
	data("ProcessId", fmt.Sprint(p.pid))
	data("Image", p.image)
	data("FileVersion", "10.0.19041.1 (WinBuild.160101.0800)")
	data("Description", "Windows Command Processor")
	data("Product", "Microsoft® Windows® Operating System")
	data("Company", "Microsoft Corporation")
	data("OriginalFileName", p.original)
	data("CommandLine", p.cmdline)
	data("CurrentDirectory", `C:\Users\`+p.user+`\`)
	data("User", p.domain+`\`+p.user)
	data("LogonGuid", p.parentGUID)
	data("LogonId", fmt.Sprintf("0x%x", p.logonID))
	data("TerminalSessionId", "1")
	data("IntegrityLevel", p.integrity)
	data("Hashes", fmt.Sprintf("SHA1=%016X%016X%08X,MD5=%016X%016X,SHA256=%016X%016X%016X%016X,IMPHASH=%016X%016X", p.hash[0], p.hash[1], uint32(p.hash[2]), p.hash[2], p.hash[3], p.hash[0], p.hash[1], p.hash[2], p.hash[3], p.hash[3], p.hash[1]))
	data("ParentProcessGuid", p.parentGUID)
	data("ParentProcessId", fmt.Sprint(p.ppid))
	data("ParentImage", p.parent)
	data("ParentCommandLine", p.parentCmd)
	data("ParentUser", p.domain+`\`+p.user)
	b.WriteString(`</EventData></Event>`)
}

// jsonString writes s as a JSON string.
func jsonString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20:
			fmt.Fprintf(b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}

var integrityRID = map[string]string{"Low": "4096", "Medium": "8192", "High": "12288", "System": "16384"}

func (p *process) writeJSON(b *strings.Builder) {
	field := func(name, v string, first bool) {
		if !first {
			b.WriteByte(',')
		}
		jsonString(b, name)
		b.WriteByte(':')
		jsonString(b, v)
	}
	b.WriteByte('{')
	field("event_simpleName", "ProcessRollup2", true)
	field("timestamp", fmt.Sprint(p.t.UnixMilli()), false)
	field("aid", fmt.Sprintf("%016x%016x", p.hash[0], uint64(len(p.host))), false)
	field("aid_computer_name", p.host, false)
	field("cid", "cccc0000000000000000000000000001", false)
	field("UserSid", fmt.Sprintf("S-1-5-21-1004336348-1177238915-682003330-%d", 1000+len(p.user)*7+int(p.user[0])), false)
	field("UserName", p.user, false)
	field("ImageFileName", `\Device\HarddiskVolume3`+strings.TrimPrefix(p.image, "C:"), false)
	field("CommandLine", p.cmdline, false)
	field("RawProcessId", fmt.Sprint(p.pid), false)
	field("ParentProcessId", fmt.Sprint(100000000000+p.ppid), false)
	field("ParentBaseFileName", baseName(p.parent), false)
	field("IntegrityLevel", integrityRID[p.integrity], false)
	field("SHA256HashData", fmt.Sprintf("%016x%016x%016x%016x", p.hash[0], p.hash[1], p.hash[2], p.hash[3]), false)
	field("MD5HashData", fmt.Sprintf("%016x%016x", p.hash[2], p.hash[3]), false)
	field("TargetProcessId", fmt.Sprint(200000000000+p.pid), false)
	field("ProcessStartTime", fmt.Sprintf("%d.%03d", p.t.Unix(), p.t.Nanosecond()/1e6), false)
	field("event_platform", "Win", false)
	b.WriteByte('}')
}
