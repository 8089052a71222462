package ingest

// XmlWinEventLog: Windows events rendered as XML, one <Event>...</Event> per
// record, as the Splunk Universal Forwarder sends them and splunk/attack_data
// stores them.
//
// Field extraction mirrors Splunk_TA_windows 8.4.0 (props.conf [XmlWinEventLog],
// transforms.conf; see ../shared/docs/CIM.md §2.1), which works with regexes
// on the text, not an XML parser:
//
//   - system_xml_block, eventdata_xml_block, userdata_xml_block,
//     debugdata_xml_block, renderinginfo_xml_block: the inner text of each
//     block becomes System_Props_Xml, EventData_Xml, UserData_Xml,
//     DebugData_Xml, RenderingInfo_Xml (detections run xmlkv on them);
//   - system_props_xml_kv `<(\w*)>([^<]*)<\/\1>`: attribute-less simple
//     elements of System (EventID, Level, Channel, Computer, ...);
//   - system_props_xml_attributes: every name='value' in System (Provider
//     Name and Guid, SystemTime, ProcessID, ThreadID, UserID, ActivityID,
//     Qualifiers, ...);
//   - eventdata_xml_data: <Data Name='X'>v</Data> gives X=v;
//   - rendering_info_xml_data: simple elements of RenderingInfo;
//   - EventID_as_EventCode / EventID2_as_EventCode, EventRecordID_as_RecordNumber.
//
// Every transform has MV_ADD, so a name met twice (a repeated Data name, or
// EventData's ProcessID next to System's) becomes a multivalue. Field names go
// through CLEAN_KEYS ('Product Name' gives Product_Name). Values are never
// entity-decoded: regex extractions see &amp; as written, and detections
// match it that way (`*2&gt;&amp;1*`).
//
// UserData has no generic extraction in the add-on (only Security 1102's
// LogFileCleared and System's updatelist/updatetitle); here each attribute-less
// simple element of UserData is extracted, which covers LogFileCleared and
// gives comparable fields for other providers.
//
// The add-on's Data regex needs Name='X' in single quotes; double quotes
// (EVTX dumps, python-evtx) are accepted too, as is an XML declaration,
// comments and an <Events> wrapper around the records.
//
// Metadata: sourcetype XmlWinEventLog; source XmlWinEventLog:<Channel>, which
// the add-on's index-time ta-windows-fix-xml-source sets whatever the input
// said (Options.Source only applies without a Channel); host is what a
// forwarder on the machine would set, the <Computer>; _time is TimeCreated's
// SystemTime (UTC), or 0 when it is missing or unreadable. Sysmon for Linux
// records (Channel Linux-Sysmon/Operational, or --sourcetype sysmon:linux)
// get sourcetype sysmon:linux and source Syslog:Linux-Sysmon/Operational
// unless Options.Source names another, as its add-on's syslog input does;
// another sourcetype named with --sourcetype is kept, with the file name or
// Options.Source as source.
//
// The scanner is hand-written over the record string so that every value is
// a substring of _raw: no per-field allocation.

import (
	"bytes"
	"strings"
	"unsafe"

	"github.com/spelunk-dev/spelunk/value"
)

const sourcetypeXML = "XmlWinEventLog"

// keepEmptyValues decides whether <Data Name='X'/> or <Data Name='X'></Data>
// yields X="" or no field at all. Splunk drops it: transforms.conf's
// KEEP_EMPTY_VALS defaults to false, and the field lists that ESCU captured
// from real Splunk (security_content data_sources) lack every empty Data name
// of their example events (4648 ProcessName, 4768/4771 Cert*, 5140
// ShareLocalPath, Defender 1121/1122/5007). Set to true to keep X="".
const keepEmptyValues = false

// extractAttributedElements decides whether a System element with
// attributes and text, in practice <EventID Qualifiers='16384'>7045</EventID>,
// also yields EventID=7045. The add-on's regex needs an attribute-less tag,
// and ESCU's field list for System 7045 has Qualifiers and EventCode but no
// EventID, so Splunk does not. EventCode is extracted either way
// (EventID2_as_EventCode).
const extractAttributedElements = false

var (
	eventStartTag = []byte("<Event")
	eventEndTag   = []byte("</Event>")
)

// isEventStart reports whether d starts with an <Event start tag, not
// <EventData or <Events.
func isEventStart(d []byte) bool {
	return len(d) > len(eventStartTag) && bytes.HasPrefix(d, eventStartTag) && isTagEnd(d[len(eventStartTag)])
}

func isTagEnd(c byte) bool { return isSpace(c) || c == '>' || c == '/' }

// isEventsWrapper matches the <Events> element that EVTX dumps wrap around
// their records.
func isEventsWrapper(d []byte) bool {
	return (bytes.HasPrefix(d, []byte("<Events")) && len(d) > 7 && isTagEnd(d[7])) ||
		bytes.HasPrefix(d, []byte("</Events>"))
}

// indexEventStart finds the first <Event start tag in b. A "<Event" that
// ends b cannot be told from "<EventData" yet and is not reported.
func indexEventStart(b []byte) int {
	off := 0
	for {
		i := bytes.Index(b[off:], eventStartTag)
		if i < 0 {
			return -1
		}
		j := off + i + len(eventStartTag)
		if j >= len(b) {
			return -1
		}
		if isTagEnd(b[j]) {
			return off + i
		}
		off = j
	}
}

// xmlFormat is XmlWinEventLog: <Event> records.
type xmlFormat struct{}

func (xmlFormat) about() formatAbout {
	return formatAbout{name: "xml", doc: "XML events", structured: true, need: needXML}
}

// detect: an <Event> record, or what may come before the first one.
func (xmlFormat) detect(head []byte, _ bool) (sourcetypeSpec, verdict) {
	if isEventStart(head) || isEventsWrapper(head) || bytes.HasPrefix(head, []byte("<?xml")) || bytes.HasPrefix(head, []byte("<!--")) {
		return sourcetypeSpec{}, isThis
	}
	return sourcetypeSpec{}, notThis
}

// cutter cuts one-line records: before a line that starts an <Event after
// a line that ends with </Event>.
func (xmlFormat) cutter(head []byte) func(prev, next []byte) bool {
	if !isEventStart(head) && !bytes.HasPrefix(head, []byte("<?xml")) {
		return nil
	}
	return func(prev, next []byte) bool {
		return isEventStart(next) && bytes.HasSuffix(bytes.TrimRight(prev, "\r"), eventEndTag)
	}
}

func (xmlFormat) read(w *window, rn *run, spec sourcetypeSpec) error { return readXML(w, rn, spec) }

func readXML(w *window, rn *run, spec sourcetypeSpec) error {
	p := xmlParser{forced: spec.name, only: newFieldSet(rn.opt.Fields)}
	p.b.reuse = rn.opt.ReuseFields
	// A projected read that leaves out _raw makes no copy of a record:
	// only of the fields kept (Options.RawView).
	p.view = rn.opt.RawView && p.only != nil && !p.only.want["_raw"]
	// A retained mapping's records are views of it, which outlive the
	// callback (Options.Retain): new events, their values not copied.
	p.kept = rn.opt.mappedViews && !p.view
	for {
		w.advance(skipSpace(w.data()))
		d := w.data()
		if len(d) < 9 && w.fill() {
			continue
		}
		d = w.data() // fill may have moved the bytes even when no more came
		if len(d) == 0 {
			return nil
		}
		line := w.line
		switch {
		case isEventStart(d):
			if rn.need != nil && skipXMLLine(w, rn) {
				continue
			}
			if done, err := p.lineRecord(w, rn, line); done {
				if err != nil {
					return err
				}
				continue
			}
			n, reason := scanXMLRecord(w)
			if reason == readFailed {
				return nil
			}
			if reason != "" {
				rn.bad(line, reason)
				continue
			}
			if rn.need != nil && !rn.need.mayHold(w.data()[:n], false) {
				w.advance(n)
				rn.stats.Unparsed++
				continue
			}
			var raw string
			if p.view || p.kept {
				raw = unsafe.String(&w.data()[0], n)
			} else {
				raw = string(w.data()[:n])
			}
			// Consumed after the callback: a view's bytes stay where
			// they are until then.
			err := rn.emit(p.event(raw, rn, line))
			w.advance(n)
			if err != nil {
				return err
			}
		case bytes.HasPrefix(d, []byte("<?")), bytes.HasPrefix(d, []byte("<!--")), isEventsWrapper(d):
			end := ">"
			switch d[1] {
			case '?':
				end = "?>"
			case '!':
				end = "-->"
			}
			if ok, n, binary := skipPast(w, end); !ok {
				rn.bad(line, junkReason(n, binary, "an <Event> record"))
			}
		default:
			n, binary := skipJunk(w, indexEventStart, len(eventStartTag))
			rn.bad(line, junkReason(n, binary, "an <Event> record"))
		}
	}
}

// skipXMLLine passes over the line at the start of the window (passLine)
// when it ends with </Event>: every record that starts on it ends on it,
// at the first </Event> after its start, whatever the records are.
// One-line records (exported XmlWinEventLog) are then passed over at the
// speed of finding a newline rather than scanning for the record's tags.
func skipXMLLine(w *window, rn *run) bool {
	return passLine(w, rn, false, func(line, _ []byte) bool {
		return bytes.HasSuffix(bytes.TrimRight(line, "\r"), eventEndTag)
	})
}

// skipPast consumes input through the next end marker (of an XML
// declaration, comment or wrapper tag). When the marker does not come within
// 64 KiB or before the end of input, the text is junk up to the next record
// instead, and skipPast returns false with what skipJunk returned.
func skipPast(w *window, end string) (ok bool, n int, binary bool) {
	from := 0
	for {
		d := w.data()
		if i := bytes.Index(d[from:], []byte(end)); i >= 0 {
			w.advance(from + i + len(end))
			return true, 0, false
		}
		from = max(0, len(d)-len(end)+1)
		if len(d) > 1<<16 || !w.fill() {
			n, binary = skipJunk(w, indexEventStart, len(eventStartTag))
			return false, n, binary
		}
	}
}

// xmlParser turns records into events; it keeps a little state between
// records to save allocations.
type xmlParser struct {
	forced                  string // sourcetype named by the user, if any
	b                       fieldBuilder
	lastChannel, lastSource string
	only                    *fieldSet // nil: every field
	// view says records are views of the input (Options.RawView):
	// what outlives a record is copied into arena.
	view  bool
	kept  bool // records are views of a retained mapping (Options.Retain)
	arena textArena
	pairs []dataPair // scratch of scanDataTo
	names nameTable
	// backoff counts the records left to read by the general path
	// after a line that held more than one (lineRecord).
	backoff int
	ev      Event // the event of a view read

	// per record
	channel, computer, systemTime string
	haveEventCode                 bool
}

func (p *xmlParser) event(raw string, rn *run, line int) *Event {
	p.parse(raw)
	return p.finish(raw, rn, line)
}

// finish makes the event of a record whose fields p holds.
func (p *xmlParser) finish(raw string, rn *run, line int) *Event {
	// The callback of a view read keeps no part of the event
	// (Options.RawView): each is made in the space of the one before.
	ev := &p.ev
	if !p.view {
		ev = new(Event)
	}
	*ev = Event{
		Raw:        raw,
		Sourcetype: sourcetypeXML,
		Index:      rn.index,
		Fields:     p.b.take(),
		File:       rn.name,
		Line:       line,
	}
	if t, ok := parseISOTime(p.systemTime); ok {
		ev.Time, ev.DateZone = t, dateZone(p.systemTime)
	}
	linux := strings.EqualFold(p.forced, sourcetypeSysmonLinux) ||
		(p.channel == "Linux-Sysmon/Operational" && (p.forced == "" || strings.EqualFold(p.forced, sourcetypeXML) || strings.EqualFold(p.forced, sourcetypeWinEventLog)))
	custom := p.forced != "" && !linux && !strings.EqualFold(p.forced, sourcetypeXML) && !strings.EqualFold(p.forced, sourcetypeWinEventLog)
	switch {
	case linux:
		// Sysmon for Linux writes to syslog; the add-on's input names
		// the source Syslog:Linux-Sysmon/Operational (CIM.md §2.5).
		ev.Sourcetype = sourcetypeSysmonLinux
		ev.Source = "Syslog:Linux-Sysmon/Operational"
		if rn.opt.Source != "" {
			ev.Source = rn.opt.Source
		}
	case custom:
		ev.Sourcetype = p.forced
		ev.Source = rn.name
		if rn.opt.Source != "" {
			ev.Source = rn.opt.Source
		}
	case p.channel != "":
		if p.channel != p.lastChannel {
			p.lastChannel, p.lastSource = strings.Clone(p.channel), "XmlWinEventLog:"+p.channel
		}
		ev.Source = p.lastSource
	case rn.opt.Source != "":
		ev.Source = rn.opt.Source
	default:
		ev.Source = rn.name
	}
	switch {
	case rn.opt.Host != "":
		ev.Host = rn.opt.Host
	case p.computer != "" && p.view:
		ev.Host = p.arena.copy(p.computer)
	case p.computer != "":
		ev.Host = p.computer
	default:
		ev.Host = "unknown"
	}
	return ev
}

// xmlBlockTag is a block element the add-on extracts, with its end tag.
type xmlBlockTag struct{ name, end, field string }

var (
	systemBlock        = xmlBlockTag{"System", "</System>", "System_Props_Xml"}
	eventDataBlock     = xmlBlockTag{"EventData", "</EventData>", "EventData_Xml"}
	userDataBlock      = xmlBlockTag{"UserData", "</UserData>", "UserData_Xml"}
	debugDataBlock     = xmlBlockTag{"DebugData", "</DebugData>", "DebugData_Xml"}
	renderingInfoBlock = xmlBlockTag{"RenderingInfo", "</RenderingInfo>", "RenderingInfo_Xml"}
)

// parse extracts the fields of one record into p.b.
//
// The add-on's block regexes each search the whole record; here the blocks
// after System are searched from the end of System, and those after
// EventData from the end of the last EventData, following the event
// schema's order (System, then EventData or UserData, then DebugData and
// RenderingInfo). That saves three scans of every record, and differs only
// for a block misplaced before or inside an earlier one.
func (p *xmlParser) parse(raw string) {
	p.start()
	at := 0
	if body, next, ok := xmlBlock(raw, systemBlock, 0); ok {
		p.add(systemBlock.field, body)
		p.scanElements(body, true)
		at = next
	}
	for {
		if fusedData && p.only != nil && !p.only.want[eventDataBlock.field] {
			open, ok := eventDataOpen(raw, at)
			if !ok {
				break
			}
			if next, ok := p.scanDataTo(raw, open); ok {
				at = next
				continue
			}
		}
		body, next, ok := xmlBlock(raw, eventDataBlock, at)
		if !ok {
			break
		}
		p.add(eventDataBlock.field, body)
		p.scanData(body)
		at = next
	}
	if body, _, ok := xmlBlock(raw, userDataBlock, at); ok {
		p.add(userDataBlock.field, body)
		p.scanElements(body, false)
	}
	if body, _, ok := xmlBlock(raw, debugDataBlock, at); ok {
		p.add(debugDataBlock.field, body)
	}
	if body, _, ok := xmlBlock(raw, renderingInfoBlock, at); ok {
		p.add(renderingInfoBlock.field, body)
		p.scanElements(body, false)
	}
}

// start readies p for a record.
func (p *xmlParser) start() {
	p.b.reset()
	if p.only != nil {
		p.only.record()
	}
	p.channel, p.computer, p.systemTime, p.haveEventCode = "", "", "", false
}

func (p *xmlParser) add(name, val string) {
	if val == "" && !keepEmptyValues {
		return
	}
	if p.only == nil {
		p.b.addText(p.names.clean(name), val)
		return
	}
	clean, ok := p.only.name(name)
	if !ok {
		return
	}
	if p.view {
		val = p.arena.copy(val)
	}
	p.b.addText(clean, val)
}

// xmlBlock finds the first <name>...</name> block at or after from, as
// `(?ms)<name(?:\s+[^>]+)?>(.*?)<\/name>` does, and returns its inner text
// and the offset after it.
func xmlBlock(raw string, tag xmlBlockTag, from int) (body string, next int, ok bool) {
	name := tag.name
	for from < len(raw) {
		i := strings.Index(raw[from:], name)
		if i < 0 {
			return "", 0, false
		}
		at := from + i
		from = at + len(name)
		if at == 0 || raw[at-1] != '<' || from >= len(raw) {
			continue
		}
		open := from
		switch c := raw[from]; {
		case c == '>':
			open++
		case isSpace(c):
			gt := strings.IndexByte(raw[from:], '>')
			if gt < 0 {
				return "", 0, false
			}
			if raw[from+gt-1] == '/' {
				continue // self-closing: no block
			}
			open = from + gt + 1
		default:
			continue
		}
		end := strings.Index(raw[open:], tag.end)
		if end < 0 {
			return "", 0, false
		}
		return raw[open : open+end], open + end + len(tag.end), true
	}
	return "", 0, false
}

// scanElements extracts `<X>text</X>` (X a word, no attributes, text without
// '<') anywhere in body; in System also every attribute, EventCode and
// RecordNumber.
func (p *xmlParser) scanElements(body string, system bool) {
	for i := 0; i < len(body); {
		var j int
		var ok bool
		if i, j, ok = nextTagName(body, i); !ok {
			return
		}
		if j == i || j == len(body) {
			continue // end tag, comment, declaration or odd name
		}
		name := body[i:j]
		if body[j] == '>' {
			text, after, ok := simpleText(body, j+1, name)
			if !ok {
				i = j + 1
				continue
			}
			p.add(name, text)
			if system {
				p.systemElement(name, text)
			}
			i = after
			continue
		}
		if !system {
			i = j
			continue
		}
		end, selfClosed := p.attributes(body, j)
		if name == "EventID" && !selfClosed {
			if text, _, ok := simpleText(body, end, name); ok {
				if extractAttributedElements {
					p.add(name, text)
				}
				p.eventCode(text)
			}
		}
		i = end
	}
}

// systemElement records what System's simple elements feed: the aliases
// and the event's source, host and time.
func (p *xmlParser) systemElement(name, text string) {
	switch name {
	case "EventID":
		p.eventCode(text)
	case "EventRecordID":
		if text != "" { // the alias's REGEX is (.+)
			p.add("RecordNumber", text)
		}
	case "Channel":
		if p.channel == "" {
			p.channel = text
		}
	case "Computer":
		if p.computer == "" {
			p.computer = text
		}
	}
}

func (p *xmlParser) eventCode(text string) {
	if !p.haveEventCode && text != "" {
		p.haveEventCode = true
		p.add("EventCode", text)
	}
}

// simpleText returns the text after an open tag that ends at "</name>",
// and the offset after that end tag.
func simpleText(s string, at int, name string) (text string, after int, ok bool) {
	lt := strings.IndexByte(s[at:], '<')
	if lt < 0 {
		return "", 0, false
	}
	e := at + lt
	if e+2+len(name) >= len(s) || s[e+1] != '/' || s[e+2+len(name)] != '>' || s[e+2:e+2+len(name)] != name {
		return "", 0, false
	}
	return s[at:e], e + 3 + len(name), true
}

// attributes extracts the name='value' pairs of the tag whose name ends at
// i, and returns the offset after the tag and whether it was self-closing.
// Attribute values may use either quote.
func (p *xmlParser) attributes(s string, i int) (end int, selfClosed bool) {
	for {
		name, val, next, done, sc := nextAttribute(s, i)
		if done {
			return next, sc
		}
		if name != "" {
			p.attribute(name, val)
		}
		i = next
	}
}

// attribute adds a System attribute's field.
func (p *xmlParser) attribute(name, val string) {
	p.add(name, val)
	if name == "SystemTime" && p.systemTime == "" {
		p.systemTime = val
	}
}

// nextAttribute reads one attribute of a start tag from i. done reports the
// end of the tag (next is then the offset after '>'); name is empty for
// anything that is not a complete name='value' pair.
func nextAttribute(s string, i int) (name, val string, next int, done, selfClosed bool) {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i >= len(s) {
		return "", "", len(s), true, false
	}
	switch s[i] {
	case '>':
		return "", "", i + 1, true, false
	case '/':
		if i+1 < len(s) && s[i+1] == '>' {
			return "", "", i + 2, true, true
		}
		return "", "", i + 1, false, false
	case '<':
		return "", "", i, true, false // broken tag: resume scanning here
	}
	st := i
	for i < len(s) && !isSpace(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/' && s[i] != '<' {
		i++
	}
	name = s[st:i]
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i >= len(s) || s[i] != '=' {
		return "", "", max(i, st+1), false, false
	}
	i++
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i >= len(s) || (s[i] != '\'' && s[i] != '"') {
		return "", "", i, false, false
	}
	q := s[i]
	c := strings.IndexByte(s[i+1:], q)
	if c < 0 {
		return "", "", len(s), true, false
	}
	return name, s[i+1 : i+1+c], i + 2 + c, false, false
}

// scanData extracts <Data Name='X'>v</Data> (any element with a Name
// attribute) from an EventData block. The value is the text up to the next
// tag, as the add-on's `([^<]*)` takes it; unnamed <Data> is skipped.
func (p *xmlParser) scanData(body string) {
	for i := 0; i < len(body); {
		var j int
		var ok bool
		if i, j, ok = nextTagName(body, i); !ok {
			return
		}
		if j == i {
			continue
		}
		dataName, k, selfClosed, found := quickNameAttr(body, j)
		for quick := found; !quick; {
			name, val, next, done, sc := nextAttribute(body, k)
			if done {
				k, selfClosed = next, sc
				break
			}
			if name == "Name" && !found {
				dataName, found = val, true
			}
			k = next
		}
		i = k
		if !found {
			continue
		}
		text := ""
		if !selfClosed {
			// The scan goes on from the value's end: its text holds no
			// tag to find.
			if lt := strings.IndexByte(body[k:], '<'); lt >= 0 {
				text, i = body[k:k+lt], k+lt
				if i+1 < len(body) && body[i+1] == '/' {
					i += 2 // an end tag (</Data>): no name to read in it
				}
			} else {
				text, i = body[k:], len(body)
			}
		}
		p.add(dataName, text)
	}
}

// quickAttrs turns quickNameAttr on (off in tests, to compare).
var quickAttrs = true

// quickNameAttr reads ` Name='X'>` or ` Name='X'/>` at i, the form of
// every exported record, as the attribute loop of scanData would read it:
// the name, the offset after the tag, and whether it closed itself. ok
// is false for any other form (end is then i, for the loop).
func quickNameAttr(s string, i int) (name string, end int, selfClosed, ok bool) {
	const pre = " Name='"
	if !quickAttrs || !strings.HasPrefix(s[i:], pre) {
		return "", i, false, false
	}
	v := i + len(pre)
	q := strings.IndexByte(s[v:], '\'')
	if q < 0 {
		return "", i, false, false
	}
	switch k := v + q + 1; {
	case k < len(s) && s[k] == '>':
		return s[v : v+q], k + 1, false, true
	case k+1 < len(s) && s[k] == '/' && s[k+1] == '>':
		return s[v : v+q], k + 2, true, true
	}
	return "", i, false, false
}

// nextTagName finds the next '<' in body at or after i and returns the
// word after it, body[start:end]: a start tag's name, or empty for an end
// tag, comment or declaration. ok is false when no '<' is left.
func nextTagName(body string, i int) (start, end int, ok bool) {
	lt := strings.IndexByte(body[i:], '<')
	if lt < 0 {
		return 0, 0, false
	}
	start = i + lt + 1
	end = start
	for end < len(body) && isWordByte(body[end]) {
		end++
	}
	return start, end, true
}

// isWordByte is \w of ASCII, by a table: the names of every tag and
// field are scanned with it (four comparisons a byte took about a tenth
// of reading W1's XML).
func isWordByte(c byte) bool { return wordBytes[c] }

var wordBytes = func() (t [256]bool) {
	for c := range t {
		t[c] = c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
	}
	return t
}()

// cleanKey applies Splunk's CLEAN_KEYS, as the extract command does. A
// name that is clean already (a word not starting with _ or a digit, as
// every Data name of Windows' events) is checked here by the table.
func cleanKey(name string) string {
	if name == "" || name[0] == '_' || (name[0] >= '0' && name[0] <= '9') {
		return value.CleanKey(name)
	}
	for i := 0; i < len(name); i++ {
		if !wordBytes[name[i]] {
			return value.CleanKey(name)
		}
	}
	return name
}
