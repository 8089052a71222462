package ingest

// Binary XML (MS-EVEN6 §2.2.12) rendered to XmlWinEventLog text. Offsets
// are chunk-relative: a name or template definition whose offset equals
// the current position is stored inline, right there; otherwise it was
// stored earlier in the chunk and is only referred to.

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// Binary XML tokens; 0x40 on a token means "more data" (attributes on an
// element, more values after this one).
const (
	tokEOF            = 0x00
	tokOpenStart      = 0x01
	tokCloseStart     = 0x02
	tokCloseEmpty     = 0x03
	tokEndElement     = 0x04
	tokValue          = 0x05
	tokAttribute      = 0x06
	tokCDATA          = 0x07
	tokCharRef        = 0x08
	tokEntityRef      = 0x09
	tokPITarget       = 0x0a
	tokPIData         = 0x0b
	tokTemplate       = 0x0c
	tokNormalSubst    = 0x0d
	tokOptionalSubst  = 0x0e
	tokFragmentHeader = 0x0f
)

// Value types.
const (
	vtNull     = 0x00
	vtWString  = 0x01
	vtString   = 0x02
	vtInt8     = 0x03
	vtUInt8    = 0x04
	vtInt16    = 0x05
	vtUInt16   = 0x06
	vtInt32    = 0x07
	vtUInt32   = 0x08
	vtInt64    = 0x09
	vtUInt64   = 0x0a
	vtReal32   = 0x0b
	vtReal64   = 0x0c
	vtBool     = 0x0d
	vtBinary   = 0x0e
	vtGUID     = 0x0f
	vtSizeT    = 0x10
	vtFileTime = 0x11
	vtSysTime  = 0x12
	vtSID      = 0x13
	vtHexInt32 = 0x14
	vtHexInt64 = 0x15
	vtBinXML   = 0x21
	vtArray    = 0x80
)

type binxml struct {
	chunk     []byte
	templates map[int]int // definition offset -> data size, once seen
	depth     int
}

// subst is one substitution value of a template instance.
type subst struct {
	typ byte
	off int // chunk offset of the value
	n   int // size in bytes
}

var errBinXML = errors.New("malformed binary XML")

// render turns the binary XML in chunk[from:to] into XML text.
func (bx *binxml) render(from, to int) (string, error) {
	var out strings.Builder
	out.Grow(2048)
	if _, err := bx.fragment(from, to, nil, &out); err != nil {
		return "", err
	}
	return out.String(), nil
}

func (bx *binxml) u8(pos int) (byte, error) {
	if pos < 0 || pos >= len(bx.chunk) {
		return 0, errBinXML
	}
	return bx.chunk[pos], nil
}

func (bx *binxml) u16(pos int) (int, error) {
	if pos < 0 || pos+2 > len(bx.chunk) {
		return 0, errBinXML
	}
	return int(binary.LittleEndian.Uint16(bx.chunk[pos:])), nil
}

func (bx *binxml) u32(pos int) (int, error) {
	if pos < 0 || pos+4 > len(bx.chunk) {
		return 0, errBinXML
	}
	return int(binary.LittleEndian.Uint32(bx.chunk[pos:])), nil
}

// fragment renders tokens from pos until EOF or end, returning the
// position after them.
func (bx *binxml) fragment(pos, end int, subs []subst, out *strings.Builder) (int, error) {
	bx.depth++
	defer func() { bx.depth-- }()
	if bx.depth > 64 {
		return 0, fmt.Errorf("%w: nesting too deep", errBinXML)
	}
	for pos < end {
		tok, err := bx.u8(pos)
		if err != nil {
			return 0, err
		}
		switch tok & 0xbf {
		case tokEOF:
			return pos + 1, nil
		case tokFragmentHeader:
			pos += 4
		case tokOpenStart:
			if pos, err = bx.element(pos, subs, out); err != nil {
				return 0, err
			}
		case tokTemplate:
			if pos, err = bx.template(pos, out); err != nil {
				return 0, err
			}
		default:
			var text string
			if text, _, pos, err = bx.content(pos, subs); err != nil {
				return 0, err
			}
			out.WriteString(text)
		}
	}
	return pos, nil
}

// name reads the name structure at off; when off is pos the structure is
// inline and the returned position is after it.
func (bx *binxml) name(off, pos int) (string, int, error) {
	n, err := bx.u16(off + 6)
	if err != nil {
		return "", 0, err
	}
	s, err := bx.utf16(off+8, n)
	if err != nil {
		return "", 0, err
	}
	if off == pos {
		pos = off + 8 + 2*n + 2
	}
	return s, pos, nil
}

func (bx *binxml) utf16(at, chars int) (string, error) {
	if at < 0 || at+2*chars > len(bx.chunk) {
		return "", errBinXML
	}
	u := make([]uint16, chars)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(bx.chunk[at+2*i:])
	}
	for len(u) > 0 && u[len(u)-1] == 0 {
		u = u[:len(u)-1]
	}
	return string(utf16.Decode(u)), nil
}

// element renders one element and its content.
func (bx *binxml) element(pos int, subs []subst, out *strings.Builder) (int, error) {
	tok := bx.chunk[pos]
	// token, dependency id (2), data size (4), name offset (4)
	nameOff, err := bx.u32(pos + 7)
	if err != nil {
		return 0, err
	}
	pos += 11
	name, pos, err := bx.name(nameOff, pos)
	if err != nil {
		return 0, err
	}
	out.WriteByte('<')
	out.WriteString(name)
	if tok&0x40 != 0 {
		size, err := bx.u32(pos)
		if err != nil {
			return 0, err
		}
		pos += 4
		attrEnd := pos + size
		for pos < attrEnd {
			t, err := bx.u8(pos)
			if err != nil {
				return 0, err
			}
			if t&0xbf != tokAttribute {
				return 0, fmt.Errorf("%w: token 0x%02x in an attribute list", errBinXML, t)
			}
			aoff, err := bx.u32(pos + 1)
			if err != nil {
				return 0, err
			}
			var aname string
			if aname, pos, err = bx.name(aoff, pos+5); err != nil {
				return 0, err
			}
			// An attribute's value is one or more value or
			// substitution tokens; an optional substitution without a
			// value drops the attribute.
			var val strings.Builder
			present := false
			for pos < attrEnd {
				t, err := bx.u8(pos)
				if err != nil {
					return 0, err
				}
				if t&0xbf == tokAttribute {
					break
				}
				text, ok, next, err := bx.content(pos, subs)
				if err != nil {
					return 0, err
				}
				present = present || ok
				val.WriteString(strings.ReplaceAll(text, "'", "&apos;"))
				pos = next
			}
			if present {
				out.WriteString(" " + aname + "='" + val.String() + "'")
			}
		}
	}
	t, err := bx.u8(pos)
	if err != nil {
		return 0, err
	}
	switch t {
	case tokCloseEmpty:
		out.WriteString("/>")
		return pos + 1, nil
	case tokCloseStart:
		out.WriteByte('>')
		pos++
	default:
		return 0, fmt.Errorf("%w: token 0x%02x after a start tag", errBinXML, t)
	}
	for {
		t, err := bx.u8(pos)
		if err != nil {
			return 0, err
		}
		switch t & 0xbf {
		case tokEndElement:
			out.WriteString("</" + name + ">")
			return pos + 1, nil
		case tokOpenStart:
			if pos, err = bx.element(pos, subs, out); err != nil {
				return 0, err
			}
		case tokTemplate:
			if pos, err = bx.template(pos, out); err != nil {
				return 0, err
			}
		case tokEOF, tokCloseStart, tokCloseEmpty, tokAttribute, tokFragmentHeader:
			return 0, fmt.Errorf("%w: token 0x%02x inside <%s>", errBinXML, t, name)
		default:
			var text string
			if text, _, pos, err = bx.content(pos, subs); err != nil {
				return 0, err
			}
			out.WriteString(text)
		}
	}
}

// content renders a value-like token (value, substitution, character or
// entity reference, CDATA, processing instruction). ok is false for an
// optional substitution that has no value.
func (bx *binxml) content(pos int, subs []subst) (text string, ok bool, next int, err error) {
	tok := bx.chunk[pos]
	switch tok & 0xbf {
	case tokValue:
		typ, err := bx.u8(pos + 1)
		if err != nil {
			return "", false, 0, err
		}
		if typ != vtWString {
			return "", false, 0, fmt.Errorf("%w: value of type 0x%02x", errBinXML, typ)
		}
		n, err := bx.u16(pos + 2)
		if err != nil {
			return "", false, 0, err
		}
		s, err := bx.utf16(pos+4, n)
		return xmlEscape(s), true, pos + 4 + 2*n, err
	case tokNormalSubst, tokOptionalSubst:
		id, err := bx.u16(pos + 1)
		if err != nil {
			return "", false, 0, err
		}
		next = pos + 4
		if id >= len(subs) {
			if tok&0xbf == tokOptionalSubst {
				return "", false, next, nil
			}
			return "", false, 0, fmt.Errorf("%w: substitution %d of %d", errBinXML, id, len(subs))
		}
		sv := subs[id]
		if sv.typ == vtNull || (sv.n == 0 && tok&0xbf == tokOptionalSubst) {
			return "", tok&0xbf == tokNormalSubst, next, nil
		}
		s, err := bx.value(sv)
		return s, true, next, err
	case tokCharRef:
		c, err := bx.u16(pos + 1)
		return "&#" + strconv.Itoa(c) + ";", true, pos + 3, err
	case tokEntityRef:
		off, err := bx.u32(pos + 1)
		if err != nil {
			return "", false, 0, err
		}
		name, next, err := bx.name(off, pos+5)
		return "&" + name + ";", true, next, err
	case tokCDATA:
		n, err := bx.u16(pos + 1)
		if err != nil {
			return "", false, 0, err
		}
		s, err := bx.utf16(pos+3, n)
		return "<![CDATA[" + s + "]]>", true, pos + 3 + 2*n, err
	case tokPITarget:
		off, err := bx.u32(pos + 1)
		if err != nil {
			return "", false, 0, err
		}
		name, next, err := bx.name(off, pos+5)
		if err != nil {
			return "", false, 0, err
		}
		data := ""
		if t, _ := bx.u8(next); t == tokPIData {
			n, err := bx.u16(next + 1)
			if err != nil {
				return "", false, 0, err
			}
			if data, err = bx.utf16(next+3, n); err != nil {
				return "", false, 0, err
			}
			next += 3 + 2*n
		}
		return "<?" + name + " " + data + "?>", true, next, nil
	}
	return "", false, 0, fmt.Errorf("%w: unexpected token 0x%02x", errBinXML, tok)
}

// template renders a template instance: the definition (inline the first
// time in a chunk) filled with the substitution values that follow it.
func (bx *binxml) template(pos int, out *strings.Builder) (int, error) {
	defOff, err := bx.u32(pos + 6)
	if err != nil {
		return 0, err
	}
	pos += 10
	size, err := bx.u32(defOff + 20)
	if err != nil {
		return 0, err
	}
	if defOff == pos {
		pos = defOff + 24 + size
	}
	if defOff+24+size > len(bx.chunk) {
		return 0, fmt.Errorf("%w: template definition past the chunk", errBinXML)
	}
	count, err := bx.u32(pos)
	if err != nil {
		return 0, err
	}
	if count > 4096 {
		return 0, fmt.Errorf("%w: %d substitutions", errBinXML, count)
	}
	pos += 4
	subs := make([]subst, count)
	at := pos + 4*count
	for i := range subs {
		n, err := bx.u16(pos + 4*i)
		if err != nil {
			return 0, err
		}
		subs[i] = subst{typ: bx.chunk[pos+4*i+2], off: at, n: n}
		at += n
	}
	if at > len(bx.chunk) {
		return 0, fmt.Errorf("%w: substitution values past the chunk", errBinXML)
	}
	if _, err := bx.fragment(defOff+24, defOff+24+size, subs, out); err != nil {
		return 0, err
	}
	return at, nil
}

// value renders one substitution value as Windows renders it to XML.
func (bx *binxml) value(sv subst) (string, error) {
	b := bx.chunk[sv.off : sv.off+sv.n]
	le := binary.LittleEndian
	need := func(n int) error {
		if len(b) < n {
			return fmt.Errorf("%w: value of type 0x%02x has %d bytes", errBinXML, sv.typ, len(b))
		}
		return nil
	}
	switch sv.typ {
	case vtWString:
		s, err := bx.utf16(sv.off, sv.n/2)
		return xmlEscape(s), err
	case vtString:
		return xmlEscape(strings.TrimRight(string(b), "\x00")), nil
	case vtInt8:
		if err := need(1); err != nil {
			return "", err
		}
		return strconv.Itoa(int(int8(b[0]))), nil
	case vtUInt8:
		if err := need(1); err != nil {
			return "", err
		}
		return strconv.Itoa(int(b[0])), nil
	case vtInt16:
		if err := need(2); err != nil {
			return "", err
		}
		return strconv.Itoa(int(int16(le.Uint16(b)))), nil
	case vtUInt16:
		if err := need(2); err != nil {
			return "", err
		}
		return strconv.Itoa(int(le.Uint16(b))), nil
	case vtInt32:
		if err := need(4); err != nil {
			return "", err
		}
		return strconv.Itoa(int(int32(le.Uint32(b)))), nil
	case vtUInt32:
		if err := need(4); err != nil {
			return "", err
		}
		return strconv.FormatUint(uint64(le.Uint32(b)), 10), nil
	case vtInt64:
		if err := need(8); err != nil {
			return "", err
		}
		return strconv.FormatInt(int64(le.Uint64(b)), 10), nil
	case vtUInt64:
		if err := need(8); err != nil {
			return "", err
		}
		return strconv.FormatUint(le.Uint64(b), 10), nil
	case vtReal32:
		if err := need(4); err != nil {
			return "", err
		}
		return strconv.FormatFloat(float64(math.Float32frombits(le.Uint32(b))), 'g', -1, 32), nil
	case vtReal64:
		if err := need(8); err != nil {
			return "", err
		}
		return strconv.FormatFloat(math.Float64frombits(le.Uint64(b)), 'g', -1, 64), nil
	case vtBool:
		if err := need(1); err != nil {
			return "", err
		}
		if allZero(b) {
			return "false", nil
		}
		return "true", nil
	case vtBinary:
		return strings.ToUpper(hex.EncodeToString(b)), nil
	case vtGUID:
		if err := need(16); err != nil {
			return "", err
		}
		return fmt.Sprintf("{%08X-%04X-%04X-%04X-%012X}", le.Uint32(b), le.Uint16(b[4:]), le.Uint16(b[6:]),
			b[8:10], b[10:16]), nil
	case vtSizeT, vtHexInt64:
		if len(b) == 4 {
			return "0x" + strconv.FormatUint(uint64(le.Uint32(b)), 16), nil
		}
		if err := need(8); err != nil {
			return "", err
		}
		return "0x" + strconv.FormatUint(le.Uint64(b), 16), nil
	case vtHexInt32:
		if err := need(4); err != nil {
			return "", err
		}
		return "0x" + strconv.FormatUint(uint64(le.Uint32(b)), 16), nil
	case vtFileTime:
		if err := need(8); err != nil {
			return "", err
		}
		return formatFileTime(le.Uint64(b)), nil
	case vtSysTime:
		if err := need(16); err != nil {
			return "", err
		}
		t := time.Date(int(le.Uint16(b)), time.Month(le.Uint16(b[2:])), int(le.Uint16(b[6:])), int(le.Uint16(b[8:])),
			int(le.Uint16(b[10:])), int(le.Uint16(b[12:])), int(le.Uint16(b[14:]))*int(time.Millisecond), time.UTC)
		return t.Format("2006-01-02T15:04:05.000000000Z"), nil
	case vtSID:
		if err := need(8); err != nil {
			return "", err
		}
		n := int(b[1])
		if err := need(8 + 4*n); err != nil {
			return "", err
		}
		var auth uint64
		for _, c := range b[2:8] {
			auth = auth<<8 | uint64(c)
		}
		s := "S-" + strconv.Itoa(int(b[0])) + "-" + strconv.FormatUint(auth, 10)
		for i := range n {
			s += "-" + strconv.FormatUint(uint64(le.Uint32(b[8+4*i:])), 10)
		}
		return s, nil
	case vtBinXML:
		var out strings.Builder
		if _, err := bx.fragment(sv.off, sv.off+sv.n, nil, &out); err != nil {
			return "", err
		}
		return out.String(), nil
	case vtArray | vtWString:
		s, err := bx.utf16(sv.off, sv.n/2)
		return xmlEscape(strings.ReplaceAll(strings.TrimRight(s, "\x00"), "\x00", "\n")), err
	}
	return "", fmt.Errorf("%w: unsupported value type 0x%02x", errBinXML, sv.typ)
}

// formatFileTime renders 100 ns ticks since 1601 as XmlWinEventLog writes
// SystemTime: seven digits of fraction and two zeros.
func formatFileTime(ft uint64) string {
	const epochDiff = 116444736000000000 // 1601 to 1970 in 100 ns ticks
	ticks := int64(ft) - epochDiff
	sec := ticks / 1e7
	frac := ticks % 1e7
	if frac < 0 {
		sec--
		frac += 1e7
	}
	return time.Unix(sec, 0).UTC().Format("2006-01-02T15:04:05") + fmt.Sprintf(".%07d00Z", frac)
}

var xmlTextEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func xmlEscape(s string) string {
	if !strings.ContainsAny(s, "&<>") {
		return s
	}
	return xmlTextEscaper.Replace(s)
}
