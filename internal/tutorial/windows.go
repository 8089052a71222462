package tutorial

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// event renders one-line XmlWinEventLog, as the Splunk add-on indexes it.
func event(provider, guid string, id, record int, t time.Time, channel, computer string, data [][2]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='%s' Guid='%s'/><EventID>%d</EventID><Version>2</Version><Level>0</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='%s'/><EventRecordID>%d</EventRecordID><Correlation/><Execution ProcessID='4' ThreadID='276'/><Channel>%s</Channel><Computer>%s</Computer><Security/></System><EventData>`,
		provider, guid, id, t.Format("2006-01-02T15:04:05.0000000Z"), record, channel, computer)
	for _, d := range data {
		fmt.Fprintf(&b, `<Data Name='%s'>%s</Data>`, d[0], xmlEscape(d[1]))
	}
	b.WriteString(`</EventData></Event>`)
	return b.String()
}

var xmlEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "'", "&apos;", `"`, "&quot;").Replace

// workstation is the host a user works at, and its address.
func workstation(u int) (string, string) {
	return fmt.Sprintf("WS-%02d", u+3), fmt.Sprintf("10.0.1.%d", 20+u)
}

func logon(id, record int, t time.Time, computer, user, domain, logonType, ip string) string {
	const provider, guid = "Microsoft-Windows-Security-Auditing", "{54849625-5478-4994-A5BA-3E3B0328C30D}"
	data := [][2]string{
		{"SubjectUserSid", "S-1-5-18"}, {"SubjectUserName", computer + "$"}, {"SubjectDomainName", "CORP"},
		{"TargetUserName", user}, {"TargetDomainName", domain}, {"LogonType", logonType},
		{"LogonProcessName", "NtLmSsp"}, {"AuthenticationPackageName", "NTLM"},
		{"WorkstationName", computer}, {"IpAddress", ip}, {"IpPort", "0"},
	}
	if id == 4625 {
		data = append(data, [2]string{"Status", "0xc000006d"}, [2]string{"SubStatus", "0xc000006a"})
	}
	return event(provider, guid, id, record, t, "Security", computer, data)
}

func logons(rng *rand.Rand) string {
	var evs []timed
	rec := 1000
	add := func(id int, t time.Time, computer, user, logonType, ip string) {
		rec++
		evs = append(evs, timed{t, logon(id, rec, t, computer, user, "CORP", logonType, ip)})
	}
	for i := 0; i < Planted.BruteFailures; i++ {
		t := start.Add(2*time.Hour + time.Duration(i*3)*time.Second)
		add(4625, t, "DC-01", "administrator", "3", Planted.BruteIP)
	}
	add(4624, start.Add(2*time.Hour+time.Duration(Planted.BruteFailures*3)*time.Second), "DC-01", "administrator", "3", Planted.BruteIP)
	for _, u := range Planted.Typos {
		i := indexOf(users, u)
		host, ip := workstation(i)
		add(4625, at(rng, 8), host, u, "2", ip)
	}
	for len(evs) < LogonEvents {
		i := rng.IntN(len(users))
		host, ip := workstation(i)
		logonType := []string{"2", "3", "3", "10"}[rng.IntN(4)]
		if logonType == "3" {
			host = "FS-01" // a network logon lands on the file server
		}
		add(4624, at(rng, 7+rng.IntN(12)), host, users[i], logonType, ip)
	}
	return join(evs)
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// proc is a program and the parent that usually starts it.
type proc struct{ parent, image, cmd string }

var usual = []proc{
	{`C:\Windows\explorer.exe`, `C:\Program Files\Google\Chrome\Application\chrome.exe`, `"C:\Program Files\Google\Chrome\Application\chrome.exe"`},
	{`C:\Program Files\Google\Chrome\Application\chrome.exe`, `C:\Program Files\Google\Chrome\Application\chrome.exe`, `chrome.exe --type=renderer --lang=en-US`},
	{`C:\Windows\explorer.exe`, `C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE`, `"OUTLOOK.EXE"`},
	{`C:\Windows\explorer.exe`, `C:\Windows\System32\notepad.exe`, `notepad.exe C:\Users\Public\notes.txt`},
	{`C:\Windows\System32\services.exe`, `C:\Windows\System32\svchost.exe`, `svchost.exe -k netsvcs -p -s Schedule`},
	{`C:\Windows\System32\svchost.exe`, `C:\Windows\System32\taskhostw.exe`, `taskhostw.exe`},
	{`C:\Windows\explorer.exe`, `C:\Windows\System32\cmd.exe`, `"C:\Windows\System32\cmd.exe"`},
	{`C:\Windows\System32\cmd.exe`, `C:\Windows\System32\ipconfig.exe`, `ipconfig /all`},
	{`C:\Windows\System32\svchost.exe`, `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`, `powershell.exe -NoProfile -File C:\Scripts\inventory.ps1`},
}

func base(path string) string { return path[strings.LastIndexByte(path, '\\')+1:] }

func sysmon(record int, t time.Time, computer, user string, pid, ppid int, p proc) string {
	const provider, guid = "Microsoft-Windows-Sysmon", "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}"
	return event(provider, guid, 1, record, t, "Microsoft-Windows-Sysmon/Operational", computer, [][2]string{
		{"RuleName", "-"}, {"UtcTime", t.Format("2006-01-02 15:04:05.000")},
		{"ProcessGuid", fmt.Sprintf("{8A2C1B44-%04X-0000-0000-%012X}", pid&0xffff, record)},
		{"ProcessId", fmt.Sprint(pid)}, {"Image", p.image}, {"OriginalFileName", base(p.image)},
		{"CommandLine", p.cmd}, {"CurrentDirectory", `C:\Windows\system32\`}, {"User", user},
		{"IntegrityLevel", "Medium"}, {"ParentProcessId", fmt.Sprint(ppid)},
		{"ParentImage", p.parent}, {"ParentCommandLine", base(p.parent)},
	})
}

func processes(rng *rand.Rand) string {
	var evs []timed
	rec := 5000
	add := func(t time.Time, computer, user string, pid, ppid int, p proc) {
		rec++
		evs = append(evs, timed{t, sysmon(rec, t, computer, user, pid, ppid, p)})
	}
	// The macro: the document starts PowerShell, which starts two commands.
	t := start.Add(10*time.Hour + 17*time.Minute)
	user := Planted.MacroUser
	word := `C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE`
	ps := `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`
	add(t, Planted.MacroHost, user, 7100, 6900, proc{`C:\Windows\explorer.exe`, word, `"WINWORD.EXE" /n "C:\Users\erin\Downloads\invoice_0304.docm"`})
	add(t.Add(4*time.Second), Planted.MacroHost, user, 7204, 7100, proc{word, ps, Planted.MacroCommand})
	add(t.Add(9*time.Second), Planted.MacroHost, user, 7310, 7204, proc{ps, `C:\Windows\System32\whoami.exe`, `"C:\Windows\system32\whoami.exe" /all`})
	add(t.Add(11*time.Second), Planted.MacroHost, user, 7322, 7204, proc{ps, `C:\Windows\System32\net.exe`, `"C:\Windows\system32\net.exe" user /domain`})
	for len(evs) < ProcessEvents {
		i := rng.IntN(len(users))
		host, _ := workstation(i)
		p := usual[rng.IntN(len(usual))]
		u := `CORP\` + users[i]
		if strings.HasSuffix(p.parent, "services.exe") || strings.HasSuffix(p.image, "taskhostw.exe") {
			u = `NT AUTHORITY\SYSTEM`
		}
		add(at(rng, 7+rng.IntN(12)), host, u, 1000+rng.IntN(60000), 600+rng.IntN(4000), p)
	}
	return join(evs)
}
