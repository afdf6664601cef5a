package materials

import (
	"bytes"
	"strings"

	"protege/tools/content"
	"protege/tools/diag"
	"protege/tools/hotlines"
	"protege/tools/markdown"
	"protege/tools/pdfmd"
)

// expandShortcodes replaces the hotline shortcodes of a page body by the line's number (in
// bold) and, with "name", its name as well — what the site's hotline shortcode prints. Any other
// shortcode, or an unknown line, is an error.
func expandShortcodes(p *content.Page, data *hotlines.Data) ([]byte, []diag.Diagnostic) {
	var ds []diag.Diagnostic
	body := p.Body
	var out bytes.Buffer
	last := 0
	for _, sc := range markdown.Shortcodes(body) {
		out.Write(body[last:sc.Start])
		last = sc.End
		line := p.BodyLine + bytes.Count(body[:sc.Start], []byte("\n"))
		name, args := sc.Name, sc.Args
		if name != "hotline" || sc.Closing {
			ds = append(ds, diag.Errorf(p.File, line, 0, "shortcode %q cannot be printed in the PDF materials", name))
			continue
		}
		if len(args) == 0 {
			ds = append(ds, diag.Errorf(p.File, line, 0, "hotline shortcode without a line id"))
			continue
		}
		l, ok := data.ByID(args[0])
		if !ok {
			ds = append(ds, diag.Errorf(p.File, line, 0, "unknown hotline id %q: see content/data/hotlines.yaml", args[0]))
			continue
		}
		number := l.Display
		if l.Kind == "whatsapp" {
			number = "WhatsApp " + number
		}
		s := pdfmd.StrongOpen + escapeMarkdown(number) + pdfmd.StrongClose
		// What travels with the line, as on the site: who it is for (unless its name, shown,
		// says it), WhatsApp hours.
		withName := len(args) > 1 && args[1] == "name"
		var notes []string
		if t := l.Audience[p.Lang]; t != "" && !withName {
			notes = append(notes, t)
		}
		if t := l.Hours[p.Lang]; l.Kind == "whatsapp" && t != "" {
			notes = append(notes, t)
		}
		note := escapeMarkdown(strings.Join(notes, " "))
		switch {
		case withName && note != "":
			s = escapeMarkdown(l.Name[p.Lang]) + " (" + s + "; " + note + ")"
		case withName:
			s = escapeMarkdown(l.Name[p.Lang]) + " (" + s + ")"
		case note != "":
			s += " (" + note + ")"
		}
		out.WriteString(s)
	}
	out.Write(body[last:])
	return out.Bytes(), ds
}

// escapeMarkdown backslash-escapes ASCII punctuation so inserted text stays text.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 && strings.ContainsRune("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
