// Package vcard writes the "save these numbers" contact file: one vCard 3.0 (RFC 2426) per
// Costa Rican phone line of content/data/hotlines.yaml, with the line's name, its purpose and
// description as a note, and its number as dialled. A phone imports the file once; the numbers
// then work offline. Lines are CRLF-terminated and folded at 75 octets, as the RFC requires.
package vcard

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"protege/tools/hotlines"
)

// Lines are the lines a contact file holds: the Costa Rican lines that are dialled (phone,
// text, WhatsApp), in the file's order with the panel lines first.
func Lines(d *hotlines.Data) []hotlines.Line {
	out := append([]hotlines.Line(nil), d.Panel()...)
	for _, l := range d.Lines {
		if l.Country != "CR" || l.Kind == "web" || l.Panel > 0 {
			continue
		}
		out = append(out, l)
	}
	return out
}

// Texts are the words of the file in one language.
type Texts struct {
	Lang     string // es, en, fr
	Category string // the group the contacts are filed under, e.g. "Protege – Costa Rica"
	WhatsApp string // the label of a WhatsApp number, e.g. "WhatsApp"
}

// File is the contact file of the lines in one language.
func File(lines []hotlines.Line, tx Texts) []byte {
	var b bytes.Buffer
	for _, l := range lines {
		prop(&b, "BEGIN:VCARD")
		prop(&b, "VERSION:3.0")
		name := l.Name[tx.Lang]
		prop(&b, "FN:"+escape(name))
		prop(&b, "N:"+escape(name)+";;;;")
		if l.Operator != "" {
			prop(&b, "ORG:"+escape(l.Operator))
		}
		typ := "VOICE"
		switch l.Kind {
		case "text":
			typ = "TEXT"
		case "whatsapp":
			typ = "CELL"
		}
		prop(&b, "TEL;TYPE="+typ+":"+l.Dial)
		var note []string
		if p := l.Purpose[tx.Lang]; p != "" {
			note = append(note, p+".")
		}
		if l.Kind == "whatsapp" && tx.WhatsApp != "" {
			note = append(note, tx.WhatsApp+".")
		}
		if d := l.Description[tx.Lang]; d != "" {
			note = append(note, d)
		}
		if c := l.Cost[tx.Lang]; c != "" {
			note = append(note, c)
		}
		prop(&b, "NOTE:"+escape(strings.Join(note, " ")))
		if tx.Category != "" {
			prop(&b, "CATEGORIES:"+escape(tx.Category))
		}
		prop(&b, "UID:protege-"+l.ID)
		prop(&b, "END:VCARD")
	}
	return b.Bytes()
}

// escape escapes a text value (RFC 2426 §4): backslash, comma, semicolon, newline.
func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, ",", `\,`, ";", `\;`, "\n", `\n`, "\r", "").Replace(s)
}

// prop writes a content line, folded so that no line is longer than 75 octets (never inside
// a UTF-8 sequence), with CRLF.
func prop(b *bytes.Buffer, line string) {
	first := true
	for line != "" {
		limit := 75
		if !first {
			limit = 74 // the leading space of a continuation counts
			b.WriteByte(' ')
		}
		n := len(line)
		if n > limit {
			n = limit
			for n > 0 && !utf8.RuneStart(line[n]) {
				n--
			}
		}
		b.WriteString(line[:n])
		b.WriteString("\r\n")
		line = line[n:]
		first = false
	}
}
